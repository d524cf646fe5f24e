"""Arabic names and words that a light stemmer could break: does a search for each find it?

For each word of WORDS (countries, capitals, leaders, and common nouns that start with ب ل ك ف و),
searched alone in the Arabic corpus through the batch code (BM25F, proximity, top TOP), the share of
hits whose text contains the word itself (folded, without its article; clitics around it allowed, and
a final ة written ت as it is before a pronoun: ولايته is ولاية).
A stemmer that reads لبنان as ل + بنان finds بن («son of») instead, and the share drops.

    .venv/bin/python tests/bench/names.py --shared ../shared [--index DIR]   # make bench-names
"""
from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from analyzers.fold import fold
from analyzers.stem_ar import ARTICLE, TEH, TEH_MARBUTA
from indexer.bulk import build_index
from indexer.store import open_index
from search_app.core.search import WEIGHTING, searcher_gazetteer
from search_app.trec.batch import DocIds, compile_plain, rank

from relevance import load_documents  # tests/bench, beside this script

TOP = 200
TARGET = 0.95
WORDS = """
لبنان كوبا كندا السودان فلسطين البحرين الكويت ليبيا بريطانيا فرنسا بلجيكا البرازيل كينيا الفلبين
فنزويلا باكستان بيروت بغداد بكين لندن باريس برلين موسكو واشنطن القاهرة الرياض
كيري بوتين أوباما كاميرون فرنانديز بان لافروف
بلدية لجنة كتاب فريق وزير ولاية فيلم كرة بطولة لاعب برنامج وفد فندق كهرباء بنك
""".split()


def share(searcher, gazetteer, ids: DocIds, word: str) -> tuple[float, int]:
    """The share of the top TOP hits for `word` whose folded text contains it, and the hit count."""
    hits = rank(searcher, compile_plain(word, gazetteer, searcher.schema), TOP, ids)
    bare = fold(word).removeprefix(ARTICLE)
    forms = (bare, bare[:-1] + TEH) if bare.endswith(TEH_MARBUTA) else (bare,)
    texts = [fold(f"{doc.get('title') or ''} {doc.get('body') or ''}")
             for doc in (searcher.document(id=docid) for docid, _ in hits)]
    return (sum(any(form in t for form in forms) for t in texts) / len(texts) if texts else 1.0), len(texts)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=Path("../shared"))
    parser.add_argument("--index", type=Path, help="an index of the Arabic corpus to reuse (built if absent)")
    args = parser.parse_args(argv)
    corpus = args.shared / "corpora" / "ar-news-dev.jsonl.gz"
    if not corpus.is_file():
        print(f"names benchmark skipped: no {corpus}")
        return 0
    with tempfile.TemporaryDirectory(prefix="fahras-names-") as scratch:
        index_dir = args.index or Path(scratch) / "ar"
        if not (index_dir.is_dir() and any(index_dir.iterdir())):
            build_index(index_dir, load_documents(corpus, keep_titles=True), procs=2)
        ix = open_index(index_dir)
        with ix.searcher(weighting=WEIGHTING) as searcher:
            ids, gazetteer = DocIds(searcher), searcher_gazetteer(searcher)
            rows = [(word, *share(searcher, gazetteer, ids, word)) for word in WORDS]
    print(f"Arabic words: share of the top {TOP} hits whose text contains the word ({corpus.name})")
    for word, value, n in rows:
        print(f"  {word}\t{value:.3f}\t{n} hits{'' if value >= TARGET else '  BELOW ' + str(TARGET)}")
    below = [word for word, value, _ in rows if value < TARGET]
    print(f"{len(rows) - len(below)} of {len(rows)} words at or above {TARGET}; mean "
          f"{sum(v for _, v, _ in rows) / len(rows):.3f}" + (f"; below: {' '.join(below)}" if below else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
