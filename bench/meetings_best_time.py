"""Benchmark choosing the best time from a date poll: 500 people, 200 candidate times.

Run from the repository root:

    .venv/bin/python bench/meetings_best_time.py

The data generator below makes a poll like a real one, only bigger: each person
has days and times of day that suit them (carers often cannot do school-run
hours, some people cannot do mornings), so answers are yes / if need be / no in
patterns, not at random. Every person answers every time: 100,000 answers.

Prints one JSON line per figure:

* meetings.best_time_500x200_ms - median wall time of scheduling.best_time, from raw answers;
* meetings.best_time_500x200_cpu_ms - the same in CPU time, steadier on a busy machine.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from ustogether.meetings.scheduling import (
    PRIORITY_PERSPECTIVES,
    Candidate,
    best_time,
    weight_for,
)

PEOPLE = 500
TIMES = 200
RUNS = 30
PERSPECTIVES = ("lived_experience", "carer", "professional", "commissioner", "researcher")


def make_poll(seed: int = 6) -> tuple[list[Candidate], list[tuple[int, int, str]], dict[int, int]]:
    """Candidates over ten weeks of weekdays, and each person's answers from their week."""
    rng = random.Random(seed)  # noqa: S311 - a repeatable benchmark, not a secret
    start = dt.datetime(2027, 3, 1, 9, 0, tzinfo=dt.UTC)
    candidates = []
    for i in range(TIMES):
        day = start + dt.timedelta(days=(i // 4) * 7 // 5 + (i // 4))
        candidates.append(Candidate(id=i + 1, starts_at=day + dt.timedelta(hours=2 * (i % 4))))
    weights: dict[int, int] = {}
    answers: list[tuple[int, int, str]] = []
    for person in range(1, PEOPLE + 1):
        perspective = rng.choice(PERSPECTIVES)
        weights[person] = weight_for(perspective)
        bad_days = set(rng.sample(range(7), rng.randint(0, 3)))
        bad_hours = (
            {9, 15}
            if perspective == "carer"
            else set(rng.sample([9, 11, 13, 15], rng.randint(0, 1)))
        )
        for candidate in candidates:
            when = candidate.starts_at
            if when.weekday() in bad_days or when.hour in bad_hours:
                answer = "no" if rng.random() < 0.8 else "if_need_be"
            else:
                answer = "yes" if rng.random() < 0.85 else "if_need_be"
            answers.append((candidate.id, person, answer))
    assert len(answers) == PEOPLE * TIMES
    assert any(w > 1 for w in weights.values()) and PRIORITY_PERSPECTIVES
    return candidates, answers, weights


def emit(name: str, value: float, runs: int) -> None:
    print(
        json.dumps(
            {"name": name, "value": round(value, 3), "unit": "ms", "runs": runs, "stat": "median"}
        )
    )


def median_ms(clock, data) -> float:  # type: ignore[no-untyped-def]
    candidates, answers, weights = data
    times = []
    for _ in range(RUNS):
        started = clock()
        best = best_time(candidates, answers, weights)
        times.append((clock() - started) * 1000)
        assert best is not None
    return statistics.median(times)


def main() -> None:
    data = make_poll()
    emit("meetings.best_time_500x200_ms", median_ms(time.perf_counter, data), RUNS)
    emit("meetings.best_time_500x200_cpu_ms", median_ms(time.process_time, data), RUNS)


if __name__ == "__main__":
    main()
