"""Fixtures shared by every test package: the sample corpus and one session index of it."""
from pathlib import Path

import pytest

SAMPLE_DIR = Path(__file__).resolve().parent.parent / "indexer" / "sample"


@pytest.fixture(scope="session")
def sample_dir() -> Path:
    return SAMPLE_DIR


@pytest.fixture(scope="session")
def seed_index(tmp_path_factory) -> Path:
    """The five seed articles, indexed once per test session; tests must not write to it."""
    from indexer.writer import run_index

    index_dir = tmp_path_factory.mktemp("seed") / "ix"
    summary = run_index(index_dir, [SAMPLE_DIR], rebuild=False, prune=False, delete_ids=[],
                        max_bytes=20_000_000, progress=False)
    assert summary.failed == []
    return index_dir
