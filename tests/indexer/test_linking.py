"""Recognised names linked: titles taken off, one key across scripts, surnames joined, gazetteer first."""
import pytest

from indexer.entities import find_entities
from indexer.gazetteer import build_gazetteer, get_gazetteer
from indexer.linking import Found, join_short_forms
from indexer.names import name_key, split_title


class Spans:
    """A recogniser that tags the given phrases wherever they are written, longest first, never overlapping."""

    def __init__(self, tags: dict[str, str]):
        self.tags = tags
        self.calls = 0

    def __call__(self, text: str, lang: str) -> list:
        from types import SimpleNamespace

        self.calls += 1
        found = []
        for phrase, tag in sorted(self.tags.items(), key=lambda item: -len(item[0])):
            start = text.find(phrase)
            while start >= 0:
                if not any(m.start < start + len(phrase) and start < m.end for m in found):
                    found.append(SimpleNamespace(start=start, end=start + len(phrase), type=tag, text=phrase))
                start = text.find(phrase, start + 1)
        return sorted(found, key=lambda m: m.start)


def entities(body: str, tags: dict[str, str], gazetteer=None, title: str = "") -> list[dict]:
    return find_entities(title, body, gazetteer if gazetteer is not None else build_gazetteer({"entities": []}),
                         recognize=Spans(tags))


@pytest.mark.parametrize("fa, ar", [
    ("طالبانی", "طالباني"), ("حسن روحانی", "حسن روحاني"), ("توکایف", "توكاييف"),
    ("بنیامین نتانیاهو", "بنيامين نتنياهو"), ("رجب طیب اردوغان", "رجب طيب أردوغان"), ("بشار اسد", "بشار الأسد"),
    ("دونالد ترامپ", "دونالد ترامب"),
], ids=["talabani", "rouhani", "tokayev", "netanyahu", "erdogan", "assad-article", "trump-peh"])
def test_name_key_is_one_for_persian_and_arabic_spellings(fa, ar):
    assert name_key(fa) == name_key(ar)


@pytest.mark.parametrize("a, b", [
    ("عبد الله", "عبدالله"), ("عبد العزيز", "عبدالعزيز"), ("محمد بن سلمان", "محمد سلمان"),
    ("محمد بن سلمان بن عبدالعزيز", "محمد بن سلمان"), ("سلمان بن عبدالعزيز آل سعود", "سلمان بن عبد العزيز"),
    ("محمود احمدی‌نژاد", "محمود احمدی نژاد"),
], ids=["abd-allah", "abd-article", "lineage", "grandfather", "family", "zwnj-or-space"])
def test_name_key_joins_and_drops_connecting_words(a, b):
    assert name_key(a) == name_key(b)


@pytest.mark.parametrize("a, b", [("بوتين", "وتين"), ("حسن روحانی", "حسین روحانی"), ("علی لاریجانی", "علی")],
                         ids=["initial-ba-kept", "hassan-hossein", "words-kept"])
def test_name_key_keeps_different_names_apart(a, b):
    assert name_key(a) != name_key(b)


@pytest.mark.parametrize("text, title, name", [
    ("الأمير محمد بن سلمان", "الأمير", "محمد بن سلمان"),
    ("آیت‌الله علی خامنه‌ای", "آیت‌الله", "علی خامنه‌ای"),
    ("حجت‌الاسلام حسن روحانی", "حجت‌الاسلام", "حسن روحانی"),
    ("الملك سلمان", "الملك", "سلمان"),
    ("آقای ظریف", "آقای", "ظریف"),
    ("خادم الحرمين الشريفين الملك سلمان", "خادم الحرمين الشريفين الملك", "سلمان"),
], ids=["amir", "ayatollah", "hojatoleslam", "king", "agha", "custodian"])
def test_split_title_takes_titles_off_the_name(text, title, name):
    got_title, start = split_title(text)
    assert (got_title, text[start:]) == (title, name)


def test_split_title_leaves_a_lone_title_word_as_the_name():
    assert split_title("الرئيس") == ("", 0)


def test_recognised_person_keeps_its_title_and_offsets_cover_the_name():
    body = "قال الأمير محمد بن سلمان إن المملكة ماضية في الإصلاح."
    (entity,) = entities(body, {"الأمير محمد بن سلمان": "PER"})
    (mention,) = entity["mentions"]
    assert (entity["type"], body[mention["start"]:mention["end"]], mention["title"]) == (
        "person", "محمد بن سلمان", "الأمير")


