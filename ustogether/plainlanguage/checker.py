"""Check a text for jargon and hard reading, as it is written.

``check(text)`` returns a :class:`Report`: a list of findings, each tied to
exact character offsets in the text (``text[f.start:f.end] == f.text``
always holds), and reading figures for the whole text and each sentence.

What is checked
---------------
* ``jargon`` - terms from the glossary (shipped plus ``extra_terms``) in any
  inflection, case, UK or US spelling, with or without hyphens. A term is
  not flagged from the point where the text explains it: "reablement (help
  to relearn everyday skills)", "MDT (multi-disciplinary team)", "help to
  relearn skills (reablement)", "Reablement means ...". Uses before that
  point are still flagged: the reader has not seen the explanation yet.
  A few terms are jargon only as verbs ("we actioned it", "to evidence our
  impact", but not "take action" or "the evidence"): their entries say
  ``verb_only``, see :func:`.glossary.used_as_verb`.
  Made-up compounds the glossary does not list are jargon too: a word
  joined by a hyphen to an ending such as "-wide", "-led", "-focused" or
  "-level" ("trust-wide", "GP-led"), see :data:`COMPOUND_ENDINGS`; everyday
  ones ("south-facing", "home-based") and place names ("Leeds-based") are not.
  So are long "-isation" words ("marketisation"), except everyday ones
  such as "organisation".
  Everyday words that are jargon only in one place are found by reading
  the words around them (:mod:`.context`): "system partners", "at place",
  "our carers offer", "the scale of the organisation", "likely demand",
  "medical status", "drive improvement", "the establishment of". The same
  words in plain writing ("your partner", "a scale of 0 to 10", "the
  offer of a home") are left alone. Each such finding has plain words and
  a short explanation, like a glossary entry.
* ``words_to_avoid`` - the GOV.UK "words to avoid", see :mod:`.avoid`.
* ``long_sentence`` - over 25 words is amber, over 35 is red.
  Headings are never flagged.
* ``undefined_acronym`` - a word in capitals (2+ letters) that the text
  does not explain, like "CCG", unless everyone knows it (:data:`KNOWN_ACRONYMS`)
  or the glossary already flags it as jargon. "Integrated Care Board (ICB)"
  and "ICB (Integrated Care Board)" explain it from that point on. A line
  mostly in capitals is shouting or a heading, not acronyms, so is skipped.
* ``unexplained_name`` - the name of a plan, scheme, rule or body written
  in capitals, like "the Long Term Plan", "the Care and Support Division"
  or "the Disabled Facilities Grant", that the text does not explain. A
  name is two or more words starting with a capital (small words such as
  "and" or "of" may sit between them), ending in a word from
  :data:`NAME_ENDINGS`; headings and names the glossary already knows are
  left out. People outside the organisation rarely know these names.
* ``passive_voice`` - a form of "be", up to two small words such as "not"
  or an "-ly" word, then a past participle ("-ed", or one of the irregular
  ones in :data:`IRREGULAR_PARTICIPLES`). Words that are usually adjectives
  after "be" ("is disabled", "are worried") are left out. Shown as info.
* ``easy_read`` (only with ``easy_read=True``) -
  a sentence over 15 words (over 25 is already a ``long_sentence``);
  more than one idea in a sentence: the sentence splits at ";", "," or a
  joining word (and, but, so, because, which, who, while, although, or),
  and two or more of the parts have a verb of their own (a helper verb such
  as "is", "will", "can", an "-ed" verb, a common past tense such as "came",
  or a subject such as "we", "they");
  any short form in capitals, even "NHS"; and, when the caller says which
  points have pictures (``points_with_pictures``), every paragraph or list
  item without one.

Reading age
-----------
We use the Flesch-Kincaid grade level, and add 5 to turn a US school grade
into a UK reading age in years: grade 4 is a reading age of 9, our target.
We chose it over SMOG, which was made for health leaflets, because SMOG
needs about 30 sentences and counts only long words, so it says little
about one sentence or a short paragraph - and people here write short
things and fix them one sentence at a time. Flesch-Kincaid also matches
what Word and most online checkers show. Ages are never shown below 5.
Headings are left out, unless the text is only headings (short lines with
no full stop), which are then read as sentences.

Pictures in Easy Read
---------------------
Easy Read puts a picture next to each point. The checker cannot see
pictures, so the caller passes ``points_with_pictures``: the indexes (from
:func:`.sentences.split_points`, counting from 0) of the points that have
one. ``None`` means "not known" and skips that check; an empty set means
"no pictures yet". Headings never need a picture.
"""

from __future__ import annotations

import bisect
import enum
import re
from collections import Counter
from collections.abc import Collection, Iterable, Sequence
from dataclasses import asdict, dataclass
from typing import Final, Literal

from .avoid import AvoidEntry, load_words_to_avoid
from .context import ContextHit, find_in_context
from .glossary import GlossaryEntry, TermMatch, TermMatcher, glossary_matcher, used_as_verb
from .normalise import Token, is_acronym, tokenise
from .sentences import Point, Unit, split
from .syllables import count_syllables

