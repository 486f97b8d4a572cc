"""The jargon measure: real sentences, a fixed split, and figures that must not fall."""

from __future__ import annotations

import hashlib
from collections import Counter

import pytest

from ustogether.plainlanguage.checker import FindingKind
from ustogether.plainlanguage.measure import (
    MeasureSentence,
    load_measure,
    parse_marked,
    score,
    score_part,
)

# The held-out part, fixed when the measure was made and before the glossary
# was tuned. Changing which sentences are held out would make the figures
# below meaningless, so this fingerprint must never be updated to pass.
HELDOUT_FINGERPRINT = "aa57f3e3a518636b52b300ee61c773b9161bc8901f3b4ab60aac44fc081cda8b"

# What the checker reached on the held-out part (see bench/plainlanguage_measure.py).
# Before the glossary grew: recall 0.369, false positives 0.030 (398 terms).
# After it grew from public lists: recall 0.758, false positives 0.030 (884 terms).
# Then "actioned" went (it also found every "action" on our own pages): 0.755, 883 terms.
# Then better matching (terms split by a list, numbers, "&", possessive short
# forms, names of plans and schemes) and 323 more terms: 0.758, 1206 terms.
# The tune part went from 0.840 to 0.902 over the same steps; see
# docs/jargon-measure.md for why the held-out part barely moved.
# Third round: one word written as two (and two as one) found, and 557 more
# terms chosen from the public lists and the kinds of language the tune misses
# showed, without reading the held-out part: 0.785 (234 of 298), false
# positives still 0.030, 1763 terms; the tune part 0.922.
# Fourth round: formal words from the Plain English Campaign's A to Z, verbs
# made from nouns ("actioned"), made-up compounds ("trust-wide"), long
# "-isation" words, two terms sharing a word, more names of teams and
# schemes; held-out read once, at the end: 0.799 (238 of 298), false
# positives still 0.030, 2185 terms; the tune part 0.958 (294 of 307).
# Fifth round: a check that reads the words around a term (context.py), 17
# more terms, 199 jargon and 74 plain tune sentences; held-out read once: 0.805
# (240 of 298), false positives still 0.030, 2202 terms.
RECALL_FLOOR = 0.805
FALSE_POSITIVE_CEILING = 0.031
# The tune part may be looked at, so its floor guards the work done on it.
# Fifth round: a check that reads the words around a term (context.py) took
# the tune part as it was from 0.958 to 0.993 (305 of 307), no plain sentence
# flagged.
TUNE_RECALL_FLOOR = 0.99
TUNE_FALSE_POSITIVE_CEILING = 0.0
# Sentences added to the tune part in the fifth round (sources "round5_..."),
# written in the style of the sources by the person tuning the checker, and
# plain sentences with everyday words the checker must leave alone ("your
# partner", "a grant to help pay", "a scale of 0 to 10"). Kept apart so the
# first tune part's figure stays comparable with earlier rounds.
ADDED_SOURCE_PREFIX = "round5_"
ADDED_TUNE_RECALL_FLOOR = 0.815
ADDED_TUNE_FALSE_POSITIVE_CEILING = 0.0


def test_the_measure_has_enough_real_sentences_each_with_a_known_source() -> None:
    measure = load_measure()
    assert len(measure.jargon) >= 200
    assert len(measure.plain) >= 100
    for sentence in measure.jargon + measure.plain:
        assert sentence.source in measure.sources, sentence.id
    for source in measure.sources.values():
        assert source.kind in {"council", "NHS", "research", "charity"}, source.key
        assert source.title, source.key
    kinds = Counter(measure.sources[s.source].kind for s in measure.jargon)
    assert kinds["council"] >= 50 and kinds["NHS"] >= 50 and kinds["charity"] >= 30


def test_every_jargon_sentence_marks_some_jargon_and_no_plain_sentence_does() -> None:
    measure = load_measure()
    assert all(s.spans for s in measure.jargon)
    assert not any(s.spans for s in measure.plain)
    texts = [s.text for s in measure.jargon + measure.plain]
    assert len(texts) == len(set(texts)), "a sentence is in the measure twice"
    ids = [s.id for s in measure.jargon + measure.plain]
    assert len(ids) == len(set(ids))


