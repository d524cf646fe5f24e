import codecs
import gzip
import os
import tracemalloc
from pathlib import Path

import orjson
import pytest
from broken_inputs import ARABIC, GOOD, MAX_BYTES, PERSIAN, PROBLEMS, write_broken_folder, write_gzipped_jsonl

from indexer.sources import Problem, Record, iter_records

ARTICLE = {"id": "a1", "title": "تهم روسية بتورّط واشنطن", "body": "بعيد اندلاع الأزمة الكازاخستانية بأيام."}
OTHER = {"id": "a2", "title": "فشل الثورة", "body": "أكدت المنشورات العديدة."}


def read(*paths, max_bytes=20_000_000):
    return list(iter_records(list(paths), max_bytes=max_bytes))


def where(items, root):
    """Each item's location relative to `root`, text files without their extension."""
    result = []
    for item in items:
        location = item.where if isinstance(item, Problem) else item.origin
        location = location.removeprefix(f"{root}/")
        result.append(location.removesuffix(".txt") if isinstance(item, Record) and item.text else location)
    return result


def test_text_file_record_has_path_id_text_and_absolute_source_path(sample_dir):
    [record] = read(sample_dir / "000_df839379cba759f4.txt")
    assert (record.default_id, record.fields, record.source_path, record.text[:40]) == (
        "000_df839379cba759f4", {}, sample_dir / "000_df839379cba759f4.txt",
        (sample_dir / "000_df839379cba759f4.txt").read_text(encoding="utf-8")[:40])


def test_folder_is_read_recursively_in_sorted_order_with_slash_ids(tmp_path):
    for name in ("b/z.md", "b/a.txt", "a.txt"):
        (tmp_path / name).parent.mkdir(exist_ok=True)
        (tmp_path / name).write_text(ARABIC, encoding="utf-8")
    assert [r.default_id for r in read(tmp_path)] == ["a", "b/a", "b/z"]


def test_seed_folder_gives_the_seed_ids(sample_dir):
    assert [r.default_id for r in read(sample_dir)] == sorted(p.stem for p in sample_dir.glob("*.txt"))


def test_hidden_files_and_folders_are_skipped(tmp_path):
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "a.txt").write_text(ARABIC, encoding="utf-8")
    (tmp_path / ".draft.txt").write_text(ARABIC, encoding="utf-8")
    (tmp_path / "kept.txt").write_text(ARABIC, encoding="utf-8")
    assert [r.default_id for r in read(tmp_path)] == ["kept"]


@pytest.mark.parametrize("data", [
    PERSIAN.encode("utf-8"),
    codecs.BOM_UTF8 + PERSIAN.encode("utf-8"),
    PERSIAN.encode("utf-16"),
], ids=["utf-8", "utf-8-bom", "utf-16-bom"])
def test_text_file_in_each_unicode_encoding(tmp_path, data):
    (tmp_path / "a.txt").write_bytes(data)
    assert [r.text for r in read(tmp_path)] == [PERSIAN]


def test_text_file_in_windows_1256(tmp_path):
    text = ARABIC.replace("“", '"').replace("”", '"')
    (tmp_path / "a.txt").write_bytes(text.encode("cp1256"))
    assert [r.text for r in read(tmp_path)] == [text]


def test_sidecar_fields_travel_with_the_text_and_the_sidecar_is_no_article(tmp_path):
    (tmp_path / "a.txt").write_text(ARABIC, encoding="utf-8")
    (tmp_path / "a.json").write_text('{"date": "2022-01-09", "source": "thawra.sy"}', encoding="utf-8")
    assert [(r.default_id, r.fields) for r in read(tmp_path)] == [
        ("a", {"date": "2022-01-09", "source": "thawra.sy"})]


def test_sidecar_given_as_input_is_not_read_as_articles(tmp_path):
    (tmp_path / "a.md").write_text(ARABIC, encoding="utf-8")
    (tmp_path / "a.json").write_text('{"source": "thawra.sy"}', encoding="utf-8")
    assert read(tmp_path / "a.json") == []


