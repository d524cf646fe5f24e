"""Headline, author, date and source of a plain-text news article, read from its header lines.

Top to bottom, a header may hold:
- a masthead: site banner, motto, a verse, the site's web and e-mail address. Everything down to the last
  line among the first MASTHEAD_LINES that is a bare web or e-mail address is masthead (afgazad.com);
- section labels: a single word ("خبر", "سیاسی"), or a line without Arabic-script letters in an
  Arabic-script article ("Political", "AA-AA");
- an author line followed by a date line, or a marked author ("بقلم: ...", "نویسنده: ...");
- a date line: a short line holding a date;
- the headline: the first line that is none of the above;
- after the headline, an author line (a few name words, no digits, no function words) and a date line.
The body starts at the first line after the header. The source is the masthead's web address, or else the
host (or short name) after "المصدر:" / "منبع:" / "Source:" on a line of its own.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from urllib.parse import urlsplit

from analyzers.fold import fold
from indexer.dates import find_date

MASTHEAD_LINES = 12
MAX_DATE_LINE_WORDS = 8
MAX_AUTHOR_WORDS = 6
MAX_TITLE_WORDS = 40  # a longer first line is a paragraph, not a headline
MAX_SOURCE_NAME_WORDS = 5
LINES_AFTER_TITLE = 2  # author and date

WEB_ADDRESS = re.compile(r"(?:https?://)?(?:[\w-]+\.)+[a-z]{2,}(?::\d+)?(?:/\S*)?", re.IGNORECASE)
EMAIL_ADDRESS = re.compile(r"[\w.+-]+@(?:[\w-]+\.)+[a-z]{2,}", re.IGNORECASE)
ARABIC_SCRIPT = re.compile("[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufefc]")
LATIN_LETTER = re.compile("[a-zA-Z]")
DIGIT = re.compile(r"\d")
SENTENCE_MARKS = re.compile("[.:!?\u061f\u061b\"\u00ab\u00bb\u201c\u201d()\\[\\]]")  # ؟ ؛ « » “ ”
NAME_SEPARATORS = re.compile("[,\u060c&]")  # , ، &
AUTHOR_MARKER = re.compile(
    r"^(?:بقلم|كتب|كتبت|إعداد|اعداد|نویسنده|نوشته|به قلم|by|written by)\s*[:\-]?\s+", re.IGNORECASE
)
SOURCE_MARKER = re.compile(r"^\s*(?:المصدر|مصدر|منبع|source)\s*:\s*(.+?)\s*$", re.IGNORECASE | re.MULTILINE)
MARKDOWN_HEADING = re.compile(r"^#{1,6}\s+|\s+#+$")
ARTICLE = "\u0627\u0644"  # ال: Arabic given names do not start with it
AND = "\u0648"  # و joins names
BYLINE_BULLETS = "-\u2013\u2014*\u2022 "  # - – — * •
FUNCTION_WORDS = frozenset(fold(w) for w in (
    "في من على إلى عن مع أو ثم قد لا ما لم لن هل هذا هذه ذلك تلك التي الذي الذين أن إن كان بين "
    "بعد قبل حول ضد عند منذ حتى كل بعض غير "
    "در از به با که یا برای این آن را تا بر هم چه است شد می نه اما ولی پس"
).split())


@dataclass(frozen=True)
class Header:
    title: str
    author: str | None
    date: date | None
    source: str | None
    body_start: int  # index of the first body line in the lines read


@dataclass(frozen=True)
class TextMetadata:
    title: str
    author: str | None
    date: date | None
    source: str | None
    body: str


def extract_metadata(text: str, *, headline: bool = True) -> TextMetadata:
    """Header fields of `text`, and its body: the original text from the first line after the header.

    With headline=False, `text` is a body whose headline is stored elsewhere: its header is read up to the
    first line that is not masthead, label, date or author, and the title is "".
    """
    starts, lines = _nonempty_lines(text)
    header = read_header(lines, arabic_script=_mostly_arabic_script(text), headline=headline)
    body = text[starts[header.body_start]:].strip() if header.body_start < len(starts) else ""
    source = header.source or extract_marked_source(text)
    return TextMetadata(header.title, header.author, header.date, source, body)


def read_header(lines: list[str], *, arabic_script: bool = True, headline: bool = True) -> Header:
    """Read the header of an article given as its non-empty, stripped lines (see extract_metadata)."""
    start = masthead_end(lines)
    source = _masthead_source(lines[:start])
    author = when = None
    title = ""
    i = start
    while i < len(lines):
        line = lines[i]
        if (found := _date_line(line)) is not None:
            when = when or found
            i += 1
        elif _is_label(line, arabic_script):
            i += 1
        elif (marked := _marked_author(line)) is not None:
            author = author or marked
            i += 1
        elif _is_name_line(line) and i + 1 < len(lines) and _date_line(lines[i + 1]) is not None:
            author = author or _name_line(line)
            i += 1
        else:
            if headline and len(line.split()) <= MAX_TITLE_WORDS:
                title = MARKDOWN_HEADING.sub("", line)
                i += 1
            break
    if title:
        for _ in range(LINES_AFTER_TITLE):
            if i >= len(lines):
                break
            line = lines[i]
            if when is None and (found := _date_line(line)) is not None:
                when = found
            elif author is None and (named := _marked_author(line) or _name_line(line)) is not None:
                author = named
            else:
                break
            i += 1
    return Header(title, author, when, source, i)


def masthead_end(lines: list[str]) -> int:
    """Index of the first line after the masthead: after the last bare address among the first lines."""
    end = 0
    for i, line in enumerate(lines[:MASTHEAD_LINES]):
        if WEB_ADDRESS.fullmatch(line) or EMAIL_ADDRESS.fullmatch(line):
            end = i + 1
    return end


def extract_marked_source(text: str) -> str | None:
    """The host of the URL (or a short name) on the last "المصدر:" / "منبع:" / "Source:" line."""
    marked = SOURCE_MARKER.findall(text)
    if not marked:
        return None
    value = marked[-1]
    url = WEB_ADDRESS.match(value)
    if url:
        return host_of(url.group())
    if len(value.split()) <= MAX_SOURCE_NAME_WORDS and not DIGIT.search(value):
        return value
    return None


def host_of(address: str) -> str:
    """"https://www.forbes.com/sites/x" -> "forbes.com"."""
    if "://" not in address:
        address = "//" + address
    host = (urlsplit(address).hostname or "").lower()
    return host.removeprefix("www.")


def _nonempty_lines(text: str) -> tuple[list[int], list[str]]:
    """Offsets and stripped text of the lines that are not blank."""
    starts, lines = [], []
    offset = 0
    for raw in text.split("\n"):
        if raw.strip():
            starts.append(offset)
            lines.append(raw.strip())
        offset += len(raw) + 1
    return starts, lines


def _masthead_source(masthead: list[str]) -> str | None:
    for line in masthead:
        if WEB_ADDRESS.fullmatch(line):
            return host_of(line)
    return None


def _mostly_arabic_script(text: str) -> bool:
    sample = text[:5000]
    return len(ARABIC_SCRIPT.findall(sample)) > len(LATIN_LETTER.findall(sample))


def _is_label(line: str, arabic_script: bool) -> bool:
    return len(line.split()) <= 1 or (arabic_script and not ARABIC_SCRIPT.search(line))


def _date_line(line: str) -> date | None:
    return find_date(line) if len(line.split()) <= MAX_DATE_LINE_WORDS else None


def _marked_author(line: str) -> str | None:
    marker = AUTHOR_MARKER.match(line)
    if marker is None:
        return None
    name = line[marker.end():].strip()
    return name.strip(BYLINE_BULLETS) if _is_name_line(name, min_words=1) else None


def _name_line(line: str) -> str | None:
    return line.strip(BYLINE_BULLETS) if _is_name_line(line) else None


def _is_name_line(line: str, *, min_words: int = 2) -> bool:
    """A few name words, maybe several names joined by "،" or "و": no digits, punctuation or function words."""
    if DIGIT.search(line) or SENTENCE_MARKS.search(line):
        return False
    words = [w for w in NAME_SEPARATORS.sub(" ", line).split() if w != AND]
    if not min_words <= len(words) <= MAX_AUTHOR_WORDS or words[0].startswith(ARTICLE):
        return False
    return not any(fold(w) in FUNCTION_WORDS for w in words)
