"""Light stemming of Arabic: strip clitics and affixes, never reach for the root, never break a word.

Works on folded words (see fold.py: ي ى -> ی, ك -> ک, ة -> ه, أ إ آ -> ا), so the affixes below are
written folded too. Larkey's light10, extended where measurement said so (ar title2body MRR@10 on the
dev corpus: light10 0.739, ISRI root stemming 0.720, no stemming 0.688), and held back by a lexicon of
whole words (data/ar_whole_words.tsv, built by ar_lexicon.py from corpus counts and the gazetteer's
names): a word tagged `p` keeps its first letter (لبنان, کیری, کوبا, وزیر), one tagged `s` its ending
(سودان, هجمات, بحرین). In order:
1. a leading conjunction و, when at least MIN_AFTER_WAW letters remain;
2. one article or preposition-with-article (وال بال کال فال لل ال), when at least MIN_STEM letters
   remain; otherwise one proclitic ب ل ف ک, when at least MIN_AFTER_CLITIC remain;
3. a pronoun after a teh: the pronoun alone when the word with its ت is whole (هجماته -> هجمات),
   ت as ه when that word is whole (حکومتها -> حکومه, as الحکومه); otherwise ت and pronoun, as the ت is a teh marbuta that fold.py left as ت (حکومتها, حکومته ->
   حکوم, as الحکومه -> حکوم), when at least MIN_AFTER_CLITIC letters remain; then nothing more;
4. otherwise suffixes (هما هم کم نا ها ان ات ون ین یه ه ی), each at most once, in that order, while
   at least MIN_AFTER_SUFFIX letters remain: an Arabic stem keeps the three letters of its root, so
   a suffix that would leave two takes a root letter or a teh marbuta (سنة would meet سن «age»,
   بنات بن «son», and the Persian راه the object marker را).
No step strips the first letter of a word tagged `p`, and none strips a suffix from a word tagged `s`.
"""
from __future__ import annotations

from functools import cache, lru_cache
from pathlib import Path

WAW = "\u0648"
ARTICLE = "\u0627\u0644"  # ال
MIN_AFTER_WAW = 3
MIN_STEM = 2
MIN_AFTER_CLITIC = 3
MIN_AFTER_SUFFIX = 3
ARTICLES = ("\u0648\u0627\u0644", "\u0628\u0627\u0644", "\u06a9\u0627\u0644", "\u0641\u0627\u0644",
            "\u0644\u0644", ARTICLE)  # وال بال کال فال لل ال
PROCLITICS = frozenset("\u0628\u0644\u0641\u06a9")  # ب ل ف ک
PRONOUNS = ("\u0647\u0645\u0627", "\u0647\u0645", "\u06a9\u0645", "\u0646\u0627")  # هما هم کم نا
SUFFIXES = PRONOUNS + ("\u0647\u0627", "\u0627\u0646", "\u0627\u062a", "\u0648\u0646", "\u06cc\u0646",
                       "\u06cc\u0647", "\u0647", "\u06cc")  # ها ان ات ون ین یه ه ی
TEH = "\u062a"
TEH_MARBUTA = "\u0647"  # ة as fold.py leaves it
TEH_PRONOUNS = tuple(TEH + p for p in PRONOUNS + ("\u0647\u0627", "\u0647"))  # تهما تهم تکم تنا تها ته
WHOLE_WORDS = Path(__file__).with_name("data") / "ar_whole_words.tsv"


@cache
def _whole() -> tuple[frozenset[str], frozenset[str]]:
    """The words that keep their first letter, and those that keep their ending."""
    keeps_first, keeps_end = set(), set()
    for line in WHOLE_WORDS.read_text(encoding="utf-8").splitlines():
        word, _, tag = line.partition("\t")
        if "p" in tag:
            keeps_first.add(word)
        if "s" in tag:
            keeps_end.add(word)
    return frozenset(keeps_first), frozenset(keeps_end)


@lru_cache(maxsize=1 << 18)
def stem(word: str) -> str:
    keeps_first, keeps_end = _whole()
    if word.startswith(WAW) and len(word) - 1 >= MIN_AFTER_WAW and word not in keeps_first:
        word = word[1:]
    for prefix in ARTICLES:
        if word.startswith(prefix) and len(word) - len(prefix) >= MIN_STEM:
            word = word[len(prefix):]
            break
    else:
        if word[:1] in PROCLITICS and len(word) - 1 >= MIN_AFTER_CLITIC and word not in keeps_first:
            word = word[1:]
    for suffix in TEH_PRONOUNS:
        if word.endswith(suffix) and len(word) - len(suffix) >= MIN_AFTER_CLITIC:
            stem_ = word[: -len(suffix)]
            for whole in (stem_ + TEH, stem_ + TEH_MARBUTA):
                if whole in keeps_end:
                    return whole
            return stem_
    for suffix in SUFFIXES:
        if word in keeps_end:
            break
        if word.endswith(suffix) and len(word) - len(suffix) >= MIN_AFTER_SUFFIX:
            word = word[: -len(suffix)]
    return word