def test_markdown_file_is_one_article_with_its_sidecar(tmp_path):
    (tmp_path / "a.md").write_text(f"# {ARABIC}", encoding="utf-8")
    (tmp_path / "a.json").write_text('{"source": "thawra.sy"}', encoding="utf-8")
    assert [(r.default_id, r.fields, r.text) for r in read(tmp_path)] == [("a", {"source": "thawra.sy"}, f"# {ARABIC}")]


@pytest.mark.parametrize("content, reason", [
    (b"{\n broken", "sidecar ignored, malformed JSON at line 2, column 2: unexpected character"),
    (b"[1, 2]", "sidecar ignored: not a JSON object"),
    (bytes(40), "sidecar ignored: binary data (control characters), not text"),
    (b'{"source": "' + b"x" * 3000 + b'"}', "sidecar ignored: 3014 bytes, over the limit of 2000 bytes"),
], ids=["malformed", "not-an-object", "binary", "too-big"])
def test_bad_sidecar_is_reported_and_the_text_still_read(tmp_path, content, reason):
    (tmp_path / "a.txt").write_text(ARABIC, encoding="utf-8")
    (tmp_path / "a.json").write_bytes(content)
    problem, record = read(tmp_path, max_bytes=2000)
    assert (problem.where, problem.reason[:len(reason)], record.fields) == (str(tmp_path / "a.json"), reason, {})


def test_jsonl_records_carry_line_numbers(tmp_path):
    path = tmp_path / "a.jsonl"
    path.write_text(orjson.dumps(ARTICLE).decode() + "\n\n" + orjson.dumps(OTHER).decode() + "\n", encoding="utf-8")
    assert [(r.origin, r.fields, r.default_id, r.text) for r in read(path)] == [
        (f"{path}:1", ARTICLE, None, None), (f"{path}:3", OTHER, None, None)]


def test_jsonl_gz_is_read(tmp_path):
    path = write_gzipped_jsonl(tmp_path / "a.jsonl.gz", [ARTICLE, OTHER])
    assert [(r.origin, r.fields) for r in read(path)] == [(f"{path}:1", ARTICLE), (f"{path}:2", OTHER)]


def test_truncated_jsonl_gz_keeps_the_records_before_the_break(tmp_path):
    path = write_gzipped_jsonl(tmp_path / "a.jsonl.gz", [ARTICLE] * 200)
    path.write_bytes(path.read_bytes()[:-30])
    items = read(path)
    assert (isinstance(items[-1], Problem), items[-1].reason.startswith("bad gzip data"), len(items) > 1) == (
        True, True, True)


def test_jsonl_gz_bad_line_is_reported_with_its_number(tmp_path):
    path = tmp_path / "a.jsonl.gz"
    path.write_bytes(gzip.compress(orjson.dumps(ARTICLE) + b"\n[1]\n"))
    assert [(type(i).__name__, i.where if isinstance(i, Problem) else i.origin) for i in read(path)] == [
        ("Record", f"{path}:1"), ("Problem", f"{path}:2")]


def test_json_array_records_carry_their_index(tmp_path):
    path = tmp_path / "a.json"
    path.write_bytes(orjson.dumps([ARTICLE, OTHER]))
    assert [(r.origin, r.fields) for r in read(path)] == [(f"{path}[0]", ARTICLE), (f"{path}[1]", OTHER)]


def test_json_that_is_not_an_array_is_reported(tmp_path):
    path = tmp_path / "a.json"
    path.write_bytes(orjson.dumps(ARTICLE))
    assert read(path) == [Problem(str(path), "not a JSON array of articles")]


def test_json_array_item_that_is_not_an_object_is_reported(tmp_path):
    path = tmp_path / "a.json"
    path.write_bytes(orjson.dumps([ARTICLE, "نص"]))
    assert read(path)[1] == Problem(f"{path}[1]", "not a JSON object")


