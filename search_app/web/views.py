"""The browser UI: HTML pages over search.py, saved.py and lists.py; each page links its JSON twin.

A page renders the API's own structure (the search body, the digest), plus the links it needs. Links
keep an explicit `?ui=` so the interface language survives navigation; every form posts a CSRF token.
"""
from __future__ import annotations

import calendar
from functools import partial
from urllib.parse import urlencode

from flask import Blueprint, redirect, render_template, request, url_for
from werkzeug.datastructures import MultiDict

from indexer.errors import FahrasError
from indexer.schema import ENTITY_TYPES
from indexer.store import find_document
from search_app.web import state
from search_app.web.csrf import check_csrf, csrf_token, ensure_secret_key
from search_app.core.facets import FACETS
from search_app.core.parts import part_bounds
from search_app.web.i18n import (
    LANG_NAMES, MESSAGES, SYNTAX_HELP, UI_LANGS, direction, format_date, localize_digits, negotiate, period_label,
    translate,
)
from search_app.lists.store import LIST_FILTERS, SWITCHES, TEXT_FILTERS, parse_saved_query, search_args
from search_app.lists.saved import list_digest, run_saved_query, saved_request
from search_app.core.entity_page import entity_page
from search_app.core.query import close_quote
from search_app.core.search import (
    TRUE_WORDS, SearchRequest, highlight_document, parse_search, run_search, searcher_gazetteer,
)

bp = Blueprint("views", __name__)
bp.before_request(check_csrf)
bp.record_once(lambda setup: ensure_secret_key(setup.app))

FILTERS = LIST_FILTERS + TEXT_FILTERS
SEARCH_SWITCHES = ("q", "mode", "expand", "sort", "ui")
SORT_CHOICES = (("relevance", "sort_relevance"), ("date", "sort_newest"))
PAGE_WINDOW = 2
TIMELINE_WIDTH, TIMELINE_HEIGHT = 600, 80  # SVG user units; the bars share the width
FACET_SHOWN = 6
SAFE_URL_SCHEMES = ("http://", "https://")
CHART_WIDTH, CHART_HEIGHT, CHART_BAR = 480, 60, 24  # px: the entity page's documents-per-month chart


# Interface language and the helpers every template gets


def current_ui() -> str:
    return negotiate(request.args.get("ui"), request.accept_languages)


def explicit_ui() -> dict:
    """`{"ui": ...}` when the URL chose the interface language, so links and redirects keep it."""
    ui = request.args.get("ui")
    return {"ui": ui} if ui in UI_LANGS else {}


def ui_url(endpoint: str, **values) -> str:
    return url_for(endpoint, **values, **explicit_ui())


def switch_ui_url(code: str) -> str:
    args = MultiDict(request.args)
    args["ui"] = code
    return f"{request.path}?{urlencode(list(args.items(multi=True)))}"


@bp.after_request
def vary_on_language(response):
    """Pages differ by Accept-Language, so caches must keep one copy per language."""
    response.vary.add("Accept-Language")
    return response


def content_dir(lang: str | None) -> str:
    """Persian and Arabic content is always right-to-left; anything else follows its own script."""
    return direction(lang) if lang in ("fa", "ar") else "auto"


@bp.app_context_processor
def interface() -> dict:
    ui = current_ui()
    t = partial(translate, ui)

    def error_title(status: int) -> str:
        key = f"error_{status}"
        return t(key) if key in MESSAGES else t("error_other")

    def error_explanation(code: str) -> str | None:
        key = f"explain_{code}"
        return t(key) if key in MESSAGES else None

    return {
        "ui": ui,
        "ui_dir": direction(ui),
        "ui_langs": UI_LANGS,
        "lang_names": LANG_NAMES,
        "t": t,
        "num": partial(localize_digits, ui=ui),
        "show_date": partial(format_date, ui=ui),
        "ui_url": ui_url,
        "switch_ui_url": switch_ui_url,
        "content_dir": content_dir,
        "csrf_token": csrf_token,
        "error_title": error_title,
        "error_explanation": error_explanation,
        "facet_kinds": FACETS,
    }


# Links between searches


