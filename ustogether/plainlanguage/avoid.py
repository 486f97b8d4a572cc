"""Words to avoid: vague or puffed-up words, with plain advice.

The list of words comes from the GOV.UK style guide, "Words to avoid".
Contains public sector information licensed under the Open Government
Licence v3.0. The advice and suggestions were written for Us Together.

Some words are fine in some uses: an agenda for a meeting, a foster carer,
a door key, "an impact" (a noun). Each entry can say:

* ``verb_only`` - only flag it when it looks like a verb: it ends in
  "-ed" or "-ing", or comes after a word like "to", "will", "we" or "it";
* ``adjective_only`` - only flag it when it describes the next word
  ("key issues") or follows "is"/"are" ("this is key");
* ``unless_sentence_has`` - do not flag it when the sentence has one of
  these words (a meeting agenda, a foster carer, tackling in rugby).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

ATTRIBUTION = "Contains public sector information licensed under the Open Government Licence v3.0."
SOURCE = "GOV.UK style guide, ‘Words to avoid’"


@dataclass(frozen=True, slots=True)
class AvoidEntry:
    """One word to avoid, with what to say instead."""

    word: str
    suggestion: str
    advice: str
    variants: tuple[str, ...] = ()
    verb_only: bool = False
    adjective_only: bool = False
    unless_sentence_has: frozenset[str] = frozenset()

    def forms(self) -> tuple[str, ...]:
        """The word and its other forms."""
        return (self.word, *self.variants)


@lru_cache(maxsize=1)
def load_words_to_avoid() -> tuple[AvoidEntry, ...]:
    """The shipped list of words to avoid, cached."""
    raw = (
        resources.files("ustogether.plainlanguage")
        .joinpath("data/words_to_avoid.json")
        .read_text("utf-8")
    )
    data = json.loads(raw)
    return tuple(
        AvoidEntry(
            word=item["word"],
            suggestion=item["suggestion"],
            advice=item["advice"],
            variants=tuple(item.get("variants", ())),
            verb_only=bool(item.get("verb_only", False)),
            adjective_only=bool(item.get("adjective_only", False)),
            unless_sentence_has=frozenset(
                word.lower() for word in item.get("unless_sentence_has", ())
            ),
        )
        for item in data["entries"]
    )