Severity = Literal["info", "amber", "red"]

LONG_SENTENCE_AMBER: Final = 25
LONG_SENTENCE_RED: Final = 35
EASY_READ_SENTENCE: Final = 15
MIN_READING_AGE: Final = 5.0

# Short forms almost everyone in the UK knows. Easy Read mode still flags them.
KNOWN_ACRONYMS: Final = frozenset(
    {
        "NHS",
        "GP",
        "UK",
        "OK",
        "TV",
        "BBC",
        "ID",
        "AM",
        "PM",
        "MP",
        "EU",
        "COVID",
        "PIN",
        "DIY",
        "CV",
        "DVD",
        "PC",
    }
)
_ROMAN_NUMERALS: Final = re.compile(r"^(?=[IVXLC]{2,}$)C{0,3}(XC|XL|L?X{0,3})(IX|IV|V?I{0,3})$")


class FindingKind(enum.StrEnum):
    """What sort of problem a finding is."""

    JARGON = "jargon"
    WORDS_TO_AVOID = "words_to_avoid"
    LONG_SENTENCE = "long_sentence"
    UNDEFINED_ACRONYM = "undefined_acronym"
    UNEXPLAINED_NAME = "unexplained_name"
    PASSIVE_VOICE = "passive_voice"
    EASY_READ = "easy_read"


@dataclass(frozen=True, slots=True)
class Finding:
    """One thing to fix. ``text`` is always ``original_text[start:end]``."""

    kind: FindingKind
    start: int
    end: int
    text: str
    message: str
    suggestion: str | None = None
    severity: Severity = "info"
    term: str | None = None  # the glossary term, for jargon
    definition: str | None = None  # the glossary definition, for jargon
    point: int | None = None  # the point index, for a point with no picture

    def as_dict(self) -> dict[str, object]:
        """A JSON-friendly copy."""
        data = asdict(self)
        data["kind"] = self.kind.value
        return data


@dataclass(frozen=True, slots=True)
class SentenceStat:
    """Reading figures for one sentence, heading or list item."""

    start: int
    end: int
    kind: str  # "sentence", "heading" or "item"
    words: int
    syllables: int
    grade: float
    reading_age: float

    def as_dict(self) -> dict[str, object]:
        """A JSON-friendly copy."""
        return asdict(self)


@dataclass(frozen=True, slots=True)
class Report:
    """Everything :func:`check` found. Headings are left out of the reading figures."""

    findings: tuple[Finding, ...]
    reading_age: float
    grade: float
    sentences: int
    words: int
    syllables: int
    sentence_stats: tuple[SentenceStat, ...]
    points: tuple[Point, ...]
    easy_read: bool = False

    def counts(self) -> dict[str, int]:
        """How many findings of each kind, with every kind present (0 if none)."""
        counted = Counter(finding.kind.value for finding in self.findings)
        return {kind.value: counted.get(kind.value, 0) for kind in FindingKind}

    def by_kind(self, kind: FindingKind | str) -> list[Finding]:
        """The findings of one kind, in text order."""
        wanted = FindingKind(kind)
        return [finding for finding in self.findings if finding.kind is wanted]

    def as_dict(self) -> dict[str, object]:
        """A JSON-friendly copy, for views and APIs."""
        return {
            "reading_age": self.reading_age,
            "grade": self.grade,
            "sentences": self.sentences,
            "words": self.words,
            "syllables": self.syllables,
            "easy_read": self.easy_read,
            "counts": self.counts(),
            "findings": [finding.as_dict() for finding in self.findings],
            "sentence_stats": [stat.as_dict() for stat in self.sentence_stats],
            "points": [
                {"index": p.index, "start": p.start, "end": p.end, "kind": p.kind}
                for p in self.points
            ],
        }


def report_to_dict(report: Report) -> dict[str, object]:
    """Same as ``report.as_dict()``, for callers that prefer a function."""
    return report.as_dict()


# --- reading figures -----------------------------------------------------

# Numbers ("2.5", "10.30am") are one word each; hyphenated words are one word.
_COUNT_WORD_RE: Final = re.compile(r"\d+(?:[.,:]\d+)*[^\W\d_]*|[^\W_]+(?:['’\-][^\W_]+)*")


def flesch_kincaid_grade(words: int, sentences: int, syllables: int) -> float:
    """The Flesch-Kincaid grade level (a US school grade)."""
    if words == 0 or sentences == 0:
        return 0.0
    return 0.39 * (words / sentences) + 11.8 * (syllables / words) - 15.59


def reading_age_from_grade(grade: float) -> float:
    """UK reading age in years from a US grade: grade + 5, never below 5."""
    return round(max(MIN_READING_AGE, grade + 5.0), 1)


