"""The OpenMoji pictures that ship with Us Together, and finding them by meaning.

bin/openmoji-subset.py chooses the pictures and writes their index when the
assets are built; here the index is loaded once and searched with the words
people use in health and social care, and by meaning with a small word-vector
model (see picture_meaning), so a whole Easy Read sentence finds pictures that
fit it.
"""

from __future__ import annotations

import functools
import importlib.util
import json
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any

import numpy as np
from django.conf import settings
from django.templatetags.static import static

from ustogether.plainlanguage import picture_meaning, syllables

# How a choice of picture is written in a form: "openmoji:1F600" or "upload:12".
OPENMOJI_PREFIX = "openmoji:"
UPLOAD_PREFIX = "upload:"


@dataclass(frozen=True, slots=True)
class Picture:
    """One shipped OpenMoji picture."""

    hexcode: str
    name: str
    tags: tuple[str, ...]
    openmoji_tags: tuple[str, ...]

    @property
    def url(self) -> str:
        return static(f"openmoji/{self.hexcode}.svg")

    @property
    def choice(self) -> str:
        return f"{OPENMOJI_PREFIX}{self.hexcode}"


def _split_tags(value: str) -> tuple[str, ...]:
    return tuple(t.strip() for t in value.split(",") if t.strip())


def _built_index_path() -> Path:
    return Path(settings.BASE_DIR) / "build" / "assets" / "openmoji" / "index.json"


def _openmoji_package() -> Path:
    return Path(settings.BASE_DIR) / "node_modules" / "openmoji"


def _curate_from_package(package: Path) -> list[dict[str, str]]:
    """The same choice bin/build-assets makes, straight from node_modules."""
    script = Path(settings.BASE_DIR) / "bin" / "openmoji-subset.py"
    spec = importlib.util.spec_from_file_location("openmoji_subset", script)
    if spec is None or spec.loader is None:
        return []
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    data = json.loads((package / "data" / "openmoji.json").read_text(encoding="utf-8"))
    svg_dir = package / "color" / "svg"
    return [e for e in module.curate(data) if (svg_dir / f"{e['hexcode']}.svg").exists()]


@functools.cache
def load_pictures() -> tuple[Picture, ...]:
    """Every shipped picture, from the built assets or, failing that, node_modules."""
    built = _built_index_path()
    if built.exists():
        entries = json.loads(built.read_text(encoding="utf-8"))["pictures"]
    elif (_openmoji_package() / "data" / "openmoji.json").exists():
        entries = _curate_from_package(_openmoji_package())
    else:
        entries = []
    return tuple(
        Picture(
            hexcode=e["hexcode"],
            name=e["annotation"],
            tags=_split_tags(e.get("tags", "")),
            openmoji_tags=_split_tags(e.get("openmoji_tags", "")),
        )
        for e in entries
    )


@functools.cache
def _pictures_by_hexcode() -> dict[str, Picture]:
    return {p.hexcode: p for p in load_pictures()}


def clear_caches() -> None:
    """Forget the loaded pictures, their vectors and search results (for tests)."""
    for cache in (
        load_pictures,
        _pictures_by_hexcode,
        _search_index,
        _word_scores,
        _picture_vectors,
    ):
        cache.cache_clear()


def get_picture(hexcode: str) -> Picture | None:
    return _pictures_by_hexcode().get(hexcode)


_WORD_RE = re.compile(r"[a-z0-9]+")
# Small words that say nothing about what a picture should show.
_STOP_WORDS_TEXT = (
    "a an and are as at be by can do for from go get has have i in is it its me my of "
    "on or our so the their them they this to us was we will with you your"
)
_STOP_WORDS = frozenset(_STOP_WORDS_TEXT.split())

