#!/usr/bin/env python3
"""Choose the OpenMoji pictures that ship with Us Together for Easy Read pages.

Easy Read puts a picture beside each point, showing everyday life: people and
how they feel, health and care, home, places and travel, food, money, time,
letters and phones, things to do. OpenMoji has about 4,500 pictures; most of
the rest are flags, skin-tone copies of the same picture, letters and
signs, or fantasy figures, which do not help explain a point. So we keep:

* whole subgroups from OpenMoji's own grouping (see KEEP) - principled and
  easy to review, rather than a hand-picked list that goes stale;
* only the base version of each picture: no skin-tone variants (a reader
  sees the neutral yellow person, which stands for anyone) and no
  "facing right" copies;
* minus a short list of pictures that do not belong on a care service's page
  (weapons, a rude gesture, real named people - see LEAVE_OUT).

Run as a script by bin/build-assets: it copies the chosen SVG files into
build/assets/openmoji/ and writes build/assets/openmoji/index.json, which the
site searches. The Python app imports `curate` from this file too (through
importlib, with no Django), to build the same list straight from
node_modules when the built assets are missing, as in tests.

OpenMoji is licensed CC BY-SA 4.0; the site credits it on /about/pictures/.
"""

from __future__ import annotations

import json
import shutil
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

# (group, subgroup) pairs from OpenMoji's data/openmoji.json.
KEEP: frozenset[tuple[str, str]] = frozenset(
    [
        # Faces and feelings.
        *(
            ("smileys-emotion", s)
            for s in (
                "face-smiling",
                "face-affection",
                "face-tongue",
                "face-hand",
                "face-neutral-skeptical",
                "face-sleepy",
                "face-unwell",
                "face-hat",
                "face-glasses",
                "face-concerned",
                "face-negative",
                "emotion",
                "heart",
            )
        ),
        ("extras-openmoji", "smileys-emotion"),
        # People, families, jobs, hands and bodies.
        *(
            ("people-body", s)
            for s in (
                "person",
                "person-gesture",
                "person-role",
                "person-activity",
                "person-resting",
                "person-sport",
                "person-symbol",
                "family",
                "hands",
                "hand-fingers-open",
                "hand-fingers-partial",
                "hand-single-finger",
                "hand-fingers-closed",
                "hand-prop",
                "body-parts",
            )
        ),
        ("extras-openmoji", "people"),
        ("extras-openmoji", "interaction"),
        # Health, care and keeping safe.
        ("extras-openmoji", "healthcare"),
        ("extras-openmoji", "emergency"),
        # Home, things and technology.
        *(
            ("objects", s)
            for s in (
                "book-paper",
                "clothing",
                "computer",
                "household",
                "light-video",
                "lock",
                "mail",
                "medical",
                "money",
                "music",
                "musical-instrument",
                "office",
                "other-object",
                "phone",
                "science",
                "sound",
                "tool",
                "writing",
            )
        ),
        ("extras-openmoji", "objects"),
        ("extras-openmoji", "technology"),
        # Places, travel, weather and time.
        *(
            ("travel-places", s)
            for s in (
                "hotel",
                "place-building",
                "place-geographic",
                "place-map",
                "place-other",
                "place-religious",
                "sky-weather",
                "time",
                "transport-air",
                "transport-ground",
                "transport-water",
            )
        ),
        ("extras-openmoji", "travel-places"),
        # Food and drink.
        *(
            ("food-drink", s)
            for s in (
                "dishware",
                "drink",
                "food-asian",
                "food-fruit",
                "food-prepared",
                "food-sweet",
                "food-vegetable",
            )
        ),
        ("extras-openmoji", "food-drink"),
        ("extras-unicode", "food-drink"),
        # Things to do.
        *(("activities", s) for s in ("arts-crafts", "award-medal", "event", "game", "sport")),
        # Pets, assistance dogs, plants and gardens.
        ("animals-nature", "animal-mammal"),
        ("animals-nature", "plant-flower"),
        ("animals-nature", "plant-other"),
        ("extras-openmoji", "gardening"),
        # The few signs Easy Read uses: yes and no, questions, warnings,
        # toilets and access signs, arrows, money signs.
        ("symbols", "punctuation"),
        ("symbols", "other-symbol"),
        ("symbols", "warning"),
        ("symbols", "transport-sign"),
        ("symbols", "arrow"),
        ("symbols", "currency"),
        ("symbols", "gender"),
    ]
)

# Annotations (lower case) of pictures we leave out even though their
# subgroup is kept.
LEAVE_OUT: frozenset[str] = frozenset(
    {
        "trump",
        "greta thunberg",
        "middle finger",
        "dagger",
        "crossed swords",
        "bow and arrow",
        "bomb",
        "water pistol",
        "carpentry saw",
        "drunk person",
        "atom bomb",
    }
)

FIELDS = ("hexcode", "annotation", "tags", "openmoji_tags", "group", "subgroups")


def curate(entries: Iterable[dict[str, Any]]) -> list[dict[str, str]]:
    """The entries to ship, in OpenMoji's order, with only the fields search needs."""
    chosen: list[dict[str, str]] = []
    seen: set[str] = set()
    for entry in entries:
        if entry.get("skintone") not in ("", None):
            continue
        if (entry.get("group", ""), entry.get("subgroups", "")) not in KEEP:
            continue
        annotation = str(entry.get("annotation", "")).strip()
        if annotation.lower() in LEAVE_OUT or annotation.endswith(": facing right"):
            continue
        hexcode = str(entry["hexcode"])
        if hexcode in seen:
            continue
        seen.add(hexcode)
        chosen.append({name: str(entry.get(name, "")).strip() for name in FIELDS})
    return chosen


def main(argv: list[str]) -> int:
    if len(argv) != 3:
        print("usage: openmoji-subset.py NODE_MODULES/openmoji OUT_DIR", file=sys.stderr)
        return 2
    source, out = Path(argv[1]), Path(argv[2])
    data = json.loads((source / "data" / "openmoji.json").read_text(encoding="utf-8"))
    chosen = curate(data)
    out.mkdir(parents=True, exist_ok=True)
    shipped = []
    for entry in chosen:
        svg = source / "color" / "svg" / f"{entry['hexcode']}.svg"
        if not svg.exists():
            continue  # listed in the data but not drawn yet
        shutil.copyfile(svg, out / svg.name)
        shipped.append(entry)
    (out / "index.json").write_text(
        json.dumps(
            {"source": "openmoji", "license": "CC BY-SA 4.0", "pictures": shipped},
            ensure_ascii=False,
            separators=(",", ":"),
        ),
        encoding="utf-8",
    )
    print(f"openmoji: {len(shipped)} of {len(data)} pictures copied to {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