def _sentence_stats(text: str, units: Sequence[Unit]) -> list[SentenceStat]:
    stats: list[SentenceStat] = []
    for unit in units:
        words = 0
        syllables = 0
        for match in _COUNT_WORD_RE.finditer(text, unit.start, unit.end):
            words += 1
            syllables += count_syllables(match.group())
        grade = round(flesch_kincaid_grade(words, 1, syllables), 1) if words else 0.0
        stats.append(
            SentenceStat(
                unit.start,
                unit.end,
                unit.kind,
                words,
                syllables,
                grade,
                reading_age_from_grade(grade) if words else 0.0,
            )
        )
    return stats


# --- passive voice and verbs -----------------------------------------------


def _words(spaced: str) -> frozenset[str]:
    """A set of words from one long string, so word lists stay easy to read and edit."""
    return frozenset(spaced.split())


_BE_FORMS: Final = r"am|is|are|was|were|be|been|being|isn['’]t|aren['’]t|wasn['’]t|weren['’]t"
_PASSIVE_RE: Final = re.compile(
    rf"\b(?:{_BE_FORMS})\b(?:[ \t]+(?:not|also|often|always|never|still|just|already|now|then|usually|being|\w+ly)\b){{0,2}}[ \t]+(\w+)\b",
    re.IGNORECASE,
)

IRREGULAR_PARTICIPLES: Final = _words(
    """given taken done made seen known written told held paid sent kept left found brought bought thought shown
    built chosen spoken put set cut met run led heard understood begun broken driven forgotten hidden hurt lost
    meant sold spent taught won drawn grown thrown worn fed caught felt forgiven frozen hung laid lent lit proven
    rung shut stolen struck sworn torn woken withdrawn undertaken overseen overtaken upheld beaten bitten blown
    bound dealt fought flown forbidden sought shot shaken spread stuck swept let cast rewritten mistaken
    overlooked arisen become"""
)
# "-ed" words that after "be" usually describe a state, not an action.
_ADJECTIVE_ED: Final = _words(
    """need seed bed red shed feed speed breed greed weed bleed hundred sacred naked wicked interested tired
    worried concerned pleased married scared excited bored disabled retired qualified experienced based called
    supposed used involved related committed determined prepared limited skilled talented confused surprised
    embarrassed frightened isolated annoyed amazed shocked delighted relaxed stressed engaged closed detailed
    complicated dedicated located united advanced balanced exhausted satisfied ashamed aged alarmed
    overwhelmed unemployed employed crowded exposed entitled"""
)

_HELPER_VERBS: Final = _words(
    """am is are was were be been being will would can could should must may might shall has have had do does did
    isn't aren't wasn't weren't won't can't couldn't don't doesn't didn't haven't hasn't wouldn't shouldn't"""
)
_SUBJECTS: Final = _words("i we you they he she it there")
# Common past tenses that do not end in "-ed" ("came", "said").
_IRREGULAR_PAST: Final = _words(
    """came went said got made took saw gave told found felt left met ran sat stood thought knew wrote spoke
    brought bought paid sent kept held heard began broke chose drove ate fell forgot grew hid lost meant sold
    spent taught won drew threw wore fed caught rang sang stole struck swore tore woke"""
)
_IDEA_SPLIT_RE: Final = re.compile(
    r";|,|\s(?:and|but|so|because|which|who|while|whereas|although|or)\s", re.IGNORECASE
)
_LOWER_WORD_RE: Final = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")


def _has_own_verb(part: str) -> bool:
    for word in _LOWER_WORD_RE.findall(part.lower().replace("’", "'")):
        if word in _HELPER_VERBS or word in _SUBJECTS or word in _IRREGULAR_PAST:
            return True
        if len(word) > 4 and word.endswith("ed") and word not in _ADJECTIVE_ED:
            return True
    return False


def count_ideas(sentence: str) -> int:
    """How many parts of a sentence have a verb of their own (see the module docstring)."""
    return sum(1 for part in _IDEA_SPLIT_RE.split(sentence) if _has_own_verb(part))


# --- words to avoid ----------------------------------------------------------

_VERB_CUES: Final = _words(
    """to will would could can may might must should shall not we they i you he she it this that which who
    don't doesn't didn't won't cannot can't also"""
)
_KEY_NOT_DESCRIBING: Final = _words(
    """to for of and or in on is was are were ring rings holder holders card cards code codes safe box fob fobs
    from that with at will can"""
)
_KEY_DOOR_WORDS: Final = _words("door front back car house spare room office locker padlock")
_BE_WORDS: Final = _words("is are was were be been very really so")


def _avoid_applies(
    entry: AvoidEntry,
    match: TermMatch[AvoidEntry],
    tokens: Sequence[Token],
    sentence_words: frozenset[str],
) -> bool:
    if entry.unless_sentence_has and not entry.unless_sentence_has.isdisjoint(sentence_words):
        return False
    first = tokens[match.first_token]
    previous = (
        tokens[match.first_token - 1].text.lower().replace("’", "'")
        if match.first_token > 0
        else ""
    )
    if entry.verb_only:
        word = first.text.lower()
        if not (word.endswith(("ed", "ing")) or (previous in _VERB_CUES and first.joins_previous)):
            return False
    if entry.adjective_only:
        following = tokens[match.last_token + 1] if match.last_token + 1 < len(tokens) else None
        describes = (
            following is not None
            and following.joins_previous
            and following.text.lower() not in _KEY_NOT_DESCRIBING
            and previous not in _KEY_DOOR_WORDS
        )
        after_be = previous in _BE_WORDS and (following is None or not following.joins_previous)
        if not (describes or after_be):
            return False
    return True


