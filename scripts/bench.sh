#!/usr/bin/env bash
# `npm run bench`: the throughput and memory bench (bench/run.ts, which takes the flags given), then the scale
# bench at 1,000 and 10,000 open cases (bench/scale-main.ts; it takes only --no-write from the flags given).
# About two to three minutes, then about ten on a two-core machine; each part starts and stops its own dev server.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --quiet
npx tsx bench/run.ts "$@"
scale=(--sizes 1000,10000)
for arg in "$@"; do
  if [ "$arg" = --no-write ]; then scale+=(--no-write); fi
done
npx tsx bench/scale-main.ts "${scale[@]}"
