"""Benchmark the plain-language checker.

Run from the repository root:

    .venv/bin/python bench/plainlanguage_check.py

Prints one JSON line per figure:

* plainlanguage.cmudict_load_ms - loading the syllable dictionary (once per process);
* plainlanguage.check_10k_words_ms - median time to check a 10,000-word document, warm;
* plainlanguage.check_10k_words_cpu_ms - the same in CPU time, steadier on a busy machine;
* plainlanguage.check_10k_words_easy_read_ms - the same with Easy Read checks on;
* plainlanguage.check_100_words_ms - median time for a short text, as typed into a form.
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from ustogether.plainlanguage import syllables
from ustogether.plainlanguage.checker import check
from ustogether.plainlanguage.samples import realistic_document

RUNS = 20


def emit(name: str, value: float, unit: str, runs: int, stat: str) -> None:
    """Print one figure as one JSON line."""
    print(
        json.dumps(
            {"name": name, "value": round(value, 2), "unit": unit, "runs": runs, "stat": stat}
        )
    )


def median_ms(text: str, runs: int, *, easy_read: bool = False, cpu: bool = False) -> float:
    """Median wall (or CPU) time of ``check(text)`` over ``runs`` runs, in milliseconds."""
    clock = time.process_time if cpu else time.perf_counter
    times = []
    for _ in range(runs):
        started = clock()
        check(text, easy_read=easy_read)
        times.append((clock() - started) * 1000)
    return statistics.median(times)


def main() -> None:
    """Measure and print every figure."""
    started = time.perf_counter()
    syllables.load_dictionary()
    emit("plainlanguage.cmudict_load_ms", (time.perf_counter() - started) * 1000, "ms", 1, "single")

    document = realistic_document(10_000)
    short = realistic_document(100, seed=7)
    # Warm up: glossary load, matcher build and word caches are one-off costs.
    check(document)
    check(document, easy_read=True)
    check(short)
    emit("plainlanguage.check_10k_words_ms", median_ms(document, RUNS), "ms", RUNS, "median")
    cpu = median_ms(document, RUNS, cpu=True)
    emit("plainlanguage.check_10k_words_cpu_ms", cpu, "ms", RUNS, "median")
    emit(
        "plainlanguage.check_10k_words_easy_read_ms",
        median_ms(document, RUNS, easy_read=True),
        "ms",
        RUNS,
        "median",
    )
    emit("plainlanguage.check_100_words_ms", median_ms(short, RUNS * 5), "ms", RUNS * 5, "median")


if __name__ == "__main__":
    main()