# Care words people will type, and the words OpenMoji uses for them.
SYNONYMS: dict[str, tuple[str, ...]] = {
    "doctor": ("health worker", "stethoscope", "hospital"),
    "gp": ("doctor", "health worker", "stethoscope"),
    "surgery": ("doctor", "health worker", "hospital"),
    "nurse": ("health worker", "doctor"),
    "hospital": ("ambulance", "health worker", "stretcher"),
    "medicine": ("pill", "syringe", "medication"),
    "tablet": ("pill", "medication"),
    "injection": ("syringe",),
    "vaccine": ("syringe",),
    "ill": ("sick", "thermometer", "unwell"),
    "sick": ("ill", "thermometer", "nauseated"),
    "pain": ("ache", "headache", "injured"),
    "health": ("health worker", "heart", "stethoscope"),
    "dentist": ("tooth",),
    "money": ("pound", "coin", "banknote", "wallet", "bank", "purse"),
    "pay": ("money", "pound", "banknote", "credit card", "coin"),
    "payment": ("money", "pound", "banknote", "credit card"),
    "fee": ("money", "pound", "banknote"),
    "cost": ("money", "pound", "coin"),
    "expense": ("money", "receipt", "pound"),
    "cash": ("money", "banknote", "coin"),
    "benefit": ("money", "pound"),
    "bank": ("money", "credit card"),
    "meeting": ("busts", "handshake", "speaking", "calendar"),
    "group": ("people", "busts", "family"),
    "together": ("people", "handshake", "holding hands"),
    "talk": ("speaking", "speech", "conversation", "talking"),
    "speak": ("speaking", "speech", "talking"),
    "say": ("speaking", "speech"),
    "tell": ("speaking", "speech"),
    "listen": ("ear", "hearing"),
    "hear": ("ear", "hearing"),
    "see": ("eye", "eyes"),
    "look": ("eye", "eyes"),
    "deaf": ("deaf person", "ear", "hearing aid"),
    "blind": ("white cane", "guide dog", "probing cane"),
    "wheelchair": ("wheel chair", "accessibility", "disability"),
    "disability": ("wheelchair", "accessibility"),
    "disabled": ("wheelchair", "accessibility"),
    "access": ("wheelchair", "accessibility"),
    "carer": ("care", "help", "hug", "holding hands", "helping"),
    "care": ("carer", "help", "heart", "hug"),
    "help": ("help others", "helping", "sos", "handshake", "raising hand"),
    "support": ("help", "handshake", "hug"),
    "phone": ("telephone", "mobile phone", "telephone receiver"),
    "call": ("telephone", "phone", "mobile phone"),
    "ring": ("telephone", "phone"),
    "mobile": ("mobile phone",),
    "text": ("mobile phone", "speech balloon"),
    "letter": ("envelope", "mail", "post", "postbox"),
    "post": ("envelope", "mail", "postbox"),
    "email": ("e-mail", "envelope", "laptop"),
    "online": ("laptop", "computer", "internet", "globe"),
    "internet": ("laptop", "computer", "globe"),
    "computer": ("laptop", "desktop"),
    "video": ("video camera", "laptop"),
    "bus": ("bus stop", "minibus", "coach"),
    "train": ("railway", "station", "locomotive"),
    "taxi": ("car", "oncoming taxi"),
    "travel": ("bus", "train", "car", "ticket"),
    "transport": ("bus", "train", "car"),
    "ticket": ("ticket", "admission tickets"),
    "home": ("house", "home"),
    "house": ("home", "house"),
    "live": ("house", "home"),
    "food": ("meal", "plate", "fork and knife", "pot of food", "bread"),
    "eat": ("food", "fork and knife", "plate", "meal"),
    "lunch": ("food", "sandwich", "fork and knife"),
    "meal": ("food", "fork and knife", "plate"),
    "drink": ("cup", "tea", "coffee", "water", "glass"),
    "tea": ("teacup", "hot beverage"),
    "time": ("clock", "watch", "hourglass", "alarm clock"),
    "clock": ("time", "watch", "o clock"),
    "date": ("calendar",),
    "day": ("calendar", "sun"),
    "appointment": ("calendar", "clock"),
    "week": ("calendar",),
    "happy": ("smile", "smiling", "grinning", "joy", "smiley"),
    "glad": ("happy", "smile", "smiling"),
    "pleased": ("happy", "smile", "smiling"),
    "sad": ("crying", "frowning", "disappointed", "unhappy"),
    "upset": ("sad", "crying", "frowning"),
    "worried": ("worry", "anxious", "fearful", "nervous", "concerned"),
    "worry": ("worried", "anxious", "fearful", "nervous"),
    "scared": ("fearful", "fear", "afraid", "anxious"),
    "angry": ("anger", "mad", "pouting", "rage"),
    "tired": ("sleepy", "yawning", "sleeping"),
    "sleep": ("sleeping", "bed", "sleepy"),
    "love": ("heart", "hug", "kiss"),
    "like": ("thumbs up", "heart", "smile"),
    "question": ("question mark", "thinking"),
    "ask": ("question", "question mark", "raising hand"),
    "think": ("thinking",),
    "idea": ("light bulb", "thinking"),
    "yes": ("check mark", "thumbs up", "ok", "tick"),
    "agree": ("thumbs up", "check mark", "handshake"),
    "no": ("cross mark", "thumbs down", "prohibited", "no entry"),
    "stop": ("stop sign", "no entry", "prohibited"),
    "wrong": ("cross mark", "thumbs down"),
    "right": ("check mark", "thumbs up"),
    "important": ("exclamation", "warning"),
    "danger": ("warning", "exclamation"),
    "safe": ("shield", "locked", "lock"),
    "safety": ("shield", "locked", "warning"),
    "private": ("locked", "lock", "key"),
    "write": ("writing hand", "pencil", "pen", "memo"),
    "read": ("book", "open book", "reading"),
    "form": ("clipboard", "memo", "page"),
    "paper": ("page", "memo", "document"),
    "plan": ("calendar", "clipboard", "memo"),
    "decide": ("thinking", "ballot box", "check mark"),
    "choose": ("ballot box", "check mark", "pointing"),
    "vote": ("ballot box",),
    "learn": ("school", "books", "graduation cap", "student"),
    "school": ("student", "teacher", "books"),
    "college": ("student", "graduation cap", "school"),
    "work": ("office worker", "office", "worker", "briefcase"),
    "job": ("office worker", "worker", "briefcase"),
    "shop": ("shopping cart", "shopping", "store"),
    "shopping": ("shopping cart", "shopping bags"),
    "family": ("family", "people", "parent", "child"),
    "friend": ("friends", "people", "handshake", "busts"),
    "child": ("kid", "girl", "boy", "baby"),
    "children": ("child", "kid", "girl", "boy"),
    "young": ("child", "girl", "boy", "student"),
    "old": ("older person", "old man", "old woman", "elderly"),
    "older": ("older person", "old man", "old woman", "elderly"),
    "elderly": ("older person", "old man", "old woman"),
    "baby": ("baby", "infant", "pregnant"),
    "man": ("man",),
    "woman": ("woman",),
    "person": ("person", "bust in silhouette"),
    "people": ("busts", "people", "family"),
    "dog": ("guide dog", "service dog"),
    "walk": ("walking", "person walking"),
    "exercise": ("running", "walking", "swimming", "sport"),
    "garden": ("gardening", "plant", "flower", "seedling"),
    "weather": ("sun", "cloud", "rain", "umbrella"),
    "toilet": ("restroom", "water closet", "toilet"),
    "wash": ("wash hands", "shower", "bathtub", "soap"),
    "clean": ("soap", "broom", "sponge", "wash hands"),
    "hello": ("waving hand", "wave"),
    "welcome": ("waving hand", "smile"),
    "thank": ("folded hands", "thank you", "heart"),
    "sorry": ("sad", "folded hands"),
    "music": ("musical note", "headphone"),
    "party": ("party popper", "balloon", "cake"),
    "birthday": ("birthday cake", "cake", "party"),
    "key": ("key", "locked"),
    "map": ("map", "world map", "round pushpin"),
    "where": ("map", "round pushpin", "location"),
    "place": ("map", "round pushpin", "building"),
    "council": ("office building", "building", "classical building"),
    "office": ("office building", "office worker"),
    "news": ("newspaper",),
    "change": ("counterclockwise arrows", "arrows"),
    "new": ("sparkles", "new"),
    "better": ("thumbs up", "sparkles", "chart increasing"),
}

