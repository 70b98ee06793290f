#!/usr/bin/env bash
# `npm run bench`: the CLI's start-up beside bare Node (bench/cli-startup.ts, about a minute), the throughput and
# memory bench (bench/run.ts, which takes the flags given), then the scale bench at 1,000 and 10,000 open cases
# (bench/scale-main.ts). The first and the last take only --no-write from the flags given.
# About two to three minutes, then about ten on a two-core machine; each part starts and stops its own dev server.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --quiet
cli=()
for arg in "$@"; do
  if [ "$arg" = --no-write ]; then cli+=(--no-write); fi
done
npx tsx bench/cli-startup.ts "${cli[@]}"
npx tsx bench/run.ts "$@"
scale=(--sizes 1000,10000)
for arg in "$@"; do
  if [ "$arg" = --no-write ]; then scale+=(--no-write); fi
done
npx tsx bench/scale-main.ts "${scale[@]}"
