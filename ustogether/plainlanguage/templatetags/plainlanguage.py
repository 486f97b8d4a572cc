"""Template helpers: findings beside a field, and glossary definitions for readers."""

from __future__ import annotations

from functools import lru_cache

from django import template
from django.utils.html import escape, format_html, linebreaks
from django.utils.safestring import SafeString, mark_safe

from ustogether.plainlanguage.glossary import GlossaryEntry, glossary_matcher
from ustogether.plainlanguage.queries import is_inside, local_entries

register = template.Library()


@register.filter
def with_glossary(text: str, organisation_id: int | None = None) -> SafeString:
    """Paragraphs of text in which each glossary term, the first time it appears,
    opens a plain definition: a <details> disclosure, which works by keyboard,
    touch and screen reader, with or without JavaScript.

    For any reader: an organisation's own words only if a co-lead published them.
    `{% glossary_text %}` shows its people the rest."""
    return _linked(text, local_entries(organisation_id, published_only=True))


@register.simple_tag(takes_context=True)
def glossary_text(context: template.Context, text: str, organisation_id: int | None) -> SafeString:
    """Like `with_glossary`, with all the organisation's own words for its signed-in people."""
    request = context.get("request")
    if request is None or organisation_id is None:
        return _linked(text, local_entries(organisation_id, published_only=True))
    # A page may show several texts (the agreement has five sections): look the
    # person and the words up once per request, not once per text.
    memo: dict[int, tuple[GlossaryEntry, ...]] = request.__dict__.setdefault("_glossary", {})
    organisation_id = int(organisation_id)
    if organisation_id not in memo:
        access = context.get("access")  # a project page's ProjectAccess, if any
        inside = (
            access is not None
            and getattr(access, "is_member", False)
            and access.project.organisation_id == organisation_id
        ) or is_inside(request.user, organisation_id)
        memo[organisation_id] = local_entries(organisation_id, published_only=not inside)
    return _linked(text, memo[organisation_id])


# The same few texts (a project's purpose, its agreement) are shown again and again,
# and finding the words in them cost more than the rest of the page's template: keep
# the last answers. The key is the text and the entries themselves, so a changed
# text or a new local word is simply a new key.
@lru_cache(maxsize=256)
def _linked(text: str, local: tuple[GlossaryEntry, ...]) -> SafeString:
    """`text` with the shipped glossary's words and `local` (an organisation's own) linked."""
    matcher = glossary_matcher(local)
    seen: set[str] = set()
    pieces: list[str] = []
    position = 0
    for match in matcher.find(text):
        start, end, entry = match.start, match.end, match.item
        if entry.term.lower() in seen or start < position:
            continue
        seen.add(entry.term.lower())
        pieces.append(escape(text[position:start]))
        pieces.append(
            format_html(
                '<details class="ut-term"><summary class="ut-term__word">{}</summary>'
                '<span class="ut-term__definition"><strong>{}</strong>: {} {}</span></details>',
                text[start:end],
                entry.term,
                entry.definition,
                format_html("(Plain words: {}.)", entry.plain) if entry.plain else "",
            )
        )
        position = end
    pieces.append(escape(text[position:]))
    # Paragraphs are <div>s: a <details> may not sit inside a <p>. Every piece above
    # is escape()d or format_html()ed, and linebreaks adds only <p> and <br>: safe.
    joined = mark_safe("".join(pieces))  # nosec B308 B703  # nosemgrep: ustogether-no-mark-safe
    html = linebreaks(joined, autoescape=False)
    html = html.replace("<p>", '<div class="govuk-body ut-para">').replace("</p>", "</div>")
    return mark_safe(html)  # nosec B308 B703  # nosemgrep: ustogether-no-mark-safe