# --- definitions in the text ---------------------------------------------------

_DEFINED_BY_WORDS_RE: Final = re.compile(
    r"[ \t]*(?:means|stands for|is short for|is the short form of|is when|is where|is what we call|is the name for|is a word for)\b",
    re.IGNORECASE,
)
_BRACKET_AFTER_RE: Final = re.compile(r"[ \t]*\(([^()\n]{2,200})\)")
_THREE_WORDS_BEFORE_RE: Final = re.compile(r"(?:[^\W\d_]+[ \t]+){2}[^\W\d_]+[ \t]*$")
_COLON_AFTER_RE: Final = re.compile(r"[ \t]*(?::|[-–—][ \t])")


def _explained_at(text: str, start: int, end: int) -> bool:
    """Whether the words at text[start:end] are explained right here."""
    bracket = _BRACKET_AFTER_RE.match(text, end)
    if bracket and re.search(r"[^\W\d_]{2,}", bracket.group(1)):
        return True
    if _DEFINED_BY_WORDS_RE.match(text, end):
        return True
    # "help to relearn skills (reablement)": the term is the whole bracket.
    if start > 0 and text[start - 1] == "(" and text[end : end + 1] == ")":
        # At least three words before the bracket, so "Sam (co-chair)" is a
        # label, not an explanation of "co-chair".
        before = text[max(0, start - 80) : start - 1]
        if _THREE_WORDS_BEFORE_RE.search(before):
            return True
    # A glossary-style line: "Reablement: help to relearn skills".
    line_start = text.rfind("\n", 0, start) + 1
    return (
        not text[line_start:start].strip(" \t-*•") and _COLON_AFTER_RE.match(text, end) is not None
    )


# --- the check -------------------------------------------------------------------


def _quote(words: str) -> str:
    return f"‘{words}’"


def _jargon_finding(text: str, match: TermMatch[GlossaryEntry]) -> Finding:
    entry = match.item
    found = text[match.start : match.end]
    if match.split:
        message = f"{_quote(found)} here is part of {_quote(entry.term)}, which is jargon. Try {_quote(entry.plain)}."
    elif is_acronym(found):
        message = f"{_quote(found)} is a short form many people will not know. Try {_quote(entry.plain)}, or say what it means."
    else:
        message = f"{_quote(found)} is jargon. Try {_quote(entry.plain)}."
    return Finding(
        FindingKind.JARGON,
        match.start,
        match.end,
        found,
        message,
        entry.plain,
        "amber",
        entry.term,
        entry.definition,
    )


def _context_finding(found: str, hit: ContextHit) -> Finding:
    return Finding(
        FindingKind.JARGON,
        hit.start,
        hit.end,
        found,
        f"{_quote(found)} is jargon here. Try {_quote(hit.plain)}.",
        hit.plain,
        "amber",
        hit.term,
        hit.definition,
    )


def _unit_index(unit_starts: Sequence[int], position: int) -> int:
    return max(0, bisect.bisect_right(unit_starts, position) - 1)


