"""The one Schema of a Fahras index.

Text is stored once, as read (`title`, `body`), and indexed in a pair of fields per language
(`title_fa`, `body_fa`, ...), each with its own analyzer: a document fills the pair of its language,
and a query is parsed against every pair, so a query of unknown language reaches documents of both.
"""
from whoosh.fields import ID, KEYWORD, NUMERIC, STORED, TEXT, Schema

from analyzers.analysis import LANGS
from analyzers.whoosh_adapters import analyzer_for

TEXT_KINDS = ("title", "body")
ENTITY_TYPES = ("person", "place", "org")


def text_field(kind: str, lang: str) -> str:
    return f"{kind}_{lang}"


def build_schema() -> Schema:
    fields = dict(
        id=ID(stored=True, unique=True),
        title=STORED(),
        body=STORED(),
        author=STORED(),
        url=STORED(),
        content_hash=STORED(),
        entities=STORED(),
        date=ID(stored=True, sortable=True),
        month=ID(stored=True),
        source=ID(stored=True),
        lang=ID(stored=True),
        path=ID(stored=True),
        added_at=NUMERIC(int, bits=64, stored=True, sortable=True),
        near_group=ID(stored=True, sortable=True),  # see indexer.near_duplicates
        near_signature=STORED(),
    )
    for etype in ENTITY_TYPES:
        fields[etype] = KEYWORD(stored=True, scorable=False)
    for lang in LANGS:
        for kind in TEXT_KINDS:
            fields[text_field(kind, lang)] = TEXT(analyzer=analyzer_for(lang), phrase=True)
    return Schema(**fields)
