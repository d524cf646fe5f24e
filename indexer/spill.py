"""A first build's documents kept on disk until every one is linked, then given back with the run's
aliases applied, so each document is written once with its final entity ids.

Which short name stands for which full name depends on counts over the whole run (`indexer.aliases`),
and memory cannot hold a large run's prepared documents, so they wait in a file, pickled one by one,
and come back in the order they came. Writing them at once and rewriting the aliased ones afterwards,
as an update does (`merging.merge_aliases`), rewrote a third of the documents of a 160,000-article
build and left as many deleted entries in the index for every search to skip.
"""
from __future__ import annotations

import pickle
from collections import Counter
from pathlib import Path
from typing import Iterable, Iterator, Mapping

from indexer.aliases import Words, apply_aliases, corpus_aliases
from indexer.documents import Document
from indexer.given_names import given_names
from indexer.merging import CORPUS_PREFIXES

BUFFER_BYTES = 1 << 20


class Spill:
    """`Spill(path, people)(documents)` yields `documents` aliased, once all of them have come.

    `people`: the key words of the corpus persons linked, filled while `documents` is read
    (`preparation.Linker.people`). The file at `path` is the caller's to remove."""

    def __init__(self, path: Path, people: Mapping[str, Words]):
        self.path = Path(path)
        self.people = people
        self.counts: Counter[str] = Counter()  # documents per corpus entity id
        self.aliases: dict[str, str] = {}

    def __call__(self, documents: Iterable[Document]) -> Iterator[Document]:
        with open(self.path, "wb", buffering=BUFFER_BYTES) as out:
            for doc in documents:
                self.counts.update({e["id"] for e in doc.entities if e["id"].partition(":")[0] in CORPUS_PREFIXES})
                pickle.dump(doc, out, protocol=pickle.HIGHEST_PROTOCOL)
        self.aliases = corpus_aliases(self.counts, self.people, given_names())
        with open(self.path, "rb", buffering=BUFFER_BYTES) as spilled:
            while True:
                try:
                    doc = pickle.load(spilled)
                except EOFError:
                    return
                doc.entities = apply_aliases(doc.entities, self.aliases)
                yield doc

    def person_names(self) -> dict[str, Words]:
        """The key words of the corpus persons left in the index once aliased (`merging.PERSON_NAMES`)."""
        return {pid: w for pid, w in self.people.items() if self.counts[pid] and pid not in self.aliases}