def test_csv_header_names_the_fields(tmp_path):
    path = tmp_path / "a.csv"
    path.write_text('ID, Title ,body\na1,"تهم روسية, بتورّط واشنطن","سطر أول\nسطر ثان"\n', encoding="utf-8")
    assert [(r.origin, r.fields) for r in read(path)] == [
        (f"{path}:2", {"id": "a1", "title": "تهم روسية, بتورّط واشنطن", "body": "سطر أول\nسطر ثان"})]


def test_csv_body_longer_than_the_csv_module_default_is_read_whole(tmp_path):
    body = "تهم روسية بتورّط واشنطن " * 8_000
    path = tmp_path / "a.csv"
    path.write_text(f'id,body\na1,"{body}"\na2,نص\n', encoding="utf-8")
    assert [(r.fields["id"], len(r.fields["body"])) for r in read(path)] == [("a1", len(body)), ("a2", 2)]


def test_csv_row_after_a_multiline_row_reports_its_own_line(tmp_path):
    path = tmp_path / "a.csv"
    path.write_text('id,body\na1,"سطر\nسطر"\na2\n', encoding="utf-8")
    assert read(path)[1] == Problem(f"{path}:4", "1 fields where the header names 2")


def test_csv_in_windows_1256_is_read(tmp_path):
    path = tmp_path / "a.csv"
    path.write_bytes("id,title\na1,تهم روسية بتورط واشنطن\n".encode("cp1256"))
    assert [r.fields for r in read(path)] == [{"id": "a1", "title": "تهم روسية بتورط واشنطن"}]


def test_csv_with_only_a_header_has_no_articles(tmp_path):
    path = tmp_path / "a.csv"
    path.write_text("id,title\n", encoding="utf-8")
    assert read(path) == [Problem(str(path), "no articles in file")]


def test_unsupported_file_type_is_reported(tmp_path):
    (tmp_path / "photo.png").write_bytes(b"\x89PNG")
    assert read(tmp_path) == [Problem(str(tmp_path / "photo.png"),
                                      "not a supported file type (.txt, .md, .jsonl, .jsonl.gz, .json, .csv)")]


def test_missing_input_is_reported(tmp_path):
    assert read(tmp_path / "nowhere") == [Problem(str(tmp_path / "nowhere"), "no such file or directory")]


def refuse_path(monkeypatch, name: str, target: Path) -> None:
    """Make os.`name` fail on `target` as it does for a user without permission (the tests run as root)."""
    real = getattr(os, name)

    def refused(path, *args, **kwargs):
        if Path(path) == target:
            raise PermissionError(13, "Permission denied")
        return real(path, *args, **kwargs)

    monkeypatch.setattr(os, name, refused)


def test_unreadable_file_is_reported(tmp_path, monkeypatch):
    (tmp_path / "a.txt").write_text(ARABIC, encoding="utf-8")
    refuse_path(monkeypatch, "open", tmp_path / "a.txt")
    assert read(tmp_path) == [Problem(str(tmp_path / "a.txt"), "cannot read: Permission denied")]


def test_folder_that_cannot_be_listed_is_reported(tmp_path, monkeypatch):
    (tmp_path / "closed").mkdir()
    (tmp_path / "closed" / "a.txt").write_text(ARABIC, encoding="utf-8")
    (tmp_path / "open.txt").write_text(PERSIAN, encoding="utf-8")
    refuse_path(monkeypatch, "scandir", tmp_path / "closed")
    assert where(read(tmp_path), tmp_path) == ["closed", "open"]
    assert read(tmp_path)[0].reason == "cannot read folder: Permission denied"


def test_symlinked_folder_is_followed(tmp_path):
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere" / "a.txt").write_text(ARABIC, encoding="utf-8")
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "linked").symlink_to(tmp_path / "elsewhere")
    assert [(r.default_id, r.text) for r in read(tmp_path / "in")] == [("linked/a", ARABIC)]


