"""Names as a recogniser finds them: titles taken off, and one key per name across both scripts.

`split_title` takes leading titles and honorifics (الملك، الأمير، وزير الخارجية، آیت‌الله، آقای ...) off a
mention and returns them apart, so «الأمير محمد بن سلمان» and «محمد بن سلمان» are one name and the title is
kept. `name_key` turns a name into the key that decides identity:

- each word folded (`analyzers.fold`: ي/ی، ك/ک، hamza forms, ة/ه, harakat, tatweel, ZWNJ);
- a clitic و/ف/ب/ل/ک only where it sits before the article (والرياض → الرياض), never otherwise: بوتين
  keeps its ب; the article ال is dropped from every word (الأسد and اسد are one word);
- عبد and ابو join the next word (عبد العزيز = عبدالعزيز); in «X بن Y بن Z آل W» only X and Y count
  (محمد بن سلمان بن عبدالعزيز = محمد بن سلمان); بن، ابن and بنت are left out;
- Persian letters Arabic writes otherwise are mapped: پ→ب، چ→ج، ژ→ج (أحمدي نجاد for احمدی‌نژاد، جاك
  for ژاک), گ→ک;
- long-vowel letters ا و ی inside a word are dropped (first and last letters stay) and a doubled letter
  is written once: توکایف and توكاييف are both «تکف», نتانیاهو and نتنياهو both «نتنهو».

The key is the consonant skeleton of the name, which Persian and Arabic spell alike; the first and last
letters stay, since a final ی (روحانی) or و carries the name, and words stay apart and in order.
"""
from __future__ import annotations

import functools

from analyzers.fold import ZWNJ, fold
from analyzers.tokens import TOKEN_RE
from indexer.gazetteer import ARTICLE

ARTICLE_CLITICS = ("و", "ف", "ب", "ک", "ل")  # folded: ک is the fold of ك
ALEF = "ا"
PERSIAN_LETTERS = str.maketrans({"پ": "ب", "چ": "ج", "ژ": "ج", "گ": "ک"})
JOIN_NEXT = frozenset({"عبد", "ابو", "ابی"})
LINEAGE = frozenset({"بن", "ابن", "بنت"})

# Words of titles and offices, folded; leading ones are taken off a name while a word is left after them.
_TITLES = """
الملك الملكة الأمير الاميرة الشيخ الشيخة الرئيس رئيس رئيسة الوزير وزير وزيرة السيد السيدة الدكتور
الدكتورة د المهندس اللواء العميد الفريق العقيد المشير سمو صاحب السمو الإمام الامام السفير سفير
نائب ولي العهد معالي فخامة جلالة خادم الحرمين الشريفين المستشار مستشار القاضي الحاج النائب المتحدث
باسم الناطق الرسمي الأمين العام امين عام وزارة مدير المدير رئيس الوزراء نائب الرئيس قائد القائد
آیت‌الله آیت الله آیت‌الله‌العظمی العظمی حجت‌الاسلام حجت الاسلام والمسلمین حجت‌الاسلام‌والمسلمین آقای
آقا خانم دکتر مهندس سردار سرلشکر سرتیپ سرهنگ سید سیده امام شیخ رئیس‌جمهور رئیس‌جمهوری جمهور جمهوری
وزیر وزیران نخست نخست‌وزیر معاون سخنگوی سخنگو سفیر نماینده دبیر دبیرکل کل استاندار شهردار فرمانده
رهبر مقام معظم حضرت حاج ریاست ریاست‌جمهوری ریاستجمهوری
"""
TITLE_WORDS = frozenset(fold(w) for w in _TITLES.split())


# Words that name a kind or a direction, not one entity: alone, a recognised mention of them is dropped.
_GENERIC = """
شمال جنوب شرق غرب الشمال الجنوب الشرق الغرب جهان عالم العالم منظمة المنظمة منظمه سازمان دولة الدولة دولت
حكومة الحكومة حکومت مجلس المجلس وزارة الوزارة وزارت شركة الشركة شرکت حزب الحزب جامعة الجامعة دانشگاه
علیرغم
"""
CLITIC_LETTERS = frozenset(ARTICLE_CLITICS)
NISBA_ENDINGS = ("\u064a\u0629", "\u064a", "\u06cc")  # ية، ي، ی as written (the fold makes ية a ه)
NISBA_PLACE_ENDINGS = ("", "\u0627", "\u064a\u0627", "\u06cc\u0647")  # -, ا، يا، یه
AR_ARTICLE = "\u0627\u0644"  # ال as written
MIN_NISBA_STEM = 3
MIN_DEFINITE_NISBA = 5  # ال and four letters: الكازاخستاني، الأمريكي; not العلي
NAME_CACHE = 1 << 15  # names recur across a corpus; what is computed of each is kept for the next document
MIN_CLITIC_REST = 4


