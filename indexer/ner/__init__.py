"""Named-entity recognition for Arabic and Persian: a CRF per language, persons, places, organisations.

    from indexer.ner import recognize
    recognize("قال وزير الخارجية السعودي عادل الجبير", "ar")  # [Mention(start, end, "PER", "عادل الجبير")]

Models ship in `models/` and are built by `make train-ner` (see `train.py`).
"""
from indexer.ner.recognition import recognize
from indexer.ner.spans import TYPES, Mention
from indexer.ner.tagger import LANGS, load_model

__all__ = ["LANGS", "TYPES", "Mention", "load_model", "recognize"]