def test_the_held_out_part_is_the_one_fixed_before_tuning() -> None:
    measure = load_measure()
    heldout = sorted(s.id for s in measure.jargon + measure.plain if s.split == "heldout")
    assert hashlib.sha256(" ".join(heldout).encode()).hexdigest() == HELDOUT_FINGERPRINT
    jargon, plain = measure.part("heldout")
    assert len(jargon) >= 100 and len(plain) >= 50


def test_marks_are_removed_and_their_places_kept() -> None:
    text, spans = parse_marked("The [TOM] went live in each [locality team].")
    assert text == "The TOM went live in each locality team."
    assert [text[s:e] for s, e in spans] == ["TOM", "locality team"]
    with pytest.raises(ValueError):
        parse_marked("An [unclosed mark.")


def test_scoring_counts_found_and_missed_words_and_flagged_plain_sentences() -> None:
    jargon_text, spans = parse_marked("We [commissioned] a [blorp] service.")
    plain_text, _ = parse_marked("We met at the library.")
    flagged_text, _ = parse_marked("We met the MDT.")
    result = score(
        [MeasureSentence("j1", "x", "tune", jargon_text, spans)],
        [
            MeasureSentence("p1", "x", "tune", plain_text, ()),
            MeasureSentence("p2", "x", "tune", flagged_text, ()),
        ],
    )
    assert (result.found, result.spans) == (1, 2)
    assert result.missed == [("j1", "blorp")]
    assert (result.plain_flagged, result.plain_sentences) == (1, 2)
    assert result.false_positives == [("p2", "MDT")]
    assert result.precision == 1.0


def test_held_out_recall_and_false_positives_do_not_fall_below_what_was_reached() -> None:
    heldout = score_part("heldout")
    # Only the figures, never the held-out sentences or misses: whoever reads
    # a failure here must not be nudged into tuning on the held-out part.
    recall, false_positives = heldout.recall, heldout.false_positive_rate
    assert recall >= RECALL_FLOOR, f"held-out recall fell to {recall:.3f}"
    assert false_positives <= FALSE_POSITIVE_CEILING, (
        f"held-out plain false-positive rate rose to {false_positives:.3f}"
    )


def _tune_sentences(*, added: bool) -> tuple[list[MeasureSentence], list[MeasureSentence]]:
    jargon, plain = load_measure().part("tune")
    return (
        [s for s in jargon if s.source.startswith(ADDED_SOURCE_PREFIX) is added],
        [s for s in plain if s.source.startswith(ADDED_SOURCE_PREFIX) is added],
    )


def test_tune_recall_and_false_positives_do_not_fall_below_what_was_reached() -> None:
    tune = score(*_tune_sentences(added=False))
    assert tune.spans == 307 and tune.plain_sentences == 65  # the tune part as first split
    assert tune.recall >= TUNE_RECALL_FLOOR, tune.missed
    assert tune.false_positive_rate <= TUNE_FALSE_POSITIVE_CEILING, tune.false_positives


def test_sentences_added_to_the_tune_part_keep_their_figures() -> None:
    added = score(*_tune_sentences(added=True))
    assert added.spans >= 300 and added.plain_sentences >= 60
    assert added.recall >= ADDED_TUNE_RECALL_FLOOR, added.missed
    assert added.false_positive_rate <= ADDED_TUNE_FALSE_POSITIVE_CEILING, added.false_positives


def test_added_sentences_are_all_in_the_tune_part() -> None:
    measure = load_measure()
    for sentence in measure.jargon + measure.plain:
        if sentence.source.startswith(ADDED_SOURCE_PREFIX):
            assert sentence.split == "tune", sentence.id


def test_glossary_findings_alone_are_most_of_what_is_found() -> None:
    # The glossary, not the acronym rule, must carry recall.
    everything = score_part("heldout")
    glossary = score_part("heldout", kinds={FindingKind.JARGON})
    assert glossary.found >= 0.8 * everything.found
