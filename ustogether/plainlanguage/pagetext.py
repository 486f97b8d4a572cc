"""The words a page says in its own voice, ready for the checker.

A page mixes two kinds of words: ours (headings, labels, buttons, help text
from templates and code) and what people typed (names, project titles,
descriptions). Only ours can be rewritten in a template, so the page check
looks at ours alone:

* :func:`main_text` turns the ``<main>`` of a page into plain lines: each
  heading, paragraph, list item, label, button and table cell on its own
  line, list items marked "- " so the checker treats them as items. Words
  that the page already explains with a glossary disclosure (``<details
  class="ut-term">``) are collected, so they are not counted as unexplained.
* :func:`without_strings` blanks out every piece of text that came from the
  database (the caller passes them in), longest first, at word boundaries.
* :func:`check_page` runs the checker and keeps the word findings that are
  still unexplained.

Pure Python, like the checker: no Django here.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from html.parser import HTMLParser
from typing import Final

from .checker import Finding, FindingKind, Report, check
from .glossary import find_terms

# Elements whose text is a unit of its own on the page.
_BLOCKS: Final = frozenset(
    [
        "address",
        "article",
        "aside",
        "blockquote",
        "button",
        "caption",
        "dd",
        "details",
        "dialog",
        "div",
        "dl",
        "dt",
        "fieldset",
        "figcaption",
        "figure",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hr",
        "label",
        "legend",
        "li",
        "main",
        "nav",
        "ol",
        "option",
        "p",
        "pre",
        "section",
        "summary",
        "table",
        "tbody",
        "td",
        "tfoot",
        "th",
        "thead",
        "tr",
        "ul",
    ]
)
_HEADINGS: Final = frozenset({"h1", "h2", "h3", "h4", "h5", "h6", "legend", "caption"})
_SKIP: Final = frozenset({"script", "style", "template", "noscript", "svg", "select"})
_VOID: Final = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}
)
_CAPITALS_RE: Final = re.compile(r"(?<![\w&])[A-Z][A-Z&]*[A-Z]s?(?![\w&])")
WORD_KINDS: Final = frozenset(
    {
        FindingKind.JARGON,
        FindingKind.WORDS_TO_AVOID,
        FindingKind.UNDEFINED_ACRONYM,
        FindingKind.UNEXPLAINED_NAME,
    }
)


@dataclass(slots=True)
class PageText:
    """The lines of a page's main content, and the terms it explains inline."""

    text: str
    explained_terms: set[str] = field(default_factory=set)
    # The words of each <dt> in a description list: its <dd> explains them,
    # as a glossary page does.
    defined: list[str] = field(default_factory=list)
    # Terms of description lists (<dt>): checked for words, not reading age.
    labels: list[str] = field(default_factory=list)

    def explains(self, words: str) -> bool:
        """Whether the page explains these words inline or in a description list."""
        lowered = words.lower()
        return lowered in self.explained_terms or any(lowered in dt for dt in self.defined)


class _MainTextParser(HTMLParser):
    """Collects the lines of ``<main>``; see :func:`main_text`."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[str] = []
        self.current: list[str] = []
        self.prefix = ""
        # Open elements: (tag, what closing it should do).
        self.stack: list[tuple[str, str]] = []
        self.main = 0
        self.skip = 0
        self.term = 0
        self.summary: list[str] | None = None
        self.explained: set[str] = set()
        self.defined: list[str] = []  # the text of each <dt>, which its <dd> explains
        self.labels: list[str] = []
        self.dt_start: int | None = None

    def _flush(self) -> None:
        line = re.sub(r"\s+", " ", "".join(self.current)).strip()
        self.current = []
        if line:
            self.lines.append(self.prefix + line)
        self.prefix = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        role = "plain"
        if tag == "main":
            role = "main"
            self.main += 1
        elif not self.main:
            role = "plain"
        elif self.skip or tag in _SKIP or "hidden" in attributes:
            role = "skip"
            self.skip += 1
        elif tag == "details" and "ut-term" in (attributes.get("class") or "").split():
            # A glossary disclosure inside running text: keep the word in the
            # sentence, remember the page explains it, leave the definition out.
            role = "term"
            self.term += 1
        elif self.term:
            role = "term-summary" if tag == "summary" else "term-inner"
            if tag == "summary":
                self.summary = []
        elif tag in _BLOCKS or tag == "br":
            self._flush()
            role = "heading" if tag in _HEADINGS else "block"
            if tag == "dt":
                role = "dt"
                self.dt_start = len(self.lines)
            if tag == "li":
                self.prefix = "- "
        if tag not in _VOID:
            self.stack.append((tag, role))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in _VOID:
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if not any(opened == tag for opened, _ in self.stack):
            return
        while self.stack:
            opened, role = self.stack.pop()
            self._close(role)
            if opened == tag:
                break

    def _close(self, role: str) -> None:
        if role == "main":
            self._flush()
            self.main -= 1
        elif role == "skip":
            self.skip -= 1
        elif role == "term":
            self.term -= 1
        elif role == "term-summary" and self.summary is not None:
            word = re.sub(r"\s+", " ", "".join(self.summary)).strip()
            self.current.append(word)
            if word:
                self.explained.add(word.lower())
            self.summary = None
        elif role in ("block", "heading"):
            self._flush()
        elif role == "dt":
            self._flush()
            if self.dt_start is not None:
                # A term in a description list is a label for its <dd>, like a
                # heading: checked for words, not for reading age.
                label = " ".join(self.lines[self.dt_start :])
                del self.lines[self.dt_start :]
                self.labels.append(label)
                self.defined.append(label.lower())
            self.dt_start = None

    def handle_data(self, data: str) -> None:
        if not self.main or self.skip:
            return
        if self.term:
            if self.summary is not None:
                self.summary.append(data)
            return
        self.current.append(data)


def main_text(html: str) -> PageText:
    """The text of the page's ``<main>``, one unit to a line (see the module docstring)."""
    parser = _MainTextParser()
    parser.feed(html)
    parser.close()
    parser._flush()
    lines: list[str] = []
    for line in parser.lines:
        # Headings, labels and buttons are lines without an end stop; a blank
        # line between units keeps each one a paragraph or heading of its own.
        lines.append(line)
        lines.append("")
    return PageText(
        "\n".join(lines).strip() + "\n", parser.explained, parser.defined, parser.labels
    )


