import codecs

import pytest

from indexer.decoding import decode
from indexer.errors import FahrasError

ARABIC = "كازاخستان.. فشل “الثورة” المستوحاة من الخارج\nسمر سامي السمارة\n"
PERSIAN = "ردپای «بنیاد سوروس» در انقلاب رنگی در قزاقستان\n۳۰ جنوری ۲۰۲۲\n"
ZWNJ = "\u200c"


@pytest.mark.parametrize("data, text", [
    (PERSIAN.encode("utf-8"), PERSIAN),
    (codecs.BOM_UTF8 + PERSIAN.encode("utf-8"), PERSIAN),
    (PERSIAN.encode("utf-16"), PERSIAN),
    (codecs.BOM_UTF16_LE + ARABIC.encode("utf-16-le"), ARABIC),
    (codecs.BOM_UTF16_BE + ARABIC.encode("utf-16-be"), ARABIC),
    (ARABIC.replace("“", '"').replace("”", '"').encode("cp1256"), ARABIC.replace("“", '"').replace("”", '"')),
], ids=["utf-8", "utf-8-bom", "utf-16-native-bom", "utf-16-le-bom", "utf-16-be-bom", "windows-1256-arabic"])
def test_decode_reads_each_encoding(data, text):
    assert decode(data) == text


def test_decode_keeps_zwnj():
    assert decode(f"می{ZWNJ}شود".encode("utf-8")) == f"می{ZWNJ}شود"


def test_decode_tolerates_a_stray_nul_in_a_long_text():
    text = PERSIAN * 20 + "\x00"
    assert decode(text.encode("utf-8")) == text


@pytest.mark.parametrize("data, reason", [
    ("Déjà vu, café crème, naïveté, à la française".encode("latin-1"),
     "not UTF-8, UTF-16 with BOM, or Arabic text in Windows-1256"),
    ("Español: año, niño, señor".encode("latin-1"), "not UTF-8, UTF-16 with BOM, or Arabic text in Windows-1256"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00\x00\x00\x01\x00\x08\x06\x00\x00\x00\x5c\x72\xa8\x66",
     "binary data (control characters), not text"),
    (bytes(64), "binary data (control characters), not text"),
    (codecs.BOM_UTF8 + b"\xff\xfe\xfa", "invalid UTF-8 after a UTF-8 BOM"),
    (codecs.BOM_UTF16_LE + b"\x00\xd8", "invalid UTF-16 after a UTF-16 BOM"),
], ids=["latin-1-french", "latin-1-spanish", "png", "nul-bytes", "bad-utf-8-after-bom", "lone-surrogate-utf-16"])
def test_decode_rejects_what_is_not_text(data, reason):
    with pytest.raises(FahrasError) as raised:
        decode(data)
    assert (raised.value.code, raised.value.message) == ("undecodable", reason)


def test_control_characters_are_kept_when_the_binary_test_is_off():
    text = "أكدت\x1a المنشورات\x1a"
    assert decode(text.encode("utf-8"), check_controls=False) == text
