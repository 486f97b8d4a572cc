"""The OpenMoji pictures that ship with Us Together, and finding them by meaning.

bin/openmoji-subset.py chooses the pictures and writes their index when the
assets are built; here the index is loaded once and searched with the words
people use in health and social care.
"""

from __future__ import annotations

import functools
import importlib.util
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.templatetags.static import static

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
class _Indexed:
    picture: Picture
    name_words: frozenset[str]
    name: frozenset[str]
    tags: frozenset[str]
    extra: frozenset[str]
    order: int


@functools.cache
def _search_index() -> tuple[_Indexed, ...]:
    return tuple(
        _Indexed(
            picture=p,
            name_words=frozenset(_words(p.name)),
            name=_forms(p.name),
            tags=frozenset(f for t in p.tags for f in _forms(t)),
            extra=frozenset(f for t in p.openmoji_tags for f in _forms(t)),
            order=n,
        )
        for n, p in enumerate(load_pictures())
    )


def _word_score(item: _Indexed, word: str, forms: frozenset[str]) -> float:
    if word in item.name_words:
        return 3.2  # the very word, not just a form of it
    if forms & item.name:
        return 3.0
    if forms & item.tags:
        return 2.0
    if forms & item.extra:
        return 1.5
    if len(word) >= 4 and any(w.startswith(word) for w in item.name_words):
        return 1.0  # "wheel" finds "wheelchair"
    return 0.0


def _phrase_score(item: _Indexed, phrase: Sequence[tuple[str, frozenset[str]]]) -> float:
    """A synonym such as 'health worker' counts only when all its words match."""
    scores = [_word_score(item, w, forms) for w, forms in phrase]
    return min(scores) if scores and all(scores) else 0.0


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


def search_pictures(query: str, *, limit: int = 36) -> list[Picture]:
    """Shipped pictures that fit the words in `query`, best first.

    Each query word is matched (in any case, and its plural or "-ing" forms) against the picture's name,
    its Unicode keywords and OpenMoji's own tags, and through SYNONYMS for
    care words such as GP, carer or pay. Pictures that fit more of the words
    come first; then closer matches; then OpenMoji's own order."""
    words = [
        (
            word,
            word_forms(word),
            _lookup(_BEST_KEYS, word) or {},
            [[(w, word_forms(w)) for w in _words(p)] for p in _lookup(SYNONYMS, word) or ()],
        )
        for word in _query_words(query)
    ]
    if not words:
        return []
    scored: list[tuple[int, float, int, Picture]] = []
    for item in _search_index():
        matched, total = 0, 0.0
        for word, forms, best_for, phrases in words:
            best = _word_score(item, word, forms)
            rank = best_for.get(item.picture.name.casefold())
            if rank is not None:
                best = 10.0 - rank * 0.1
            for phrase in phrases:
                best = max(best, 0.8 * _phrase_score(item, phrase))
            if best:
                matched += 1
                total += best
        if matched:
            scored.append((-matched, -total, item.order, item.picture))
    scored.sort(key=lambda row: row[:3])
    return [row[3] for row in scored[:limit]]
