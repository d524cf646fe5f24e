from datetime import date
from pathlib import Path

import pytest

from indexer.metadata import extract_marked_source, extract_metadata, host_of, masthead_end, read_header

SAMPLE_DIR = Path(__file__).resolve().parents[2] / "indexer" / "sample"

# Read by hand from each seed. 000 is Dari from afgazad.com, its masthead above the byline; 001 has a byline
# under the headline; 002 a section label above it; 003 opens with its standfirst, and names no site (the
# Guardian, NYT and AFP are quoted, not the publisher); 004 is a translation of a Forbes column, named on
# its closing المصدر line (the date in that URL is the original's, not this article's).
SEEDS = {
    "000_df839379cba759f4": {
        "title": "ردپای «بنیاد سوروس» در انقلاب رنگی در قزاقستان",
        "author": "سمیرا پورآقائی، سیده مریم سیدان",
        "date": date(2022, 1, 30),
        "source": "afgazad.com",
        "body_start": "تحلیل رسانههای امریکائی و روسی از پشت پرده وقایع قزاقستان",
    },
    "001_7bdcb4ea2c0200a6": {
        "title": "كازاخستان.. فشل “الثورة” المستوحاة من الخارج",
        "author": "سمر سامي السمارة",
        "date": None,
        "source": None,
        "body_start": "أكدت المنشورات العديدة التي ناقشت ما حدث في كازاخستان",
    },
    "002_a917483df7011d66": {
        "title": "كازانخستان... تهم روسية بتورّط واشنطن!",
        "author": None,
        "date": None,
        "source": None,
        "body_start": "بعيد اندلاع الأزمة الكازاخستانية بأيام",
    },
    "003_91dd7b59b1f721e3": {
        "title": "تثار التساؤلات حول مآلات التدخل الروسي في الأحداث الجارية في كازاخستان، وسط تأثير غربي محدود، "
                 "واعتراض أمريكي على وصول القوات الروسية للبلاد.",
        "author": None,
        "date": None,
        "source": None,
        "body_start": "ورأى معارض كازاخستاني بارز مقيم في فرنسا",
    },
    "004_eb9ca2d14c0c29d5": {
        "title": "إراقة الدماء في كازاخستان ، والنضال على السلطة في الداخل ، وماذا يعنيه بوتين وماذا يعني للعالم",
        "author": None,
        "date": None,
        "source": "forbes.com",
        "body_start": "ويبدو أن الكتلة السوفييتية تتجه نحو الإصلاح تحت قيادة بوتن",
    },
}
CASES = [(seed, name) for seed in SEEDS for name in ("title", "author", "date", "source")]


def seed_metadata(seed: str):
    return extract_metadata((SAMPLE_DIR / f"{seed}.txt").read_text(encoding="utf-8"))


@pytest.mark.parametrize("seed, name", CASES, ids=[f"{seed[:3]}-{name}" for seed, name in CASES])
def test_seed_metadata_matches_reading_by_hand(seed, name):
    assert getattr(seed_metadata(seed), name) == SEEDS[seed][name]


@pytest.mark.parametrize("seed", SEEDS, ids=[seed[:3] for seed in SEEDS])
def test_seed_body_starts_after_the_header(seed):
    assert seed_metadata(seed).body.startswith(SEEDS[seed]["body_start"])


def test_body_keeps_the_original_text_to_the_end():
    text = (SAMPLE_DIR / "004_eb9ca2d14c0c29d5.txt").read_text(encoding="utf-8")
    assert text.rstrip().endswith(seed_metadata("004_eb9ca2d14c0c29d5").body[-200:])


def test_masthead_ends_after_the_last_bare_address():
    lines = ["افغانستان آزاد – آزاد افغانستان", "AA-AA", "www.afgazad.com", "afgazad@gmail.com", "سیاسی", "عنوان خبر"]
    assert masthead_end(lines) == 4


def test_masthead_is_empty_without_a_bare_address():
    assert masthead_end(["كازاخستان.. فشل “الثورة” المستوحاة من الخارج", "سمر سامي السمارة"]) == 0


def test_an_address_inside_a_sentence_is_not_a_masthead():
    assert masthead_end(["لمزيد من المعلومات زوروا www.example.com اليوم", "نص"]) == 0


@pytest.mark.parametrize("lines", [
    ["خبر", "كازانخستان... تهم روسية بتورّط واشنطن!"],
    ["Political", "كازانخستان... تهم روسية بتورّط واشنطن!"],
    ["# كازانخستان... تهم روسية بتورّط واشنطن!"],
], ids=["one-word-label", "latin-label", "markdown-heading"])
def test_headline_skips_labels_and_markup(lines):
    assert read_header(lines).title == "كازانخستان... تهم روسية بتورّط واشنطن!"


