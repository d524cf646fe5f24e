"""`fahras tag`: every token back, in order, each with a BIO tag; bad input is one line and exit 1."""
from __future__ import annotations

from click.testing import CliRunner

from indexer.ner.conll import TAGS, read_conll
from search_app.cli import main

ARABIC = ("قال\tO\nوزير\tO\nالخارجية\tO\nالسعودي\tO\nعادل\tB-PER\nالجبير\tI-PER\n،\tO\nفي\tO\nالرياض\tB-LOC\n.\tO\n\n"
          "وقالت\tO\nوزارة\tB-ORG\nالخارجية\tI-ORG\nالأمريكية\tI-ORG\n(\tO\nواشنطن\tB-LOC\n)\tO\n")
PERSIAN = ("محمدجواد\nظریف\nوزیر\nامور\nخارجه\nدر\nمسکو\nگفت\n.\n\n"
           "رسانه\u200cهای\nروش های\nسازمان\nملل\nمتحد\n")


def tag(*args):
    return CliRunner().invoke(main, ["tag", *args])


def test_tag_keeps_every_arabic_token_and_adds_a_tag(tmp_path):
    source, target = tmp_path / "ar.conll", tmp_path / "out.conll"
    source.write_text(ARABIC, encoding="utf-8")
    result = tag("--lang", "ar", "--input", str(source), "--output", str(target))
    assert result.exit_code == 0, result.output
    gold, tagged = read_conll(source), read_conll(target)
    assert [s.tokens for s in tagged] == [s.tokens for s in gold]
    assert all(t in TAGS for s in tagged for t in s.tags)
    assert "B-PER" in tagged[0].tags


def test_tag_keeps_persian_tokens_with_zwnj_and_spaces(tmp_path):
    source, target = tmp_path / "fa.conll", tmp_path / "out.conll"
    source.write_text(PERSIAN, encoding="utf-8")
    assert tag("--lang", "fa", "--input", str(source), "--output", str(target)).exit_code == 0
    lines = target.read_text(encoding="utf-8").split("\n")
    assert [line.split("\t")[0] for line in lines] == PERSIAN.split("\n") + [""]
    assert read_conll(target)[0].tags[:2] == ["B-PER", "I-PER"]


def test_tag_refuses_a_file_that_is_not_utf8_and_keeps_the_output(tmp_path):
    source, target = tmp_path / "ar.conll", tmp_path / "out.conll"
    source.write_bytes("الرياض\tB-LOC\n".encode("cp1256"))
    target.write_text("earlier output\n", encoding="utf-8")
    result = tag("--lang", "ar", "--input", str(source), "--output", str(target))
    assert result.exit_code == 1
    assert result.output.strip() == f"Error: {source}: is not UTF-8 (byte 0 cannot be decoded)"
    assert target.read_text(encoding="utf-8") == "earlier output\n"


def test_tag_refuses_prose_and_empty_files(tmp_path):
    prose, empty = tmp_path / "prose.txt", tmp_path / "empty.conll"
    prose.write_text("محمدجواد ظریف وزیر امور خارجه ایران روز دوشنبه به مسکو سفر کرد.\n", encoding="utf-8")
    empty.write_text("", encoding="utf-8")
    for source, message in ((prose, "line 1 is not CoNLL"), (empty, "has no tokens")):
        result = tag("--lang", "fa", "--input", str(source), "--output", str(tmp_path / "out.conll"))
        assert result.exit_code == 1 and message in result.output
        assert "Traceback" not in result.output
    assert not (tmp_path / "out.conll").exists()


def test_tag_refuses_an_unknown_language(tmp_path):
    result = tag("--lang", "en", "--input", "x", "--output", "y")
    assert result.exit_code == 2 and "'en' is not one of 'ar', 'fa'" in result.output
