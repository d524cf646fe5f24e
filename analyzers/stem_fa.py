"""Persian stemming backed by hazm's lexicon, so that known words keep all their letters.

Works on folded words (see fold.py: no ZWNJ, ی and ک, ة -> ه, no hamza seat), against hazm's word list
and verb conjugations folded the same way; a folded verb form such as میشود (from می‌شود or ميشود)
becomes its lemma شد#شو. hazm's word list carries corpus counts; a count of 0 marks a listed but
unseen word. In order:
0. an Arabic broken plural of the patterns in BROKEN_PLURALS becomes the singular hazm's corpus has
   seen most (تدابیر -> تدبیر, مفاهیم -> مفهوم, عوامل -> عامل, حوادث -> حادثه);
1. a plural ها/های/هایی or a degree تر/ترین whose stem hazm has seen is stripped, even when the
   lexicon lists the inflected word too (it has کتابها, بزرگتر), as long as MIN_STEM letters are
   left (تنها, دفتر stay); but a listed word keeps its تر unless hazm also writes it with a
   half-space, as a degree (بزرگ‌تر, مهم‌ترین): فیلتر, کبوتر, انگشتر are words, not degrees of
   فیل, کبو, انگش; a های that is ه + ای (هستهای, the ZWNJ-less هسته‌ای) keeps its ه when
   hazm has seen the word with ه more often than without;
2. a plural ات whose stem, stem + ه or stem + ت is in the lexicon becomes the one hazm has seen
   most (تمرینات -> تمرین, مذاکرات -> مذاکره, خسارات -> خسارت, not the unseen خسار); a ی whose stem is a word of at least MIN_DERIVED letters is stripped
   (برگزاری -> برگزار, ایرانی -> ایران; shorter stems such as مردمی keep it: stripping those ranked worse);
3. a verb form with the prefix می or نمی becomes its lemma, though the lexicon lists some (میگوید);
   any other word of the lexicon is its own stem (ایران, تهران, مردم);
4. a suffix (plural, possessive, comparative, indefinite) is stripped when what is left is in the
   lexicon, longest suffix first, at most twice (رسانههای -> رسانه, بزرگترین -> بزرگ); before verbs,
   since a noun with ی often spells a verb form too (فرهنگی, "you educate");
5. a conjugated verb form becomes its lemma;
6. an unknown word (a name such as قزاقستان) loses only a plural ها/های/هایی, and only when at
   least MIN_STEM letters are left.
"""
from __future__ import annotations

import re
from functools import cache, lru_cache

from analyzers.fold import ZWNJ, fold

MIN_STEM = 3
MIN_DERIVED = 5
SUFFIXES = tuple(sorted(
    "هایی های ها ترین تر یان ان ات ی ای یی ام اش مان تان شان".split(), key=len, reverse=True,
))
PLURALS = ("هایی", "های", "ها")
DEGREES = ("ترین", "تر")
VERB_PREFIXES = ("\u0645\u06cc", "\u0646\u0645\u06cc")  # می نمی
BROKEN_PLURALS = (
    (re.compile("ت(.)ا(.)ی(.)"), (r"ت\1\2ی\3",)),  # تفاعیل: تدابیر -> تدبیر
    (re.compile("م(.)ا(.)ی(.)"), (r"م\1\2و\3", r"م\1\2ا\3")),  # مفاعیل: مفاهیم -> مفهوم, مقادیر -> مقدار
    (re.compile("([^خ])وا([^ی])([^یته])"), (r"\1ا\2\3", r"\1ا\2\3ه")),  # فواعل: عوامل -> عامل, حوادث -> حادثه
)


@cache
def _lexicon() -> tuple[dict[str, int], dict[str, str], frozenset[str]]:
    """hazm's words with their corpus counts, its one-word verb forms, and the words it writes with a
    degree apart (بزرگ‌تر), all folded (a few hundred ms, once)."""
    from hazm.lemmatizer import Conjugation
    from hazm.utils import default_words, verbs_list

    listed = default_words.read_text(encoding="utf-8")
    apart = frozenset(fold(word) for word in re.findall(rf"^(\S+{ZWNJ}(?:{'|'.join(DEGREES)}))\t", listed, re.M))
    words: dict[str, int] = {}
    for line in fold(listed).splitlines():
        word, _, rest = line.partition("\t")
        count = rest.partition("\t")[0]
        if word:
            words[word] = max(words.get(word, 0), int(count) if count.isdigit() else 0)
    conjugation = Conjugation()
    forms, lemmas = [], []
    for verb in verbs_list():
        for form in conjugation.get_all(verb):
            if " " not in form and "_" not in form:
                forms.append(form)
                lemmas.append(verb)
    verbs: dict[str, str] = {}
    for form, lemma in zip(fold("\n".join(forms)).split("\n"), lemmas):
        verbs.setdefault(form, lemma)
    return words, verbs, apart


def singular(word: str) -> str | None:
    """The singular of an Arabic broken plural, of the patterns above, that hazm's corpus has seen."""
    words = _lexicon()[0]
    for pattern, templates in BROKEN_PLURALS:
        if match := pattern.fullmatch(word):
            best = max((match.expand(t) for t in templates), key=lambda base: words.get(base, 0))
            return best if words.get(best) else None
    return None


def _strip_known(word: str, words: dict[str, int], depth: int = 2) -> str | None:
    for suffix in SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 2:
            rest = word[: -len(suffix)]
            if rest in words:
                return rest
            if depth > 1 and (deeper := _strip_known(rest, words, depth - 1)):
                return deeper
    return None


def is_verb_form(word: str) -> bool:
    """Whether a folded word is a conjugated verb form of hazm's lexicon (میشود, نمیروند)."""
    return word in _lexicon()[1]


@lru_cache(maxsize=1 << 18)
def stem(word: str) -> str:
    words, verbs, apart = _lexicon()
    if single := singular(word):
        return single
    if word.endswith("های") and words.get(word[:-2], 0) > words.get(word[:-3], 0):
        return word[:-2]
    for suffix in PLURALS + DEGREES:
        if (word.endswith(suffix) and words.get(word[: -len(suffix)]) and len(word) - len(suffix) >= MIN_STEM
                and (suffix in PLURALS or word not in words or word in apart)):
            return word[: -len(suffix)]
    if word.endswith("ات") and len(word) - 2 >= MIN_STEM:
        rest = word[:-2]
        known = [base for base in (rest, rest + "ه", rest + "ت") if base in words]
        if known:
            return max(known, key=lambda base: words[base])
    if word.endswith("ی") and len(word) - 1 >= MIN_DERIVED and word[:-1] in words:
        return word[:-1]
    if word.startswith(VERB_PREFIXES) and word in verbs:
        return verbs[word]
    if word in words:
        return word
    if known := _strip_known(word, words):
        return known
    if word in verbs:
        return verbs[word]
    for suffix in PLURALS:
        if word.endswith(suffix) and len(word) - len(suffix) >= MIN_STEM:
            return word[: -len(suffix)]
    return word
