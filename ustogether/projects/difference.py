"""What changed between two versions of the agreement, section by section, word by word.

The comparing is difflib's (the standard library); this module only cuts the
text into words and says, for each section, what was added and what was taken out.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Literal

# A word with the spaces after it, so joining the pieces gives back the text.
_WORD_RE = re.compile(r"\s*\S+\s*")

PieceKind = Literal["same", "added", "removed"]


@dataclass(frozen=True, slots=True)
class Piece:
    kind: PieceKind
    text: str


@dataclass(frozen=True, slots=True)
class SectionChange:
    name: str
    label: str
    pieces: tuple[Piece, ...]

    @property
    def changed(self) -> bool:
        return any(piece.kind != "same" for piece in self.pieces)

    @property
    def added(self) -> list[str]:
        return [p.text.strip() for p in self.pieces if p.kind == "added" and p.text.strip()]

    @property
    def removed(self) -> list[str]:
        return [p.text.strip() for p in self.pieces if p.kind == "removed" and p.text.strip()]


def _words(text: str) -> list[str]:
    return _WORD_RE.findall(text)


def word_difference(old: str, new: str) -> tuple[Piece, ...]:
    """The new text in pieces: the same as before, added, or taken out (in reading order)."""
    old_words, new_words = _words(old), _words(new)
    # Compare the words without their spaces, so a moved line break is not a change.
    matcher = SequenceMatcher(
        None, [w.strip() for w in old_words], [w.strip() for w in new_words], autojunk=False
    )
    pieces: list[Piece] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            pieces.append(Piece("same", "".join(new_words[j1:j2])))
            continue
        if tag in ("delete", "replace"):
            pieces.append(Piece("removed", "".join(old_words[i1:i2])))
        if tag in ("insert", "replace"):
            pieces.append(Piece("added", "".join(new_words[j1:j2])))
    return tuple(piece for piece in pieces if piece.text)


def section_changes(
    old: Mapping[str, str] | None, new: Mapping[str, str], labels: Mapping[str, str]
) -> list[SectionChange]:
    """For every section in `labels`, the new text marked against the old.

    With no old version (the first agreement), everything is added."""
    return [
        SectionChange(name, label, word_difference((old or {}).get(name, ""), new.get(name, "")))
        for name, label in labels.items()
    ]
