"""Reading the agreement for clauses that give one side the final say or a veto.

"The council has the final say", "final sign-off by the director", "the trust can
veto any change": in co-production people decide as equals, so such a clause is
shown to members, with its sentence, for them to talk about. It is a prompt, not
a rule: members may still agree to it.

A clause is left alone when it shares the decision ("we make the final decision
together") or denies it ("nobody has a veto"). Pure Python, so it is quick to test.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Final, Literal

ClauseKind = Literal["final_say", "veto"]

_FINAL_SAY: Final = re.compile(
    r"\b(?:final|last|ultimate)\s+(?:say|decision|decisions|word|approval|call|sign[- ]?off|authority)"
    r"|\bsign(?:s|ed|ing)?[- ]off\b|\bsign-off\b"
    r"|\b(?:sole|overall)\s+(?:say|decision|authority|responsibility for decisions)"
    r"|\bat\s+(?:the|its|their|his|her)\s+(?:sole\s+)?discretion\b"
    r"|\breserves?\s+the\s+right\b"
    r"|\bdecides?\s+alone\b|\bmakes?\s+(?:all|every)\s+(?:the\s+)?decisions?\b",
    re.IGNORECASE,
)
_VETO: Final = re.compile(
    r"\bveto(?:es|ed|ing)?\b|\bover(?:rule|ride)[sd]?\b|\boverridden\b|\bovert?ruling\b"
    r"|\b(?:can|may|will)\s+(?:block|reject|refuse)\b|\bright\s+to\s+(?:block|reject|refuse)\b"
    r"|\bcasting\s+vote\b",
    re.IGNORECASE,
)
# Words that share the decision: anywhere in the same part of the sentence...
_SHARED: Final = re.compile(r"\b(?:together|jointly|as\s+equals|by\s+consensus)\b", re.IGNORECASE)
# ...or, for who decides, before the words: "the group has the final say", but
# not "staff may overrule the group".
_SHARED_SUBJECT: Final = re.compile(
    r"\b(?:we|us|all\s+of\s+us|everyone|everybody|every\s+member|all\s+members|members"
    r"|the\s+whole\s+group|the\s+group)\b",
    re.IGNORECASE,
)
# A denial just before the words: "nobody has a veto", "no one can overrule".
_DENIED_BEFORE: Final = re.compile(
    r"\b(?:no|not|never|nobody|none|neither|no-one|no\s+one|cannot|can't|won't|without)\b"
    r"(?:\W+\w+){0,4}\W*$",
    re.IGNORECASE,
)
_SENTENCE_RE: Final = re.compile(r"[^.!?\n]+(?:[.!?]+|$)")
_PART_SPLIT: Final = re.compile(r"[,;:]|\s[-–]\s|\b(?:but|unless|if|when)\b", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Clause:
    kind: ClauseKind
    sentence: str


def _part_around(sentence: str, start: int, end: int) -> tuple[str, str]:
    """The part of the sentence (between commas and joining words) holding the match,
    as the words before it and the whole part."""
    cuts = [0, *(m.end() for m in _PART_SPLIT.finditer(sentence)), len(sentence)]
    part_start = max(c for c in cuts if c <= start)
    later = [m.start() for m in _PART_SPLIT.finditer(sentence) if m.start() >= end]
    part_end = min(later) if later else len(sentence)
    return sentence[part_start:start], sentence[part_start:part_end]


def _applies(sentence: str, match: re.Match[str]) -> bool:
    before, part = _part_around(sentence, match.start(), match.end())
    return not (
        _SHARED.search(part) or _SHARED_SUBJECT.search(before) or _DENIED_BEFORE.search(before)
    )


def find_power_clauses(text: str) -> list[Clause]:
    """Each sentence of `text` that gives one side the final say or a veto."""
    return list(_power_clauses(text))


# The members page and the project page check the same agreement on every visit, and
# reading its six sections cost a fiftieth of a plain page: keep the last answers
# (the key is the text itself, so a changed agreement is a new key).
@lru_cache(maxsize=512)
def _power_clauses(text: str) -> tuple[Clause, ...]:
    found: list[Clause] = []
    for sentence_match in _SENTENCE_RE.finditer(text):
        sentence = sentence_match.group().strip()
        if not sentence:
            continue
        for kind, pattern in (("veto", _VETO), ("final_say", _FINAL_SAY)):
            if any(_applies(sentence, m) for m in pattern.finditer(sentence)):
                found.append(Clause(kind, sentence))  # type: ignore[arg-type]
                break
    return tuple(found)
