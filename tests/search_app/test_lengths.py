"""Field lengths read whole per segment agree with Whoosh's per-document lengths."""
from indexer.schema import LANGS, text_field
from indexer.store import open_index
from search_app.core.lengths import field_length_reader


def test_lengths_from_memory_equal_the_readers_lengths(seed_index):
    with open_index(seed_index).searcher() as searcher:
        compared = []
        for sub, _ in searcher.leaf_searchers():
            reader = sub.reader()
            for field in (text_field(kind, lang) for kind in ("title", "body") for lang in LANGS):
                lengths = field_length_reader(sub, field)
                compared += [(lengths(d), reader.doc_field_length(d, field) or 0)
                             for d in range(reader.doc_count_all())]
    assert [a for a, b in compared if a != b] == []
    assert sum(a for a, _ in compared) > 1000  # the seed articles' bodies hold thousands of words


def test_a_searcher_of_several_segments_has_no_single_length_column(tmp_path):
    from indexer.writer import run_index

    for name, text in (("a.txt", "قزاقستان در آستانه تحول"), ("b.txt", "احتجاجات في كازاخستان")):
        source = tmp_path / "in" / name
        source.parent.mkdir(exist_ok=True)
        source.write_text(text, encoding="utf-8")
        run_index(tmp_path / "ix", [source], rebuild=False, prune=False, delete_ids=[], max_bytes=10_000,
                  progress=False)
    with open_index(tmp_path / "ix").searcher() as searcher:
        assert len(searcher.leaf_searchers()) > 1
        assert field_length_reader(searcher, text_field("body", "fa")) is None
        assert all(field_length_reader(sub, text_field("body", "fa")) is not None
                   for sub, _ in searcher.leaf_searchers())