def query_string(args: MultiDict) -> str:
    pairs = [(k, v) for k, v in args.items(multi=True) if v != ""]
    return f"?{urlencode(pairs)}" if pairs else ""


def search_url(args: MultiDict) -> str:
    return url_for("views.search_page") + query_string(args)


def api_url(endpoint: str, args: MultiDict, **values) -> str:
    """The JSON twin of a page: the same parameters, minus the interface language."""
    kept = MultiDict([(k, v) for k, v in args.items(multi=True) if k != "ui"])
    return url_for(endpoint, **values) + query_string(kept)


def filter_pairs(args: MultiDict) -> list[tuple[str, str]]:
    return [(k, v) for k, v in args.items(multi=True) if k in FILTERS and v]


def only(args: MultiDict, keys: tuple[str, ...]) -> MultiDict:
    return MultiDict([(k, v) for k, v in args.items(multi=True) if k in keys])


def toggled(args: MultiDict, kind: str, value: str) -> MultiDict:
    """The search with one filter value added, or removed when present; back to the first page.

    Repeatable filters accumulate (entities: all required; languages, sources: any); a date replaces.
    """
    new = MultiDict(args)
    new.pop("page", None)
    if kind in LIST_FILTERS:
        values = new.getlist(kind)
        new.setlist(kind, [v for v in values if v != value] if value in values else [*values, value])
    elif new.get(kind) == value:
        new.pop(kind)
    else:
        new[kind] = value
    return new


def month_range(args: MultiDict, month: str) -> tuple[MultiDict, bool]:
    """The search narrowed to one month ("YYYY-MM"), or widened again when it already is."""
    year, number = (int(part) for part in month.split("-"))
    bounds = {"date_from": f"{month}-01", "date_to": f"{month}-{calendar.monthrange(year, number)[1]:02d}"}
    active = all(args.get(key) == value for key, value in bounds.items())
    new = MultiDict(args)
    new.pop("page", None)
    for key, value in bounds.items():
        if active:
            new.pop(key)
        else:
            new[key] = value
    return new, active


def replaced(args: MultiDict, key: str, value: str) -> MultiDict:
    new = MultiDict(args)
    new[key] = value
    return new


def with_page(args: MultiDict, page: int) -> str:
    return search_url(replaced(args, "page", str(page)))


def entity_label(entity_id: str, ui: str, fallback: str | None = None) -> str:
    entity = searcher_gazetteer(state.searcher()).get(entity_id)
    return entity.label(ui) if entity is not None else fallback or entity_id


def value_label(kind: str, value: str, ui: str, fallback: str | None = None) -> str:
    """A filter value as the interface shows it: entity names and languages in the interface language."""
    if kind in ENTITY_TYPES:
        return entity_label(value, ui, fallback)
    if kind == "lang":
        return translate(ui, f"lang_{value}" if value in ("fa", "ar") else "lang_other")
    if kind in ("date_from", "date_to", "month"):
        return format_date(value, ui)
    return value


# Search


def search_form(args: MultiDict) -> dict:
    """What the search box and its switches show: the request's values, else the search defaults."""
    return {
        "q": args.get("q", ""),
        "mode": args.get("mode", "all"),
        "expand": args.get("expand", "1").lower() in TRUE_WORDS,
        "sort": args.get("sort", "relevance"),
        "date_from": args.get("date_from", ""),
        "date_to": args.get("date_to", ""),
    }


@bp.get("/")
def home():
    return render_template(
        "search/home.html", form=search_form(MultiDict()), sorts=SORT_CHOICES, hidden_filters=[],
        active_nav="search", alternate=url_for("api.search_json"),
    )


