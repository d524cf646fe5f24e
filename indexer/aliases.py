"""Short names of corpus entities merged across documents into the full name they stand for.

Within a document a later surname already joins the full name before it (`linking.join_short_forms`).
Across documents, a corpus person named by fewer words (خاتمي, احمدي نژاد, the titled الملك سلمان) is
merged into a longer corpus person when:

- run together, it is the longer name's last words (a surname: خاتمي in محمد خاتمي, احمدي نژاد in
  محمود احمدي نژاد), unless it begins with a given name (فيصل بن عبدالعزيز is a full name, not the end
  of خالد الفيصل بن عبدالعزيز); or it is its first and last words (عادل الجبير in عادل احمد الجبير); or,
  for a given name, its first word (only a titled given name is a person alone: الملك فهد in فهد بن
  عبدالعزيز); these longer names are its candidates;
- and one candidate dominates: it is named in at least MIN_DOCS documents and, with the candidates
  that write it more fully (سیدمحمد خاتمی for محمد خاتمی), in at least DOMINANT_SHARE of the
  documents that name any candidate.

Otherwise it stays its own entity, so two people who share a surname (two candidates, neither dominant)
are never merged. A corpus entity of any type written with a one-letter clitic the key keeps
(لرويترز: the key drops a clitic only before the article) is merged into the same name without it
when that is named in more documents and in at least MIN_DOCS. Counts are documents per entity over
the whole index. Merges are followed to their end (الجبير → عادل الجبير → عادل احمد الجبير).
"""
from __future__ import annotations

from typing import Iterable, Mapping

from indexer.names import CLITIC_LETTERS, MIN_CLITIC_REST, key_words

PERSON_PREFIX = "per:"
MIN_DOCS = 2
DOMINANT_SHARE = 0.75

Words = tuple[str, ...]


def person_words(entities: Iterable[Mapping]) -> dict[str, Words]:
    """Corpus person id -> its key words, from a document's entities (the label is the name the id
    was made from)."""
    found = {}
    for e in entities:
        if e["type"] == "person" and e["id"].startswith(PERSON_PREFIX):
            words = tuple(key_words(e["label"]))
            if "".join(words) == e["id"][len(PERSON_PREFIX):]:
                found[e["id"]] = words
    return found


def corpus_aliases(counts: Mapping[str, int], words: Mapping[str, Words], given: frozenset[str]) -> dict[str, str]:
    """Short corpus id -> the id of the full name it stands for, by the rules above.

    `counts`: documents per corpus id (any type); `words`: each corpus person's key words; `given`: key
    words of common given names (`indexer.given_names`)."""
    present = {pid: w for pid, w in words.items() if counts.get(pid, 0) > 0}
    by_end: dict[str, list[str]] = {}  # the last words of a longer name, run together -> its ids
    by_first: dict[str, list[str]] = {}
    for pid, w in present.items():
        for k in range(1, len(w)):
            by_end.setdefault("".join(w[-k:]), []).append(pid)
        if len(w) > 1:
            by_first.setdefault(w[0], []).append(pid)
    direct = _clitic_aliases(counts)
    for pid, w in present.items():
        candidates = {f for f in [*by_end.get("".join(w), ()), *by_first.get(w[0], ())]
                      if f != pid and _stands_for(w, present[f], given)}
        best = _dominant(candidates, counts)
        if best is not None:
            direct.setdefault(pid, best)
    return {pid: _final(pid, direct) for pid in direct}


def _stands_for(short: Words, full: Words, given: frozenset[str]) -> bool:
    """Words are compared run together, so احمدی نژاد ends محمود احمدی‌نژاد; a short name that begins
    with a given name is a full name itself (فيصل بن عبدالعزيز), never the end of a longer one."""
    key = "".join(short)
    if (len(short) == 1 or short[0] not in given) and any("".join(full[-k:]) == key for k in range(1, len(full))):
        return True
    if len(short) == 2 and len(full) > 2 and (full[0], full[-1]) == short:
        return True
    return len(short) == 1 and len(full) > 1 and short[0] in given and full[0] == short[0]


def _clitic_aliases(counts: Mapping[str, int]) -> dict[str, str]:
    found = {}
    for cid, n in counts.items():
        prefix, _, key = cid.partition(":")
        if key[:1] in CLITIC_LETTERS and len(key) > MIN_CLITIC_REST:
            bare = f"{prefix}:{key[1:]}"
            if counts.get(bare, 0) >= MIN_DOCS and counts[bare] > n:
                found[cid] = bare
    return found


def _dominant(candidates: set[str], counts: Mapping[str, int]) -> str | None:
    """The candidate that dominates, counting with it the candidates whose key ends with its key: the
    same name written more fully (سیدمحمد خاتمی with محمد خاتمی)."""
    if not candidates:
        return None
    groups: dict[str, int] = {}
    for c in candidates:
        base = min((b for b in candidates if _key(c).endswith(_key(b))), key=lambda b: (len(b), b))
        groups[base] = groups.get(base, 0) + counts[c]
    best = min(groups, key=lambda g: (-groups[g], g))
    total = sum(groups.values())
    return best if counts[best] >= MIN_DOCS and groups[best] >= DOMINANT_SHARE * total else None


def _key(cid: str) -> str:
    return cid.partition(":")[2]


def _final(pid: str, direct: Mapping[str, str]) -> str:
    while pid in direct:  # every merge goes to a shorter key, so this ends
        pid = direct[pid]
    return pid


def apply_aliases(entities: list[dict], aliases: Mapping[str, str]) -> list[dict]:
    """A document's entities with aliased ids replaced, in order of first mention; a merged entity
    joins the document's own entity of that id (its mentions added, in text order) or takes its place."""
    merged: dict[str, dict] = {}
    for e in entities:
        target = aliases.get(e["id"], e["id"])
        if target in merged:
            into = merged[target]
            into["mentions"] = sorted(into["mentions"] + e["mentions"],
                                      key=lambda m: (m["field"] != "title", m["start"]))
        else:
            merged[target] = dict(e, id=target) if target != e["id"] else e
    return list(merged.values())
