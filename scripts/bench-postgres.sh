#!/usr/bin/env bash
# `npm run bench:postgres`: the Temporal server on PostgreSQL (npm run start:postgres's stack) beside the dev server
# (bench/postgres.ts, which takes the flags given: start-up and events/s, a few minutes), then the scale bench on
# PostgreSQL at 1,000, 10,000 and 100,000 open cases, 5 runs per query (bench/scale-main.ts --server postgres, which
# takes only --no-write from the flags given; about twenty minutes on a quiet two-core machine, most of it starting
# cases, and the list of all 10,000 overdue cases at 100,000, about 30 s a run).
# Each part starts and stops its own servers.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --quiet --postgres
npx tsx bench/postgres.ts "$@"
scale=(--server postgres --sizes 1000,10000,100000 --repeats 5 --concurrency 100)
for arg in "$@"; do
  if [ "$arg" = --no-write ]; then scale+=(--no-write); fi
done
npx tsx bench/scale-main.ts "${scale[@]}"
