# Fahras: `make demo` indexes the sample corpus and serves it; `make test` runs every test.
PYENV_VERSION ?= 3.12.1
export PYENV_VERSION
PYTHON ?= python3.12
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
SHARED ?= ../shared
DEMO_INDEX := index_data/demo
CHROMIUM := /usr/bin/chromium

.PHONY: venv demo index-demo serve test test-quick browser-deps bench-relevance bench-index bench-search bench-load bench-scale bench-names ar-lexicon train-ner given-names bench-entities bench-entities-dev bench-news-entities clean

venv: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

index-demo: $(STAMP)
	$(BIN)/fahras index --input indexer/sample --index $(DEMO_INDEX)

demo: index-demo
	$(BIN)/fahras serve --index $(DEMO_INDEX)

# Debian's Chromium and fonts for Persian and Arabic; Playwright drives it, it never downloads a browser.
browser-deps:
	@if [ ! -x $(CHROMIUM) ]; then \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-core >/dev/null; \
	fi

test: $(STAMP) browser-deps
	$(BIN)/python -m pytest -q

test-quick: $(STAMP)
	$(BIN)/python -m pytest -q -m "not browser"

bench-relevance: $(STAMP)
	$(BIN)/python tests/bench/relevance.py --shared $(SHARED)

bench-names: $(STAMP)
	$(BIN)/python tests/bench/names.py --shared $(SHARED)

# The Arabic words whose affix-looking letters are their own (analyzers/ar_lexicon.py), from the corpus.
ar-lexicon: $(STAMP)
	$(BIN)/python -m analyzers.ar_lexicon $(SHARED)/corpora/ar-news-dev.jsonl.gz \
		--gazetteer indexer/data/gazetteer.json > analyzers/data/ar_whole_words.tsv

bench-index: $(STAMP)
	$(BIN)/python tests/bench/indexing.py --shared $(SHARED)

bench-search: $(STAMP)
	$(BIN)/python tests/bench/search_latency.py --shared $(SHARED)

# ×1, ×4 and ×8 of the Arabic dev corpus (about 20 minutes); MILLION=1 adds ×50 (hours).
bench-scale: $(STAMP)
	$(BIN)/python tests/bench/scale.py --shared $(SHARED) $(if $(MILLION),--million)

bench-load: $(STAMP)
	$(BIN)/python tests/bench/load.py --shared $(SHARED)

# Entity models from $(SHARED)/ner and word clusters from $(SHARED)/corpora, into indexer/ner/models.
train-ner: $(STAMP)
	$(BIN)/python -m indexer.ner.train --shared $(SHARED)

given-names: $(STAMP)
	$(BIN)/python -m indexer.given_names --shared $(SHARED)

bench-news-entities: $(STAMP)
	$(BIN)/python tests/bench/news_entities.py --shared $(SHARED)

bench-entities: $(STAMP)
	$(BIN)/python tests/bench/ner.py --shared $(SHARED)

bench-entities-dev: $(STAMP)
	$(BIN)/python tests/bench/ner_dev.py --shared $(SHARED)

clean:
	rm -rf $(VENV) build *.egg-info
