"""How well the checker finds jargon in what councils, the NHS and charities really write.

``data/jargon_measure.json`` holds real-world sentences (each with its
source) with the jargon in each marked in [square brackets], and plain
sentences that should raise nothing. It was split once, before the glossary
was tuned, into a ``tune`` part and a ``heldout`` part; the split is stored
with each sentence and never changes. Tune the glossary by looking at the
``tune`` part only, and judge it on the ``heldout`` part.

Two figures matter:

* **recall** - of the marked jargon, how much the checker points at. A
  marked span counts as found when a *word finding* (jargon, a word to
  avoid, or a short form nobody explained) overlaps it: each of those tells
  the writer "this word will lose people".
* **false-positive rate** - of the plain sentences, how many get a word
  finding at all.

A third, **precision**, says how many word findings in the jargon sentences
fall on marked words; it keeps the glossary from growing by flagging
everything.
"""

from __future__ import annotations

import json
import re
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Final, Literal

from .checker import FindingKind, check
from .glossary import GlossaryEntry

Split = Literal["tune", "heldout"]

WORD_KINDS: Final = frozenset(
    {
        FindingKind.JARGON,
        FindingKind.WORDS_TO_AVOID,
        FindingKind.UNDEFINED_ACRONYM,
        FindingKind.UNEXPLAINED_NAME,
    }
)
_MARK_RE: Final = re.compile(r"\[([^\[\]]+)\]")


@dataclass(frozen=True, slots=True)
class Source:
    """Where sentences were taken from or modelled on."""

    key: str
    kind: str  # council, NHS, research or charity
    title: str
    url: str


@dataclass(frozen=True, slots=True)
class MeasureSentence:
    """One sentence, without its marks; ``spans`` are the marked jargon as (start, end)."""

    id: str
    source: str
    split: Split
    text: str
    spans: tuple[tuple[int, int], ...]

    def marked(self) -> list[str]:
        """The marked words, in order."""
        return [self.text[start:end] for start, end in self.spans]


@dataclass(frozen=True, slots=True)
class Measure:
    """The whole measure: sources, jargon sentences and plain sentences."""

    sources: dict[str, Source]
    jargon: tuple[MeasureSentence, ...]
    plain: tuple[MeasureSentence, ...]

    def part(self, split: Split) -> tuple[tuple[MeasureSentence, ...], tuple[MeasureSentence, ...]]:
        """The jargon and plain sentences of one part."""
        return (
            tuple(s for s in self.jargon if s.split == split),
            tuple(s for s in self.plain if s.split == split),
        )


def parse_marked(marked: str) -> tuple[str, tuple[tuple[int, int], ...]]:
    """Remove the [marks] from a sentence; return the clean text and the marked spans."""
    pieces: list[str] = []
    spans: list[tuple[int, int]] = []
    position = 0
    length = 0
    for match in _MARK_RE.finditer(marked):
        before = marked[position : match.start()]
        pieces.append(before)
        length += len(before)
        words = match.group(1)
        spans.append((length, length + len(words)))
        pieces.append(words)
        length += len(words)
        position = match.end()
    pieces.append(marked[position:])
    text = "".join(pieces)
    if "[" in text or "]" in text:
        raise ValueError(f"Unbalanced marks in {marked!r}")
    return text, tuple(spans)


def _sentence(item: dict[str, str]) -> MeasureSentence:
    split = item["split"]
    if split not in ("tune", "heldout"):
        raise ValueError(f"{item['id']}: split must be 'tune' or 'heldout', not {split!r}")
    text, spans = parse_marked(item["text"])
    return MeasureSentence(item["id"], item["source"], split, text, spans)  # type: ignore[arg-type]


@lru_cache(maxsize=1)
def load_measure() -> Measure:
    """The measure shipped in ``data/jargon_measure.json``."""
    raw = (
        resources.files("ustogether.plainlanguage")
        .joinpath("data/jargon_measure.json")
        .read_text("utf-8")
    )
    data = json.loads(raw)
    sources = {
        key: Source(key, value["kind"], value["title"], value["url"])
        for key, value in data["sources"].items()
    }
    return Measure(
        sources=sources,
        jargon=tuple(_sentence(item) for item in data["jargon_sentences"]),
        plain=tuple(_sentence(item) for item in data["plain_sentences"]),
    )


@dataclass(slots=True)
class Score:
    """The figures for one part of the measure, with the misses to look at."""

    spans: int = 0
    found: int = 0
    plain_sentences: int = 0
    plain_flagged: int = 0
    word_findings: int = 0
    findings_on_marks: int = 0
    missed: list[tuple[str, str]] = field(default_factory=list)  # (sentence id, words)
    false_positives: list[tuple[str, str]] = field(default_factory=list)  # (sentence id, words)
    unmarked_findings: list[tuple[str, str]] = field(default_factory=list)

    @property
    def recall(self) -> float:
        """Share of marked jargon the checker points at."""
        return self.found / self.spans if self.spans else 0.0

    @property
    def false_positive_rate(self) -> float:
        """Share of plain sentences with any word finding."""
        return self.plain_flagged / self.plain_sentences if self.plain_sentences else 0.0

    @property
    def precision(self) -> float:
        """Share of word findings in jargon sentences that fall on marked words."""
        return self.findings_on_marks / self.word_findings if self.word_findings else 1.0


def _overlaps(start: int, end: int, spans: Iterable[tuple[int, int]]) -> bool:
    return any(start < span_end and span_start < end for span_start, span_end in spans)


def score(
    jargon: Iterable[MeasureSentence],
    plain: Iterable[MeasureSentence],
    *,
    kinds: Collection[FindingKind] = WORD_KINDS,
    extra_terms: Iterable[GlossaryEntry] | None = None,
) -> Score:
    """Check each sentence on its own and count what the checker found."""
    extra = tuple(extra_terms or ())
    result = Score()
    for sentence in jargon:
        findings = [
            f for f in check(sentence.text, extra_terms=extra or None).findings if f.kind in kinds
        ]
        for start, end in sentence.spans:
            result.spans += 1
            if any(start < f.end and f.start < end for f in findings):
                result.found += 1
            else:
                result.missed.append((sentence.id, sentence.text[start:end]))
        for finding in findings:
            result.word_findings += 1
            if _overlaps(finding.start, finding.end, sentence.spans):
                result.findings_on_marks += 1
            else:
                result.unmarked_findings.append((sentence.id, finding.text))
    for sentence in plain:
        result.plain_sentences += 1
        findings = [
            f for f in check(sentence.text, extra_terms=extra or None).findings if f.kind in kinds
        ]
        if findings:
            result.plain_flagged += 1
            result.false_positives.extend((sentence.id, f.text) for f in findings)
    return result


def score_part(split: Split, *, kinds: Collection[FindingKind] = WORD_KINDS) -> Score:
    """Score one part (``tune`` or ``heldout``) of the shipped measure."""
    jargon, plain = load_measure().part(split)
    return score(jargon, plain, kinds=kinds)