def test_symlink_back_to_a_folder_being_read_is_a_reported_loop(tmp_path):
    (tmp_path / "in" / "sub").mkdir(parents=True)
    (tmp_path / "in" / "sub" / "a.txt").write_text(ARABIC, encoding="utf-8")
    (tmp_path / "in" / "sub" / "up").symlink_to(tmp_path / "in")
    assert where(read(tmp_path / "in"), tmp_path / "in") == ["sub/a", "sub/up"]
    assert read(tmp_path / "in")[1].reason.startswith("symbolic link loop: leads back to a folder being read")


def test_second_way_to_a_folder_is_reported_and_not_read_twice(tmp_path):
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere" / "a.txt").write_text(ARABIC, encoding="utf-8")
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "one").symlink_to(tmp_path / "elsewhere")
    (tmp_path / "in" / "two").symlink_to(tmp_path / "elsewhere")
    items = read(tmp_path / "in")
    assert where(items, tmp_path / "in") == ["one/a", "two"]
    assert items[1].reason == f"same folder as {tmp_path / 'in' / 'one'}, already read"


@pytest.mark.parametrize("as_input", [False, True], ids=["in-folder", "given"])
def test_broken_symlink_is_reported(tmp_path, as_input):
    (tmp_path / "gone.txt").symlink_to(tmp_path / "nowhere.txt")
    assert read(tmp_path / "gone.txt" if as_input else tmp_path) == [
        Problem(str(tmp_path / "gone.txt"), f"broken symbolic link (to {tmp_path / 'nowhere.txt'})")]


def test_looping_symlinks_are_reported(tmp_path):
    (tmp_path / "a.txt").symlink_to(tmp_path / "b.txt")
    (tmp_path / "b.txt").symlink_to(tmp_path / "a.txt")
    assert read(tmp_path) == [Problem(str(tmp_path / "a.txt"), "symbolic link loop"),
                              Problem(str(tmp_path / "b.txt"), "symbolic link loop")]


@pytest.mark.parametrize("as_input", [False, True], ids=["in-folder", "given"])
def test_named_pipe_is_reported_and_never_opened(tmp_path, as_input):
    os.mkfifo(tmp_path / "pipe.txt")
    assert read(tmp_path / "pipe.txt" if as_input else tmp_path) == [
        Problem(str(tmp_path / "pipe.txt"), "not a regular file but a named pipe, not read")]


def test_max_bytes_is_configurable(tmp_path):
    (tmp_path / "a.txt").write_text(ARABIC, encoding="utf-8")
    size = (tmp_path / "a.txt").stat().st_size
    assert (len(read(tmp_path, max_bytes=size)), read(tmp_path, max_bytes=size - 1)) == (
        1, [Problem(str(tmp_path / "a.txt"), f"{size} bytes, over the limit of {size - 1} bytes")])


def test_broken_folder_reads_the_good_and_reports_each_bad_file_or_record(tmp_path):
    root = write_broken_folder(tmp_path / "in")
    items = read(root, max_bytes=MAX_BYTES)
    records = [i for i in items if isinstance(i, Record)]
    problems = [i for i in items if isinstance(i, Problem)]
    assert where(records, root) == GOOD
    assert where(problems, root) == list(PROBLEMS)
    assert [p.reason[:len(PROBLEMS[w])] for p, w in zip(problems, PROBLEMS)] == list(PROBLEMS.values())


def many_articles(count: int) -> list[dict]:
    return [{"id": f"a{n}", "title": ARTICLE["title"], "body": ARTICLE["body"]} for n in range(count)]


def write_container(path: Path, records: list[dict]) -> Path:
    """`records` in the container `path` names: JSON Lines (gzipped or not), a JSON array or CSV."""
    if path.name.endswith(".csv"):
        lines = ["id,title,body"] + [f'{r["id"]},"{r["title"]}","{r["body"]}"' for r in records]
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    elif path.name.endswith(".json"):
        path.write_bytes(orjson.dumps(records, option=orjson.OPT_INDENT_2))
    elif path.name.endswith(".gz"):
        write_gzipped_jsonl(path, records)
    else:
        path.write_bytes(b"".join(orjson.dumps(r) + b"\n" for r in records))
    return path


