"""CoNLL reading and writing: tokens kept exactly, clear messages for what is not CoNLL; the splits
training makes of the files."""
from __future__ import annotations

import pytest

from indexer.errors import FahrasError
from indexer.ner.conll import read_conll, read_tagged, write_conll
from indexer.ner.train import arabic_split, development_split

PERSIAN = "محمدجواد\tB-PER\nظریف\tI-PER\nوزیر\tO\nامور\tO\nخارجه\tO\n\nروش های\tO\nنو\tO\n"
ARABIC = "قال\tO\tVERB\nعادل\tB-PER\tNOUN\nالجبير\tI-PER\tNOUN\n.\tO\tPUNCT\n"


def test_conll_round_trip_keeps_tokens_tags_and_sentences(tmp_path):
    source = tmp_path / "fa.conll"
    source.write_text(PERSIAN, encoding="utf-8")
    sentences = read_tagged(source)
    copy = tmp_path / "copy.conll"
    write_conll(copy, [(s.tokens, s.tags) for s in sentences])
    assert copy.read_text(encoding="utf-8") == PERSIAN + "\n"


def test_columns_after_the_token_are_read_as_the_tag_then_ignored(tmp_path):
    source = tmp_path / "ar.conll"
    source.write_text("\ufeff" + ARABIC.replace("\n", "\r\n"), encoding="utf-8")
    [sentence] = read_conll(source)
    assert sentence.tokens == ["قال", "عادل", "الجبير", "."]
    assert sentence.tags == ["O", "B-PER", "I-PER", "O"]


def test_a_token_with_a_space_stays_one_token(tmp_path):
    source = tmp_path / "fa.conll"
    source.write_text(PERSIAN, encoding="utf-8")
    assert read_conll(source)[1].tokens == ["روش های", "نو"]


@pytest.mark.parametrize(
    "content, message",
    [
        (b"", "has no tokens"),
        (b"\n\n  \n", "has no tokens"),
        ("الجبير\tB-PER\n".encode("cp1256"), "is not UTF-8"),
        ("قال وزير الخارجية السعودي عادل الجبير إن المملكة ترحب\n".encode(), "line 1 is not CoNLL"),
        (b"\x00\x01\x02\tO\n", "line 1 is not CoNLL"),
    ],
    ids=["empty", "blank-lines", "windows-1256", "prose", "binary"],
)
def test_bad_input_is_refused_with_a_clear_message(tmp_path, content, message):
    source = tmp_path / "input.conll"
    source.write_bytes(content)
    with pytest.raises(FahrasError, match=message) as err:
        read_conll(source)
    assert str(source) in err.value.message


def test_a_gold_file_needs_bio_tags(tmp_path):
    source = tmp_path / "gold.conll"
    source.write_text("عادل\tB-PERSON\n", encoding="utf-8")
    with pytest.raises(FahrasError, match="line 1 has tag 'B-PERSON'"):
        read_tagged(source)


def test_a_missing_file_is_named(tmp_path):
    with pytest.raises(FahrasError, match="cannot be read"):
        read_conll(tmp_path / "nothing.conll")


def test_arabic_dev_split_is_apart_from_the_held_out_tenth(tmp_path):
    names = ["الرياض", "القاهرة", "بغداد", "دمشق", "عمان", "بيروت", "تونس", "الجزائر", "الرباط", "صنعاء"]
    lines = [f"زار\tO\n{names[n % 10]}{'ـ' * (n // 10)}\tB-LOC\n.\tO\n\n" for n in range(90)]
    (tmp_path / "ar-anercorp-train.conll").write_text("".join(lines), encoding="utf-8")
    train, dev = development_split("ar", tmp_path)
    held_out = arabic_split(read_tagged(tmp_path / "ar-anercorp-train.conll"))[1]
    assert (len(train), len(dev), len(held_out)) == (72, 9, 9)
    assert [s.lines[0] for s in dev] == [4 * n + 1 for n in range(72, 81)]
    assert not {s.tokens[1] for s in dev + train} & {s.tokens[1] for s in held_out}