# The clearest picture for some everyday words, first in the results.
BEST: dict[str, tuple[str, ...]] = {
    "money": ("pound banknote", "coin", "purse", "money bag", "bank"),
    "pay": ("pound banknote", "credit card", "coin"),
    "cash": ("pound banknote", "coin"),
    "meeting": ("busts in silhouette", "handshake", "speaking head", "calendar"),
    "group": ("busts in silhouette", "people holding hands"),
    "home": ("house", "house with garden"),
    "house": ("house", "house with garden"),
    "letter": ("envelope", "envelope with arrow", "postbox"),
    "happy": ("grinning face", "smiling face with smiling eyes", "beaming face with smiling eyes"),
    "sad": ("frowning face", "crying face", "disappointed face", "loudly crying face"),
    "worried": ("worried face", "anxious face with sweat", "fearful face"),
    "angry": ("angry face", "enraged face"),
    "yes": ("check mark", "check mark button", "thumbs up"),
    "no": ("cross mark", "person gesturing NO", "thumbs down"),
    "time": ("alarm clock", "watch", "hourglass done"),
    "date": ("calendar", "spiral calendar", "tear-off calendar"),
    "phone": ("telephone receiver", "mobile phone", "telephone"),
    "talk": ("speaking head", "speech balloon"),
    "help": ("help others", "person raising hand", "handshake"),
    "carer": ("help others", "people holding hands", "people hugging"),
    "care": ("help others", "people holding hands", "people hugging"),
    "question": ("red question mark", "white question mark", "thinking face"),
    "food": ("fork and knife with plate", "pot of food", "sandwich"),
    "drink": ("hot beverage", "cup with straw", "glass of milk"),
    "doctor": ("health worker", "female doctor", "male doctor", "stethoscope"),
    "gp": ("health worker", "female doctor", "male doctor", "stethoscope"),
    "wheelchair": ("person in manual wheelchair", "wheelchair symbol"),
    "bus": ("bus", "oncoming bus", "bus stop"),
}
_BEST_KEYS = {
    word: {name.casefold(): n for n, name in enumerate(names)} for word, names in BEST.items()
}


