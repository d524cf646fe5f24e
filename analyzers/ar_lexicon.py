"""The Arabic words that keep their letters, built from counts of a corpus (stem_ar reads the result).

A light stemmer reads a leading ب ل ف ک و as a proclitic and a trailing ان ین ون ات ه ی as a suffix,
so names and whole words lose letters: لبنان -> بن, کیری -> یر, السودان -> سود. Here a proclitic
is taken as one only where what is left is a word at least RATIO times as frequent as the whole: a
proclitic is one of many contexts a word stands in, so a real combination is much rarer than the bare
word, while a word as frequent as its supposed rest is a word of its own (کیری: 687, یری: 592; کندا: 91, ندا: 88).
The conjunction و is the exception: it opens most sentences, so وقال (7,720) outnumbers قال (3,893);
it is kept only where what is left is rarer than the whole by RATIO (وزیر: 5,328, زیر: 26), as a suffix is.
Inflection is common, so a suffix is kept only where what is left is rarer than the whole by RATIO,
a stem that is hardly a word (سودان: 270, سود: 65; هجمات: 761, هجم: 7), where a plural is about as
frequent as its singular (معلمین: 386, معلم: 188). A pronoun after ت is the
stemmer's own decision (step 3 of stem_ar). Frequencies are of
bare forms (the word alone or after the article ال), folded as the index folds them; only words seen
at least MIN_COUNT times are judged, unseen ones are left to the light stemmer. Gazetteer names keep
every letter.

    python -m analyzers.ar_lexicon CORPUS.jsonl.gz... --gazetteer indexer/data/gazetteer.json \
        > analyzers/data/ar_whole_words.tsv          # make ar-lexicon

Output lines: `word<TAB>tag`, tag `p` (keeps its first letter), `s` (keeps its ending) or `ps`.
"""
from __future__ import annotations

import argparse
import gzip
import json
import sys
from collections import Counter
from collections.abc import Iterable

from analyzers.fold import fold
from analyzers.stem_ar import ARTICLE, MIN_AFTER_CLITIC, MIN_AFTER_SUFFIX, PROCLITICS, SUFFIXES, TEH_PRONOUNS, WAW
from analyzers.stopwords import is_stopword
from analyzers.tokens import TOKEN_RE

RATIO = 3
MIN_COUNT = 10


def bare_counts(counts: Counter) -> Counter:
    """Occurrences of each folded word alone or right after the article ال; none for a stopword, which
    is a particle, not the stem it spells (ولا, «and not», is no evidence that ولایه is ولا + یه)."""
    bare: Counter = Counter()
    for word, n in counts.items():
        if is_stopword(word, "ar"):
            continue
        bare[word[len(ARTICLE):] if word.startswith(ARTICLE) and len(word) > len(ARTICLE) + 1 else word] += n
    return bare


def first_suffix(word: str) -> str | None:
    return next((s for s in SUFFIXES if word.endswith(s) and len(word) - len(s) >= MIN_AFTER_SUFFIX), None)


def whole_words(counts: Counter, names: Iterable[str] = ()) -> dict[str, str]:
    """word -> tag ("p", "s" or "ps") for the words whose affix-looking letters belong to them."""
    bare = bare_counts(counts)
    tags: dict[str, str] = {}
    for word, n in bare.items():
        if n < MIN_COUNT:
            continue
        tag = ""
        rest = bare[word[1:]] if len(word) - 1 >= MIN_AFTER_CLITIC else None
        if rest is not None and ((word[:1] in PROCLITICS and rest < RATIO * n)
                                 or (word[:1] == WAW and RATIO * rest < n)):
            tag += "p"
        if not word.endswith(TEH_PRONOUNS) and (suffix := first_suffix(word)) \
                and RATIO * bare[word[: -len(suffix)]] < n:
            tag += "s"
        if tag:
            tags[word] = tag
    for name in names:
        tags[name] = "ps"
    return tags


def corpus_counts(paths: Iterable[str]) -> Counter:
    """Folded word counts of the titles and bodies of JSONL(.gz) corpora."""
    counts: Counter = Counter()
    for path in paths:
        with (gzip.open if path.endswith(".gz") else open)(path, "rt", encoding="utf-8") as lines:
            for line in lines:
                record = json.loads(line)
                text = f"{record.get('title') or ''}\n{record.get('body') or ''}"
                counts.update(fold(m[0]) for m in TOKEN_RE.finditer(text))
    return counts


def gazetteer_names(path: str) -> list[str]:
    """The one-word Arabic names of a gazetteer file, folded, without the article."""
    with open(path, encoding="utf-8") as f:
        entities = json.load(f)["entities"]
    names = (fold(n) for e in entities for n in e.get("names", {}).get("ar", []) if " " not in n.strip())
    return sorted({n[len(ARTICLE):] if n.startswith(ARTICLE) else n for n in names})


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpora", nargs="+", help="Arabic JSONL(.gz) corpora with title and body")
    parser.add_argument("--gazetteer", help="a gazetteer JSON whose Arabic names keep their letters")
    args = parser.parse_args(argv)
    names = gazetteer_names(args.gazetteer) if args.gazetteer else []
    tags = whole_words(corpus_counts(args.corpora), names)
    sys.stdout.writelines(f"{word}\t{tag}\n" for word, tag in sorted(tags.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
