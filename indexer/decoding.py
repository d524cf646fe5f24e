"""Bytes of a news file to text: UTF-8 (with or without BOM), UTF-16 with BOM, or Arabic Windows-1256.

Windows-1256 maps every byte to some character, so it is only believed when the result reads as Arabic
script: most characters outside ASCII are Arabic script (Latin-1 French would give é and à), no
harakat on Latin letters (Latin-1 Spanish ñ would give a dammatan), no controls. Binary data fails the
same control-character test.
"""
from __future__ import annotations

import codecs
import re

from indexer.errors import FahrasError

# C0 and C1 control characters other than whitespace; format characters such as ZWNJ are not controls.
CONTROL_CHARS = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f]")
NON_ASCII = re.compile("[^\x00-\x7f]")
ARABIC_SCRIPT = re.compile("[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufefc]")
HARAKA_ON_LATIN = re.compile("[A-Za-z][\u064b-\u0652]")
MAX_CONTROL_SHARE = 0.01  # a stray NUL in a long article is noise; more than this is not text
MIN_ARABIC_SHARE = 0.8  # of the characters outside ASCII, for a Windows-1256 reading


def decode(data: bytes, *, check_controls: bool = True) -> str:
    """The text of `data`; FahrasError("undecodable", reason) when it is none of the encodings above.

    check_controls=False skips the test for binary data, for a record of a file already judged to be text.
    """
    checked = _checked if check_controls else str
    if data.startswith(codecs.BOM_UTF8):
        return checked(_strict(data[len(codecs.BOM_UTF8):], "utf-8", "invalid UTF-8 after a UTF-8 BOM"))
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return checked(_strict(data, "utf-16", "invalid UTF-16 after a UTF-16 BOM"))
    try:
        return checked(data.decode("utf-8"))
    except UnicodeDecodeError:
        pass
    text = checked(data.decode("cp1256"))
    if not reads_as_arabic(text):
        raise FahrasError("undecodable", "not UTF-8, UTF-16 with BOM, or Arabic text in Windows-1256")
    return text


def reads_as_arabic(text: str) -> bool:
    non_ascii = len(NON_ASCII.findall(text))
    return (non_ascii > 0 and len(ARABIC_SCRIPT.findall(text)) >= MIN_ARABIC_SHARE * non_ascii
            and not HARAKA_ON_LATIN.search(text))


def _strict(data: bytes, encoding: str, reason: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        raise FahrasError("undecodable", reason) from None


def _checked(text: str) -> str:
    controls = len(CONTROL_CHARS.findall(text))
    if controls > MAX_CONTROL_SHARE * len(text):
        raise FahrasError("undecodable", "binary data (control characters), not text")
    return text