def check(
    text: str,
    *,
    easy_read: bool = False,
    extra_terms: Iterable[GlossaryEntry] | None = None,
    points_with_pictures: Collection[int] | None = None,
) -> Report:
    """Check ``text`` and return every finding with reading figures.

    ``extra_terms`` adds an organisation's own glossary entries (they replace
    shipped entries with the same term). ``points_with_pictures`` is only
    used with ``easy_read=True``; see the module docstring.
    """
    points, units = split(text)
    stats = _sentence_stats(text, units)
    unit_starts = [unit.start for unit in units]
    findings: list[Finding] = []

    tokens = tokenise(text)
    jargon = [
        match
        for match in glossary_matcher(extra_terms).find(text, tokens)
        if not match.item.verb_only or used_as_verb(tokens, match)
    ]
    avoid_matcher = _avoid_matcher()
    avoid = avoid_matcher.find(text, tokens)

    # Jargon: flagged until the text explains the term.
    explained_from: dict[str, int] = {}
    for match in jargon:
        key = match.item.term
        if key not in explained_from and _explained_at(text, match.start, match.end):
            explained_from[key] = match.start
    taken = _SpanMask(len(text))  # words already flagged, so nothing is flagged twice
    for match in jargon:
        taken.add(match.start, match.end)
        if match.start >= explained_from.get(match.item.term, len(text) + 1):
            continue
        findings.append(_jargon_finding(text, match))

    # Made-up compound words ("trust-wide", "clinician-led") and long "-isation"
    # words ("marketisation") that the glossary does not list.
    for finding in _compound_findings(text, tokens, taken) + _isation_findings(tokens, taken):
        findings.append(finding)
        taken.add(finding.start, finding.end)

    # Everyday words used as jargon here ("system partners", "at place") and
    # management phrasing ("likely demand", "drive improvement"): see context.py.
    context_explained: set[str] = set()
    for hit in find_in_context(text, tokens, unit_starts):
        if taken.overlaps(hit.start, hit.end):
            continue
        found = text[hit.start : hit.end]
        key = found.lower()
        if key in context_explained or _explained_at(text, hit.start, hit.end):
            context_explained.add(key)
            continue
        findings.append(_context_finding(found, hit))
        taken.add(hit.start, hit.end)

    # Words to avoid: a longer jargon term over the same words wins.
    sentence_words_cache: dict[int, frozenset[str]] = {}
    for avoid_match in avoid:
        if taken.overlaps(avoid_match.start, avoid_match.end):
            continue
        index = _unit_index(unit_starts, avoid_match.start)
        if index not in sentence_words_cache:
            if units:
                unit = units[index]
                sentence = text[unit.start : unit.end]
            else:
                sentence = text
            sentence_words_cache[index] = frozenset(
                w.lower() for w in _LOWER_WORD_RE.findall(sentence)
            )
        entry = avoid_match.item
        if not _avoid_applies(entry, avoid_match, tokens, sentence_words_cache[index]):
            continue
        found = text[avoid_match.start : avoid_match.end]
        findings.append(
            Finding(
                FindingKind.WORDS_TO_AVOID,
                avoid_match.start,
                avoid_match.end,
                found,
                f"Try not to use {_quote(found)}. {entry.advice}",
                entry.suggestion,
                "amber",
            )
        )
        taken.add(avoid_match.start, avoid_match.end)

    findings.extend(_acronym_findings(text, tokens, units, unit_starts, taken, easy_read))
    findings.extend(_name_findings(text, tokens, units, unit_starts, taken))
    findings.extend(_passive_findings(text))

    # Sentence length, and Easy Read checks on each sentence.
    for unit, stat in zip(units, stats, strict=True):
        if unit.kind == "heading":
            continue
        sentence = text[unit.start : unit.end]
        if stat.words > LONG_SENTENCE_AMBER:
            red = stat.words > LONG_SENTENCE_RED
            message = (
                f"This sentence is very long ({stat.words} words). Split it into two or more sentences."
                if red
                else f"This sentence is long ({stat.words} words). Try to split it into shorter sentences."
            )
            findings.append(
                Finding(
                    FindingKind.LONG_SENTENCE,
                    unit.start,
                    unit.end,
                    sentence,
                    message,
                    None,
                    "red" if red else "amber",
                )
            )
        elif easy_read and stat.words > EASY_READ_SENTENCE:
            findings.append(
                Finding(
                    FindingKind.EASY_READ,
                    unit.start,
                    unit.end,
                    sentence,
                    f"In Easy Read, keep sentences to 15 words or fewer. This one has {stat.words}.",
                    None,
                    "amber",
                )
            )
        elif easy_read and count_ideas(sentence) > 1:
            findings.append(
                Finding(
                    FindingKind.EASY_READ,
                    unit.start,
                    unit.end,
                    sentence,
                    "This sentence has more than one idea. In Easy Read, put each idea in its own sentence.",
                    None,
                    "amber",
                )
            )

    if easy_read and points_with_pictures is not None:
        pictured = set(points_with_pictures)
        for point in points:
            if point.kind == "heading" or point.index in pictured:
                continue
            findings.append(
                Finding(
                    FindingKind.EASY_READ,
                    point.start,
                    point.end,
                    text[point.start : point.end],
                    "This point has no picture. In Easy Read, put a picture next to each point.",
                    None,
                    "amber",
                    point=point.index,
                )
            )

    findings.sort(key=lambda f: (f.start, -f.end, f.kind.value))
    counted = [stat for stat in stats if stat.kind != "heading"]
    if not any(stat.words for stat in counted):
        # Only short lines with no full stop, which split() calls headings:
        # "Come and talk to us" is still words to read, so read them as sentences.
        counted = list(stats)
    words = sum(stat.words for stat in counted)
    syllables = sum(stat.syllables for stat in counted)
    sentences = sum(1 for stat in counted if stat.words)
    grade = round(flesch_kincaid_grade(words, sentences, syllables), 1)
    return Report(
        findings=tuple(findings),
        reading_age=reading_age_from_grade(grade) if words else 0.0,
        grade=grade,
        sentences=sentences,
        words=words,
        syllables=syllables,
        sentence_stats=tuple(stats),
        points=tuple(points),
        easy_read=easy_read,
    )


