"""Turn words into match keys, so one glossary term finds all its forms.

A *key* is what is left of a word after:

* lower-casing, and dropping a possessive ("carer's", "carers'");
* a light stemmer that strips plural and verb endings ("-s", "-es", "-ies",
  "-ed", "-ing"), drops a final "e" and a doubled final letter, and turns a
  final "y" into "i" - so commission, commissions, commissioned and
  commissioning all give "commission"; a short table turns past forms that
  do not end in "-ed" ("overseen", "underspent") into their verb first;
* folding UK and US spellings together (-ise/-ize, -our/-or, ae/e, oe/e,
  -tre/-ter, -ogue/-og, licence/license, programme/program, ...).

The key is never shown to anyone, so it does not need to be a real word; it
only needs to be the same for the forms of one word and different for
unrelated words. Glossary terms and page text go through the same function.

Acronyms are different: "PIP" (a benefit) must not match "pip" (a seed), so
a token written in capitals gets the key ``"ACR:PIP"`` as well as its
ordinary key, and a glossary variant written in capitals only has the
``ACR:`` key. See :func:`token_keys`.

Hyphens count as spaces ("multi-disciplinary" is two tokens), and a few
prefixes ("co", "multi", "non", "re", ...) are joined to the next word so
that "co-production", "co production" and "coproduction" all give the same
single key. See :func:`tokenise`.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Final, NamedTuple

# Words, with inner apostrophes ("carer's", "don't") and "A&E"-style tokens.
# A lone "&" between spaces is a word too, read as "and" ("Task & Finish group").
WORD_RE: Final = re.compile(r"[^\W_]+&[^\W_]+|[^\W_]+(?:['’][^\W_]+)*|(?<!\S)&(?!\S)")

# What may sit between two words of one glossary term: spaces (one line
# break at most), a hyphen or dash, or a comma ("Education, Health and Care
# Plan"), after an optional apostrophe ("carers' assessment"). Anything
# else - a full stop, a bracket - ends the term.
_GAP_OK: Final = re.compile(
    r"['’]?(?:[ \t\u00a0]*\n?[ \t\u00a0]*(?:[-‐‑–][ \t\u00a0]*)?|,[ \t\u00a0]*\n?[ \t\u00a0]*)"
)

# Prefixes joined to the next word when written with a hyphen or a space.
JOIN_WITH_SPACE: Final = frozenset({"co", "multi", "non", "pre", "inter", "anti", "sub"})
JOIN_WITH_HYPHEN: Final = JOIN_WITH_SPACE | frozenset({"re", "post", "neuro", "tele", "cross"})

# The key every whole number has as well as its own, and what "#" in a
# glossary form stands for (see term_keys).
NUMBER_KEY: Final = "#"
_NUMBER_SLOT: Final = "9876543210"

ACRONYM_RE: Final = re.compile(r"^[A-Z][A-Z&]*[A-Z]s?$")

# Whole-stem spelling pairs that the rules below would not catch.
_STEM_SPELLINGS: Final = {
    "licenc": "licens",
    "defenc": "defens",
    "offenc": "offens",
    "practis": "practic",
    "programm": "program",
    "judgement": "judgment",
    "catalogu": "catalog",
    "dialogu": "dialog",
}

# Past forms of verbs that do not end in "-ed", so "overseen" meets "oversee"
# and "underspent" meets "underspend". Only verbs that glossary terms use, and
# no form that is also a common word of its own ("led", "spent", "took").
_IRREGULAR_FORMS: Final = {
    "undertaken": "undertake",
    "undertook": "undertake",
    "overseen": "oversee",
    "oversaw": "oversee",
    "overspent": "overspend",
    "underspent": "underspend",
    "withdrawn": "withdraw",
    "withdrew": "withdraw",
    "foreseen": "foresee",
    "foresaw": "foresee",
    "upheld": "uphold",
    "arisen": "arise",
    "arose": "arise",
    "undergone": "undergo",
    "underwent": "undergo",
    "drawn": "draw",
    "sought": "seek",
    "forgone": "forgo",
}

_RULES: Final[tuple[tuple[re.Pattern[str], str], ...]] = (
    (re.compile(r"iz"), "is"),
    (re.compile(r"yz"), "ys"),
    (re.compile(r"(?<=.)(?<=..)our(?=[^aeiouy]|$)"), "or"),
    (re.compile(r"(?<=[a-z])ae|^ae(?=[^r])"), "e"),
    (re.compile(r"oe(?=[dst][a-z]{2})"), "e"),
    (re.compile(r"oe(?=[au])"), "e"),
    (re.compile(r"ogue$"), "og"),
)


def _spelling(stem: str) -> str:
    if len(stem) < 5:
        return stem
    for pattern, replacement in _RULES:
        stem = pattern.sub(replacement, stem)
    return stem


@lru_cache(maxsize=131072)
def word_key(word: str) -> str:
    """The match key of one word (see the module docstring)."""
    w = word.lower().replace("’", "'")
    if w.endswith("'s"):
        w = w[:-2]
    w = w.replace("'", "")
    w = _IRREGULAR_FORMS.get(w, w)
    if len(w) <= 3:
        return w
    # Inflections. Only strip when a real stem (3+ letters, with a vowel) is left.
    if w.endswith(("ies", "ied")) and len(w) > 4:
        w = w[:-3] + "i"
    elif w.endswith("ing") and len(w) > 5 and re.search(r"[aeiouy]", w[:-3]):
        w = w[:-3]
    elif w.endswith("ed") and len(w) > 4 and re.search(r"[aeiouy]", w[:-2]):
        w = w[:-2]
    elif w.endswith("s") and not w.endswith(("ss", "us", "is")):
        w = w[:-1]
    w = _spelling(w)
    if w.endswith("e") and len(w) > 3:
        w = w[:-1]
    # "centre"/"center" and "centred"/"centered" meet at "center".
    if len(w) > 4 and w.endswith("tr") and w[-3] not in "aeiou":
        w = w[:-2] + "ter"
    # Short stems keep their "y", as "day" does above, so "days" meets "day".
    if w.endswith("y") and len(w) > 3:
        w = w[:-1] + "i"
    if len(w) > 3 and w[-1] == w[-2]:
        w = w[:-1]
    return _STEM_SPELLINGS.get(w, w)


def acronym_key(word: str) -> str:
    """The key of a word written in capitals ("MDTs" -> "ACR:MDT")."""
    if word.endswith("s") and word[:-1].isupper():
        word = word[:-1]
    return "ACR:" + word.upper()


def is_acronym(word: str) -> bool:
    """True for words in capitals of 2+ letters, with an optional plural "s" (CCG, CCGs, A&E)."""
    # Most words fail the cheap test, which keeps long texts fast.
    return word[:2].isupper() and ACRONYM_RE.match(word) is not None


class Token(NamedTuple):
    """One word (or joined prefix + word) of a text, with its place in the text.

    A named tuple rather than a frozen dataclass: a long text makes tens of
    thousands of these, and a tuple is several times quicker to build.
    """

    start: int
    end: int
    text: str
    keys: tuple[str, ...]
    # False when punctuation other than a space, hyphen or comma separates
    # this token from the one before; a multi-word term cannot span that gap.
    joins_previous: bool


@lru_cache(maxsize=131072)
def token_keys(raw: str) -> tuple[str, ...]:
    """All keys a word in running text can match under."""
    if is_acronym(raw):
        return (acronym_key(raw), word_key(raw))
    if raw == "&":
        return ("and",)
    # "the ICB's plan": a short form with a possessive is still the short form.
    if raw.endswith(("'s", "’s")) and is_acronym(raw[:-2]):
        return (acronym_key(raw[:-2]), word_key(raw))
    if raw.isdigit():
        return (raw, NUMBER_KEY)
    return (word_key(raw),)


def tokenise(text: str) -> list[Token]:
    """Split text into tokens for term matching, joining prefix words (co-production)."""
    tokens: list[Token] = []
    previous_end = 0
    pending: tuple[int, str, bool] | None = None  # (start, lowered prefix, joins_previous)
    for match in WORD_RE.finditer(text):
        raw = match.group()
        start, end = match.span()
        gap = text[previous_end:start]
        joins = bool(tokens or pending) and (gap == " " or _GAP_OK.fullmatch(gap) is not None)
        previous_end = end
        # Every prefix has 5 letters or fewer; skip lower() for longer words.
        lowered = raw.lower() if pending is not None or len(raw) <= 5 else ""
        if pending is not None:
            p_start, prefix, p_joins = pending
            pending = None
            joinable = gap in ("-", "‐", "‑") or (gap == " " and prefix in JOIN_WITH_SPACE)
            if joinable:
                joined = prefix + lowered
                tokens.append(Token(p_start, end, text[p_start:end], (word_key(joined),), p_joins))
                continue
            tokens.append(
                Token(
                    p_start,
                    start - len(gap),
                    text[p_start : start - len(gap)],
                    (word_key(prefix),),
                    p_joins,
                )
            )
        if lowered in JOIN_WITH_HYPHEN and not raw.isupper():
            following = text[end : end + 1]
            if following in ("-", "‐", "‑") or (following == " " and lowered in JOIN_WITH_SPACE):
                pending = (start, lowered, joins)
                continue
        tokens.append(Token(start, end, raw, token_keys(raw), joins))
    if pending is not None:
        p_start, prefix, p_joins = pending
        p_end = p_start + len(prefix)
        tokens.append(Token(p_start, p_end, text[p_start:p_end], (word_key(prefix),), p_joins))
    return tokens


def term_keys(term: str) -> tuple[str, ...]:
    """The key sequence of a glossary term or variant, as written in the glossary.

    Words in capitals in a glossary term are acronyms and match only words in
    capitals; every other word matches in any case. A "#" matches any whole
    number, so "lot #" finds "Lot 5" and "#-week wait" finds "52-week waits".
    """
    keys: list[str] = []
    for token in tokenise(term.replace("#", _NUMBER_SLOT)):
        if token.text == _NUMBER_SLOT:
            keys.append(NUMBER_KEY)
        elif is_acronym(token.text):
            keys.append(acronym_key(token.text))
        elif token.text.isdigit():
            keys.append(token.text)
        else:
            keys.append(token.keys[-1])
    return tuple(keys)
