"""The index's cross-document aliases (`indexer.aliases`), written into its documents at the end of an
update (a first build applies them before any document is written: `indexer.spill`).

Counts are the documents per corpus id of the index's person, place and org fields (their term index:
no stored document is read for them). The key words of each corpus person come from the runs that
linked it and are kept beside the index (`person_names.json`), since an id runs its words together;
without that file they are read again from the stored documents. Every document naming an aliased id
is written again with the id replaced: its stored entities and facets change, its text, dates,
`added_at` and near-duplicate group stay as they were. A merge stays written
until the document is linked again (changed, or `--rebuild`).
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Mapping

from indexer.aliases import Words, apply_aliases, corpus_aliases, person_words
from indexer.bulk import LIMIT_MB, document_fields
from indexer.documents import Document
from indexer.given_names import given_names
from indexer.linking import CORPUS_PREFIX
from indexer.near_duplicates import signature
from indexer.schema import ENTITY_TYPES
from indexer.store import open_index

PERSON_NAMES = "person_names.json"  # kept in the index directory
CORPUS_PREFIXES = frozenset(CORPUS_PREFIX.values())
DOCUMENT_KEYS = ("id", "title", "body", "lang", "author", "date", "source", "url", "path")


def merge_aliases(index_dir: Path, run_words: Mapping[str, Words]) -> int:
    """Write the aliases of the index at `index_dir` into its documents; how many were written again.
    The caller holds the index's write lock (`writer._write_lock`, or a new index nobody else sees).

    `run_words`: key words of the corpus persons this run linked (`aliases.person_words`)."""
    ix = open_index(index_dir)
    with ix.reader() as reader:
        words = {**read_person_names(index_dir, reader), **run_words}
        counts = {term: (field, info.doc_frequency()) for field, term, info in _corpus_terms(reader)}
        aliases = corpus_aliases({term: n for term, (_, n) in counts.items()}, words, given_names())
        docnums = sorted({d for short in aliases for d in reader.postings(counts[short][0], short).all_ids()})
        write_person_names(index_dir, {pid: w for pid, w in words.items() if pid in counts})
        if not docnums:
            return 0
        records = reader.column_reader("record_hash") if "record_hash" in reader.schema else None
        writer = ix.writer(_lk=False, limitmb=LIMIT_MB)
        try:  # one stored document in memory at a time: a large index may rewrite many
            for docnum in docnums:
                record = records[docnum] or None if records is not None else None
                writer.update_document(**_rewritten(reader.stored_fields(docnum), aliases, record))
            writer.commit(merge=False)
        except BaseException:
            writer.cancel()
            raise
    return len(docnums)


def _corpus_terms(reader):
    """(field, id, term info) of every corpus entity in the person, place and org fields."""
    for field in ENTITY_TYPES:
        if field not in reader.schema:
            continue
        for term, info in reader.iter_field(field):
            text = term.decode("utf-8") if isinstance(term, bytes) else term
            if text.partition(":")[0] in CORPUS_PREFIXES:
                yield field, text, info


def _rewritten(stored: Mapping, aliases: Mapping[str, str], record_hash: str | None) -> dict:
    doc = Document(**{key: stored.get(key) for key in DOCUMENT_KEYS},
                   entities=apply_aliases(list(stored.get("entities") or ()), aliases), record_hash=record_hash)
    doc.title, doc.body = doc.title or "", doc.body or ""
    fields = document_fields(doc, stored["added_at"])
    group, sig = stored.get("near_group"), signature(f"{doc.title}\n{doc.body}")
    if group is not None:
        fields["near_group"] = group
    if sig is not None:
        fields["near_signature"] = sig
    return fields


def read_person_names(index_dir: Path, reader) -> dict[str, Words]:
    """The kept key words; when the file is missing or unreadable (an index built before it, a damaged
    copy), read again from every stored document's entities, once."""
    try:
        data = json.loads((Path(index_dir) / PERSON_NAMES).read_text(encoding="utf-8"))
        return {pid: tuple(words) for pid, words in data.items()}
    except (OSError, ValueError, AttributeError, TypeError):
        words: dict[str, Words] = {}
        for stored in reader.all_stored_fields():
            words.update(person_words(stored.get("entities") or ()))
        return words


def write_person_names(index_dir: Path, words: Mapping[str, Words]) -> None:
    target = Path(index_dir) / PERSON_NAMES
    partial = target.with_suffix(".partial")
    partial.write_text(json.dumps({pid: list(w) for pid, w in sorted(words.items())}, ensure_ascii=False),
                       encoding="utf-8")
    partial.replace(target)