class _SpanMask:
    """Which characters are already part of a finding; checks cost the span's length, not the text's."""

    __slots__ = ("_mask",)

    def __init__(self, length: int) -> None:
        self._mask = bytearray(length)

    def add(self, start: int, end: int) -> None:
        self._mask[start:end] = b"\x01" * (end - start)

    def overlaps(self, start: int, end: int) -> bool:
        return 1 in self._mask[start:end]


_avoid_matcher_cache: list[TermMatcher[AvoidEntry]] = []


def _avoid_matcher() -> TermMatcher[AvoidEntry]:
    if not _avoid_matcher_cache:
        _avoid_matcher_cache.append(
            TermMatcher.build((entry.forms(), entry) for entry in load_words_to_avoid())
        )
    return _avoid_matcher_cache[0]


_ACRONYM_EXPLAINED_BEFORE_RE: Final = re.compile(r"[^\W\d_]{2,}[^()\n]{0,150}\($")


def _acronym_findings(
    text: str,
    tokens: Sequence[Token],
    units: Sequence[Unit],
    unit_starts: Sequence[int],
    taken: _SpanMask,
    easy_read: bool,
) -> list[Finding]:
    findings: list[Finding] = []
    explained: set[str] = set()
    shouting: dict[int, bool] = {}
    runs = _acronym_runs(text, tokens)
    for position, token in enumerate(tokens):
        word = token.text
        if word.endswith(("'s", "’s")) and is_acronym(word[:-2]):
            word = word[:-2]  # "the CCG's plan" uses the short form "CCG"
        run = runs.get(position)
        if run is not None and _run_explained(text, tokens[run[0]].start, tokens[run[1]].end):
            # "Creative Commons Attribution-ShareAlike (CC BY-SA)": one short form.
            explained.update(_bare(t.text) for t in tokens[run[0] : run[1] + 1])
        if not is_acronym(word) or _ROMAN_NUMERALS.match(word):
            continue
        bare = word[:-1] if word.endswith("s") else word
        in_glossary = taken.overlaps(token.start, token.end)
        index = _unit_index(unit_starts, token.start)
        if units and index not in shouting:
            unit = units[index]
            words = _LOWER_WORD_RE.findall(text[unit.start : unit.end])
            capitals = sum(1 for w in words if len(w) > 1 and w.isupper())
            shouting[index] = capitals >= 3 and capitals >= 0.6 * len(words)
        if shouting.get(index, False):
            continue
        if bare not in explained:
            # "Integrated Care Board (ICB)": cheap bracket tests first, the regex only then.
            in_brackets = (
                text[token.end : token.end + 1] == ")"
                and text[token.start - 1 : token.start] == "("
            )
            if (
                in_brackets
                and _ACRONYM_EXPLAINED_BEFORE_RE.search(
                    text, max(0, token.start - 160), token.start
                )
            ) or _explained_at(text, token.start, token.end):
                explained.add(bare)
        if in_glossary:
            # Already a jargon finding, unless the text explained it.
            continue
        if bare in explained or bare in KNOWN_ACRONYMS:
            if easy_read:
                findings.append(_easy_read_acronym(token))
            continue
        findings.append(
            Finding(
                FindingKind.UNDEFINED_ACRONYM,
                token.start,
                token.start + len(word),
                word,
                f"Say what {_quote(word)} means. Write the full words the first time, with {_quote(bare)} in brackets after.",
                None,
                "amber",
            )
        )
    return findings


# The last word of the names of plans, schemes, rules and bodies that
# people outside an organisation rarely know (see the module docstring).
NAME_ENDINGS: Final = _words(
    """plan plans framework frameworks strategy programme programmes board division directorate unit
    report concordat fund grant partnership collaborative alliance forum panel committee offer scheme
    register standard standards act review pathway model hub network charter compact app initiative
    pilot tariff toolkit dashboard index pledge protocol policy service services team teams
    group groups lounge allowance approach contract contracts budget budgets project centre centres"""
)
# Name endings that need three capitalised words, since two is often a plain
# name people know ("the Carers Service", "the Youth Group", "Jobcentre Plus").
_WEAK_NAME_ENDINGS: Final = _words(
    "service services team teams group groups project centre centres"
)
_NAME_JOINERS: Final = _words("and of for the to in on &")
# Capitalised only because they start a sentence: "Our Plan" is not a name.
_SENTENCE_STARTERS: Final = _words(
    """the a an our your their this that these those each every any all no my his her its we you
    they it there if when as at by from in on with for new next"""
)


# Small words after the first word of a sentence that show it is a verb, not
# the start of a name ("Wait in the Sunflower Lounge", "Read the Long Term Plan").
_AFTER_A_VERB: Final = _words("the to in on")


