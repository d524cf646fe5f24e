"""The trained CRF of each language: checked, then its weights read once per process (scoring.py tags with them)."""
from __future__ import annotations

import functools
import struct
from dataclasses import dataclass
from pathlib import Path

import pycrfsuite

from indexer.errors import FahrasError
from indexer.ner.scoring import Weights

MODELS_DIR = Path(__file__).resolve().parent / "models"
LANGS = ("ar", "fa")
REBUILD_HINT = "rebuild it with `make train-ner`"
CRFSUITE_MAGIC = b"lCRF"


def model_path(lang: str) -> Path:
    return MODELS_DIR / f"{lang}.crfsuite"


def clusters_path(lang: str) -> Path:
    return MODELS_DIR / f"{lang}.clusters.tsv"


def digest_path(lang: str) -> Path:
    """The gazetteer fingerprint (`features.gazetteer_digest`) the model was trained with."""
    return MODELS_DIR / f"{lang}.gazetteer-digest"


def check_lang(lang: str) -> None:
    if lang not in LANGS:
        raise FahrasError("ner_lang", f"no entity recogniser for language {lang!r}; choose one of {', '.join(LANGS)}")


def _unusable(path: Path, why: str) -> FahrasError:
    return FahrasError("ner_model", f"the entity model {path} {why}; {REBUILD_HINT}", status=500)


def check_model_file(path: Path) -> bytes:
    """The file's bytes. crfsuite trusts its file: a truncated or foreign one must be refused before it is opened."""
    try:
        data = path.read_bytes()
    except FileNotFoundError as e:
        raise _unusable(path, "is missing") from e
    except OSError as e:
        raise _unusable(path, f"cannot be read ({e.strerror})") from e
    if len(data) < 8 or data[:4] != CRFSUITE_MAGIC or struct.unpack("<I", data[4:8])[0] != len(data):
        raise _unusable(path, "is corrupt (not a complete crfsuite model)")
    return data


def read_clusters(path: Path) -> dict[str, str]:
    """`folded word<TAB>features` lines (see clusters.py), written by training next to the model."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError as e:
        raise _unusable(path, "is missing") from e
    except (OSError, UnicodeDecodeError) as e:
        raise _unusable(path, f"cannot be read ({e})") from e
    table: dict[str, str] = {}
    for line in lines:
        word, tab, cluster = line.partition("\t")
        if not tab or not cluster:
            raise _unusable(path, "is corrupt (a line is not word<TAB>features)")
        table[word] = cluster
    return table


@dataclass(frozen=True)
class Model:
    """One language's CRF weights and the word clusters its features read."""

    lang: str
    weights: Weights
    clusters: dict[str, str]


def open_model(model: Path, clusters: Path, lang: str) -> Model:
    data = check_model_file(model)
    table = read_clusters(clusters)
    tagger = pycrfsuite.Tagger()
    try:
        tagger.open(str(model))
        weights = Weights.read(data, tagger)
    except (OSError, ValueError, struct.error) as e:
        raise _unusable(model, f"cannot be opened ({e})") from e
    finally:
        tagger.close()
    return Model(lang, weights, table)


@functools.cache
def load_model(lang: str) -> Model:
    """The shipped model of `lang`, opened once per process; FahrasError names the file if it is unusable."""
    check_lang(lang)
    return open_model(model_path(lang), clusters_path(lang), lang)
