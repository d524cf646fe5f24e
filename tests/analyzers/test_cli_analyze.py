import orjson
from click.testing import CliRunner

from search_app.cli import main


def run(*args):
    return CliRunner().invoke(main, ["analyze", *args])


def test_analyze_prints_language_offsets_and_terms():
    result = run("--lang", "fa", "این رسانهها")
    assert (result.exit_code, result.output) == (0, "lang: fa\n     0      3  این\t(stopword)\n"
                                                      "     4     11  رسانهها\tرسانه\n")


def test_analyze_detects_the_language():
    assert run("في المدرسة").output.splitlines()[0] == "lang: ar"


def test_analyze_json_lists_tokens():
    result = run("--json", "--lang", "ar", "في المدرسة")
    assert orjson.loads(result.output) == [
        {"text": "في", "start": 0, "end": 2, "terms": []},
        {"text": "المدرسة", "start": 3, "end": 10, "terms": ["مدرسه"]},
    ]


def test_analyze_rejects_an_unknown_language():
    result = run("--lang", "en", "text")
    assert result.exit_code == 2
    assert "Invalid value for '--lang'" in result.output
