"""The `fahras` command: a thin click layer over the library; FahrasError becomes a ClickException."""
from __future__ import annotations

import dataclasses
import functools
import secrets
import sys
from pathlib import Path

import click
import orjson

from indexer.errors import FahrasError
from search_app.serving import DEFAULT_THREADS, DEFAULT_WORKERS


def fahras_errors(fn):
    """Library errors surface as a message on stderr and a non-zero exit, never a traceback."""

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except FahrasError as e:
            raise click.ClickException(e.message) from e

    return wrapper


def print_json(data) -> None:
    sys.stdout.buffer.write(orjson.dumps(data, option=orjson.OPT_INDENT_2) + b"\n")


index_dir_option = click.option(
    "--index", "index_dir", required=True, type=click.Path(file_okay=False, path_type=Path),
    help="Index directory.",
)


@click.group()
@click.version_option(package_name="fahras")
def main():
    """Fahras: search Persian and Arabic news."""


@main.command()
@click.option("--lang", type=click.Choice(["fa", "ar", "auto"]), default="auto", show_default=True)
@click.option("--json", "as_json", is_flag=True, help="Print a JSON list of tokens.")
@click.argument("text")
@fahras_errors
def analyze(lang, as_json, text):
    """Show each token of TEXT with its offsets and the terms it is indexed under."""
    from analyzers.analysis import analyze as run_analysis
    from analyzers.langid import detect

    resolved = detect(text) if lang == "auto" else lang
    tokens = run_analysis(text, resolved)
    if as_json:
        print_json([dataclasses.asdict(t) for t in tokens])
        return
    click.echo(f"lang: {resolved}")
    for t in tokens:
        terms = " ".join(t.terms) if t.terms else "(stopword)"
        click.echo(f"{t.start:>6} {t.end:>6}  {t.text}\t{terms}")


@main.command("index")
@click.option("--input", "inputs", multiple=True, type=click.Path(path_type=Path),
              help="File or directory to read; repeatable.")
@index_dir_option
@click.option("--rebuild", is_flag=True,
              help="Start the index over (without --input: from the source files it records).")
@click.option("--prune", is_flag=True, help="Remove documents whose source file is gone.")
@click.option("--delete", "delete_ids", multiple=True, metavar="ID", help="Remove a document; repeatable.")
@click.option("--max-bytes", type=click.IntRange(min=1), default=20_000_000, show_default=True,
              help="An article (text file) or one record larger than this, once decompressed, is reported and skipped.")
@click.option("--progress/--no-progress", default=None, help="Progress bar (default: when stderr is a terminal).")
@click.option("--lock-timeout", type=click.FloatRange(min=0), default=10.0, show_default=True,
              help="Seconds to wait for another writer of the index to finish.")
@click.option("--gazetteer", metavar="FILE|none",
              help="Link names to this gazetteer (the format of indexer/data/gazetteer.json); 'none' for "
                   "recognition alone  [default: the one the index was built with, else the built-in one]")
@fahras_errors
def index_cmd(inputs, index_dir, rebuild, prune, delete_ids, max_bytes, progress, lock_timeout, gazetteer):
    """Index news files (txt, md, json, jsonl, jsonl.gz, csv; folders recursively)."""
    from indexer.writer import run_index

    if not inputs and not (prune or delete_ids or rebuild):
        raise click.UsageError("give --input PATH, or --delete ID, --prune or --rebuild")
    show_progress = sys.stderr.isatty() if progress is None else progress
    summary = run_index(
        index_dir, list(inputs), rebuild=rebuild, prune=prune, delete_ids=list(delete_ids),
        max_bytes=max_bytes, progress=show_progress, lock_timeout=lock_timeout, gazetteer=gazetteer,
    )
    click.echo(summary.render(), err=True)
    if not summary.ok:
        sys.exit(1)


@main.command()
@index_dir_option
@click.argument("doc_id")
@click.option("--json", "as_json", is_flag=True, help="Print the document as JSON.")
@fahras_errors
def show(index_dir, doc_id, as_json):
    """Print a stored document."""
    from indexer.store import get_document

    doc = get_document(index_dir, doc_id)
    if as_json:
        print_json(doc)
        return
    for key in ("id", "title", "author", "date", "source", "url", "lang"):
        click.echo(f"{key}: {doc.get(key) or ''}")
    click.echo("entities: " + ", ".join(e["label"] for e in doc["entities"]))
    click.echo("")
    click.echo(doc["body"])


@main.command("tag")
@click.option("--lang", type=click.Choice(["ar", "fa"]), required=True)
@click.option("--input", "source", required=True, type=click.Path(path_type=Path), help="CoNLL file: token first.")
@click.option("--output", "target", required=True, type=click.Path(dir_okay=False, path_type=Path))
@fahras_errors
def tag_cmd(lang, source, target):
    """Write each token of a CoNLL file with its predicted BIO entity tag (PER, LOC, ORG)."""
    from indexer.ner.recognition import tag_file

    count = tag_file(source, target, lang)
    click.echo(f"tagged {count} tokens -> {target}", err=True)


@main.command()
@click.option("--index", "index_dir", type=click.Path(file_okay=False, path_type=Path),
              help="Count each entity's documents in this index.")