@pytest.mark.parametrize("name", ["a.jsonl", "a.jsonl.gz", "a.json", "a.csv"])
def test_container_larger_than_max_bytes_is_read_record_by_record(tmp_path, name):
    path = write_container(tmp_path / name, many_articles(3000))
    items = read(path, max_bytes=300)
    data = gzip.decompress(path.read_bytes()) if name.endswith(".gz") else path.read_bytes()
    assert (len(data) > 100 * 300, [i.fields["id"] for i in items]) == (
        True, [f"a{n}" for n in range(3000)])


@pytest.mark.parametrize("name, where", [
    ("a.jsonl", "{path}:2"), ("a.jsonl.gz", "{path}:2"), ("a.json", "{path}[1]"), ("a.csv", "{path}:3"),
], ids=["jsonl", "jsonl-gz", "json", "csv"])
def test_record_over_max_bytes_is_reported_and_its_neighbours_read(tmp_path, name, where):
    big = {"id": "big", "title": "عنوان", "body": 'نص "مقتبس", [قوسان] {و} \\ شرطة ' * 40}
    path = write_container(tmp_path / name, [ARTICLE, big, OTHER])
    items = read(path, max_bytes=1000)
    size = len(orjson.dumps(big, option=orjson.OPT_INDENT_2)) if name == "a.json" else None
    assert ([(type(i).__name__, getattr(i, "where", None)) for i in items], [i.fields["id"] for i in items[::2]]) == (
        [("Record", None), ("Problem", where.format(path=path)), ("Record", None)], ["a1", "a2"])
    assert items[1].reason.endswith("bytes, over the limit of 1000 bytes") and (size is None or size > 1000)


def test_gzip_bomb_line_is_refused_without_being_held_in_memory(tmp_path):
    """One 40 MB line gzips to about 40 KB: the limit counts it after gunzipping, reading it by chunks."""
    bomb = b'{"id": "bomb", "body": "' + b"\xd9\x86" * 20_000_000 + b'"}'
    path = tmp_path / "news.jsonl.gz"
    path.write_bytes(gzip.compress(orjson.dumps(ARTICLE) + b"\n" + bomb + b"\n" + orjson.dumps(OTHER) + b"\n"))
    tracemalloc.start()
    try:
        items = read(path, max_bytes=1_000_000)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert (path.stat().st_size < 100_000, items[1], [i.fields["id"] for i in items[::2]]) == (
        True, Problem(f"{path}:2", f"{len(bomb)} bytes, over the limit of 1000000 bytes"), ["a1", "a2"])
    assert peak < 8_000_000


def test_csv_row_over_max_bytes_with_quoted_line_breaks_costs_only_that_row(tmp_path):
    path = tmp_path / "a.csv"
    long_field = '"سطر أول, مع ""اقتباس""\n' + "سطر ثان\n" * 200 + 'آخر"'
    path.write_text(f"id,body\nc1,نص\nc2,{long_field}\nc3,نص آخر\n", encoding="utf-8")
    items = read(path, max_bytes=500)
    assert [(type(i).__name__, getattr(i, "where", getattr(i, "origin", None))) for i in items] == [
        ("Record", f"{path}:2"), ("Problem", f"{path}:3"), ("Record", f"{path}:205")]


def test_csv_quotes_commas_and_brackets_inside_fields_stay_in_their_row(tmp_path):
    path = tmp_path / "a.csv"
    path.write_text('id,title\nc1,"قال: ""لا""، ثم [مضى]"\nc2,عنوان ""غير مقتبس""\n', encoding="utf-8")
    assert [r.fields["title"] for r in read(path)] == ['قال: "لا"، ثم [مضى]', 'عنوان ""غير مقتبس""']


def test_json_array_items_with_brackets_and_escaped_quotes_in_strings(tmp_path):
    items = [{"id": "j1", "title": 'قال "]" ثم {', "body": "\\\" [,]"}, {"id": "j2", "title": "عنوان", "tags": [[1], {"a": [2]}]}]
    path = tmp_path / "a.json"
    path.write_bytes(orjson.dumps(items))
    assert [r.fields for r in read(path)] == items