def word_forms(word: str) -> frozenset[str]:
    """The word and the forms it may come from, so 'buses' meets 'bus' and 'talking' meets 'talk'.

    Both the query and the picture names go through this, and a word matches
    when they share a form. Guessing a few forms is simpler and safer than a
    full stemmer, which would turn "houses" into "hous" but "house" into "house"."""
    w = word.lower()
    forms = {w}
    if len(w) > 4 and w.endswith("ies"):
        forms.add(w[:-3] + "y")
    if len(w) > 3 and w.endswith("es"):
        forms.update((w[:-1], w[:-2]))
    elif len(w) > 3 and w.endswith("s") and not w.endswith(("ss", "us", "is")):
        forms.add(w[:-1])
    for suffix in ("ing", "ed"):
        if len(w) > len(suffix) + 2 and w.endswith(suffix):
            base = w[: -len(suffix)]
            forms.update((base, base + "e"))
            if len(base) > 2 and base[-1] == base[-2] and base[-1] not in "lsz":
                forms.add(base[:-1])  # running -> run, chatted -> chat
    return frozenset(forms)


def _words(text: str) -> list[str]:
    return _WORD_RE.findall(text.lower().replace("’", "'"))


def _forms(text: str) -> frozenset[str]:
    return frozenset(f for w in _words(text) for f in word_forms(w))


@dataclass(frozen=True, slots=True)
class _Index:
    """Which pictures (by their place in load_pictures) each word or word form is found in."""

    name_words: Mapping[str, frozenset[int]]  # the very words of the name
    name: Mapping[str, frozenset[int]]  # forms of the words of the name
    tags: Mapping[str, frozenset[int]]  # forms of the Unicode keywords
    extra: Mapping[str, frozenset[int]]  # forms of OpenMoji's own tags
    by_name: Mapping[str, frozenset[int]]  # the picture's whole name, in any case


def _invert(rows: Sequence[frozenset[str]]) -> dict[str, frozenset[int]]:
    found: dict[str, set[int]] = {}
    for order, keys in enumerate(rows):
        for key in keys:
            found.setdefault(key, set()).add(order)
    return {key: frozenset(orders) for key, orders in found.items()}


@functools.cache
def _search_index() -> _Index:
    pictures = load_pictures()
    return _Index(
        name_words=_invert([frozenset(_words(p.name)) for p in pictures]),
        name=_invert([_forms(p.name) for p in pictures]),
        tags=_invert([frozenset(f for t in p.tags for f in _forms(t)) for p in pictures]),
        extra=_invert([frozenset(f for t in p.openmoji_tags for f in _forms(t)) for p in pictures]),
        by_name=_invert([frozenset([p.name.casefold()]) for p in pictures]),
    )