@click.option("--candidates", is_flag=True, help="Propose names that are not in the gazetteer yet.")
@click.option("--json", "as_json", is_flag=True)
@fahras_errors
def entities(index_dir, candidates, as_json):
    """List the gazetteer, with counts in the index; or propose new names."""
    from indexer.entity_report import candidate_rows, gazetteer_rows

    rows = candidate_rows(index_dir) if candidates else gazetteer_rows(index_dir)
    if as_json:
        print_json(rows)
        return
    for row in rows:
        click.echo("\t".join(str(v) for v in row.values()))


@main.command()
@index_dir_option
@click.argument("query", required=False)
@click.option("--queries", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Batch: TSV file of qid<TAB>query lines.")
@click.option("--run", "run_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Batch: TREC run file to write.")
@click.option("--top", type=click.IntRange(1, 10_000), default=None,
              help="Hits per query  [default: 10 for QUERY, 100 for a batch]")
@click.option("--tag", default="fahras", show_default=True, help="Batch: the run's tag column.")
@fahras_errors
def search(index_dir, query, queries, run_path, top, tag):
    """Search for QUERY (the full query syntax, all words), or batch: OR the terms of each line of
    --queries, rank with BM25F and proximity and write a TREC run to --run."""
    if query is not None:
        if queries or run_path:
            raise click.UsageError("give QUERY, or --queries and --run, not both")
        if top is not None and top > 100:
            raise click.BadParameter("at most 100 for a single QUERY", param_hint="--top")
        print_hits(index_dir, query, top or 10)
        return
    if not (queries and run_path):
        raise click.UsageError("give QUERY, or --queries Q.tsv and --run OUT.trec")
    from search_app.trec.batch import run_batch

    count = run_batch(index_dir, queries, run_path, top=top or 100, tag=tag)
    click.echo(f"{count} queries searched, run written to {run_path}", err=True)


def print_hits(index_dir: Path, query: str, top: int) -> None:
    from indexer.store import open_index
    from search_app.core.search import parse_search, run_search

    request = parse_search({"q": query, "size": str(top)})
    with open_index(index_dir).searcher() as searcher:
        result = run_search(searcher, request).to_dict()
    click.echo(f"{result['total']} documents match", err=True)
    for rank, hit in enumerate(result["hits"], 1):
        click.echo(f"{rank}\t{hit['score']:.3f}\t{hit['id']}\t{hit['date'] or ''}\t{hit['title']}")


@main.command()
@click.argument("run_path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.argument("qrels_path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True)
@fahras_errors
def evaluate(run_path, qrels_path, as_json):
    """Score a TREC run against qrels: MAP, P@10, MRR@10, Recall@10, Recall@100, nDCG@10, overall and per
    variant type."""
    from search_app.trec.evaluation import evaluate_run

    metrics = evaluate_run(run_path, qrels_path)
    if as_json:
        print_json(metrics)
        return
    columns = ("MAP", "P@10", "MRR@10", "R@10", "R@100", "nDCG@10", "queries")
    click.echo("\t".join(("set",) + columns))
    for name, row in [("all", metrics["all"]), *sorted(metrics["groups"].items())]:
        click.echo("\t".join([name] + [format_metric(row[c]) for c in columns]))


def format_metric(value) -> str:
    return f"{value:.4f}" if isinstance(value, float) else str(value)


@main.command()
@click.option("--index", "index_dir", type=click.Path(file_okay=False, path_type=Path))
@click.option("--data", "data_dir", type=click.Path(file_okay=False, path_type=Path),
              help="Directory for saved query lists.")
@click.option("--host")
@click.option("--port", type=click.IntRange(1, 65535))
@click.option("--threads", type=click.IntRange(1, 64), default=DEFAULT_THREADS, show_default=True,
              help="Threads answering requests in each worker process.")
@click.option("--workers", type=click.IntRange(1, 16), default=DEFAULT_WORKERS, show_default=True,
              help="Server processes sharing the port (one per core uses every core).")
@click.option("--trusted-proxy", metavar="ADDRESS",
              help="Address of a reverse proxy whose X-Forwarded-* headers are believed.")
@click.option("--debug", is_flag=True, help="Flask's development server with the debugger (never in production).")
@fahras_errors
def serve(index_dir, data_dir, host, port, threads, workers, trusted_proxy, debug):
    """Serve the browser UI and the JSON API on waitress."""
    from search_app import create_app
    from search_app.serving import serve_app
    from search_app.settings import Settings

    flags = {"index_dir": index_dir, "data_dir": data_dir, "host": host, "port": port}
    settings = dataclasses.replace(Settings.from_env(), **{k: v for k, v in flags.items() if v is not None})
    if settings.secret_key is None:  # one key for every worker process, so a session signed by one holds in all
        settings = dataclasses.replace(settings, secret_key=secrets.token_hex(32))
    app = create_app(settings)
    if debug:
        app.run(host=settings.host, port=settings.port, debug=True)
        return
    serve_app(app, settings.host, settings.port, threads=threads, trusted_proxy=trusted_proxy, workers=workers,
              make_app=lambda: create_app(settings))