@functools.lru_cache(maxsize=NAME_CACHE)
def is_generic(name: str) -> bool:
    """A name that is a common noun of place or institution (الشمال, منظمة, دولت), or the preposition
    علی‌رغم however it is spaced, or titles alone (ولي العهد: which crown prince is not said)."""
    return name_key(name) in GENERIC_KEYS or all(_is_title(w) for w, _, _ in name_words(name))


def without_clitic(words: list[str]) -> list[str] | None:
    """Key words with a one-letter clitic taken off the first (لنزارباييف → نزارباييف), if it may have one."""
    if words and words[0][:1] in CLITIC_LETTERS and len(words[0]) > MIN_CLITIC_REST:
        return [words[0][1:], *words[1:]]
    return None


def name_words(text: str) -> list[tuple[str, int, int]]:
    """(word, start, end) for each word of a name."""
    return [(m.group(), m.start(), m.end()) for m in TOKEN_RE.finditer(text)]


def split_title(text: str) -> tuple[str, int]:
    """(title, where the name starts in `text`): leading title words, with at least one word left over.
    A definite nisba adjective there is part of the title (الرئيس الأمريكي باراك أوباما, الكازاخستاني
    قاسم جومارت توكاييف): a given name never carries the article."""
    spans = name_words(text)
    cut = 0
    while cut < len(spans) - 1 and (_is_title(spans[cut][0]) or _is_definite_nisba(spans[cut][0])):
        cut += 1
    if cut == 0:
        return "", 0
    return text[:spans[cut - 1][2]].strip(), spans[cut][1]


def nisba_stems(word: str) -> list[str]:
    """What a word ending as a nisba adjective (روسي، روسية، روسی، الروسي) may be the adjective of:
    its stem as is and with ا، يا or یه (روس → روسيا، روسیه; كازاخستان; أمريك → أمريكا); none otherwise."""
    for ending in NISBA_ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= MIN_NISBA_STEM:
            stem = word[:-len(ending)]
            stems = [stem, stem.removeprefix(AR_ARTICLE)] if stem.startswith(AR_ARTICLE) else [stem]
            return [s + tail for s in stems for tail in NISBA_PLACE_ENDINGS]
    return []


def is_definite(word: str) -> bool:
    """The word carries the article, under a clitic or not (الروسي، والروسي)."""
    folded = fold(word)
    return any(folded.startswith(c + ARTICLE) for c in ("", *ARTICLE_CLITICS))


def _is_definite_nisba(word: str) -> bool:
    return is_definite(word) and len(fold(word)) > MIN_DEFINITE_NISBA and any(word.endswith(e) for e in NISBA_ENDINGS)


def _is_title(word: str) -> bool:
    folded = fold(word)
    if folded in TITLE_WORDS:
        return True
    # a title with a clitic (والرئيس، وللأمير) or with the ZWNJ parts the fold joins (آیت‌الله → ایتالله)
    return any(folded.startswith(c) and folded[len(c):] in TITLE_WORDS for c in ARTICLE_CLITICS)


def name_key(text: str) -> str:
    """The cross-script key of a name: its key words run together, so احمدی‌نژاد, احمدی نژاد and
    احمدينژاد are one name; empty when nothing of it is left."""
    return "".join(key_words(text))


def key_words(text: str) -> list[str]:
    """The name's words as `name_key` spells them, in order (for matching a surname to a full name)."""
    return list(_key_words(text))


@functools.lru_cache(maxsize=NAME_CACHE)
def _key_words(text: str) -> tuple[str, ...]:
    joined: list[str] = []
    for word in (fold(w) for w, _, _ in name_words(text)):
        if joined and joined[-1] in JOIN_NEXT:
            joined[-1] += word  # عبد العزيز = عبدالعزيز: the article stays inside the compound
        else:
            joined.append(word)
    if len(joined) > 2 and joined[1] in LINEAGE:
        joined = [joined[0], joined[2]]  # X بن Y بن Z آل W: a person is named by X and the father Y
    joined = [w for w in joined if w not in LINEAGE]
    return tuple(k for k in (_skeleton(_word_key(w)) for w in joined) if k)


def _word_key(folded: str) -> str:
    for clitic in ARTICLE_CLITICS:
        if folded.startswith(clitic + ARTICLE) and len(folded) > len(clitic) + len(ARTICLE) + 1:
            folded = folded[len(clitic):]
            break
    if folded.startswith(ARTICLE) and len(folded) > len(ARTICLE) + 1 and folded != "الله":
        folded = folded[len(ARTICLE):]
    return folded.translate(PERSIAN_LETTERS)


def _skeleton(word: str) -> str:
    single = "".join(ch for i, ch in enumerate(word) if i == 0 or ch != word[i - 1])
    if len(single) <= 2:
        return single
    return single[0] + single[1:-1].replace(ALEF, "") + single[-1]


GENERIC_KEYS = frozenset(name_key(w) for w in _GENERIC.split())
