"""Documents prepared in worker processes: the same entities and signatures, in order, errors raised here."""
from __future__ import annotations

import copy
import os

import pytest

import indexer.ner.tagger as tagger_module
from indexer.documents import Document
from indexer.errors import FahrasError
from indexer.gazetteer import GAZETTEER_PATH, build_gazetteer, read_gazetteer_data
from indexer.linking import load_recognizer
from indexer.preparation import BATCH_SIZE, POOL_AFTER, Linker, Preparation, ready
from indexer.store import open_index
from indexer.writer import run_index

pytestmark = pytest.mark.skipif((os.cpu_count() or 1) < 2, reason="the pool runs on two cores or more")

TITLE_FA = "توکایف: ناآرامی‌های قزاقستان کار تروریست‌ها بود"


@pytest.fixture(scope="module")
def gazetteer_data() -> dict:
    return read_gazetteer_data(GAZETTEER_PATH)


@pytest.fixture(scope="module")
def linker(gazetteer_data) -> Linker:
    return Linker(build_gazetteer(gazetteer_data), load_recognizer())


@pytest.fixture(scope="module")
def documents(sample_dir) -> list[Document]:
    """More seed articles than a build prepares in its own process, over several batches, the last one short."""
    texts = [p.read_text(encoding="utf-8").strip().split("\n", 1) for p in sorted(sample_dir.glob("*.txt"))]
    count = POOL_AFTER + 2 * BATCH_SIZE + 3
    return [Document(id=f"n-{n}", title=texts[n % 5][0], body=f"{texts[n % 5][1][:1500]} {n}",
                     lang="fa" if n % 5 in (1, 3) else "ar") for n in range(count)]


def pooled_list(prepare: Preparation, documents: list[Document]) -> list[Document]:
    """Copies of `documents` prepared, having checked they were given to two workers."""
    given = prepare(copy.deepcopy(doc) for doc in documents)
    prepared = [next(given)]
    assert len(prepare.workers) == 2
    return prepared + list(given)


def test_pool_gives_the_documents_in_order_as_this_process_prepares_them(documents, gazetteer_data, linker):
    expected = [ready(copy.deepcopy(doc), linker) for doc in documents]
    with Preparation(gazetteer_data, linker, procs=2) as prepare:
        prepared = pooled_list(prepare, documents)
    assert [d.id for d in prepared] == [d.id for d in documents]
    assert [d.entities for d in prepared] == [d.entities for d in expected]
    assert [d.near_signature for d in prepared] == [d.near_signature for d in expected]
    assert any(d.entities for d in prepared)


def test_workers_end_when_the_documents_do(documents, gazetteer_data, linker):
    with Preparation(gazetteer_data, linker, procs=2) as prepare:
        given = prepare(copy.deepcopy(doc) for doc in documents)
        next(given)
        workers = list(prepare.workers.values())
        list(given)
        assert [w.is_alive() for w in workers] == [False, False]
        assert [w.exitcode for w in workers] == [0, 0]


def test_workers_end_with_the_preparation_when_documents_are_left(documents, gazetteer_data, linker):
    with Preparation(gazetteer_data, linker, procs=2) as prepare:
        next(prepare(copy.deepcopy(doc) for doc in documents))
        workers = list(prepare.workers.values())
    assert [w.is_alive() for w in workers] == [False, False]
    assert [w.exitcode for w in workers] == [0, 0]


def test_an_error_in_a_worker_is_raised_here_with_its_code(documents, linker):
    broken = {"entities": [{"id": "per:x", "type": "person"}]}  # no names: the worker cannot load it
    with pytest.raises(FahrasError) as err, Preparation(broken, linker, procs=2) as prepare:
        list(prepare(copy.deepcopy(doc) for doc in documents))
    assert err.value.code == "gazetteer_invalid" and "per:x" in err.value.message


def test_a_corrupt_model_stops_a_rebuild_before_anything_is_written(tmp_path, monkeypatch, sample_dir):
    first = run_index(tmp_path / "ix", [sample_dir], rebuild=False, prune=False, delete_ids=[],
                      max_bytes=20_000_000, progress=False)
    assert first.ok
    models = tmp_path / "models"
    models.mkdir()
    for path in tagger_module.MODELS_DIR.iterdir():
        (models / path.name).write_bytes(path.read_bytes())
    (models / "fa.crfsuite").write_bytes(tagger_module.model_path("fa").read_bytes()[:1000])
    monkeypatch.setattr(tagger_module, "MODELS_DIR", models)
    tagger_module.load_model.cache_clear()
    try:
        with pytest.raises(FahrasError) as err:
            run_index(tmp_path / "ix", [sample_dir], rebuild=True, prune=False, delete_ids=[],
                      max_bytes=20_000_000, progress=False)
    finally:
        tagger_module.load_model.cache_clear()
    assert str(models / "fa.crfsuite") in err.value.message and "make train-ner" in err.value.message
    assert open_index(tmp_path / "ix").doc_count() == 5


def test_the_corpus_persons_linked_in_workers_are_remembered_here_for_alias_merging(documents):
    """With no gazetteer every person is a corpus person; the pool's must reach this process's linker."""
    no_gazetteer = {"about": "none", "entities": []}
    alone = Linker(build_gazetteer(no_gazetteer), load_recognizer())
    for doc in documents:
        alone(copy.deepcopy(doc))
    pooled = Linker(build_gazetteer(no_gazetteer), load_recognizer())
    with Preparation(no_gazetteer, pooled, procs=2) as prepare:
        pooled_list(prepare, documents)
    assert pooled.people == alone.people
    assert any(key.startswith("per:") for key in pooled.people)
