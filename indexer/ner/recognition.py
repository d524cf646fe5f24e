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
from indexer.ner.scoring import Scorer
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
def scorer(lang: str) -> Scorer:
    model = load_model(lang)
    return Scorer(model.weights, FeatureExtractor(lang, model.clusters))


def recognize(text: str, lang: str) -> list[Mention]:
    """Persons, places and organisations named in `text` (`lang` "ar" or "fa"), in text order; a
    punctuation mark the tagger put at either edge of a name is left out of it."""
    check_lang(lang)
    found: list[Mention] = []
    split = list(sentences(text))
    for sentence, tags in zip(split, scorer(lang).tag([[text[s:e] for s, e in sentence] for sentence in split])):
        for first, after, kind in bio_spans(tags):
            words = [(s, e) for s, e in sentence[first:after] if text[s:e].isalnum() or e - s > 1]
            if words:
                start, end = words[0][0], words[-1][1]
                found.append(Mention(start, end, kind, text[start:end]))
    return found


def tag_file(source: Path, target: Path, lang: str) -> int:
    """Tag a CoNLL file's tokens into `target` (token, tag); `target` is replaced only once all is
    tagged. Returns the number of tokens."""
    check_lang(lang)
    tokens = [s.tokens for s in read_conll(source)]
    tagged = list(zip(tokens, scorer(lang).tag(tokens)))
    target = Path(target)
    temporary = None
    try:
        fd, temporary = tempfile.mkstemp(prefix=".tagging-", dir=target.parent)
        os.close(fd)
        write_conll(temporary, tagged)
        os.replace(temporary, target)
    except OSError as e:
        if temporary:
            Path(temporary).unlink(missing_ok=True)
        raise FahrasError("write_failed", f"cannot write {target}: {e.strerror}") from e
    return sum(len(tokens) for tokens, _ in tagged)
