"""Read and write CoNLL: one token a line (first tab-separated column; others ignored), a blank line
between sentences, UTF-8. Tokens are kept byte for byte, so a file tagged and written back has the
same tokens, in the same order, one a line.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from indexer.errors import FahrasError
from indexer.ner.spans import OUTSIDE, TYPES

BOM = "\ufeff"
MAX_TOKEN_WORDS = 4  # a first column with more words than this is prose, not a token
TAGS = frozenset([OUTSIDE] + [f"{p}-{t}" for t in TYPES for p in "BI"])


@dataclass
class Sentence:
    tokens: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)  # the second column, "" where a line has none
    lines: list[int] = field(default_factory=list)


def _bad(path: Path, why: str) -> FahrasError:
    return FahrasError("bad_conll", f"{path}: {why}")


def parse_conll(text: str, path: Path) -> list[Sentence]:
    sentences: list[Sentence] = []
    current = Sentence()
    for number, line in enumerate(text.removeprefix(BOM).split("\n"), 1):
        line = line.removesuffix("\r")
        if not line.strip():
            if current.tokens:
                sentences.append(current)
                current = Sentence()
            continue
        token, _, rest = line.partition("\t")
        if "\x00" in line or len(token.split()) > MAX_TOKEN_WORDS or not token.strip():
            raise _bad(path, f"line {number} is not CoNLL (expected one token, then tab-separated columns)")
        current.tokens.append(token)
        current.tags.append(rest.partition("\t")[0].strip())
        current.lines.append(number)
    if current.tokens:
        sentences.append(current)
    if not sentences:
        raise _bad(path, "has no tokens (CoNLL: one token a line, a blank line between sentences)")
    return sentences


def read_conll(path: str | Path) -> list[Sentence]:
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as e:
        raise _bad(path, f"cannot be read ({e.strerror})") from e
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        raise _bad(path, f"is not UTF-8 (byte {e.start} cannot be decoded)") from e
    return parse_conll(text, path)


def read_tagged(path: str | Path) -> list[Sentence]:
    """A gold file: every line must carry a BIO tag of TAGS in its second column."""
    sentences = read_conll(path)
    for sentence in sentences:
        for tag, number in zip(sentence.tags, sentence.lines):
            if tag not in TAGS:
                raise _bad(Path(path), f"line {number} has tag {tag!r}, not one of {', '.join(sorted(TAGS))}")
    return sentences


def write_conll(path: str | Path, sentences: Iterable[tuple[list[str], list[str]]]) -> None:
    with open(path, "w", encoding="utf-8", newline="\n") as out:
        for tokens, tags in sentences:
            out.writelines(f"{token}\t{tag}\n" for token, tag in zip(tokens, tags, strict=True))
            out.write("\n")
