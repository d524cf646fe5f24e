"""Near-copies: signatures of folded shingles, groups that only grow, stored for later runs."""
from pathlib import Path

from indexer.near_duplicates import NearDuplicates, shingles, signature, similarity

SAMPLE = Path(__file__).resolve().parents[2] / "indexer" / "sample"
ARABIC = (SAMPLE / "001_7bdcb4ea2c0200a6.txt").read_text(encoding="utf-8")
OTHER_ARABIC = (SAMPLE / "002_a917483df7011d66.txt").read_text(encoding="utf-8")
REPRINT = "نقلا عن وكالة الأنباء: " + ARABIC[:-200]


def test_shingles_fold_spellings_together():
    assert shingles("الي رئيس الوزراء البريطاني") == shingles("إلى رئيس الوزراء البريطانی")


def test_signature_of_a_short_text_is_none():
    assert signature("أكدت المنشورات العديدة") is None


def test_similarity_of_a_reprint_is_high():
    assert similarity(signature(ARABIC), signature(REPRINT)) >= 0.8


def test_similarity_of_another_story_is_low():
    assert similarity(signature(ARABIC), signature(OTHER_ARABIC)) < 0.1


def test_a_reprint_joins_the_group_of_the_original():
    near = NearDuplicates()
    groups = [near.assign(doc_id, text)[0] for doc_id, text in
              [("a", ARABIC), ("b", OTHER_ARABIC), ("c", REPRINT)]]
    assert groups == ["a", "b", "a"]


def test_remembered_signatures_let_a_later_run_group_without_bodies():
    first = NearDuplicates()
    group, sig = first.assign("a", ARABIC)
    later = NearDuplicates()
    later.remember("a", sig, group)
    assert later.assign("c", REPRINT)[0] == "a"


def test_an_incremental_run_puts_a_reprint_in_the_group_of_an_indexed_original(tmp_path):
    from indexer.store import open_index
    from indexer.writer import run_index

    def run(name: str, text: str) -> None:
        source = tmp_path / "in" / name
        source.parent.mkdir(exist_ok=True)
        source.write_text(text, encoding="utf-8")
        run_index(tmp_path / "ix", [source], rebuild=False, prune=False, delete_ids=[], max_bytes=1_000_000,
                  progress=False)

    run("original.txt", ARABIC)
    run("reprint.txt", REPRINT)
    with open_index(tmp_path / "ix").searcher() as searcher:
        groups = {fields["id"]: fields["near_group"] for fields in searcher.all_stored_fields()}
    assert groups == {"original": "original", "reprint": "original"}
