"""Split text into points (paragraphs, list items, headings) and sentences.

Text on Us Together is typed into plain text boxes, so the splitter works on
lines first and punctuation second:

* A line starting with a list marker (``-``, ``*``, ``•``, ``1.``, ``2)``,
  ``a)``, ``(i)``) is a *list item*. Each item is its own point, and ends any
  sentence - people leave the full stop off list items.
* A short line (12 words or fewer) with no full stop, question mark or other
  end punctuation, that stands alone - a blank line, the end of the text, a
  list item or a line starting with a capital letter comes next - is a
  *heading*: its own unit, never joined to the next sentence.
* Other lines that follow each other make a *paragraph*; a blank line ends
  it. A paragraph (or a list item) is split into sentences at ``.``, ``!``
  and ``?`` when the next word starts with a capital letter or a number.

Full stops that do not end a sentence are skipped: short forms such as
"e.g.", "i.e.", "Dr.", "Mr.", "St.", "approx." and "No. 5", a single initial
("J. Smith"), and full stops inside numbers and times (2.5, 10.30am) - those
have no space after them so are never candidates.

All positions are character offsets into the original text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final, Literal

UnitKind = Literal["sentence", "heading", "item"]
PointKind = Literal["paragraph", "item", "heading"]

BULLET_RE: Final = re.compile(
    r"[ \t]*(?:[-*•‣◦▪●–+]|\d{1,3}[.)]|[a-z][.)]|[A-Z]\)|\((?:\d{1,3}|[a-z]|[ivx]{1,4})\))[ \t]+(?=\S)"
)
_END_PUNCTUATION: Final = ".!?:;,…"
_TERMINATOR_RE: Final = re.compile(r"[.!?…]+['\"’”)\]]*(?=\s|$)")
_NEXT_STARTS_SENTENCE_RE: Final = re.compile(r"\s+(?=[A-Z0-9'\"‘“(\[£$€#•*\-])")
_WORD_RE: Final = re.compile(r"[^\W_]+(?:['’.\-][^\W_]+)*")

# Short forms that are never the end of a sentence, written without the dot.
ABBREVIATIONS: Final = frozenset(
    {
        "e.g",
        "eg",
        "i.e",
        "ie",
        "dr",
        "mr",
        "mrs",
        "ms",
        "mx",
        "st",
        "prof",
        "rev",
        "cllr",
        "approx",
        "vs",
        "v",
        "cf",
        "dept",
        "est",
        "jr",
        "sr",
        "mt",
        "n.b",
        "nb",
        "a.m",
        "p.m",
        "incl",
        "inc.",
        "ext",
        "tel",
        "c",
    }
)
# Short forms that only come before a number ("No. 5", "p. 12").
ABBREVIATIONS_BEFORE_NUMBER: Final = frozenset(
    {"no", "nos", "p", "pp", "para", "fig", "vol", "ch", "ref", "sec"}
)

HEADING_MAX_WORDS: Final = 12


@dataclass(frozen=True, slots=True)
class Unit:
    """One sentence, heading or list item: text[start:end], trimmed of spaces and list markers."""

    start: int
    end: int
    kind: UnitKind
    point: int  # index into split_points(); headings have their own point


@dataclass(frozen=True, slots=True)
class Point:
    """A paragraph, a list item or a heading: the parts an Easy Read page puts a picture next to."""

    index: int
    start: int
    end: int
    kind: PointKind


@dataclass(frozen=True, slots=True)
class _Line:
    start: int
    end: int  # without the line break
    content_start: int  # after a list marker, if any
    is_item: bool
    is_blank: bool


def _lines(text: str) -> list[_Line]:
    lines: list[_Line] = []
    position = 0
    for raw in text.splitlines(keepends=True):
        body = raw.rstrip("\r\n")
        start, end = position, position + len(body)
        position += len(raw)
        if not body.strip():
            lines.append(_Line(start, end, start, False, True))
            continue
        marker = BULLET_RE.match(body)
        if marker:
            lines.append(_Line(start, end, start + marker.end(), True, False))
        else:
            indent = len(body) - len(body.lstrip())
            lines.append(_Line(start, end, start + indent, False, False))
    return lines


def _looks_like_heading(text: str, line: _Line, following: _Line | None) -> bool:
    body = text[line.content_start : line.end].rstrip()
    if not body or body[-1] in _END_PUNCTUATION or line.is_item:
        return False
    if len(_WORD_RE.findall(body)) > HEADING_MAX_WORDS:
        return False
    if following is None or following.is_blank or following.is_item:
        return True
    next_char = text[following.content_start : following.content_start + 1]
    return next_char.isupper() or next_char.isdigit()


def _blocks(text: str) -> list[tuple[int, int, PointKind]]:
    """Paragraphs, items and headings as (start, end, kind), before sentence splitting."""
    lines = _lines(text)
    blocks: list[tuple[int, int, PointKind]] = []
    current: list[int] | None = None  # [start, end]
    current_kind: PointKind = "paragraph"

    def close() -> None:
        nonlocal current
        if current is not None:
            blocks.append((current[0], current[1], current_kind))
            current = None

    for number, line in enumerate(lines):
        following = lines[number + 1] if number + 1 < len(lines) else None
        if line.is_blank:
            close()
            continue
        if line.is_item:
            close()
            current, current_kind = [line.content_start, line.end], "item"
            continue
        indented = line.content_start > line.start
        if current is not None and current_kind == "item" and indented:
            current[1] = line.end  # an indented line carries on the list item
            continue
        after_full_stop = (
            current is not None and text[current[0] : current[1]].rstrip()[-1:] in ".!?"
        )
        if current is None or current_kind != "paragraph" or after_full_stop:
            if _looks_like_heading(text, line, following):
                close()
                end = line.end
                while end > line.content_start and text[end - 1].isspace():
                    end -= 1
                blocks.append((line.content_start, end, "heading"))
                continue
            if current is None or current_kind != "paragraph":
                close()
                current, current_kind = [line.content_start, line.end], "paragraph"
                continue
        current[1] = line.end
    close()
    return [(start, end, kind) for start, end, kind in blocks if end > start]


def _is_sentence_end(text: str, dot_start: int, dot_end: int, block_end: int) -> bool:
    """Whether the terminator at text[dot_start:dot_end] ends a sentence."""
    if dot_end >= block_end:
        return True
    following = _NEXT_STARTS_SENTENCE_RE.match(text, dot_end, block_end)
    if following is None:
        return False
    if text[dot_start:dot_end] != ".":
        return True  # "!", "?", "..." or a full stop inside quotes or brackets
    # Only look a short way back: scanning from 0 would make long texts slow.
    chunk = text[max(0, dot_start - 60) : dot_start]
    raw_word = chunk.rsplit(None, 1)[-1] if chunk and not chunk[-1].isspace() else ""
    word = raw_word.lstrip("(\"'‘“").lower()
    if word in ABBREVIATIONS:
        return False
    next_char = text[following.end() : following.end() + 1]
    if word in ABBREVIATIONS_BEFORE_NUMBER and next_char.isdigit():
        return False
    # A single initial: "J. Smith".
    return not (len(word) == 1 and word.isalpha() and raw_word[-1].isupper())


def _split_block(text: str, start: int, end: int) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    sentence_start = start
    for match in _TERMINATOR_RE.finditer(text, start, end):
        if _is_sentence_end(text, match.start(), match.end(), end):
            spans.append((sentence_start, match.end()))
            next_start = match.end()
            while next_start < end and text[next_start].isspace():
                next_start += 1
            sentence_start = next_start
    if sentence_start < end:
        spans.append((sentence_start, end))
    trimmed: list[tuple[int, int]] = []
    for s, e in spans:
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            trimmed.append((s, e))
    return trimmed


def split(text: str) -> tuple[list[Point], list[Unit]]:
    """Points and units together, splitting the text once."""
    points: list[Point] = []
    units: list[Unit] = []
    for index, (start, end, kind) in enumerate(_blocks(text)):
        points.append(Point(index, start, end, kind))
        if kind == "heading":
            units.append(Unit(start, end, "heading", index))
            continue
        unit_kind: UnitKind = "item" if kind == "item" else "sentence"
        for s, e in _split_block(text, start, end):
            units.append(Unit(s, e, unit_kind, index))
    return points, units


def split_points(text: str) -> list[Point]:
    """Paragraphs, list items and headings in order, numbered from 0."""
    return split(text)[0]


def split_units(text: str) -> list[Unit]:
    """Every sentence, heading and list-item sentence in order."""
    return split(text)[1]


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Just the (start, end) of each unit, for callers that do not need the kinds."""
    return [(unit.start, unit.end) for unit in split_units(text)]
