"""One character fold for Persian and Arabic, applied to each token.

Rules, each a table entry below (applied in one regex pass, then Latin is lowercased):
- yeh variants (Arabic yeh, alef maksura, yeh barree, Kashmiri yeh) and yeh with hamza -> Farsi yeh;
  Arabic kaf and swash kaf -> keheh (the Persian kaf);
- alef with hamza above/below, madda or wasla -> bare alef; waw with hamza -> waw;
  standalone hamza removed (its spelling varies more than it distinguishes);
- teh marbuta, heh with yeh above, heh goal and heh doachashmee -> heh;
- harakat, Quranic marks, superscript alef and tatweel removed;
- Persian and Arabic-Indic digits -> ASCII; the Arabic decimal and thousands separators -> "." and ",";
- Arabic presentation forms and other compatibility characters (ligatures, full-width Latin)
  -> their NFKC expansion, itself folded;
- bidi controls, ZWNJ, ZWJ and other format characters removed.

Every output character maps to itself, so folding twice equals folding once.
"""
from __future__ import annotations

import functools
import re
import unicodedata

FARSI_YEH = "\u06cc"
ARABIC_YEH = "\u064a"
ALEF_MAKSURA = "\u0649"
YEH_BARREE = "\u06d2"
YEH_BARREE_HAMZA = "\u06d3"
KASHMIRI_YEH = "\u0620"
YEH_HAMZA = "\u0626"
KEHEH = "\u06a9"
ARABIC_KAF = "\u0643"
SWASH_KAF = "\u06aa"
ALEF = "\u0627"
ALEF_MADDA = "\u0622"
ALEF_HAMZA_ABOVE = "\u0623"
ALEF_HAMZA_BELOW = "\u0625"
ALEF_WASLA = "\u0671"
ALEF_WAVY_HAMZA_ABOVE = "\u0672"
ALEF_WAVY_HAMZA_BELOW = "\u0673"
WAW = "\u0648"
WAW_HAMZA = "\u0624"
HAMZA = "\u0621"
HEH = "\u0647"
TEH_MARBUTA = "\u0629"
HEH_YEH_ABOVE = "\u06c0"
HEH_GOAL = "\u06c1"
HEH_GOAL_HAMZA = "\u06c2"
TEH_MARBUTA_GOAL = "\u06c3"
HEH_DOACHASHMEE = "\u06be"
AE = "\u06d5"
TATWEEL = "\u0640"
SUPERSCRIPT_ALEF = "\u0670"
ARABIC_DECIMAL_SEPARATOR = "\u066b"
ARABIC_THOUSANDS_SEPARATOR = "\u066c"
ZWNJ = "\u200c"
ZWJ = "\u200d"

HARAKAT = [chr(c) for c in range(0x064B, 0x0660)]  # fathatan .. hamza below, incl. shadda, sukun
QURANIC_MARKS = [chr(c) for c in range(0x06D6, 0x06EE) if unicodedata.category(chr(c)) == "Mn"]
FORMAT_CHARS = [
    "\u00ad",  # soft hyphen
    "\u061c",  # Arabic letter mark
    "\u200b", ZWNJ, ZWJ, "\u200e", "\u200f",  # zero width space, ZWNJ, ZWJ, LRM, RLM
    *[chr(c) for c in range(0x202A, 0x202F)],  # embeddings and overrides
    *[chr(c) for c in range(0x2060, 0x2070)],  # word joiner, isolates, invisible operators
    "\ufeff",  # zero width no-break space (BOM)
]
ARABIC_INDIC_DIGITS = "\u0660\u0661\u0662\u0663\u0664\u0665\u0666\u0667\u0668\u0669"
PERSIAN_DIGITS = "\u06f0\u06f1\u06f2\u06f3\u06f4\u06f5\u06f6\u06f7\u06f8\u06f9"

LETTERS = {
    ARABIC_YEH: FARSI_YEH, ALEF_MAKSURA: FARSI_YEH, YEH_BARREE: FARSI_YEH, YEH_BARREE_HAMZA: FARSI_YEH,
    KASHMIRI_YEH: FARSI_YEH, YEH_HAMZA: FARSI_YEH,
    ARABIC_KAF: KEHEH, SWASH_KAF: KEHEH,
    ALEF_MADDA: ALEF, ALEF_HAMZA_ABOVE: ALEF, ALEF_HAMZA_BELOW: ALEF, ALEF_WASLA: ALEF,
    ALEF_WAVY_HAMZA_ABOVE: ALEF, ALEF_WAVY_HAMZA_BELOW: ALEF,
    WAW_HAMZA: WAW, HAMZA: "",
    TEH_MARBUTA: HEH, HEH_YEH_ABOVE: HEH, HEH_GOAL: HEH, HEH_GOAL_HAMZA: HEH, TEH_MARBUTA_GOAL: HEH,
    HEH_DOACHASHMEE: HEH, AE: HEH,
    ARABIC_DECIMAL_SEPARATOR: ".", ARABIC_THOUSANDS_SEPARATOR: ",",
    TATWEEL: "", SUPERSCRIPT_ALEF: "",
    **{d: str(i) for i, d in enumerate(ARABIC_INDIC_DIGITS)},
    **{d: str(i) for i, d in enumerate(PERSIAN_DIGITS)},
    **dict.fromkeys(HARAKAT, ""),
    **dict.fromkeys(QURANIC_MARKS, ""),
    **dict.fromkeys(FORMAT_CHARS, ""),
}

# Arabic presentation forms A and B, full-width and half-width forms: expanded by NFKC.
COMPATIBILITY_RANGES = ((0xFB50, 0xFDFF), (0xFE70, 0xFEFF), (0xFF00, 0xFFEF))


def _fold_letters(text: str) -> str:
    return "".join(LETTERS.get(ch, ch) for ch in text)


def _build_table() -> dict[int, str]:
    table = {ord(k): v for k, v in LETTERS.items()}
    for lo, hi in COMPATIBILITY_RANGES:
        for code in range(lo, hi + 1):
            ch = chr(code)
            if code in table or unicodedata.category(ch) == "Cn":
                continue
            expanded = unicodedata.normalize("NFKC", ch)
            if expanded != ch:
                table[code] = _fold_letters(expanded).replace(" ", "")
    return table


TABLE = _build_table()
# str.translate looks every character up; a regex finds the rare ones that change about ten times faster.
FOLDABLE = re.compile("[" + "".join(re.escape(chr(code)) for code in sorted(TABLE)) + "]")


def _replace(match: re.Match) -> str:
    return TABLE[ord(match[0])]


def _fold(text: str) -> str:
    if FOLDABLE.search(text) is None:
        return text.lower()
    return FOLDABLE.sub(_replace, text).lower()


# Indexing folds every word several times (the analyzers, names, recognition, near-copies), and a few tens
# of thousands of words make most of the news: a word's fold is kept, a text's is not.
WORD_CACHE_LENGTH = 40
_fold_word = functools.lru_cache(maxsize=1 << 17)(_fold)


def fold(text: str) -> str:
    """The canonical form of one token (or of any text: nothing here depends on neighbours)."""
    return _fold_word(text) if len(text) <= WORD_CACHE_LENGTH else _fold(text)
