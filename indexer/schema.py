"""The one Schema of a Fahras index.

Text is stored once, as read (`title`, `body`), and indexed in a pair of fields per language
(`title_fa`, `body_fa`, ...), each with its own analyzer: a document fills the pair of its language,
and a query is parsed against every pair, so a query of unknown language reaches documents of both.
What an index run compares (`id`, `content_hash`, `path`, `added_at`, and `record_hash`, the hash of
the record as read) is also kept in per-document columns, so a run reads those values of every document
without unpickling the stored bodies, and builds no document from a record that has not changed.
How each entity is written (`entity_forms`) is kept in the term dictionary, so a label needs no pass
over the stored documents.
"""
from whoosh.analysis import RegexTokenizer
from whoosh.columns import VarBytesColumn
from whoosh.fields import COLUMN, ID, KEYWORD, NUMERIC, STORED, TEXT, Schema

from analyzers.analysis import LANGS
from analyzers.whoosh_adapters import analyzer_for

TEXT_KINDS = ("title", "body")
ENTITY_TYPES = ("person", "place", "org")


class StringColumn(COLUMN):
    """A string kept only in a per-document column, neither indexed nor among the stored fields."""

    def __init__(self):
        super().__init__(VarBytesColumn())

    def to_bytes(self, value: str) -> bytes:
        return value.encode("utf-8")

    def from_bytes(self, data: bytes) -> str:
        return data.decode("utf-8")


class FormsField(KEYWORD):
    """One term per line of the value, `entity id \x1f lang \x1f written form`, each mention once more
    (`reader.frequency` counts the mentions; a prefix of the id lists its forms)."""

    def __init__(self):
        super().__init__(scorable=False)
        self.analyzer = RegexTokenizer(r"[^\n]+")


FORM_SEPARATOR = "\x1f"


def form_term(entity_id: str, lang: str, form: str) -> str:
    return FORM_SEPARATOR.join((entity_id, lang, form))


def text_field(kind: str, lang: str) -> str:
    return f"{kind}_{lang}"


def build_schema() -> Schema:
    fields = dict(
        id=ID(stored=True, unique=True, sortable=True),
        title=STORED(),
        body=STORED(),
        author=STORED(),
        url=STORED(),
        content_hash=StringColumn(),
        record_hash=StringColumn(),
        entities=STORED(),
        date=ID(stored=True, sortable=True),
        month=ID(stored=True),
        source=ID(stored=True),
        lang=ID(stored=True),
        path=ID(stored=True, sortable=True),
        added_at=NUMERIC(int, bits=64, stored=True, sortable=True),
        near_group=ID(stored=True, sortable=True),  # see indexer.near_duplicates
        near_signature=COLUMN(VarBytesColumn()),
        entity_forms=FormsField(),
    )
    for etype in ENTITY_TYPES:
        fields[etype] = KEYWORD(stored=True, scorable=False)
    for lang in LANGS:
        for kind in TEXT_KINDS:
            fields[text_field(kind, lang)] = TEXT(analyzer=analyzer_for(lang), phrase=True)
    return Schema(**fields)
