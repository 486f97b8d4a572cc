"""How well the checker finds jargon that councils, the NHS and charities really write.

Run from the repository root:

    .venv/bin/python bench/plainlanguage_measure.py

It scores the held-out part of ``ustogether/plainlanguage/data/jargon_measure.json``
(see :mod:`ustogether.plainlanguage.measure`) and prints one JSON line per figure:

* plainlanguage.jargon_recall_heldout - share of marked jargon that a word finding points at;
* plainlanguage.plain_false_positive_rate - share of plain sentences with any word finding;
* plainlanguage.jargon_precision_heldout - share of word findings that fall on marked jargon;
* plainlanguage.jargon_recall_heldout_glossary_only - recall counting glossary findings only;
* plainlanguage.glossary_terms - the size of the shipped glossary.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from ustogether.plainlanguage.checker import FindingKind
from ustogether.plainlanguage.glossary import load_shipped_glossary
from ustogether.plainlanguage.measure import score_part


def emit(name: str, value: float, unit: str, runs: int, stat: str) -> None:
    """Print one figure as one JSON line."""
    print(
        json.dumps(
            {"name": name, "value": round(value, 3), "unit": unit, "runs": runs, "stat": stat}
        )
    )


def main() -> None:
    """Score the held-out part and print every figure."""
    heldout = score_part("heldout")
    glossary_only = score_part("heldout", kinds={FindingKind.JARGON})
    emit("plainlanguage.jargon_recall_heldout", heldout.recall, "ratio", heldout.spans, "share")
    emit(
        "plainlanguage.plain_false_positive_rate",
        heldout.false_positive_rate,
        "ratio",
        heldout.plain_sentences,
        "share",
    )
    emit(
        "plainlanguage.jargon_precision_heldout",
        heldout.precision,
        "ratio",
        heldout.word_findings,
        "share",
    )
    emit(
        "plainlanguage.jargon_recall_heldout_glossary_only",
        glossary_only.recall,
        "ratio",
        glossary_only.spans,
        "share",
    )
    emit("plainlanguage.glossary_terms", len(load_shipped_glossary()), "terms", 1, "count")


if __name__ == "__main__":
    main()