def test_persian_and_arabic_articles_give_one_corpus_person():
    fa = entities("جلال طالبانی رئیس جمهور عراق شد.", {"جلال طالبانی": "PER", "عراق": "LOC"})
    ar = entities("انتخب جلال طالباني رئيسا للعراق.", {"جلال طالباني": "PER"})
    assert fa[0]["id"] == ar[0]["id"] == "per:جللطلبنی"


def test_later_surname_joins_the_full_name_before_it():
    body = "التقى وزير الخارجية عادل الجبير نظيره. وقال الجبير إن اللقاء كان مثمرا."
    found = entities(body, {"عادل الجبير": "PER", "الجبير": "PER"})
    assert [(e["id"], len(e["mentions"])) for e in found] == [("per:عدلجبیر", 2)]


def test_surname_before_any_full_name_stays_its_own_entity():
    found = join_short_forms([
        Found("body", 0, 6, "per:جبیر", "person", "الجبير", words=("جبیر",)),
        Found("body", 20, 30, "per:عدلجبیر", "person", "عادل الجبير", words=("عدل", "جبیر")),
    ])
    assert [f.entity_id for f in found] == ["per:جبیر", "per:عدلجبیر"]


def test_recognised_name_in_the_gazetteer_gets_the_gazetteer_id():
    body = "وقال توقایف إن الوضع تحت السيطرة."
    found = entities(body, {"توقایف": "PER"}, gazetteer=get_gazetteer())
    assert [e["id"] for e in found] == ["tokayev"]


def test_recognised_mention_inside_a_gazetteer_name_is_not_counted_twice():
    body = "أعلن قاسم جومارت توكاييف حالة الطوارئ."
    found = entities(body, {"جومارت توكاييف": "PER"}, gazetteer=get_gazetteer())
    assert [e["id"] for e in found] == ["tokayev"]


def test_recogniser_is_called_once_per_field():
    recognise = Spans({"حسن روحانی": "PER"})
    find_entities("سفر حسن روحانی", "حسن روحانی به نیویورک رفت و حسن روحانی سخنرانی کرد.",
                  build_gazetteer({"entities": []}), lang="fa", recognize=recognise)
    assert recognise.calls == 2


def test_name_under_a_clitic_joins_the_person_named_before_it():
    body = "قال نور سلطان نزارباييف إن البلاد بخير. وأشاد المحتجون لنزارباييف بدوره."
    found = entities(body, {"نور سلطان نزارباييف": "PER", "لنزارباييف": "PER"})
    assert [(e["id"], len(e["mentions"])) for e in found] == [(f"per:{name_key('نور سلطان نزارباييف')}", 2)]


def test_generic_noun_alone_is_not_an_entity():
    assert entities("تقدم الجيش في الشمال.", {"الشمال": "LOC"}) == []


def test_titled_first_name_joins_the_full_name_before_it():
    body = "استقبل سلمان بن عبدالعزيز الوفد. وقال الملك سلمان إن المملكة ترحب بالضيوف."
    found = entities(body, {"سلمان بن عبدالعزيز": "PER", "الملك سلمان": "PER"})
    assert [(e["id"], len(e["mentions"])) for e in found] == [(f"per:{name_key('سلمان بن عبدالعزيز')}", 2)]


def test_missing_model_stops_index_before_anything_is_written(sample_dir, tmp_path, monkeypatch):
    from click.testing import CliRunner

    from indexer.ner import tagger
    from search_app.cli import main

    missing = tmp_path / "models" / "fa.crfsuite"
    monkeypatch.setattr(tagger, "model_path", lambda lang: missing)
    tagger.load_model.cache_clear()
    try:
        result = CliRunner().invoke(main, ["index", "--input", str(sample_dir), "--index", str(tmp_path / "ix")])
    finally:
        tagger.load_model.cache_clear()
    assert (result.exit_code, str(missing) in result.output, "make train-ner" in result.output) == (1, True, True)
    assert (tmp_path / "ix").exists() is False


@pytest.mark.parametrize("body, phrase, tag", [
    ("أكد ولي العهد دعم المملكة للقرار.", "ولي العهد", "PER"),
    ("علی رغم باران، مسابقه برگزار شد.", "علی رغم", "PER"),
], ids=["titles-alone", "despite-spaced"])
def test_titles_alone_and_the_preposition_despite_are_no_person(body, phrase, tag):
    assert entities(body, {phrase: tag}) == []
