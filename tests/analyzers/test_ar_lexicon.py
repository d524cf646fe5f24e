"""The whole-word lexicon from counts: affixes are affixes only where the rest is a more frequent word."""
import json
from collections import Counter

from analyzers.ar_lexicon import RATIO, bare_counts, gazetteer_names, whole_words
from analyzers.fold import fold


def counts(**words):
    return Counter({fold(w): n for w, n in words.items()})


def test_bare_counts_join_a_word_with_its_article():
    assert bare_counts(Counter({fold("الكتاب"): 3, fold("كتاب"): 2}))[fold("كتاب")] == 5


def test_a_name_as_frequent_as_its_rest_keeps_its_first_letter():
    # كيري (Kerry) is about as frequent as يرى ("sees"): ک is not a proclitic here.
    tags = whole_words(Counter({fold("كيري"): 687, fold("يرى"): 592}))
    assert tags[fold("كيري")] == "ps"  # and its ی, as كير is no word


def test_a_proclitic_on_a_much_more_frequent_word_is_stripped():
    tags = whole_words(Counter({fold("فقال"): 100, fold("قال"): 100 * RATIO}))
    assert fold("فقال") not in tags


def test_a_word_whose_stem_is_rare_keeps_its_ending():
    # السودان against السود: the ان is part of the name.
    tags = whole_words(Counter({fold("السودان"): 270, fold("السود"): 53, fold("سود"): 12}))
    assert tags[fold("سودان")] == "s"


def test_a_plural_about_as_frequent_as_its_singular_loses_its_ending():
    tags = whole_words(Counter({fold("المعلمين"): 386, fold("المعلم"): 188}))
    assert fold("معلمین") not in tags


def test_rare_words_are_left_to_the_stemmer():
    assert whole_words(Counter({fold("كيري"): 3})) == {}


def test_gazetteer_names_keep_every_letter(tmp_path):
    path = tmp_path / "g.json"
    path.write_text(json.dumps({"entities": [
        {"names": {"ar": ["البحرين", "بحر قزوين"], "fa": ["بحرین"]}},
    ]}, ensure_ascii=False), encoding="utf-8")
    names = gazetteer_names(str(path))
    assert (names, whole_words(Counter(), names)) == ([fold("بحرين")], {fold("بحرين"): "ps"})


def test_a_stopword_is_no_evidence_for_a_stem():
    # ولا («and not») is frequent, yet ولاية is not ولا + یه.
    tags = whole_words(Counter({fold("ولاية"): 773, fold("ولا"): 5627}))
    assert "s" in tags[fold("ولاية")]