def without_strings(text: str, strings: Iterable[str], *, placeholder: str = "Sam") -> str:
    """``text`` with every given string (3+ characters) replaced, longest first.

    The placeholder keeps a sentence a sentence: "Welcome to Carers' voices."
    becomes "Welcome to Sam." and is still checked as ours.
    """
    for pattern in _patterns(frozenset(strings)):
        text = pattern.sub(placeholder, text)
    return text


@lru_cache(maxsize=4)
def _patterns(strings: frozenset[str]) -> tuple[re.Pattern[str], ...]:
    pieces = sorted({s.strip() for s in strings if len(s.strip()) >= 3}, key=lambda s: (-len(s), s))
    # Alternations in chunks keep each regex a sensible size; longest first
    # across chunks, so a long name is replaced before a short one inside it.
    return tuple(
        re.compile(
            r"(?<!\w)(?:" + "|".join(re.escape(piece) for piece in pieces[i : i + 500]) + r")(?!\w)"
        )
        for i in range(0, len(pieces), 500)
    )


@dataclass(frozen=True, slots=True)
class PageCheck:
    """What the checker found in one page's own words."""

    name: str
    url: str
    text: str  # the words the reading figures were worked out on
    report: Report
    findings: tuple[tuple[str, str], ...]  # (kind, words) still unexplained

    @property
    def reading_age(self) -> float:
        """The Flesch-Kincaid reading age of the page's own words."""
        return self.report.reading_age

    def worst_sentences(self, count: int = 3) -> list[tuple[float, str]]:
        """The hardest sentences (not headings), hardest first, as (reading age, words)."""
        stats = [
            (stat.reading_age, self.text[stat.start : stat.end])
            for stat in self.report.sentence_stats
            if stat.kind != "heading" and stat.words >= 4
        ]
        return sorted(stats, key=lambda pair: -pair[0])[:count]

    def as_dict(self) -> dict[str, object]:
        """A JSON-friendly summary."""
        return {
            "name": self.name,
            "url": self.url,
            "reading_age": self.reading_age,
            "words": self.report.words,
            "findings": [{"kind": kind, "words": words} for kind, words in self.findings],
            "hardest_sentences": [
                {"reading_age": age, "sentence": sentence}
                for age, sentence in self.worst_sentences()
            ],
        }


def _explained_terms_as_this(text: str, page: PageText, explained: set[str]) -> str:
    """The text with each glossary term the page explains read as "this".

    A page should not read as hard because of the very words it explains:
    in a sentence, a disclosure, or a glossary list. The glossary's own test
    scores definitions the same way.
    """
    pieces: list[str] = []
    position = 0
    for start, end, entry in find_terms(text):
        if entry.term in explained or page.explains(text[start:end]) or page.explains(entry.term):
            pieces.append(text[position:start])
            pieces.append("this")
            position = end
    pieces.append(text[position:])
    return "".join(pieces)


def _explained_somewhere(text: str, findings: Sequence[Finding]) -> set[str]:
    """Terms and short forms the page explains somewhere, so none of their uses count.

    The checker flags every use of a term until the text explains it, because
    a reader of running text meets those uses first. A page is seen whole: a
    label can sit above the sentence that explains it. So a term counts as
    explained on a page when some of its uses were not flagged.
    """
    used = Counter(entry.term for _, _, entry in find_terms(text))
    used.update(match.group() for match in _CAPITALS_RE.finditer(text))
    flagged = Counter(f.term or f.text for f in findings)
    return {key for key, count in used.items() if flagged.get(key, 0) < count}


def check_page(name: str, url: str, page: PageText, database_strings: Iterable[str]) -> PageCheck:
    """Check the page's own words: jargon, words to avoid, short forms, reading age."""
    strings = frozenset(database_strings)
    text = without_strings(page.text, strings)
    labels = without_strings("\n\n".join(page.labels), strings)
    all_findings = [
        f for f in (*check(text).findings, *check(labels).findings) if f.kind in WORD_KINDS
    ]
    explained_on_page = _explained_somewhere(f"{text}\n\n{labels}", all_findings)
    findings: list[tuple[str, str]] = []
    for finding in all_findings:
        words = finding.text
        if (finding.term or words) in explained_on_page:
            continue
        if page.explains(words) or (finding.term is not None and page.explains(finding.term)):
            continue
        findings.append((finding.kind.value, words))
    reading_text = _explained_terms_as_this(text, page, explained_on_page)
    return PageCheck(name, url, reading_text, check(reading_text), tuple(findings))
