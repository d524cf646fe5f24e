"""Persian stemming backed by hazm's lexicon, so that known words keep all their letters.

Works on folded words (see fold.py: no ZWNJ, ی and ک, ة -> ه, no hamza seat), against hazm's word list
and verb conjugations folded the same way; a folded verb form such as میشود (from می‌شود or ميشود)
becomes its lemma شد#شو. In order:
0. a plural ها/های/هایی or a degree تر/ترین whose stem is in the lexicon is stripped, even when the
   lexicon lists the inflected word too (it has کتابها, بزرگتر), as long as MIN_STEM letters are
   left (تنها, دفتر stay);
1. a verb form with the prefix می or نمی becomes its lemma, though the lexicon lists some (میگوید);
   any other word of the lexicon is its own stem (ایران, تهران, مردم);
2. a suffix (plural, possessive, comparative, indefinite) is stripped when what is left is in the
   lexicon, longest suffix first, at most twice (رسانههای -> رسانه, بزرگترین -> بزرگ); before verbs,
   since a noun with ی often spells a verb form too (فرهنگی, "you educate");
3. a conjugated verb form becomes its lemma;
4. an unknown word (a name such as قزاقستان) loses only a plural ها/های/هایی, and only when at
   least MIN_STEM letters are left.
"""
from __future__ import annotations

from functools import cache, lru_cache

from analyzers.fold import fold

MIN_STEM = 3
SUFFIXES = tuple(sorted(
    "هایی های ها ترین تر یان ان ات ی ای یی ام اش مان تان شان".split(), key=len, reverse=True,
))
PLURALS = ("هایی", "های", "ها")
DEGREES = ("ترین", "تر")
VERB_PREFIXES = ("\u0645\u06cc", "\u0646\u0645\u06cc")  # می نمی


@cache
def _lexicon() -> tuple[frozenset[str], dict[str, str]]:
    """hazm's words and one-word verb forms, folded in one pass each (a few hundred ms, once)."""
    from hazm.lemmatizer import Conjugation
    from hazm.utils import default_words, verbs_list

    lines = fold(default_words.read_text(encoding="utf-8")).splitlines()
    words = frozenset(line.split("\t", 1)[0] for line in lines if line)
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
    return words, verbs


def _strip_known(word: str, words: frozenset[str], depth: int = 2) -> str | None:
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
    words, verbs = _lexicon()
    for suffix in PLURALS + DEGREES:
        if word.endswith(suffix) and word[: -len(suffix)] in words and len(word) - len(suffix) >= MIN_STEM:
            return word[: -len(suffix)]
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
