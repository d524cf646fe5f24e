"""The recogniser's interface: mentions with offsets, BIO spans, and the model loader's messages."""
from __future__ import annotations

import pytest

from indexer.errors import FahrasError
from indexer.ner import recognize
from indexer.ner.spans import bio_spans
from indexer.ner.tagger import check_model_file


@pytest.mark.parametrize(
    "tags, expected",
    [
        (["B-PER", "I-PER", "O", "B-LOC"], [(0, 2, "PER"), (3, 4, "LOC")]),
        (["O", "I-ORG", "I-ORG"], [(1, 3, "ORG")]),
        (["B-PER", "B-PER"], [(0, 1, "PER"), (1, 2, "PER")]),
        (["B-PER", "I-LOC"], [(0, 1, "PER"), (1, 2, "LOC")]),
        (["O", "O"], []),
    ],
    ids=["two-spans", "i-after-o", "b-after-b", "type-change", "none"],
)
def test_bio_spans(tags, expected):
    assert bio_spans(tags) == expected


def test_missing_model_names_the_file_and_the_rebuild(tmp_path):
    missing = tmp_path / "ar.crfsuite"
    with pytest.raises(FahrasError) as err:
        check_model_file(missing)
    assert str(missing) in err.value.message
    assert "make train-ner" in err.value.message


def test_foreign_file_is_refused(tmp_path):
    foreign = tmp_path / "ar.crfsuite"
    foreign.write_text("مدل نیست", encoding="utf-8")
    with pytest.raises(FahrasError, match="corrupt"):
        check_model_file(foreign)


def test_unknown_language_is_refused():
    with pytest.raises(FahrasError, match="no entity recogniser for language 'en'"):
        recognize("Tokayev met Putin", "en")