def _name_findings(
    text: str,
    tokens: Sequence[Token],
    units: Sequence[Unit],
    unit_starts: Sequence[int],
    taken: _SpanMask,
) -> list[Finding]:
    findings: list[Finding] = []
    explained: set[str] = set()
    count = len(tokens)
    index = 0
    while index < count:
        token = tokens[index]
        if not token.text[:1].isupper():
            index += 1
            continue
        # The longest run of capitalised words, with small joining words inside.
        last = index
        capitals = [index]
        position = index + 1
        while position < count:
            word = tokens[position]
            if not word.joins_previous or "," in text[tokens[position - 1].end : word.start]:
                break
            if word.text[:1].isupper():
                capitals.append(position)
                last = position
            elif word.text.lower() not in _NAME_JOINERS:
                break
            position += 1
        index = last + 1
        first = capitals[0]
        unit = units[_unit_index(unit_starts, tokens[first].start)] if units else None
        if unit is not None and unit.kind == "heading":
            continue
        at_sentence_start = unit is not None and tokens[first].start <= unit.start
        if at_sentence_start and tokens[first].text.lower() in _SENTENCE_STARTERS:
            capitals = capitals[1:]
        elif (
            at_sentence_start
            and len(capitals) > 1
            and capitals[1] > first + 1
            and tokens[first + 1].text in _AFTER_A_VERB
        ):
            # "Read the Long Term Plan": a verb starting a sentence is not part of the name.
            capitals = capitals[1:]
        # Back off to the last capitalised word that ends a name. If capitalised words
        # go on past it, the run is the name of something else ("Think Local Act
        # Personal" is a group, not an Act), so it is not flagged.
        ends_at = len(capitals)
        while capitals and _name_word(tokens[capitals[-1]].text) not in NAME_ENDINGS:
            capitals.pop()
        if len(capitals) < 2 or len(capitals) < ends_at:
            continue
        ending = _name_word(tokens[capitals[-1]].text)
        if ending in _WEAK_NAME_ENDINGS and len(capitals) < 3:
            continue
        start, end = tokens[capitals[0]].start, tokens[capitals[-1]].end
        if text[end - 2 : end] in ("'s", "’s"):
            end -= 2  # "the Long Term Plan's aims": the name is "Long Term Plan"
        if taken.overlaps(start, end):
            continue
        name = text[start:end]
        key = " ".join(name.lower().split())
        if key in explained or _explained_at(text, start, end):
            explained.add(key)
            continue
        findings.append(
            Finding(
                FindingKind.UNEXPLAINED_NAME,
                start,
                end,
                name,
                f"Say what {_quote(name)} is. Many people will not know the name: "
                "add a few plain words about it in brackets the first time.",
                None,
                "amber",
            )
        )
    return findings


# --- compound words ------------------------------------------------------------

# Organisations make new words by joining a word and an ending with a hyphen:
# "trust-wide", "clinician-led", "outcome-focused", "place-level". The
# glossary lists the common ones; these endings find the rest. Each ending has
# plain words to try and a definition written for Us Together.
COMPOUND_ENDINGS: Final[dict[str, tuple[str, str]]] = {
    "wide": (
        "across all of it",
        "Words like trust-wide or city-wide mean across the whole trust or city.",
    ),
    "led": (
        "run by",
        "Words like clinician-led or community-led say who is in charge of something.",
    ),
    "based": (
        "built on, or happening in",
        "Words like place-based or evidence-based say what something is built on or where it happens.",
    ),
    "focused": (
        "that pays most attention to",
        "Words like outcome-focused say what something pays most attention to.",
    ),
    "focussed": (
        "that pays most attention to",
        "Words like outcome-focussed say what something pays most attention to.",
    ),
    "centred": (
        "built around",
        "Words like family-centred mean built around that person or group.",
    ),
    "centered": (
        "built around",
        "Words like family-centered mean built around that person or group.",
    ),
    "driven": (
        "shaped by",
        "Words like data-driven say what shapes the decisions.",
    ),
    "enabled": (
        "helped by",
        "Words like tech-enabled say what helps something work.",
    ),
    "informed": (
        "that takes account of",
        "Words like trauma-informed mean people keep that thing in mind in everything they do.",
    ),
    "facing": (
        "that works with",
        "Words like patient-facing say who staff work with face to face.",
    ),
    "level": (
        "for each",
        "Words like ward-level or system-level say how big an area or group something covers.",
    ),
    "funded": (
        "paid for by",
        "Words like council-funded or publicly funded say who pays for something.",
    ),
    "specific": (
        "only for",
        "Words like service-specific mean only for that one thing.",
    ),
    "oriented": (
        "aimed at",
        "Words like recovery-oriented say what something is aimed at.",
    ),
    "orientated": (
        "aimed at",
        "Words like recovery-orientated say what something is aimed at.",
    ),
    "neutral": (
        "with no change to",
        "Words like cost-neutral mean it makes no difference to that thing, such as the cost.",
    ),
    "intensive": (
        "that needs a lot of",
        "Words like labour-intensive mean something needs a lot of that, such as staff time.",
    ),
}
# First words that make an everyday word with these endings ("south-facing",
# "home-based", "sea-level", "A-level").
_COMPOUND_EVERYDAY: Final = _words(
    """world north south east west front back home web school office sea ground floor water
    noise top low entry first second third well self"""
)


