"""The Easy Read picture search by meaning: the model, the pictures' vectors, and how well it does.

The figures here are the floor the search has reached on hand-written
sentences (data/easy_read_pictures*.tsv); `make bench` prints them.
"""

from __future__ import annotations

import json
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from ustogether.plainlanguage import picture_meaning
from ustogether.plainlanguage import pictures as picture_set

HELD_OUT = "easy_read_pictures_holdout.tsv"
# Sentences (of 30 held out, and of 75 for tuning) with a good picture among
# the first five. The word search alone reached 21 and 62.
HELD_OUT_TOP5_FLOOR = 25
TUNING_TOP5_FLOOR = 70


@pytest.fixture
def fresh_caches() -> Iterator[None]:
    forget_model = picture_meaning.load_model.cache_clear  # before any test replaces it
    picture_set.clear_caches()
    forget_model()
    yield
    picture_set.clear_caches()
    forget_model()


def test_the_sentence_sets_are_big_enough_separate_and_name_shipped_pictures() -> None:
    tuning = picture_set.read_picture_sentences()
    held_out = picture_set.read_picture_sentences(HELD_OUT)
    assert len(tuning) + len(held_out) >= 50
    assert len(held_out) >= 25
    assert not {s.text for s in tuning} & {s.text for s in held_out}
    shipped = {p.name for p in picture_set.load_pictures()}
    for sentence in [*tuning, *held_out]:
        assert sentence.good, sentence.text
        assert sentence.good <= shipped, sentence.good - shipped


def test_held_out_sentences_get_a_good_picture_in_the_top_five() -> None:
    held_out = picture_set.read_picture_sentences(HELD_OUT)
    by_meaning = picture_set.score_search(held_out)
    by_words = picture_set.score_search(held_out, picture_set.search_by_words_alone)
    assert by_meaning.top5 >= HELD_OUT_TOP5_FLOOR, by_meaning
    assert by_meaning.top5 > by_words.top5


def test_tuning_sentences_keep_their_figure() -> None:
    score = picture_set.score_search(picture_set.read_picture_sentences())
    assert score.top5 >= TUNING_TOP5_FLOOR, score


def test_a_whole_sentence_finds_pictures_that_fit_it() -> None:
    # The sentence that found a cityscape at dusk, a sunset, a new moon and a
    # medal with the word search alone.
    sentence = "We want to find new places to go in the day."
    names = [p.name for p in picture_set.search_pictures(sentence)[:5]]
    assert {"world map", "round pushpin"} & set(names), names
    alone = [p.name for p in picture_set.search_by_words_alone(sentence)[:5]]
    assert not {"world map", "round pushpin"} & set(alone), alone


def test_a_word_the_word_lists_do_not_know_is_found_by_meaning() -> None:
    # "prescription" is in no picture's name or keywords, nor in the synonym list.
    assert picture_set.search_by_words_alone("Your prescription") == []
    names = [p.name for p in picture_set.search_pictures("Your prescription")[:3]]
    assert {"pill", "pills", "medication"} & set(names), names


def test_made_up_words_still_find_nothing() -> None:
    assert picture_set.search_pictures("zzqx blorp") == []
    assert picture_set.search_pictures("the and of") == []


@pytest.mark.usefixtures("fresh_caches")
def test_the_model_loads_from_its_package_without_the_network(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def no_network(*args: Any, **kwargs: Any) -> None:
        raise OSError("no network in this test")

    monkeypatch.setattr(socket.socket, "connect", no_network)
    monkeypatch.setattr(socket, "create_connection", no_network)
    model = picture_meaning.load_model()
    assert model is not None
    vectors = picture_meaning.embed(model, ["doctor", "nurse", "banana"])
    assert vectors.shape == (3, 256)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-3)
    assert vectors[0] @ vectors[1] > vectors[0] @ vectors[2]  # closer in meaning


@pytest.mark.usefixtures("fresh_caches")
def test_without_the_model_the_word_search_still_works(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(picture_meaning, "load_model", lambda: None)
    found = picture_set.search_pictures("doctor")
    assert found == picture_set.search_by_words_alone("doctor")
    assert "health worker" in [p.name for p in found[:5]]


def test_built_vectors_are_read_only_for_the_same_pictures_and_model(tmp_path: Path) -> None:
    entries = [
        {"hexcode": "1F68C", "annotation": "bus", "tags": "bus, vehicle", "openmoji_tags": ""},
        {"hexcode": "1FA7A", "annotation": "stethoscope", "tags": "doctor, heart, medicine"},
    ]
    index = tmp_path / "index.json"
    index.write_text(json.dumps({"pictures": entries}), encoding="utf-8")
    out = tmp_path / "vectors.npz"
    assert picture_meaning.main(["picture_meaning", str(index), str(out)]) == 0
    saved = picture_meaning.read_vectors(out, ["1F68C", "1FA7A"])
    assert saved is not None
    assert saved.whole.shape == (2, 256)
    assert list(saved.pair_start) == [0, 2]  # "bus" once (name and tag), "vehicle"
    assert len(saved.terms) == 6
    assert picture_meaning.read_vectors(out, ["1FA7A", "1F68C"]) is None  # other pictures
    assert picture_meaning.read_vectors(tmp_path / "missing.npz", ["1F68C", "1FA7A"]) is None


def test_the_built_vectors_file_matches_the_shipped_pictures() -> None:
    path = picture_set._built_vectors_path()
    if not path.exists():
        pytest.skip("The assets are not built: run `make assets`.")
    hexcodes = [p.hexcode for p in picture_set.load_pictures()]
    assert picture_meaning.read_vectors(path, hexcodes) is not None
