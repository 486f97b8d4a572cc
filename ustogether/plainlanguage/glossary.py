"""The glossary of jargon, and finding its terms in text.

The shipped glossary is ``data/glossary.json``. Every definition in it was
written for Us Together in plain UK English (reading age about 9). Lists such
as Think Local Act Personal's Jargon Buster are not openly licensed, so none
of their wording is used.

Matching works on token keys (see :mod:`.normalise`): each glossary form
(term or variant) becomes a tuple of keys, stored in a dict by its first key.
Finding terms in a text is one pass over its tokens, trying the longest form
first at each token - so the cost does not grow with one regex per term.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Generic, TypeVar

from .normalise import Token, is_acronym, term_keys, tokenise, word_key

SOURCE_OURS = "written for Us Together"

# Public lists of jargon whose headwords (never their wording) helped choose
# the terms. An entry's ``listed_by`` names the lists its term is on.
PUBLIC_LISTS: dict[str, str] = {
    "LGA": "Local Government Association",
    "TLAP": "Think Local Act Personal",
    "NHS": "NHS jargon busters",
    "NIHR": "National Institute for Health and Care Research",
    "PEC": "Plain English Campaign",
}


class GlossaryError(ValueError):
    """The glossary data breaks a rule (missing fields, the same term twice, ...)."""


@dataclass(frozen=True, slots=True)
class GlossaryEntry:
    """One jargon term with its plain words and a short definition."""

    term: str
    plain: str
    definition: str
    variants: tuple[str, ...] = ()
    topic: str = ""
    source: str = SOURCE_OURS
    listed_by: tuple[str, ...] = ()
    # Only jargon as a verb: "we actioned it", "to evidence our impact", but
    # not "take action" or "the evidence". See used_as_verb().
    verb_only: bool = False

    def forms(self) -> tuple[str, ...]:
        """The term and its variants: every written form that should be found."""
        return (self.term, *self.variants)

    def as_dict(self) -> dict[str, object]:
        """A JSON-friendly copy, for templates and APIs."""
        return {
            "term": self.term,
            "plain": self.plain,
            "definition": self.definition,
            "variants": list(self.variants),
            "topic": self.topic,
            "source": self.source,
            "listed_by": list(self.listed_by),
            "verb_only": self.verb_only,
        }

    def source_note(self) -> str:
        """Where the words come from, for readers: "Written for Us Together"."""
        return self.source[:1].upper() + self.source[1:]

    def lists_note(self) -> str:
        """Which public jargon lists name the term, or "" when none do."""
        names = [PUBLIC_LISTS[key] for key in self.listed_by if key in PUBLIC_LISTS]
        return f"On the jargon lists of: {', '.join(names)}" if names else ""

    @classmethod
    def from_dict(cls, data: dict[str, object]) -> GlossaryEntry:
        """Build an entry from one JSON object of ``glossary.json``."""
        variants = data.get("variants") or []
        if not isinstance(variants, list):
            raise GlossaryError(f"variants of {data.get('term')!r} must be a list")
        listed_by = data.get("listed_by") or []
        if not isinstance(listed_by, list):
            raise GlossaryError(f"listed_by of {data.get('term')!r} must be a list")
        return cls(
            term=str(data.get("term", "")).strip(),
            plain=str(data.get("plain", "")).strip(),
            definition=str(data.get("definition", "")).strip(),
            variants=tuple(str(v).strip() for v in variants),
            topic=str(data.get("topic", "")).strip(),
            source=str(data.get("source", SOURCE_OURS)).strip(),
            listed_by=tuple(str(key).strip() for key in listed_by),
            verb_only=data.get("verb_only") is True,
        )


def validate_entries(entries: Sequence[GlossaryEntry]) -> list[str]:
    """Every problem with a list of entries, as plain sentences (empty when all is well)."""
    problems: list[str] = []
    seen: dict[tuple[str, ...], str] = {}
    for entry in entries:
        name = entry.term or "(an entry with no term)"
        if not entry.term:
            problems.append(f"{name}: has no term.")
        if not entry.plain:
            problems.append(f"{name}: has no plain words.")
        if not entry.definition:
            problems.append(f"{name}: has no definition.")
        elif not entry.definition.endswith((".", "?", "!")):
            problems.append(f"{name}: the definition should end with a full stop.")
        for key in entry.listed_by:
            if key not in PUBLIC_LISTS:
                problems.append(f"{name}: {key!r} is not one of the public lists we name.")
        for form in entry.forms():
            keys = term_keys(form)
            if not keys:
                problems.append(f"{name}: the form {form!r} has no words in it.")
                continue
            other = seen.get(keys)
            if other is not None and other != entry.term:
                problems.append(f"{name}: the form {form!r} is also a form of {other!r}.")
            seen[keys] = entry.term
    return problems


@lru_cache(maxsize=1)
def load_shipped_glossary() -> tuple[GlossaryEntry, ...]:
    """The glossary shipped with Us Together, checked and cached.

    A tuple, so the cached value cannot be changed by a caller.
    """
    raw = (
        resources.files("ustogether.plainlanguage")
        .joinpath("data/glossary.json")
        .read_text("utf-8")
    )
    data = json.loads(raw)
    entries = tuple(GlossaryEntry.from_dict(item) for item in data["entries"])
    problems = validate_entries(entries)
    if problems:
        raise GlossaryError("The shipped glossary has problems: " + " ".join(problems))
    return entries


T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class TermMatch(Generic[T]):
    """A glossary form found in a text: text[start:end] is the words found."""

    start: int
    end: int
    item: T
    first_token: int
    last_token: int
    # True when only the words before a list were matched ("primary" in
    # "primary and secondary care"); see TermMatcher.find().
    split: bool = False


@dataclass(slots=True)
class TermMatcher(Generic[T]):
    """Finds many terms in one pass. Build once, use for many texts."""

    _by_first_key: dict[str, list[tuple[tuple[str, ...], T]]] = field(default_factory=dict)
    # Also find terms split by a list ("primary and secondary care"); see find().
    coordinated: bool = False
    # Also find two words written as one, or one word written as two
    # ("home care" and "homecare", "wraparound" and "wrap-around"); see find().
    compounds: bool = False

    @classmethod
    def build(
        cls,
        items: Iterable[tuple[Iterable[str], T]],
        *,
        coordinated: bool = False,
        compounds: bool = False,
    ) -> TermMatcher[T]:
        """``items`` pairs each payload with the written forms that should find it."""
        matcher: TermMatcher[T] = cls(coordinated=coordinated, compounds=compounds)
        for forms, payload in items:
            for form in forms:
                keys = term_keys(form)
                if not keys:
                    continue
                every = [keys, *closed_up_keys(form, keys)] if compounds else [keys]
                for written in every:
                    matcher._by_first_key.setdefault(written[0], []).append((written, payload))
        for candidates in matcher._by_first_key.values():
            # Longest first, so the first hit at a token is the longest one.
            candidates.sort(key=lambda pair: len(pair[0]), reverse=True)
        return matcher

    def find(self, text: str, tokens: Sequence[Token] | None = None) -> list[TermMatch[T]]:
        """Leftmost-longest matches, not overlapping, in text order.

        With ``coordinated`` set, a term of two or more words is also found
        when other words joined by "and" or "or" sit inside it: "primary and
        secondary care" holds "primary care", and "joined-up, preventative and
        person-centred care" holds "joined-up care". Only the words before the
        gap are the match, so the words inside it can still be found on their own.

        Two terms that share a word ("spot contract vehicle" holds "spot
        contract" and "contract vehicle") are both found: the second as the
        words after the first, marked ``split`` like a term split by a list.
        """
        if tokens is None:
            tokens = tokenise(text)
        by_first = self._by_first_key
        found: list[TermMatch[T]] = []
        count = len(tokens)
        tail: tuple[int, int, T] | None = None  # see _overlapping_tail()
        i = 0
        while i < count:
            token = tokens[i]
            best: tuple[int, T] | None = None
            for key in token.keys:
                for keys, payload in by_first.get(key, ()):
                    length = len(keys)
                    if best is not None and length <= best[0]:
                        break
                    if i + length > count:
                        continue
                    if all(
                        tokens[i + j].joins_previous and keys[j] in tokens[i + j].keys
                        for j in range(1, length)
                    ):
                        best = (length, payload)
                        break
            if self.compounds:
                # Counted in tokens, as ``best`` is: "wrap-around support" is 3 tokens.
                joined = self._joined_at(text, tokens, i)
                if joined is not None and (best is None or joined[0] > best[0]):
                    best = joined
            split = False
            if best is None and self.coordinated:
                best = self._coordinated_at(text, tokens, i)
                split = best is not None
            if best is None and tail is not None and tail[0] == i:
                # The rest of a term that began inside the last match.
                _, last_index, tail_payload = tail
                found.append(
                    TermMatch(
                        token.start, tokens[last_index].end, tail_payload, i, last_index, True
                    )
                )
                tail = None
                i = last_index + 1
                continue
            tail = None
            if best is None:
                i += 1
                continue
            length, payload = best
            last = tokens[i + length - 1]
            found.append(TermMatch(token.start, last.end, payload, i, i + length - 1, split))
            if self.coordinated and length > 1 and not split:
                tail = self._overlapping_tail(tokens, i, length)
            i += length
        return found

    def _overlapping_tail(
        self, tokens: Sequence[Token], i: int, length: int
    ) -> tuple[int, int, T] | None:
        """A longer term that starts inside the match at ``i`` and runs past it.

        "spot contract vehicle" holds "spot contract" and "contract vehicle":
        returns (the first token after the match, the term's last token,
        payload), so the words after the match can be found as part of it.
        """
        count = len(tokens)
        end = i + length  # the first token after the match
        for start in range(i + 1, end):
            for key in tokens[start].keys:
                for keys, payload in self._by_first_key.get(key, ()):
                    size = len(keys)
                    if start + size <= end:
                        break  # sorted longest first: the rest end inside the match
                    if start + size > count:
                        continue
                    if all(
                        tokens[start + j].joins_previous and keys[j] in tokens[start + j].keys
                        for j in range(1, size)
                    ):
                        return end, start + size - 1, payload
        return None

    def _joined_at(self, text: str, tokens: Sequence[Token], i: int) -> tuple[int, T] | None:
        """A term whose first word is written here as two ("wrap-around" for "wraparound").

        Returns (how many tokens, payload), longest first, or None.
        """
        count = len(tokens)
        if i + 1 >= count:
            return None
        first, second = tokens[i], tokens[i + 1]
        gap = text[first.end : second.start]
        if not second.joins_previous or not _may_join(first.text, gap, second.text):
            return None
        merged = word_key(first.text + second.text)
        for keys, payload in self._by_first_key.get(merged, ()):
            length = len(keys)
            if i + length + 1 > count:
                continue
            if all(
                tokens[i + 1 + j].joins_previous and keys[j] in tokens[i + 1 + j].keys
                for j in range(1, length)
            ):
                return length + 1, payload
        return None

    def _coordinated_at(self, text: str, tokens: Sequence[Token], i: int) -> tuple[int, T] | None:
        """A term split by a list joined with "and"/"or", starting at token ``i``.

        Returns (how many tokens before the gap, payload), longest term first.
        """
        count = len(tokens)
        for key in tokens[i].keys:
            for keys, payload in self._by_first_key.get(key, ()):
                length = len(keys)
                if length < 2:
                    break  # sorted longest first: the rest are single words
                for head in range(1, length):
                    after = i + head  # the first token of the gap
                    if after >= count or not all(
                        tokens[i + j].joins_previous and keys[j] in tokens[i + j].keys
                        for j in range(1, head)
                    ):
                        break
                    if _coordinated_tail(text, tokens, after, keys[head:]):
                        return head, payload
        return None


def _coordinated_tail(
    text: str, tokens: Sequence[Token], after: int, tail: tuple[str, ...]
) -> bool:
    """Whether a list joined by "and"/"or" starts at ``after`` and ``tail`` follows it.

    The gap starts with a comma or the joining word and holds at most
    :data:`_MAX_GAP` words, the last of them not the joining word itself.
    """
    count = len(tokens)
    first = tokens[after]
    starts_list = (
        first.text.lower() in _JOINING_WORDS or "," in text[tokens[after - 1].end : first.start]
    )
    if not starts_list or not first.joins_previous:
        return False
    joined = False
    for position in range(after, min(count, after + _MAX_GAP + 1)):
        word = tokens[position]
        if not word.joins_previous:
            return False
        if position > after and joined and tokens[position - 1].text.lower() not in _JOINING_WORDS:
            end = position + len(tail)
            if end <= count and all(
                tokens[position + j].joins_previous and tail[j] in tokens[position + j].keys
                for j in range(len(tail))
            ):
                return True
        if word.text.lower() in _JOINING_WORDS:
            joined = True
    return False


_JOINING_WORDS = frozenset({"and", "or", "&"})
# Two words that may be one word written apart: a space or a hyphen between them.
_COMPOUND_GAPS = frozenset({" ", "-", "‐", "‑"})
# Shorter joined-up words are too often ordinary ("in to", "any one").
_MIN_COMPOUND = 7
_PLAIN_WORD_RE = re.compile(r"[a-z]+", re.IGNORECASE)


# Small words that, after a space, are their own word ("director at" is not "directorate").
def _word_set(spaced: str) -> frozenset[str]:
    """A set of words from one long string, so word lists stay easy to read and edit."""
    return frozenset(spaced.split())


_OWN_WORDS = _word_set(
    """the and for are was can all any not our you who has had its but out per too off how
    why here there where then than that this these those what when with from into onto upon
    also just very been being have some more most much such each were they them their will
    would could should shall may might must does done"""
)


def _plain_word(word: str) -> bool:
    """A word of letters only, not written in capitals (so not a short form)."""
    return _PLAIN_WORD_RE.fullmatch(word) is not None and not is_acronym(word)


def _may_join(first: str, gap: str, second: str) -> bool:
    """Whether two words with ``gap`` between them may be one word written apart.

    A hyphen joins any two plain words; a space only two of three letters or
    more that are not small words of their own (see :data:`_OWN_WORDS`).
    """
    if gap not in _COMPOUND_GAPS or not (_plain_word(first) and _plain_word(second)):
        return False
    if len(first) + len(second) < _MIN_COMPOUND:
        return False
    if gap == " ":
        return (
            min(len(first), len(second)) >= 3
            and first.lower() not in _OWN_WORDS
            and second.lower() not in _OWN_WORDS
        )
    return True


def closed_up_keys(form: str, keys: tuple[str, ...]) -> list[tuple[str, ...]]:
    """The keys of ``form`` with two neighbouring words written as one.

    "home care" gives the key of "homecare"; "wrap around support" gives
    "wraparound support". Words in capitals, numbers and joined prefixes
    ("co-production") are left as they are, and so are short pairs
    (see :data:`_MIN_COMPOUND`).
    """
    tokens = tokenise(form)
    if len(tokens) != len(keys) or len(tokens) < 2:
        return []
    closed: list[tuple[str, ...]] = []
    for j in range(len(tokens) - 1):
        first, second = tokens[j], tokens[j + 1]
        if not _may_join(first.text, form[first.end : second.start], second.text):
            continue
        merged = word_key(first.text + second.text)
        closed.append((*keys[:j], merged, *keys[j + 2 :]))
    return closed


# Words in a list inside a term: "joined-up, preventative and person-centred care" has 4.
_MAX_GAP = 6


def build_glossary_matcher(entries: Iterable[GlossaryEntry]) -> TermMatcher[GlossaryEntry]:
    """A matcher for glossary entries (the term and all its variants)."""
    return TermMatcher.build(
        ((entry.forms(), entry) for entry in entries), coordinated=True, compounds=True
    )


@lru_cache(maxsize=16)
def _cached_matcher(entries: tuple[GlossaryEntry, ...]) -> TermMatcher[GlossaryEntry]:
    return build_glossary_matcher(entries)


# The two caches below are keyed on the extra terms alone, or on nothing: a key
# of all ~400 shipped entries would be hashed, entry by entry, on every call.
@lru_cache(maxsize=1)
def _shipped_matcher() -> TermMatcher[GlossaryEntry]:
    return build_glossary_matcher(load_shipped_glossary())


@lru_cache(maxsize=64)
def _matcher_with_extra(extra: tuple[GlossaryEntry, ...]) -> TermMatcher[GlossaryEntry]:
    extra_terms_lower = {entry.term.lower() for entry in extra}
    combined = (
        tuple(e for e in load_shipped_glossary() if e.term.lower() not in extra_terms_lower) + extra
    )
    return build_glossary_matcher(combined)


def glossary_matcher(
    extra_terms: Iterable[GlossaryEntry] | None = None,
) -> TermMatcher[GlossaryEntry]:
    """The matcher for the shipped glossary plus any extra terms, cached.

    Extra terms come after the shipped ones, so an organisation's own entry
    for a term replaces the shipped one at the same length.
    """
    extra = tuple(extra_terms or ())
    return _matcher_with_extra(extra) if extra else _shipped_matcher()


# Words just before a verb: "we will evidence", "to action", "helps us source".
_BEFORE_A_VERB = _word_set(
    """to will would could can may might must should shall not we they i you us also cannot
    don't doesn't didn't won't can't help helps"""
)


def used_as_verb(tokens: Sequence[Token], match: TermMatch[GlossaryEntry]) -> bool:
    """Whether a one-word match reads as a verb: "-ed" or "-ing", or after "to", "we", "will"..."""
    word = tokens[match.first_token].text.lower()
    if word.endswith(("ed", "ing")):
        return True
    first = tokens[match.first_token]
    if match.first_token == 0 or not first.joins_previous:
        return False
    previous = tokens[match.first_token - 1].text.lower().replace("’", "'")
    return previous in _BEFORE_A_VERB


def find_terms(
    text: str, entries: Iterable[GlossaryEntry] | None = None
) -> list[tuple[int, int, GlossaryEntry]]:
    """Every glossary term in ``text`` as (start, end, entry), for marking up page text.

    Every use is returned, defined or not, so a reader can get help on any of
    them. ``entries`` defaults to the shipped glossary.
    """
    if entries is None:
        matcher = glossary_matcher()
    else:
        entries_tuple = tuple(entries)
        matcher = _cached_matcher(entries_tuple)
    tokens = tokenise(text)
    return [
        (m.start, m.end, m.item)
        for m in matcher.find(text, tokens)
        if not m.item.verb_only or used_as_verb(tokens, m)
    ]
