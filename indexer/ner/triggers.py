"""Trigger words: titles and heads that stand before or inside a name of one type.

Written as people write them; compared folded, without clitics and without the article ال, so
الوزير, والوزير and وزير are one trigger. A trigger is a hint for the tagger, not a rule: the CRF
learns how much each kind is worth.
"""
from __future__ import annotations

from analyzers.fold import fold
from indexer.gazetteer import ARTICLE

PERSON_TITLES = (
    # Arabic: offices, ranks and honorifics
    "وزير", "أمير", "شيخ", "ملك", "رئيس", "سيد", "دكتور", "مستشار", "سفير", "نائب", "لواء", "عميد",
    "عقيد", "إمام", "متحدث", "أمين", "ولي", "حاج", "سلطان", "قائد", "زعيم", "مبعوث", "مدير", "محافظ",
    # Persian
    "آقای", "خانم", "آیت‌الله", "حجت‌الاسلام", "سخنگوی", "وزیر", "رئیس", "رییس", "دکتر", "سردار",
    "سرلشکر", "سرتیپ", "مهندس", "نماینده", "سفیر", "معاون", "شهید", "امام", "رهبر", "دبیرکل",
    "فرمانده", "مدیرعامل", "استاندار", "سرپرست",
)
ORG_HEADS = (
    "وزارة", "شركة", "حزب", "جامعة", "منظمة", "مجلس", "هيئة", "جمعية", "اتحاد", "بنك", "وكالة",
    "صحيفة", "مؤسسة", "لجنة", "حركة", "جبهة", "مركز", "معهد", "نادي", "مصرف", "محكمة", "قوات",
    "وزارت", "شرکت", "دانشگاه", "سازمان", "شورای", "بانک", "خبرگزاری", "روزنامه", "بنیاد", "کمیته",
    "جنبش", "جبهه", "موسسه", "باشگاه", "ستاد", "سپاه", "دفتر", "اتحادیه", "دادگاه", "نیروی",
)
PLACE_HEADS = (
    "مدينة", "دولة", "جمهورية", "مملكة", "محافظة", "ولاية", "منطقة", "عاصمة", "بلاد", "جزيرة", "بحر",
    "نهر", "إقليم", "شهر", "کشور", "استان", "جمهوری", "پادشاهی", "منطقه", "پایتخت", "جزیره", "دریای",
    "رود", "ایالت", "بندر",
)


def _folded(words: tuple[str, ...]) -> frozenset[str]:
    return frozenset(fold(w) for w in words)


TRIGGERS = {"PER": _folded(PERSON_TITLES), "ORG": _folded(ORG_HEADS), "LOC": _folded(PLACE_HEADS)}


def trigger_kinds(forms: list[str]) -> list[str]:
    """The types whose trigger list holds one of `forms` (a word's folded, clitic-free readings)."""
    bare = [f[len(ARTICLE):] if f.startswith(ARTICLE) and len(f) > 4 else f for f in forms]
    return [kind for kind, words in TRIGGERS.items() if any(f in words for f in forms + bare)]
