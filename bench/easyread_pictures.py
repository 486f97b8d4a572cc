"""Benchmark the Easy Read picture search: how often it suggests a good picture, and how fast.

Run from the repository root, after `make assets`:

    .venv/bin/python bench/easyread_pictures.py

Prints one JSON line per figure:

* plainlanguage.easyread_picture_top5_heldout - share of the held-out sentences
  (data/easy_read_pictures_holdout.tsv, never used for tuning) with a picture
  a person chose as good among the first five suggestions;
* plainlanguage.easyread_picture_top5_heldout_words_only - the same for the
  word search alone (the search before the meaning model, and its fallback);
* plainlanguage.easyread_picture_top1_heldout(_words_only) - the first suggestion is good;
* plainlanguage.easyread_picture_top5_tuning - the same on the tuning sentences;
* plainlanguage.picture_model_load_ms - loading the word-vector model from its package
  (and _cpu_ms, the same in CPU time, steadier on a busy machine);
* plainlanguage.picture_vectors_build_ms - making every picture's vectors, as `make assets` does;
* plainlanguage.picture_search_sentence_ms - median time to search with a new
  sentence (its words not seen before), as when a point's picture page opens.
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import time
import warnings
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ustogether.settings")
warnings.filterwarnings("ignore", message="No directory at")

import django  # noqa: E402

django.setup()

from ustogether.plainlanguage import picture_meaning  # noqa: E402
from ustogether.plainlanguage import pictures as picture_set  # noqa: E402

HELD_OUT = "easy_read_pictures_holdout.tsv"


def emit(name: str, value: float, unit: str, runs: int, stat: str) -> None:
    print(
        json.dumps(
            {"name": name, "value": round(value, 2), "unit": unit, "runs": runs, "stat": stat}
        )
    )


def main() -> None:
    started, cpu = time.perf_counter(), time.process_time()
    model = picture_meaning.load_model()
    if model is None:
        sys.exit("The wordllama package is not installed: run `make install`.")
    wall_ms = (time.perf_counter() - started) * 1000
    emit("plainlanguage.picture_model_load_ms", wall_ms, "ms", 1, "single")
    cpu_ms = (time.process_time() - cpu) * 1000
    emit("plainlanguage.picture_model_load_cpu_ms", cpu_ms, "ms", 1, "single")

    pictures = picture_set.load_pictures()
    entries = [
        {
            "hexcode": p.hexcode,
            "annotation": p.name,
            "tags": ", ".join(p.tags),
            "openmoji_tags": ", ".join(p.openmoji_tags),
        }
        for p in pictures
    ]
    started = time.perf_counter()
    picture_meaning.build_vectors(model, entries)
    emit(
        "plainlanguage.picture_vectors_build_ms",
        (time.perf_counter() - started) * 1000,
        "ms",
        1,
        "single",
    )

    held_out = picture_set.read_picture_sentences(HELD_OUT)
    tuning = picture_set.read_picture_sentences()
    by_meaning = picture_set.score_search(held_out)
    by_words = picture_set.score_search(held_out, picture_set.search_by_words_alone)
    on_tuning = picture_set.score_search(tuning)
    count = f"share of {len(held_out)} sentences"
    emit("plainlanguage.easyread_picture_top5_heldout", by_meaning.top5_share * 100, "%", 1, count)
    emit(
        "plainlanguage.easyread_picture_top5_heldout_words_only",
        by_words.top5_share * 100,
        "%",
        1,
        count,
    )
    emit("plainlanguage.easyread_picture_top1_heldout", by_meaning.top1_share * 100, "%", 1, count)
    emit(
        "plainlanguage.easyread_picture_top1_heldout_words_only",
        by_words.top1_share * 100,
        "%",
        1,
        count,
    )
    emit(
        "plainlanguage.easyread_picture_top5_tuning",
        on_tuning.top5_share * 100,
        "%",
        1,
        f"share of {len(tuning)} sentences",
    )

    times = []
    for sentence in [*held_out, *tuning]:
        picture_set._word_scores.cache_clear()  # as if these words were new
        started = time.perf_counter()
        picture_set.search_pictures(sentence.text)
        times.append((time.perf_counter() - started) * 1000)
    emit(
        "plainlanguage.picture_search_sentence_ms",
        statistics.median(times),
        "ms",
        len(times),
        "median",
    )


if __name__ == "__main__":
    main()
