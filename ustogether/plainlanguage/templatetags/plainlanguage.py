"""Template helpers: findings beside a field, and glossary definitions for readers."""

from __future__ import annotations

from django import template
from django.utils.html import escape, format_html, linebreaks
from django.utils.safestring import SafeString, mark_safe

from ustogether.plainlanguage.glossary import find_terms
from ustogether.plainlanguage.queries import all_entries

register = template.Library()


@register.filter
def with_glossary(text: str, organisation_id: int | None = None) -> SafeString:
    """Paragraphs of text in which each glossary term, the first time it appears,
    opens a plain definition: a <details> disclosure, which works by keyboard,
    touch and screen reader, with or without JavaScript."""
    entries = all_entries(organisation_id)
    seen: set[str] = set()
    pieces: list[str] = []
    position = 0
    for start, end, entry in find_terms(text, entries):
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
    # Paragraphs are <div>s: a <details> may not sit inside a <p>.
    html = linebreaks(mark_safe("".join(pieces)), autoescape=False)
    html = html.replace("<p>", '<div class="govuk-body ut-para">').replace("</p>", "</div>")
    return mark_safe(html)