@bp.get("/search")
def search_page():
    """Results of the search in the URL. An unclosed quote is closed at the end, with a notice; a URL
    with both values of the expand box (a checked box and its hidden "off") or a page past the last
    redirects to the one it means."""
    args = MultiDict(request.args)
    if not args.get("q", "").strip() and not filter_pairs(args):
        return redirect(ui_url("views.home"))
    if len(args.getlist("expand")) > 1:
        return redirect(search_url(replaced(args, "expand", args["expand"])))
    ui = current_ui()
    q = args.get("q", "")
    request_args = [(k, v) for k, v in replaced(args, "q", close_quote(q)).items(multi=True) if k != "ui_lang"]
    req = parse_search(MultiDict([*request_args, ("ui_lang", ui)]))
    result = run_search(state.searcher(), req, time_limit=state.settings().query_time_limit).to_dict()
    page, pages = result["page"], max(1, -(-result.get("groups", result["total"]) // result["size"]))
    if page > pages and not result["timed_out"]:  # a search cut short does not know where the end is
        return redirect(with_page(args, pages))
    return render_template(
        "search/results.html",
        result=result,
        form=search_form(args),
        sorts=SORT_CHOICES,
        hidden_filters=filter_pairs(args),
        hidden_for_dates=[(k, v) for k, v in args.items(multi=True) if k not in ("date_from", "date_to", "page")],
        quote_closed=close_quote(q) != q,
        doc_query=query_string(args),
        pages=pages,
        page_links=page_links(args, page, pages),
        prev_url=with_page(args, page - 1) if page > 1 else None,
        next_url=with_page(args, page + 1) if page < pages else None,
        facets=facet_views(args, result["facets"], ui),
        facet_shown=FACET_SHOWN,
        suggestion_url=search_url(replaced(args, "q", result["suggestion"])) if result["suggestion"] else None,
        chips=[{"kind": k, "value": v, "label": value_label(k, v, ui), "url": search_url(toggled(args, k, v))}
               for k, v in filter_pairs(args)],
        clear_url=search_url(only(args, SEARCH_SWITCHES)),
        lists=state.list_store().all_lists(),
        active_nav="search",
        alternate=api_url("api.search_json", args),
        timeline=timeline_view(args, result["facets"].get("date_histogram"), ui),
        collapse_url=search_url(replaced(args, "collapse", "1" if "groups" not in result else "0")),
        export_urls={fmt: api_url("api.search_json", replaced(args, "format", fmt)) for fmt in ("csv", "jsonl")},
    )


def timeline_view(args: MultiDict, histogram: dict | None, ui: str) -> dict | None:
    """The bars of the timeline SVG, each linked to the search narrowed to its period; None without
    at least two periods to compare."""
    if not histogram or len(histogram["buckets"]) < 2:
        return None
    buckets = histogram["buckets"]
    width, peak = TIMELINE_WIDTH / len(buckets), max(b["count"] for b in buckets) or 1
    bars = []
    for i, bucket in enumerate(buckets):
        height = round(TIMELINE_HEIGHT * bucket["count"] / peak, 1)
        narrowed = MultiDict(args)
        narrowed.pop("page", None)
        narrowed["date_from"], narrowed["date_to"] = bucket["start"], bucket["end"]
        slot = len(buckets) - 1 - i if direction(ui) == "rtl" else i  # time runs with the reading direction
        bars.append({"x": round(slot * width, 1), "y": TIMELINE_HEIGHT - height, "width": round(width * 0.85, 1),
                     "height": height, "count": bucket["count"], "start": bucket["start"],
                     "label": period_label(bucket["start"], histogram["interval"], ui),
                     "url": search_url(narrowed)})
    return {"bars": bars, "width": TIMELINE_WIDTH, "height": TIMELINE_HEIGHT, "interval": histogram["interval"]}


def facet_views(args: MultiDict, facets: dict, ui: str) -> list[dict]:
    """Each facet's values with counts, each linked to the search with that value toggled."""
    views = []
    for kind in FACETS:
        values = []
        for item in facets.get(kind, []):
            if kind == "month":
                narrowed, active = month_range(args, item["id"])
            else:
                narrowed, active = toggled(args, kind, item["id"]), item["id"] in args.getlist(kind)
            values.append({"value": item["id"], "label": value_label(kind, item["id"], ui, item["label"]),
                           "count": item["count"], "active": active, "url": search_url(narrowed),
                           "entity_url": ui_url("views.entity_page_view", entity_id=item["id"])
                           if kind in ENTITY_TYPES else None})
        views.append({"kind": kind, "entries": values})
    return views


def page_links(args: MultiDict, page: int, pages: int) -> list[dict]:
    """First, last and a window around the current page; entries without a page are gaps."""
    shown = sorted({1, pages, *range(max(1, page - PAGE_WINDOW), min(pages, page + PAGE_WINDOW) + 1)})
    links, previous = [], 0
    for number in shown:
        if number > previous + 1:
            links.append({"page": None, "url": None})
        links.append({"page": number, "url": None if number == page else with_page(args, number)})
        previous = number
    return links


@bp.get("/syntax")
def syntax_page():
    """Every operator, filter and switch of the search box, with an example that runs it."""
    ui = current_ui()
    rows = [{"kind": kind, "example": example, "explanation": text[ui],
             "label": translate(ui, example) if kind == "switch" else None,
             "url": search_url(MultiDict({"q": example, **explicit_ui()})) if kind != "switch" else None}
            for kind, example, text in SYNTAX_HELP]
    return render_template("search/syntax.html", rows=rows, active_nav="search", alternate=None)


# Documents


@bp.get("/documents/<path:doc_id>")
def document_page(doc_id: str):
    doc = find_document(state.searcher(), doc_id)
    args = MultiDict(request.args)
    req = marking_request(args)
    if not (doc["url"] or "").startswith(SAFE_URL_SCHEMES):
        doc["url"] = None
    parts = part_bounds(doc["body"])
    part = parse_part(args.get("part", "1"), len(parts))
    return render_template(
        "documents/show.html",
        doc=doc,
        **highlight_document(doc, req, gazetteer=searcher_gazetteer(state.searcher()), body_span=parts[part - 1]),
        part=part,
        parts=len(parts),
        prev_part_url=part_url(doc_id, args, part - 1) if part > 1 else None,
        next_part_url=part_url(doc_id, args, part + 1) if part < len(parts) else None,
        entities=entity_views(doc["entities"], only(args, SEARCH_SWITCHES), current_ui()),
        back_url=search_url(args) if args.get("q", "").strip() or filter_pairs(args) else None,
        alternate=url_for("api.document_json", doc_id=doc_id),
    )


def parse_part(value: str, parts: int) -> int:
    """The part of a long article to show: a whole number from 1 to `parts`."""
    if not value.isdecimal() or not 1 <= int(value) <= parts:
        raise FahrasError("bad_parameter", f"part: give a whole number from 1 to {parts}.", 400)
    return int(value)


def part_url(doc_id: str, args: MultiDict, part: int) -> str:
    return url_for("views.document_page", doc_id=doc_id) + query_string(replaced(args, "part", str(part)))


def marking_request(args: MultiDict) -> SearchRequest | None:
    """The search whose words the document page marks: none when absent or malformed, since the page
    itself is fine either way."""
    if not args.get("q"):
        return None
    try:
        return parse_search(replaced(only(args, ("q", "mode", "expand")), "q", close_quote(args["q"])))
    except FahrasError:
        return None


def entity_views(entities: list[dict], args: MultiDict, ui: str) -> list[dict]:
    """Each entity of the document, linked to the search narrowed to it."""
    return [
        {"id": e["id"], "type": e["type"], "label": entity_label(e["id"], ui, e.get("label")),
         "url": search_url(toggled(args, e["type"], e["id"]))}
        for e in entities
    ]


# Entities


@bp.get("/entities/<path:entity_id>")
def entity_page_view(entity_id: str):
    searcher = state.searcher()
    ui = current_ui()
    page = entity_page(searcher, entity_id, searcher_gazetteer(searcher), ui)
    for item in page["related"]:
        item["url"] = ui_url("views.entity_page_view", entity_id=item["id"])
    return render_template(
        "entities/show.html",
        entity=page,
        chart=month_chart(page["months"]),
        search_url=search_url(MultiDict([(page["type"], page["id"])])),
        alternate=url_for("api.entity_json", entity_id=entity_id),
    )


def month_chart(months: list[dict]) -> dict:
    """Bars of a small SVG chart, one per month from the first to the last with documents."""
    if not months:
        return {"bars": [], "width": 0, "height": CHART_HEIGHT}
    counts = {m["month"]: m["count"] for m in months}
    span = list(_months_between(months[0]["month"], months[-1]["month"]))
    top = max(counts.values())
    bar = max(2, min(CHART_BAR, CHART_WIDTH // len(span)))
    bars = [{"month": month, "count": counts.get(month, 0), "x": i * bar, "width": bar - 1,
             "height": round(CHART_HEIGHT * counts.get(month, 0) / top)} for i, month in enumerate(span)]
    return {"bars": bars, "width": bar * len(span), "height": CHART_HEIGHT}


def _months_between(first: str, last: str):
    year, month = int(first[:4]), int(first[5:7])
    while f"{year:04d}-{month:02d}" <= last:
        yield f"{year:04d}-{month:02d}"
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)


# Saved lists


def redirect_to(endpoint: str, **values):
    return redirect(ui_url(endpoint, **values), code=303)


@bp.get("/lists")
def lists_page():
    return render_template(
        "lists/index.html", lists=state.list_store().all_lists(), active_nav="lists",
        alternate=url_for("api.lists_json"),
    )


@bp.get("/lists/<int:list_id>")
def list_page(list_id: int):
    """The digest: each saved query with its count of new matches and its hits, new ones first."""
    digest = list_digest(state.searcher(), state.list_store(), list_id,
                         time_limit=state.settings().query_time_limit)
    ui = current_ui()
    for saved in digest["queries"]:
        args = MultiDict(search_args(saved["q"], saved["filters"], saved["sort"]))
        saved["url"] = search_url(MultiDict([*args.items(multi=True), *explicit_ui().items()]))
        saved["chips"] = [{"kind": k, "label": value_label(k, v, ui)} for k, v in filter_pairs(args)]
    return render_template(
        "lists/show.html", digest=digest, doc_query=query_string(MultiDict(explicit_ui())),
        export_url=url_for("api.export_list_json", list_id=list_id), active_nav="lists",
        alternate=url_for("api.list_json", list_id=list_id),
    )


@bp.post("/lists")
def create_list():
    created = state.list_store().create_list(request.form.get("name"))
    return redirect_to("views.list_page", list_id=created["id"])


@bp.post("/lists/<int:list_id>/rename")
def rename_list(list_id: int):
    state.list_store().rename_list(list_id, request.form.get("name"))
    return redirect_to("views.list_page", list_id=list_id)


@bp.post("/lists/<int:list_id>/delete")
def delete_list(list_id: int):
    state.list_store().delete_list(list_id)
    return redirect_to("views.lists_page")


@bp.post("/lists/save")
def save_query():
    """Save the search in the form into the chosen list, or into a new list named in the form."""
    form = request.form
    saved = parse_saved_query({
        "q": form.get("q", ""),
        "filters": {**{k: form.getlist(k) for k in LIST_FILTERS if form.getlist(k)},
                    **{k: form[k] for k in TEXT_FILTERS + SWITCHES if form.get(k)}},
        "sort": form.get("sort", "relevance"),
    })
    saved_request(saved)
    store = state.list_store()
    chosen = form.get("list_id", "new")
    if chosen == "new":
        list_id = store.create_list(form.get("new_list_name"))["id"]
    elif chosen.isdecimal():
        list_id = int(chosen)
    else:
        raise FahrasError("bad_parameter", "list_id: give a list id or 'new'", 400)
    store.add_query(list_id, saved["q"], saved["filters"], saved["sort"])
    return redirect_to("views.list_page", list_id=list_id)


@bp.post("/lists/<int:list_id>/queries/<int:query_id>/seen")
def mark_seen(list_id: int, query_id: int):
    run_saved_query(state.searcher(), state.list_store(), list_id, query_id,
                    time_limit=state.settings().query_time_limit)
    return redirect_to("views.list_page", list_id=list_id)


@bp.post("/lists/<int:list_id>/queries/<int:query_id>/delete")
def delete_saved_query(list_id: int, query_id: int):
    state.list_store().delete_query(list_id, query_id)
    return redirect_to("views.list_page", list_id=list_id)