def _compound_findings(text: str, tokens: Sequence[Token], taken: _SpanMask) -> list[Finding]:
    """Jargon findings for made-up compounds such as "trust-wide" (see COMPOUND_ENDINGS)."""
    findings: list[Finding] = []
    for position in range(1, len(tokens)):
        ending = tokens[position]
        meaning = COMPOUND_ENDINGS.get(ending.text.lower())
        if meaning is None:
            continue
        first = tokens[position - 1]
        if text[first.end : ending.start] not in ("-", "‐", "‑") or not ending.joins_previous:
            continue
        word = first.text
        capital_name = word[:1].isupper() and not is_acronym(word) and not word.isupper()
        if (
            (len(word) < 3 and not is_acronym(word))
            or not word.isalpha()
            or capital_name  # "a Leeds-based charity" names a place
            or word.lower() in _COMPOUND_EVERYDAY
            or taken.overlaps(first.start, ending.end)
        ):
            continue
        found = text[first.start : ending.end]
        if _explained_at(text, first.start, ending.end):
            continue
        plain, definition = meaning
        findings.append(
            Finding(
                FindingKind.JARGON,
                first.start,
                ending.end,
                found,
                f"{_quote(found)} is jargon. Try {_quote(plain)}, and say it in full.",
                plain,
                "amber",
                found.lower(),
                definition,
            )
        )
    return findings


# Long words made from a verb with "-isation" ("prioritisation", "marketisation")
# hide who does what. Everyday ones people know are left out.
_ISATION_RE: Final = re.compile(r"[a-z]{5,}i[sz]ations?", re.IGNORECASE)
_EVERYDAY_ISATIONS: Final = _words(
    """organisation organization civilisation civilization immunisation immunization
    realisation realization authorisation authorization"""
)
ISATION_PLAIN: Final = "say what is done, with a doing word"
ISATION_DEFINITION: Final = (
    "Long words ending in -isation, like prioritisation, turn an action into a thing. "
    "Say who does what instead."
)


def _isation_findings(tokens: Sequence[Token], taken: _SpanMask) -> list[Finding]:
    """Jargon findings for long "-isation" words the glossary does not list."""
    findings: list[Finding] = []
    for token in tokens:
        word = token.text
        if len(word) < 11 or not _ISATION_RE.fullmatch(word):
            continue
        lowered = word.lower()
        if lowered.rstrip("s") in _EVERYDAY_ISATIONS or taken.overlaps(token.start, token.end):
            continue
        findings.append(
            Finding(
                FindingKind.JARGON,
                token.start,
                token.end,
                word,
                f"{_quote(word)} is jargon. Try to {ISATION_PLAIN}.",
                ISATION_PLAIN,
                "amber",
                lowered,
                ISATION_DEFINITION,
            )
        )
    return findings


def _name_word(word: str) -> str:
    """A word of a name in lower case, without a possessive ("Plan's" -> "plan")."""
    lowered = word.lower().replace("’", "'")
    return lowered[:-2] if lowered.endswith("'s") else lowered


def _bare(word: str) -> str:
    return word[:-1] if word.endswith("s") else word


def _acronym_runs(text: str, tokens: Sequence[Token]) -> dict[int, tuple[int, int]]:
    """Short forms written together ("CC BY-SA"), by the index of their first token."""
    runs: dict[int, tuple[int, int]] = {}
    index = 0
    while index < len(tokens):
        if not is_acronym(tokens[index].text):
            index += 1
            continue
        last = index
        while (
            last + 1 < len(tokens)
            and is_acronym(tokens[last + 1].text)
            and text[tokens[last].end : tokens[last + 1].start] in (" ", "-")
        ):
            last += 1
        if last > index:
            runs[index] = (index, last)
        index = last + 1
    return runs


def _run_explained(text: str, start: int, end: int) -> bool:
    in_brackets = text[start - 1 : start] == "(" and text[end : end + 1] == ")"
    if in_brackets and _ACRONYM_EXPLAINED_BEFORE_RE.search(text, max(0, start - 160), start):
        return True
    return _explained_at(text, start, end)


def _easy_read_acronym(token: Token) -> Finding:
    return Finding(
        FindingKind.EASY_READ,
        token.start,
        token.end,
        token.text,
        f"In Easy Read, write the full words instead of short forms like {_quote(token.text)}.",
        None,
        "amber",
    )


def _passive_findings(text: str) -> list[Finding]:
    findings: list[Finding] = []
    for match in _PASSIVE_RE.finditer(text):
        participle = match.group(1).lower()
        if participle in IRREGULAR_PARTICIPLES or (
            len(participle) > 4 and participle.endswith("ed") and participle not in _ADJECTIVE_ED
        ):
            found = match.group()
            findings.append(
                Finding(
                    FindingKind.PASSIVE_VOICE,
                    match.start(),
                    match.end(),
                    found,
                    f"{_quote(found)} may hide who did it. Say who did it, like ‘we decided’ instead of ‘it was decided’.",
                    None,
                    "info",
                )
            )
    return findings
