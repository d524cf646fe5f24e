"""A folder of good and broken news files, written into a test's tmp_path (no binary junk in the repo)."""
from __future__ import annotations

import gzip
import os
from pathlib import Path

import orjson

ARABIC = "كازاخستان.. فشل “الثورة” المستوحاة من الخارج\nسمر سامي السمارة\nأكدت المنشورات العديدة أن قوى خارجية أشعلت فتيل الأحداث.\n"
PERSIAN = "ردپای «بنیاد سوروس» در انقلاب رنگی در قزاقستان\n۳۰ جنوری ۲۰۲۲\nوقایع رخ داده در قزاقستان سبب شده است.\n"
MAX_BYTES = 2_000

GOOD = ["good/arabic", "good/persian", "good/records.jsonl:1", "good/records.jsonl:3", "records.csv:2", "records.csv:4"]
# Read as records, refused when they become documents.
BAD_IDS = {"records.csv:4": "id '../c3' has a '..' segment"}
# where -> reason, in the order iter_records reports them (files sorted by relative path).
PROBLEMS = {
    "big.txt": f"{MAX_BYTES + 1} bytes, over the limit of {MAX_BYTES} bytes",
    "binary.txt": "binary data (control characters), not text",
    "broken.json": "malformed JSON: the file ends inside the array (unexpected end of data)",
    "dangling.txt": "broken symbolic link (to missing.txt)",
    "empty.txt": "empty file",
    "good/records.jsonl:2": "malformed JSON at column 27: unexpected end of data",
    "latin1.txt": "not UTF-8, UTF-16 with BOM, or Arabic text in Windows-1256",
    "pipe.jsonl": "not a regular file but a named pipe, not read",
    "records.csv:3": "3 fields where the header names 2",
}


def record(doc_id: str | None, title: str, body: str) -> dict:
    fields = {"title": title, "body": body}
    return fields if doc_id is None else {"id": doc_id} | fields


def write_broken_folder(root: Path) -> Path:
    (root / "good").mkdir(parents=True)
    (root / "good" / "arabic.txt").write_text(ARABIC, encoding="utf-8")
    (root / "good" / "persian.txt").write_text(PERSIAN, encoding="utf-8")
    lines = [orjson.dumps(record("dup", "تهم روسية", "نص الخبر.")).decode(), '{"id": "cut", "title": "نص',
             orjson.dumps(record("dup", "تهم روسية مكررة", "نص آخر.")).decode()]
    (root / "good" / "records.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (root / "records.csv").write_text("id,title\nc1,عنوان\nc2,عنوان,زائد\n../c3,عنوان\n", encoding="utf-8")
    (root / "big.txt").write_bytes(b"." * (MAX_BYTES + 1))
    (root / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    (root / "broken.json").write_text('[{"title": "عنوان"', encoding="utf-8")
    (root / "empty.txt").write_bytes(b"")
    (root / "dangling.txt").symlink_to("missing.txt")
    os.mkfifo(root / "pipe.jsonl")
    (root / "latin1.txt").write_bytes("Déjà vu, café crème, naïveté".encode("latin-1"))
    return root


def write_gzipped_jsonl(path: Path, records: list[dict]) -> Path:
    path.write_bytes(gzip.compress(b"".join(orjson.dumps(r) + b"\n" for r in records)))
    return path
