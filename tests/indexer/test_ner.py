"""The recogniser's interface: mentions with offsets, BIO spans, and the model loader's messages."""
from __future__ import annotations

import shutil

import pytest

from indexer.errors import FahrasError
from indexer.ner import recognize
from indexer.ner.spans import bio_spans
from indexer.ner.features import gazetteer_digest
from indexer.ner.tagger import check_model_file, clusters_path, digest_path, model_path, open_model


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


def test_truncated_model_is_refused_before_crfsuite_opens_it(tmp_path):
    broken = tmp_path / "fa.crfsuite"
    broken.write_bytes(model_path("fa").read_bytes()[:1000])
    with pytest.raises(FahrasError) as err:
        open_model(broken, clusters_path("fa"), "fa")
    assert "corrupt" in err.value.message and str(broken) in err.value.message
    assert "make train-ner" in err.value.message


def test_foreign_file_is_refused(tmp_path):
    foreign = tmp_path / "ar.crfsuite"
    foreign.write_text("مدل نیست", encoding="utf-8")
    with pytest.raises(FahrasError, match="corrupt"):
        check_model_file(foreign)


def test_corrupt_cluster_table_is_refused(tmp_path):
    model = tmp_path / "ar.crfsuite"
    shutil.copy(model_path("ar"), model)
    table = tmp_path / "ar.clusters.tsv"
    table.write_text("الرياض\n", encoding="utf-8")
    with pytest.raises(FahrasError, match="clusters.tsv is corrupt"):
        open_model(model, table, "ar")


@pytest.mark.parametrize("lang", ["ar", "fa"])
def test_shipped_model_was_trained_on_the_gazetteer_marks_its_features_read(lang):
    assert digest_path(lang).read_text(encoding="ascii").strip() == gazetteer_digest(), (
        "the gazetteer changed since this model was trained: run `make train-ner`")


def test_unknown_language_is_refused():
    with pytest.raises(FahrasError, match="no entity recogniser for language 'en'"):
        recognize("Tokayev met Putin", "en")


def test_arabic_minister_is_a_person():
    text = "قال وزير الخارجية السعودي عادل الجبير إن المملكة ترحب بالاتفاق."
    persons = [m for m in recognize(text, "ar") if m.type == "PER"]
    assert [m.text for m in persons] == ["عادل الجبير"]
    assert all(text[m.start:m.end] == m.text for m in persons)


def test_persian_minister_is_a_person():
    text = "محمدجواد ظریف وزیر امور خارجه ایران روز دوشنبه به مسکو سفر کرد."
    mentions = recognize(text, "fa")
    assert ("PER", "محمدجواد ظریف") in [(m.type, m.text) for m in mentions]
    assert ("LOC", "مسکو") in [(m.type, m.text) for m in mentions]


def test_mentions_slice_the_original_text_with_zwnj_and_punctuation():
    text = "سخنگوی وزارت امور خارجه، ناصر کنعانی، گفت: «رسانه‌های غربی درباره ایران دروغ می‌گویند»."
    mentions = recognize(text, "fa")
    assert mentions, "a sentence naming a spokesman and a ministry yields mentions"
    assert all(text[m.start:m.end] == m.text and m.text == m.text.strip() for m in mentions)
