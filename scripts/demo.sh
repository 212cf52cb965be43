#!/usr/bin/env bash
# The main job on the built-in example: installs what is missing, builds in release mode and
# runs the Syr Darya baseline (30 years, monthly), printing the summary.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
swift build -c release --product aral
MODEL=models/syr-darya.yaml
[ -f "$MODEL" ] || MODEL=examples/basin.yaml
exec .build/release/aral run "$MODEL" "$@"