def _word_matches(word: str) -> dict[int, float]:
    """The pictures one word matches, and how closely: the word itself in the name
    scores 3.2, a form of it in the name 3.0, in the keywords 2.0, in OpenMoji's
    tags 1.5, and the start of a longer word in the name ("wheel" finds
    "wheelchair") 1.0."""
    index = _search_index()
    forms = word_forms(word)
    levels: list[tuple[float, Iterable[frozenset[int]]]] = [
        (3.2, [index.name_words.get(word, frozenset())]),
        (3.0, [index.name.get(f, frozenset()) for f in forms]),
        (2.0, [index.tags.get(f, frozenset()) for f in forms]),
        (1.5, [index.extra.get(f, frozenset()) for f in forms]),
    ]
    if len(word) >= 4:
        longer = [orders for w, orders in index.name_words.items() if w.startswith(word)]
        levels.append((1.0, longer))
    scores: dict[int, float] = {}
    for score, groups in levels:
        for orders in groups:
            for order in orders:
                scores.setdefault(order, score)  # levels run from the closest down
    return scores


def _phrase_matches(phrase: str) -> dict[int, float]:
    """A synonym such as 'health worker' counts only where all its words match (at the weakest)."""
    found: dict[int, float] | None = None
    for word in _words(phrase):
        matches = _word_matches(word)
        if found is None:
            found = matches
        else:
            found = {o: min(s, matches[o]) for o, s in found.items() if o in matches}
    return found or {}


def _query_words(query: str) -> list[str]:
    words = [w for w in _words(query) if w not in _STOP_WORDS]
    seen: list[str] = []
    for w in words:
        if w not in seen:
            seen.append(w)
    return seen[:12]


def _lookup(table: dict[str, Any], word: str) -> Any:
    """A table entry for the word or any form of it ("pays" finds "pay")."""
    if word in table:
        return table[word]
    for form in sorted(word_forms(word)):
        if form in table:
            return table[form]
    return None


@functools.lru_cache(maxsize=4096)
def _word_scores(word: str) -> Mapping[int, float]:
    """How well one query word fits each picture it matches (by index), by the words alone.

    The word is matched (in any case, and its plural or "-ing" forms) against
    the picture's name, its Unicode keywords and OpenMoji's own tags, and
    through SYNONYMS for care words such as GP, carer or pay; BEST puts the
    clearest picture for some everyday words first. A word scores the same
    in any query, so each is worked out once and kept."""
    scores = _word_matches(word)
    by_name = _search_index().by_name
    for name, rank in (_lookup(_BEST_KEYS, word) or {}).items():
        for order in by_name.get(name, ()):
            scores[order] = 10.0 - rank * 0.1
    for phrase in _lookup(SYNONYMS, word) or ():
        for order, score in _phrase_matches(phrase).items():
            scores[order] = max(scores.get(order, 0.0), 0.8 * score)
    return MappingProxyType(scores)


def _keyword_scores(words: Sequence[str]) -> list[Mapping[int, float]]:
    return [_word_scores(word) for word in words]


def _by_words_alone(per_word: Sequence[Mapping[int, float]], limit: int) -> list[Picture]:
    """Pictures that fit more of the words first; then closer matches; then OpenMoji's order."""
    matched: dict[int, int] = {}
    total: dict[int, float] = {}
    for scores in per_word:
        for order, score in scores.items():
            matched[order] = matched.get(order, 0) + 1
            total[order] = total.get(order, 0.0) + score
    ranked = sorted(matched, key=lambda order: (-matched[order], -total[order], order))
    pictures = load_pictures()
    return [pictures[order] for order in ranked[:limit]]


def _built_vectors_path() -> Path:
    return Path(settings.BASE_DIR) / "build" / picture_meaning.VECTORS_FILE


@functools.cache
def _picture_vectors() -> picture_meaning.PictureVectors | None:
    """The pictures' vectors, made when the assets were built.

    If they are missing or out of date (as in tests that run without built
    assets), they are made here once for this process: a fraction of a second
    with this model."""
    model = picture_meaning.load_model()
    if model is None:
        return None
    pictures = load_pictures()
    hexcodes = [p.hexcode for p in pictures]
    saved = picture_meaning.read_vectors(_built_vectors_path(), hexcodes)
    if saved is not None:
        return saved
    entries = [
        {
            "hexcode": p.hexcode,
            "annotation": p.name,
            "tags": ", ".join(p.tags),
            "openmoji_tags": ", ".join(p.openmoji_tags),
        }
        for p in pictures
    ]
    return picture_meaning.build_vectors(model, entries)


