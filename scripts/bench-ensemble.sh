#!/usr/bin/env bash
# The ensemble benchmark of issue 7, in release mode:
#   1. Aral vs Pywr per scenario-step (1, 10, 100 scenarios) on the synthetic basin,
#   2. ensemble throughput on 1 and 2 workers,
#   3. peak resident memory of a 1,000-trace × 30-year monthly ensemble, and of 100 traces
#      (to show memory does not grow with the number of traces).
# Pywr is installed from PyPI into scripts/.cache/venv (git-ignored) on first use.
# Figures depend on the machine's load: each timing is the best of --repeats.
set -euo pipefail
cd "$(dirname "$0")/.."
SCRATCH="${SCRATCH:-.build-ens-rel}"
VENV=scripts/.cache/venv
if [ ! -x "$VENV/bin/python" ] || ! "$VENV/bin/python" -c 'import pywr' 2>/dev/null; then
  echo "installing Pywr into $VENV …" >&2
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install -q pywr || echo "warning: Pywr could not be installed; the Pywr column will read n/a" >&2
fi
swift build -c release --scratch-path "$SCRATCH" --product aral-bench
BENCH="$SCRATCH/release/aral-bench"
MODEL="${MODEL:-}"
if [ -z "$MODEL" ]; then
  if [ -f models/syr-darya.yaml ]; then MODEL=models/syr-darya.yaml; else MODEL=examples/basin.yaml; fi
fi
"$BENCH" ensemble --part pywr --python "$VENV/bin/python" "$@"
"$BENCH" ensemble --part scaling --model "$MODEL" "$@"
# Each memory figure in a process of its own, so VmHWM is that ensemble's alone.
"$BENCH" ensemble --part memory --model "$MODEL" --traces 100
"$BENCH" ensemble --part memory --model "$MODEL" --traces 1000
