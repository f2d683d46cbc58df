"""Look-alike usernames (confusable-homoglyphs, Unicode TR39's data).

Two checks at sign-up:

* ``mixed_scripts(name)``: letters of scripts that should not meet in one name, such as Latin
  with Cyrillic (``аdmin`` with a Cyrillic а). Allowed together, as TR39's "highly restrictive"
  level does: Latin with Han and Bopomofo (注音), with Han, Hiragana and Katakana, or with Han
  and Hangul, so ``王小明abc`` is fine. Digits and ``@ . + - _`` belong to no script.
* ``skeletons(name)``: what a name looks like. Every character becomes the prototype TR39 maps
  it to (Cyrillic а → a, 1 → l, I → l, 0 → O, m → rn), case is folded and the mapping applied
  once more; folding case first too catches ``ADMIN`` (whose I would become l). Two names
  sharing a skeleton look alike (``admin``, ``Admin``, ``ADMIN``, ``аdmin``, ``adrnin``).
"""

from __future__ import annotations

import unicodedata
from functools import cache

from confusable_homoglyphs.categories import unique_aliases
from confusable_homoglyphs.confusables import confusables_data

NO_SCRIPT = {"COMMON", "INHERITED"}
ALLOWED_TOGETHER = (
    {"LATIN", "HAN", "BOPOMOFO"},
    {"LATIN", "HAN", "HIRAGANA", "KATAKANA"},
    {"LATIN", "HAN", "HANGUL"},
)
_MARKS = "\u200e\u200f"  # direction marks around some right-to-left entries of the data


def scripts(name: str) -> set[str]:
    return set(unique_aliases(unicodedata.normalize("NFKC", name))) - NO_SCRIPT


def mixed_scripts(name: str) -> set[str]:
    """The scripts of ``name`` if they should not be mixed, else an empty set."""
    found = scripts(name)
    if len(found) <= 1 or any(found <= allowed for allowed in ALLOWED_TOGETHER):
        return set()
    return found


@cache
def _prototype(char: str) -> str:
    """The character TR39 maps ``char`` to. In the library's data a prototype lists all its
    look-alikes and a look-alike lists its one prototype; a pair that only list each other
    map to the smaller of the two."""
    found = [h["c"].strip(_MARKS) for h in confusables_data.get(char, ())]
    if len(found) != 1 or not found[0]:
        return char
    target = found[0]
    back = [h["c"].strip(_MARKS) for h in confusables_data.get(target, ())]
    if back == [char]:
        return min(char, target)
    return target


def _map(text: str) -> str:
    return "".join(_prototype(c) for c in text)


def skeletons(name: str) -> frozenset[str]:
    name = unicodedata.normalize("NFKC", name)
    return frozenset({_map(_map(name).casefold()), _map(_map(name.casefold()).casefold())})


def lookalike_of(name: str, existing) -> str | None:
    """The first of ``existing`` names that looks like ``name`` (other than itself)."""
    target = skeletons(name)
    for other in existing:
        if other != name and not target.isdisjoint(skeletons(other)):
            return other
    return None