def _known(word: str, matched_by_words: bool) -> bool:
    """A word the meaning search can use: an English word, or one the word search knows.

    Made-up words ("zzqx") have vectors too, made from bits of other words, and
    would always find something; leaving them out means nonsense finds nothing."""
    if matched_by_words:
        return True
    dictionary = syllables.load_dictionary()
    return any(form in dictionary for form in word_forms(word))


# How much the word search's own judgement adds to closeness in meaning, and
# how sharply it favours the words the sentence is most about. Chosen on the
# tuning sentences (data/easy_read_pictures.tsv), never on the held-out ones.
KEYWORD_WEIGHT = 0.7
KEYWORD_FOCUS = 4


def search_pictures(query: str, *, limit: int = 36) -> list[Picture]:
    """Shipped pictures that fit the meaning of `query` (a word or a whole sentence), best first.

    Each picture's place comes from two judgements added together:

    * closeness in meaning, from the word-vector model (picture_meaning):
      the query's words, weighted by how central each is to the sentence,
      against the picture's name and keywords;
    * the word search (_keyword_scores): the same words matched against
      names, keywords and the care synonyms, weighted the same way but more
      sharply (KEYWORD_FOCUS), scaled so
      the best match adds KEYWORD_WEIGHT.

    Without the model installed, the word search alone decides."""
    words = _query_words(query)
    if not words:
        return []
    per_word = _keyword_scores(words)
    vectors = _picture_vectors()
    model = picture_meaning.load_model()
    usable = [n for n, word in enumerate(words) if _known(word, bool(per_word[n]))]
    if vectors is None or model is None or not usable:
        return _by_words_alone(per_word, limit)
    word_vectors, weights = picture_meaning.word_weights(model, [words[n] for n in usable])
    scores = picture_meaning.meaning_scores(vectors, word_vectors, weights)
    by_words = np.zeros(len(scores), dtype=np.float32)
    for weight, n in zip(weights**KEYWORD_FOCUS, usable, strict=True):
        for order, score in per_word[n].items():
            by_words[order] += weight * score
    if by_words.max() > 0:
        scores = scores + KEYWORD_WEIGHT * by_words / by_words.max()
    ranked = np.argsort(-scores, kind="stable")[:limit]
    pictures = load_pictures()
    return [pictures[int(order)] for order in ranked]


# ---------------------------------------------------------------------------
# Measuring the search
# ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PictureSentence:
    """An Easy Read sentence, and the names of the pictures a person would choose as good for it."""

    text: str
    good: frozenset[str]


def read_picture_sentences(filename: str = "easy_read_pictures.tsv") -> list[PictureSentence]:
    """Hand-written sentences from data/: the tuning set, or easy_read_pictures_holdout.tsv."""
    path = Path(__file__).parent / "data" / filename
    rows: list[PictureSentence] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        text, names = line.split("\t")
        rows.append(PictureSentence(text=text, good=frozenset(names.split("; "))))
    return rows


@dataclass(frozen=True, slots=True)
class SearchScore:
    sentences: int
    top5: int  # sentences with a good picture among the first five
    top1: int  # sentences whose first picture is good

    @property
    def top5_share(self) -> float:
        return self.top5 / self.sentences if self.sentences else 0.0

    @property
    def top1_share(self) -> float:
        return self.top1 / self.sentences if self.sentences else 0.0


def score_search(
    sentences: Sequence[PictureSentence], search: Callable[[str], list[Picture]] | None = None
) -> SearchScore:
    """How often `search` (search_pictures unless given) puts a good picture first, and in the top five."""
    run = search or search_pictures
    top5 = top1 = 0
    for sentence in sentences:
        names = [p.name for p in run(sentence.text)[:5]]
        top5 += any(name in sentence.good for name in names)
        top1 += bool(names) and names[0] in sentence.good
    return SearchScore(sentences=len(sentences), top5=top5, top1=top1)


def search_by_words_alone(query: str, *, limit: int = 36) -> list[Picture]:
    """The word search on its own, without the meaning model: for comparison, and the fallback."""
    words = _query_words(query)
    return _by_words_alone(_keyword_scores(words), limit) if words else []