def test_a_name_line_followed_by_a_date_is_the_author_not_the_headline():
    header = read_header(["سمر سامي السمارة", "30 يناير 2022", "كازاخستان.. فشل الثورة", "نص المقال هنا."])
    assert (header.title, header.author, header.date) == ("كازاخستان.. فشل الثورة", "سمر سامي السمارة",
                                                          date(2022, 1, 30))


@pytest.mark.parametrize("line, author", [
    ("بقلم: جوانا ليليس", "جوانا ليليس"),
    ("نویسنده: سمیرا پورآقائی", "سمیرا پورآقائی"),
    ("By Melik Kaylan", "Melik Kaylan"),
], ids=["arabic-biqalam", "persian-nevisandeh", "english-by"])
def test_marked_author_after_the_headline(line, author):
    assert read_header(["عنوان الخبر هنا", line, "نص المقال."]).author == author


@pytest.mark.parametrize("line", [
    "تدخل غربي أو الخضوع لموسكو",
    "الاحتجاجات الكازاخستانية",
    "عام 2022 في كازاخستان",
], ids=["function-word", "starts-with-article", "digits"])
def test_a_short_subheading_is_not_an_author(line):
    assert read_header(["عنوان الخبر هنا", line, "نص المقال."]).author is None


@pytest.mark.parametrize("line", ["2022-01-30", "January 30, 2022", "۳۰ جنوری ۲۰۲۲"],
                         ids=["iso-one-token", "latin-in-arabic-text", "dari"])
def test_date_line_above_the_headline_is_a_date_not_a_label(line):
    header = read_header([line, "كازاخستان.. فشل الثورة", "نص المقال."])
    assert (header.date, header.title) == (date(2022, 1, 30), "كازاخستان.. فشل الثورة")


def test_date_line_after_the_headline():
    header = read_header(["ردپای «بنیاد سوروس» در انقلاب رنگی در قزاقستان", "۱۰ دی ۱۴۰۰", "متن خبر."])
    assert (header.date, header.body_start) == (date(2021, 12, 31), 2)


def test_a_date_deep_in_the_body_is_not_the_publication_date():
    text = "عنوان الخبر هنا\nنص المقال.\nوفقاً للمادة 4 من معاهدة 15 أيار 1992"
    assert extract_metadata(text).date is None


def test_a_first_line_too_long_for_a_headline_leaves_the_title_empty():
    paragraph = " ".join(["كلمة"] * 41)
    meta = extract_metadata(f"{paragraph}\nسطر ثان.")
    assert (meta.title, meta.body) == ("", f"{paragraph}\nسطر ثان.")


def test_without_headline_the_first_line_stays_in_the_body():
    meta = extract_metadata("30 يوليو 2015\nحدد رئيس الوزراء البريطاني ملامح استراتيجية.", headline=False)
    assert (meta.title, meta.date, meta.body) == ("", date(2015, 7, 30), "حدد رئيس الوزراء البريطاني ملامح استراتيجية.")


def test_headless_body_does_not_take_its_first_line_for_a_headline_and_byline():
    meta = extract_metadata("منظم حرارة ومشغل موسيقي\nعبدالكريم الحمد\nنص.", headline=False)
    assert (meta.title, meta.author) == ("", None)


@pytest.mark.parametrize("text, source", [
    ("نص.\nالمصدر: https://www.forbes.com/sites/melikkaylan/2022/01/07/x", "forbes.com"),
    ("متن.\nمنبع: tasnimnews.com/fa/news/1400", "tasnimnews.com"),
    ("نص.\nالمصدر : وكالة الأنباء السورية", "وكالة الأنباء السورية"),
    ("Text.\nSource: http://aawsat.com:80/home", "aawsat.com"),
], ids=["almasdar-url", "manba-host", "almasdar-name", "english-with-port"])
def test_marked_source(text, source):
    assert extract_marked_source(text) == source


@pytest.mark.parametrize("text", [
    "نص بلا مصدر.",
    "قال المصدر: إن الاجتماع سيعقد في 15 أيار 1992 بحضور الوزراء والسفراء جميعاً",
], ids=["none", "marker-inside-a-sentence"])
def test_no_marked_source(text):
    assert extract_marked_source(text) is None


def test_masthead_source_wins_over_almasdar():
    text = "www.afgazad.com\nafgazad@gmail.com\nعنوان خبر\nمتن.\nمنبع: https://www.tasnimnews.com/x"
    assert extract_metadata(text).source == "afgazad.com"


def test_host_of_drops_scheme_www_and_path():
    assert host_of("https://WWW.Forbes.com/sites/x") == "forbes.com"
