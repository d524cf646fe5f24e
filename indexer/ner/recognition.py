"""Text in, mentions out: tokenize as the index does, tag sentence by sentence, map tags to offsets."""
from __future__ import annotations

import functools
import os
import tempfile
from pathlib import Path
from typing import Iterator

from analyzers.tokens import spans
from indexer.errors import FahrasError
from indexer.ner.conll import read_conll, write_conll
from indexer.ner.features import FeatureExtractor
from indexer.ner.spans import Mention, bio_spans
from indexer.ner.tagger import check_lang, load_model

SENTENCE_ENDS = frozenset(".!?؟")
MAX_SENTENCE = 250


def text_tokens(text: str) -> Iterator[tuple[int, int]]:
    """`(start, end)` of the index's words (ZWNJ compounds whole), and of each punctuation mark
    between them, as the annotated corpora split them."""
    at = 0
    for _, start, end, _, is_part in spans(text):
        if is_part:
            continue
        for i in range(at, start):
            if not text[i].isspace():
                yield i, i + 1
        yield start, end
        at = end
    for i in range(at, len(text)):
        if not text[i].isspace():
            yield i, i + 1


def sentences(text: str) -> Iterator[list[tuple[int, int]]]:
    current: list[tuple[int, int]] = []
    for start, end in text_tokens(text):
        current.append((start, end))
        if (end - start == 1 and text[start] in SENTENCE_ENDS) or len(current) >= MAX_SENTENCE:
            yield current
            current = []
    if current:
        yield current


@functools.cache
def extractor(lang: str) -> FeatureExtractor:
    return FeatureExtractor(lang, load_model(lang).clusters)


def recognize(text: str, lang: str) -> list[Mention]:
    """Persons, places and organisations named in `text` (`lang` "ar" or "fa"), in text order."""
    check_lang(lang)
    model, features = load_model(lang), extractor(lang)
    found: list[Mention] = []
    for sentence in sentences(text):
        tags = model.tag(features.sentence([text[s:e] for s, e in sentence]))
        for first, after, kind in bio_spans(tags):
            start, end = sentence[first][0], sentence[after - 1][1]
            found.append(Mention(start, end, kind, text[start:end]))
    return found


def tag_tokens(tokens: list[str], lang: str) -> list[str]:
    """One BIO tag per token of one sentence."""
    check_lang(lang)
    return load_model(lang).tag(extractor(lang).sentence(tokens))


def tag_file(source: Path, target: Path, lang: str) -> int:
    """Tag a CoNLL file's tokens into `target` (token, tag); `target` is replaced only once all is
    tagged. Returns the number of tokens."""
    check_lang(lang)
    sentences = read_conll(source)
    tagged = [(s.tokens, tag_tokens(s.tokens, lang)) for s in sentences]
    target = Path(target)
    fd, temporary = tempfile.mkstemp(prefix=".tagging-", dir=target.parent)
    os.close(fd)
    try:
        write_conll(temporary, tagged)
        os.replace(temporary, target)
    except OSError as e:
        Path(temporary).unlink(missing_ok=True)
        raise FahrasError("write_failed", f"cannot write {target}: {e.strerror}") from e
    return sum(len(tokens) for tokens, _ in tagged)
