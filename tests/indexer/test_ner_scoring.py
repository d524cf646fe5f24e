"""Tagging by summed word scores gives crfsuite's own tags, from weights read exactly from the model file."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pycrfsuite
import pytest

from indexer.errors import FahrasError
from indexer.ner.conll import read_tagged
from indexer.ner.features import FeatureExtractor
from indexer.ner.recognition import sentences
from indexer.ner.scoring import BATCH, Scorer
from indexer.ner.tagger import clusters_path, load_model, model_path, open_model

SHARED = Path(os.environ.get("FAHRAS_SHARED", Path(__file__).resolve().parents[3] / "shared"))
LANGS = ("ar", "fa")


def crfsuite_tags(lang: str, token_lists: list[list[str]]) -> list[list[str]]:
    tagger = pycrfsuite.Tagger()
    tagger.open(str(model_path(lang)))
    features = FeatureExtractor(lang, load_model(lang).clusters)
    return [tagger.tag(features.sentence(tokens)) for tokens in token_lists]


def fresh_scorer(lang: str) -> Scorer:
    model = load_model(lang)
    return Scorer(model.weights, FeatureExtractor(lang, model.clusters))


def sample_sentences(sample_dir: Path) -> list[list[str]]:
    found = []
    for path in sorted(sample_dir.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        found += [[text[s:e] for s, e in sentence] for sentence in sentences(text)]
    return found


@pytest.mark.parametrize("lang", LANGS)
def test_weights_are_the_ones_crfsuite_prints(lang):
    tagger = pycrfsuite.Tagger()
    tagger.open(str(model_path(lang)))
    info = tagger.info()
    weights = load_model(lang).weights
    label = {name: k for k, name in enumerate(weights.labels)}
    assert set(label) == set(info.labels)
    for (attribute, name), printed in info.state_features.items():
        assert weights.state[weights.attributes[attribute], label[name]] == pytest.approx(printed, abs=1e-6)
    for (before, now), printed in info.transitions.items():
        assert weights.transition[label[before], label[now]] == pytest.approx(printed, abs=1e-6)
    assert (weights.state != 0).sum() == len(info.state_features)


@pytest.mark.parametrize("lang", LANGS)
def test_tags_equal_crfsuite_on_the_sample_articles(lang, sample_dir):
    token_lists = sample_sentences(sample_dir)
    assert len(token_lists) > 100
    expected = crfsuite_tags(lang, token_lists)
    assert any(tag != "O" for tags in expected for tag in tags)
    assert fresh_scorer(lang).tag(token_lists) == expected


def test_batches_and_empty_sentences_keep_their_places(sample_dir):
    token_lists = sample_sentences(sample_dir)[:BATCH + 10]
    token_lists[3] = []
    scorer = fresh_scorer("fa")
    together = scorer.tag(token_lists)
    assert together[3] == []
    assert together == [scorer.tag([tokens])[0] for tokens in token_lists]


@pytest.mark.parametrize("lang, name", [("ar", "ar-anercorp-train.conll"), ("fa", "fa-peyma-test.conll")])
def test_tags_equal_crfsuite_on_annotated_news(lang, name):
    gold = SHARED / "ner" / name
    if not gold.is_file():
        pytest.skip(f"{gold} not found (set FAHRAS_SHARED)")
    token_lists = [s.tokens for s in read_tagged(gold)][-1000:]
    assert fresh_scorer(lang).tag(token_lists) == crfsuite_tags(lang, token_lists)


def test_model_without_its_feature_table_is_refused(tmp_path):
    model = tmp_path / "ar.crfsuite"
    data = bytearray(model_path("ar").read_bytes())
    header_says = int.from_bytes(data[28:32], "little")  # the feature table's offset
    data[header_says:header_says + 4] = b"XXXX"
    model.write_bytes(bytes(data))
    shutil.copy(clusters_path("ar"), tmp_path / "ar.clusters.tsv")
    with pytest.raises(FahrasError) as err:
        open_model(model, tmp_path / "ar.clusters.tsv", "ar")
    assert str(model) in err.value.message and "make train-ner" in err.value.message
