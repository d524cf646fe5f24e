"""Lone given names are no person unless a full name in the document gives them one."""
from test_linking import entities

from indexer.given_names import given_names
from indexer.names import name_key


def test_shipped_list_holds_common_given_names_and_no_surnames():
    given = given_names()
    assert {name_key(w) for w in ("محمد", "علي", "عبد الله", "خالد", "حسن")} <= given
    assert not {name_key(w) for w in ("خاتمي", "روحاني", "بوتين", "نتنياهو")} & given


def test_lone_given_name_is_no_person():
    found = entities("قال خالد إن الاجتماع انتهى وغادر علي المكان.", {"خالد": "PER", "علي": "PER"})
    assert found == []


def test_given_name_after_the_full_name_joins_it():
    found = entities("وصل خالد الفيصل إلى جدة، وقال خالد إن المشروع اكتمل.", {"خالد الفيصل": "PER", "خالد": "PER"})
    assert [(e["label"], len(e["mentions"])) for e in found] == [("خالد الفيصل", 2)]


def test_titled_given_name_stays_a_person():
    found = entities("استقبل الأمير خالد الوفد في القصر.", {"الأمير خالد": "PER"})
    assert [(e["label"], e["mentions"][0]["title"]) for e in found] == [("خالد", "الأمير")]


def test_learning_without_the_shared_data_stops_with_one_line_and_writes_nothing(tmp_path, capsys):
    from indexer.given_names import main

    out = tmp_path / "given.txt"
    assert main(["--shared", str(tmp_path / "nowhere"), "--out", str(out)]) == 1
    err = capsys.readouterr().err
    assert (err.count("\n"), "nowhere" in err, out.exists()) == (1, True, False)
