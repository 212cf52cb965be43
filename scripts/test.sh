#!/usr/bin/env bash
# Runs every test: the Swift test suite (unit, property, golden, process and store tests),
# then the checks that need services or other programs, each started here for real:
# PostgreSQL for the shared store (installed if missing), Pywr for cross-validation, headless
# Chromium for the dashboard.
#
#   bash scripts/test.sh
#   ARAL_SKIP=browser,pywr,postgres bash scripts/test.sh    # opt out of checks by name
#
# The last line is the count of tests, e.g. `aral-tests: 260 passed, 0 failed, 2 skipped`:
# each Swift `@Test` is one test (counted from Swift Testing's event stream, per test, not per
# failed expectation) and each external check is one more. A check or test that could not run
# is a failure, unless the person running this opted out of it by name in ARAL_SKIP; the line
# above the count lists what was skipped and why. Set-up failures (install, build) still end
# with the count, as one failed test each. Exits 0 only when nothing failed.
#
# The tests find the `aral` executable through ARAL_BINARY, exported here (the one name the
# tests and the scripts read; without it they look next to the test bundle and in
# .build/debug). Which products get built is decided in one place: `build_all` below.
set -uo pipefail
cd "$(dirname "$0")/.."

known_checks="browser pywr postgres"
passed=0
failed=0
skipped=0
failures=()   # "name: why"
skips=()      # "name: why"
pass() { passed=$((passed + 1)); echo "==> $1: passed"; }
fail() { failed=$((failed + 1)); failures+=("$1: $2"); echo "==> $1: FAILED ($2)" >&2; }
skip() { skipped=$((skipped + 1)); skips+=("$1: $2"); echo "==> $1: skipped ($2)"; }
# A set-up step opted out of: listed with the skips, not counted (the tests it serves are).
skip_setup() { skips+=("$1: $2"); echo "==> $1: skipped ($2)"; }

# The closing lines, printed whatever happened.
finish() {
    [ -n "${ARAL_TEST_POSTGRES_STOP:-}" ] && { eval "$ARAL_TEST_POSTGRES_STOP" >/dev/null 2>&1 || true; }
    echo
    for f in "${failures[@]}"; do echo "FAILED: $f"; done
    if [ ${#skips[@]} -gt 0 ]; then
        local joined
        joined=$(printf '%s; ' "${skips[@]}")
        echo "skipped: ${joined%; }"
    fi
    echo "aral-tests: $passed passed, $failed failed, $skipped skipped"
    [ "$failed" -eq 0 ]
    exit $?
}

opted_out() { [[ ",${ARAL_SKIP:-}," == *",$1,"* ]]; }
skip_names="${ARAL_SKIP:-}"
for name in ${skip_names//,/ }; do
    [[ " $known_checks " == *" $name "* ]] || fail "ARAL_SKIP" "unknown check '$name' (known: $known_checks)"
done
[ "$failed" -eq 0 ] || finish

# 1. Set-up: CLP and SQLite headers, then every product the tests use.
if ! bash scripts/install-deps.sh; then fail "install dependencies" "scripts/install-deps.sh failed"; finish; fi
build_all() { swift build; }   # all products: aral and any other executable the tests run
if ! build_all; then fail "build" "swift build failed"; finish; fi
bin_path=$(swift build --show-bin-path)
export ARAL_BINARY="$bin_path/aral"
[ -x "$ARAL_BINARY" ] || { fail "build" "no executable at $ARAL_BINARY"; finish; }

# 2. PostgreSQL for the store tests, started for real (start-postgres.sh installs it if missing).
if opted_out postgres; then
    skip_setup "PostgreSQL" "opted out (ARAL_SKIP=postgres)"
elif bash scripts/start-postgres.sh >/dev/null && [ -f scripts/.cache/postgres.env ]; then
    # shellcheck disable=SC1091
    source scripts/.cache/postgres.env
    echo "PostgreSQL for tests: $ARAL_TEST_POSTGRES_URL"
else
    fail "PostgreSQL" "scripts/start-postgres.sh could not start it"
fi

# 3. The Swift tests, counted per test from the event stream.
events=$(mktemp)
echo "==> swift test"
swift test --event-stream-output-path "$events" --event-stream-version 0 2>&1
swift_status=$?
results=$(python3 scripts/test-results.py "$events" --opted-out "${ARAL_SKIP:-}")
rm -f "$events"
swift_passed=$(sed -n 's/^passed //p' <<<"$results")
swift_failed=$(sed -n 's/^failed //p' <<<"$results")
swift_skipped=$(sed -n 's/^skipped //p' <<<"$results")
passed=$((passed + ${swift_passed:-0}))
failed=$((failed + ${swift_failed:-0}))
skipped=$((skipped + ${swift_skipped:-0}))
while IFS= read -r line; do failures+=("${line#failed-test }"); done < <(grep '^failed-test ' <<<"$results")
while IFS= read -r line; do skips+=("${line#skipped-tests }"); done < <(grep '^skipped-tests ' <<<"$results")
if [ "$swift_status" -ne 0 ] && [ "${swift_failed:-0}" -eq 0 ]; then
    # The run failed without a failed test to show for it (a build error, a crash before the
    # first test): that is a failure of its own.
    fail "swift test" "exited $swift_status with no failed test recorded"
fi
echo "==> swift test: ${swift_passed:-0} passed, ${swift_failed:-0} failed, ${swift_skipped:-0} skipped"

# 4. External checks, each one test. Not being able to run one is a failure, not a skip.
check() {  # name, opt-out name, command…
    local name=$1 key=$2; shift 2
    if opted_out "$key"; then skip "$name" "opted out (ARAL_SKIP=$key)"; return; fi
    echo "==> $name"
    if "$@"; then pass "$name"; else fail "$name" "exited $? (output above)"; fi
}
check "Pywr cross-validation" pywr bash scripts/pywr-crossval.sh
check "dashboard in headless Chromium" browser bash scripts/browser-test.sh
check "signing page in headless Chromium" browser bash scripts/signing-page-test.sh
check "season in headless Chromium" browser bash scripts/season-browser-test.sh

finish