def test_json_array_malformed_item_is_reported_with_its_line_and_the_rest_read(tmp_path):
    path = tmp_path / "a.json"
    path.write_text('[\n  {"id": "j1", "title": "عنوان"},\n  {"id": "j2", "title": "عنوان" "x"},\n'
                    '  {"id": "j3", "title": "عنوان"}\n]\n', encoding="utf-8")
    items = read(path)
    assert ([getattr(i, "where", None) for i in items], items[1].reason.startswith("malformed JSON at line 3:")) == (
        [None, f"{path}[1]", None], True)


def test_json_array_followed_by_more_data_is_reported(tmp_path):
    path = tmp_path / "a.json"
    path.write_bytes(orjson.dumps([ARTICLE]) + b"\n[]")
    assert read(path)[1] == Problem(str(path), "malformed JSON: more data after the end of the array")


@pytest.mark.parametrize("name", ["a.jsonl", "a.json", "a.csv"])
def test_utf16_container_is_read(tmp_path, name):
    path = write_container(tmp_path / name, [ARTICLE, OTHER])
    path.write_bytes(path.read_bytes().decode("utf-8").encode("utf-16"))
    assert [r.fields["title"] for r in read(path)] == [ARTICLE["title"], OTHER["title"]]


def test_jsonl_in_windows_1256_is_read_line_by_line(tmp_path):
    path = tmp_path / "a.jsonl"
    path.write_bytes('{"id": "w1", "title": "تهم روسية بتورط واشنطن"}\n'.encode("cp1256"))
    assert [r.fields["title"] for r in read(path)] == ["تهم روسية بتورط واشنطن"]


def test_csv_row_with_stray_control_characters_is_read(tmp_path):
    """Real articles carry the odd SUB or NUL; only a file's first record is tested for binary data."""
    body = "أكدت المنشورات\x1a العديدة\x1a أن قوى\x1a خارجية."
    path = tmp_path / "a.csv"
    path.write_text(f"id,body\nc1,نص\nc2,{body}\n", encoding="utf-8")
    assert [r.fields["body"] for r in read(path)] == ["نص", body]


def test_binary_file_named_csv_is_reported_at_its_first_record(tmp_path):
    path = tmp_path / "a.csv"
    path.write_bytes(bytes(range(9)) * 20 + b"\n" + b"id,title\n")
    assert read(path) == [Problem(f"{path}:1", "header row: binary data (control characters), not text, file skipped")]


def test_text_file_is_read_under_a_limit_larger_than_memory(tmp_path):
    (tmp_path / "a.txt").write_text(ARABIC, encoding="utf-8")
    assert [r.text for r in read(tmp_path, max_bytes=1 << 50)] == [ARABIC]


@pytest.mark.parametrize("name", ["a.jsonl", "a.jsonl.gz", "a.json", "a.csv"])
def test_empty_container_is_reported_as_empty(tmp_path, name):
    (tmp_path / name).write_bytes(b"")
    assert read(tmp_path / name) == [Problem(str(tmp_path / name), "empty file")]


@pytest.mark.parametrize("order", ["parent-first", "child-first"])
def test_input_folder_inside_another_input_is_read_once_without_a_problem(tmp_path, order):
    (tmp_path / "in" / "sub").mkdir(parents=True)
    (tmp_path / "in" / "a.txt").write_text(ARABIC, encoding="utf-8")
    (tmp_path / "in" / "sub" / "b.txt").write_text(ARABIC, encoding="utf-8")
    paths = [tmp_path / "in", tmp_path / "in" / "sub"]
    items = read(*(paths if order == "parent-first" else reversed(paths)))
    assert not [item for item in items if isinstance(item, Problem)]
    expected = ["a", "sub/b"] if order == "parent-first" else ["sub/b", "a"]
    assert where(items, tmp_path / "in") == expected
