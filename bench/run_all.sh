#!/usr/bin/env bash
# Every benchmark of docs/BENCHMARKS.md, one after the other, on an otherwise idle machine.
# Results (JSON lines) go to bench/out/results/; the synthetic stores are made first if missing
# (the 1M-fact store takes about 25 minutes on an idle 2-core machine and 7 GB of disk).
set -euo pipefail
cd "$(dirname "$0")/.."
export HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1
py=.venv/bin/python
out=bench/out/results
mkdir -p "$out"
for n in 10000 100000 1000000; do
  [ -d "bench/out/store-$n" ] || $py bench/synth.py --facts "$n" --store "bench/out/store-$n"
done
$py bench/ingest_speed.py --articles 1000 --processes 1 2 --json          > "$out/ingest_speed.json"
$py bench/store_writes.py --facts 20000                                   > "$out/store_writes.json"
$py bench/ask_latency.py bench/out/store-10000 bench/out/store-100000 bench/out/store-1000000 --questions 200 --ttft \
                                                                          > "$out/ask_latency.json"
$py bench/one_more_article.py bench/out/store-1000000 --repeat 5           > "$out/one_more_article.json"
$py bench/memory.py -- .venv/bin/evergreen --store "$(mktemp -d)/store" ingest data/samples > "$out/memory_ingest.json"
$py bench/memory.py -- .venv/bin/evergreen --store bench/out/store-1000000 ask "Who is the chief executive of Senmek Holdings 0?" \
                                                                          > "$out/memory_ask.json"
$py bench/memory.py app bench/out/store-1000000                           > "$out/memory_app.json"
$py -m kg.app.cli --store memory eval ../shared/eval/news-stream-dev --json   > "$out/news_graph.json"
$py -m kg.app.cli --store memory eval ../shared/eval/news-stream-dev --llm local --json > "$out/news_local.json"
$py bench/chunk_rag.py ../shared/eval/news-stream-dev                     > "$out/chunk_rag_extractive.json"
$py bench/chunk_rag.py ../shared/eval/news-stream-dev --llm local         > "$out/chunk_rag_local.json"
$py bench/eval_timeqa.py                                                  > "$out/timeqa.json"
OMP_NUM_THREADS=1 $py bench/text2kgbench.py --json                        > "$out/text2kgbench.json"
$py bench/redocred.py --json                                              > "$out/redocred.json"
