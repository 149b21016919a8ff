# Vigie — see README.md. Everything needs only Go (and Chromium for the
# browser tests, which .ci/run installs).
GO       ?= go
BIN      := bin/vigie
DATA     ?= ./data
ADDR     ?= 127.0.0.1:8080
PKGS     := ./...
# Benchmark corpus size for `make bench` (100000 for the reference run).
BENCH_N  ?= 100000

.PHONY: all build run demo test test-short eval bench bench-quick lint fmt fuzz fuzz-long clean

all: build

build:
	$(GO) build -o $(BIN) ./cmd/vigie

## run: the service on the default feeds, polling the real feeds.
run: build
	$(BIN) serve --data $(DATA) --feeds feeds.yaml --addr $(ADDR)

## demo: the service on the bundled demo corpus (feed files polled from
## demo/feeds, no network needed).
demo: build
	rm -rf ./demo-data
	$(BIN) poll --data ./demo-data --feeds demo/feeds.yaml
	$(BIN) serve --data ./demo-data --feeds demo/feeds.yaml --addr $(ADDR)

## test: every test, with the race detector.
test:
	$(GO) vet $(PKGS)
	$(GO) test -race -count=1 -timeout 20m $(PKGS)

## eval: precision, recall and F1 of recognition on the gold sets
## (indexer/enrich/gold/testdata, and ../shared's DoD half when present);
## DIFF=1 lists each article's misses and extras.
eval:
	VIGIE_EVAL_DIFF=$(DIFF) $(GO) test -count=1 -v -run '^TestGoldSets$$' ./indexer/enrich/gold/

test-short:
	$(GO) test -count=1 -short $(PKGS)

## bench: Go benchmarks, then the load harness against SQLite FTS5 at BENCH_N articles,
## with 64 clients searching while 20,000 more are imported.
bench: build
	$(GO) test -run '^$$' -bench . -benchmem -count 1 ./indexer/... ./search/...
	$(GO) run ./bench/cmd/vigie-bench -n $(BENCH_N) -load-import 20000 -out bench/RESULTS.md

## bench-quick: the harness on a small corpus (a smoke test, seconds).
bench-quick:
	$(GO) run ./bench/cmd/vigie-bench -n 2000 -quick -load-import 500 -out bench/out/quick.md

lint:
	@test -z "$$(gofmt -l $$(git ls-files '*.go'))" || (echo "gofmt needed:"; gofmt -l $$(git ls-files '*.go'); exit 1)
	$(GO) vet $(PKGS)
	@$(GO) mod tidy -diff >/dev/null || (echo "go.mod or go.sum is not tidy: run go mod tidy"; exit 1)

fmt:
	gofmt -w $$(git ls-files '*.go')

## fuzz: each fuzz target for 20s (FUZZTIME=1m for longer).
FUZZTIME ?= 20s
fuzz:
	@for pkg in $$($(GO) list ./...); do \
	  for t in $$($(GO) test -list '^Fuzz' $$pkg 2>/dev/null | grep '^Fuzz'); do \
	    echo "== $$pkg $$t"; $(GO) test -run '^$$' -fuzz "^$$t$$" -fuzztime $(FUZZTIME) $$pkg || exit 1; \
	  done; \
	done

## fuzz-long: the fuzz targets of untrusted input (amounts, entity names, feeds, queries, search
## parameters) for FUZZLONG (10m) each; the inputs they find interesting are kept in each
## package's testdata/fuzz, so later runs (and go test) start from them.
FUZZLONG ?= 10m
FUZZ_LONG = ./indexer/amount:FuzzFind ./indexer/entity:FuzzFind ./indexer/feed:FuzzParse \
	./search:FuzzParseQuery ./search/api:FuzzSearchParams
fuzz-long:
	@for spec in $(FUZZ_LONG); do pkg=$${spec%%:*}; t=$${spec##*:}; \
	  echo "== $$pkg $$t for $(FUZZLONG)"; \
	  $(GO) test -run '^$$' -fuzz "^$$t$$" -fuzztime $(FUZZLONG) $$pkg || exit 1; \
	  cache="$$($(GO) env GOCACHE)/fuzz/$$($(GO) list $$pkg)/$$t"; \
	  mkdir -p "$$pkg/testdata/fuzz/$$t"; \
	  if [ -d "$$cache" ]; then cp -n "$$cache"/* "$$pkg/testdata/fuzz/$$t/" 2>/dev/null || true; fi; \
	  echo "   corpus: $$(ls "$$pkg/testdata/fuzz/$$t" | wc -l) inputs in $$pkg/testdata/fuzz/$$t"; \
	done

clean:
	rm -rf bin demo-data testartifacts bench/out
