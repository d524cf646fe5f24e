"""Countries in Persian, Arabic and English from CLDR (Babel's locale data, read offline).

A gazetteer file with `"countries_from_cldr": true` gains every CLDR territory that is a country
(two-letter code), at load time: a country the file already has (a name of it, folded, is one of
CLDR's) keeps its id, guards and names and gains CLDR's; another becomes an entity of its own with
the id `cldr_XX` (XX: the region code). CLDR's one-word names new to the file (مالی, بنين, قطر ...) are
often common words too, so they only link a name the recogniser tagged as a place (`Guard.recognised`)
and never match running text by themselves; longer names (جمهوری دموکراتیک کنگو) match as written.
CLDR has no capitals: those the file lists stay, the others are left to the recogniser.
"""
from __future__ import annotations

import functools

from analyzers.fold import fold
from analyzers.tokens import TOKEN_RE

NAME_LOCALES = {"latin": "en", "fa": "fa", "ar": "ar"}
LABEL_LOCALES = {"label_en": "en", "label_fa": "fa", "label_ar": "ar"}
NOT_COUNTRIES = frozenset({"ZZ", "EU", "EZ", "UN", "QO", "XA", "XB"})  # unknown, unions, pseudo-regions


@functools.cache
def cldr_countries() -> tuple[dict, ...]:
    """One gazetteer entry (without guards) per CLDR country, names in the three scripts."""
    from babel import Locale

    locales = {code: Locale(code) for code in set(NAME_LOCALES.values())}
    entries = []
    for region, english in sorted(locales["en"].territories.items()):
        if len(region) != 2 or not region.isalpha() or region in NOT_COUNTRIES:
            continue
        names = {lang: [locales[loc].territories.get(region) or english] for lang, loc in NAME_LOCALES.items()}
        entries.append({
            "id": f"cldr_{region.lower()}", "type": "place",
            **{key: locales[loc].territories.get(region) or english for key, loc in LABEL_LOCALES.items()},
            "names": names,
        })
    return tuple(entries)


def with_countries(entities: list[dict]) -> list[dict]:
    """The file's entities with CLDR's countries merged in (see the module doc); the input is not changed."""
    merged = [dict(e, names={k: list(v) for k, v in e.get("names", {}).items()},
                   guarded=list(e.get("guarded", []))) for e in entities]
    by_name: dict[str, dict] = {}
    for entity in merged:
        if entity.get("type") == "place":
            for names in entity["names"].values():
                by_name.update({_folded(n): entity for n in names})
    for country in cldr_countries():
        names = [(lang, n) for lang, ns in country["names"].items() for n in ns]
        entity = next((by_name[_folded(n)] for _, n in names if _folded(n) in by_name), None)
        if entity is None:
            entity = dict(country, names={lang: [] for lang in NAME_LOCALES}, guarded=[])
            merged.append(entity)
        known = {_folded(n) for ns in entity["names"].values() for n in ns} | {
            _folded(g["name"]) for g in entity["guarded"]}
        for lang, name in names:
            if _folded(name) in known:
                continue
            known.add(_folded(name))
            if len(TOKEN_RE.findall(name)) > 1:
                entity["names"].setdefault(lang, []).append(name)
            else:
                entity["guarded"].append({"name": name, "recognised": True})
    return merged


def _folded(name: str) -> str:
    return " ".join(fold(w) for w in TOKEN_RE.findall(name))
