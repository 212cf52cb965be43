#!/usr/bin/env bash
# Runs every test: the Swift test suite (unit, property, golden, process and store tests),
# then the external checks that need services or other programs, each started here for real:
# PostgreSQL for the shared store, Pywr for cross-validation, headless Chromium for the dashboard.
# Extra checks run always in CI (CI=true) and otherwise when their tools are present.
set -uo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh || exit 1

failed=()
passed=()
run_step() {  # name, command…
  local name=$1; shift
  echo "==> $name"
  if "$@"; then passed+=("$name"); else failed+=("$name"); echo "==> $name FAILED" >&2; fi
}

# The executables are used by the process tests (concurrent appenders, killed processes):
# aral, and aral-ledger / aral-server that `aral ledger` / `aral serve` hand over to.
swift build || { echo "error: build failed" >&2; exit 1; }

# PostgreSQL for the store tests: started for real here (installed if missing); outside CI
# the PostgreSQL suites report themselves skipped when it cannot be started.
if [ "${CI:-}" = "true" ] || ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  if bash scripts/start-postgres.sh >/dev/null && [ -f scripts/.cache/postgres.env ]; then
    # shellcheck disable=SC1091
    source scripts/.cache/postgres.env
    echo "PostgreSQL for tests: $ARAL_TEST_POSTGRES_URL"
  else
    failed+=("start PostgreSQL")
  fi
fi
export ARAL_BIN="$PWD/.build/debug/aral"

log=$(mktemp)
echo "==> swift test"
swift test 2>&1 | tee "$log"
swift_status=${PIPESTATUS[0]}
if [ "$swift_status" -eq 0 ]; then passed+=("swift test"); else failed+=("swift test"); fi

if [ -f scripts/pywr-crossval.sh ]; then
  if [ "${CI:-}" = "true" ] || command -v python3 >/dev/null; then
    run_step "Pywr cross-validation" bash scripts/pywr-crossval.sh
  fi
fi
if [ -f scripts/browser-test.sh ]; then
  if [ "${CI:-}" = "true" ] || command -v chromium >/dev/null; then
    run_step "dashboard in headless Chromium" bash scripts/browser-test.sh
  fi
fi
[ -n "${ARAL_TEST_POSTGRES_STOP:-}" ] && { eval "$ARAL_TEST_POSTGRES_STOP" >/dev/null 2>&1 || true; }

# Swift Testing's own count, repeated last so it closes the output.
tests=$(grep -Eo 'Test run with [0-9]+ tests?' "$log" | tail -1 | grep -Eo '[0-9]+' || echo 0)
failures=$(grep -Eo 'with [0-9]+ issues?' "$log" | tail -1 | grep -Eo '[0-9]+' || echo 0)
rm -f "$log"
echo
echo "checks passed: ${passed[*]:-none}"
[ ${#failed[@]} -gt 0 ] && echo "checks FAILED: ${failed[*]}"
if [ "$swift_status" -ne 0 ] || [ ${#failed[@]} -gt 0 ]; then
  echo "swift-test: $((tests - failures)) passed, $((failures > 0 ? failures : 1)) failed"
  exit 1
fi
echo "swift-test: $tests passed, 0 failed"
