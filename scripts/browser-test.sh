#!/usr/bin/env bash
# Browser test of the dashboard, as a person would use it:
#   1. installs chromium and chromium-driver (Debian) if missing;
#   2. builds `aral` and starts `aral serve` on loopback with a temporary database;
#   3. seeds it through the API: examples/basin.yaml, a finished run, a ledger with a genesis
#      entry and an obligation whose note contains <script>;
#   4. drives headless Chromium over WebDriver (chromium-driver, spoken to with curl): loads the
#      dashboard, clicks into the run, a node, the exchange table and the ledger, presses
#      "verify", opens the transit-corridor page and searches a route, and asserts what each
#      page shows;
#      then, as a consortium analyst: opens the model library (the shipped Syr Darya and Amu
#      Darya), signs in with a token, starts a run of the Syr Darya with the `energy-mode`
#      scenario and another with `soviet-1984` from the model page's form, sees their charts,
#      and compares the two side by side; uploads the Syr Darya with its CSV through the
#      upload form and runs it; starts an ensemble of 8 generated traces × 2 years from the
#      model page and waits for its statistics;
#   5. saves a screenshot of each page (laptop and phone widths) under test-artifacts/browser/;
#   6. stops the server with SIGTERM and checks that it shut down cleanly.
# Exits non-zero on the first failed assertion.
#
#   scripts/browser-test.sh            (SCRATCH=.build-srv picks the build folder; ARAL_BINARY=path uses a prebuilt aral, with aral-server and aral-ledger beside it)
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
scratch="${SCRATCH:-.build-srv}"
artifacts="$root/test-artifacts/browser"
mkdir -p "$artifacts"
work="$(mktemp -d /tmp/aral-browser.XXXXXX)"
server_pid=""

fail() { echo "browser-test: FAIL: $*" >&2; exit 1; }
# shellcheck source=scripts/lib-server.sh
source "$root/scripts/lib-server.sh"
# shellcheck source=scripts/lib-browser.sh
source "$root/scripts/lib-browser.sh"
trap cleanup_browser_test EXIT

# 1. Chromium and its WebDriver.
ensure_chromium

# 2. Build and start the server.
aral="$(aral_binary "$scratch")" || fail "building aral, aral-server and aral-ledger failed"
start_server "$aral" "$work" || fail "the server did not start on loopback"

# 3. Seed: parties, a model, a finished run, the ledger.
seed_server "$aral" "$work" || fail "seeding the server failed"

# 4. Headless Chromium over WebDriver.
start_chromium 1280,1400

visit() { wd POST url "{\"url\":\"$base$1\"}" >/dev/null; }
page() { wd GET source "" | json_get value; }
current_url() { wd GET url "" | json_get value; }
# Every click in this script follows a link or submits a form, so it loads a new document.
# WebDriver's click can return before that load has even started (it failed once on
# /ledger/verify), so the old document is marked before the click and the click returns only
# once a document without the mark has finished loading: a condition, not a fixed wait (the
# bound of wait_until only guards against a click that loads nothing).
script() { wd POST execute/sync "{\"script\":\"$1\",\"args\":[]}" | json_get value; }
find_element() {
    local element
    element="$(wd POST element "{\"using\":\"css selector\",\"value\":\"$1\"}" | python3 -c 'import json,sys; v=json.load(sys.stdin)["value"]; print(next(iter(v.values())) if isinstance(v, dict) and len(v)==1 else "")')"
    [ -n "$element" ] || fail "no element matches '$1' on $(current_url)"
    echo "$element"
}
# Types TEXT into the field SELECTOR (no page load).
fill() { wd POST "element/$(find_element "$1")/value" "{\"text\":\"$2\"}" >/dev/null; }
# Picks an <option> (no page load).
choose() { wd POST "element/$(find_element "$1")/click" '{}' >/dev/null; }
click() {
    local element
    element="$(find_element "$1")"
    script "window.__aralBeforeClick = true; return true;" >/dev/null
    wd POST "element/$element/click" '{}' >/dev/null
    wait_until "clicking '$1' loaded no new page" new_page_loaded
}
new_page_loaded() { [ "$(script "return (window.__aralBeforeClick === undefined) + ' ' + document.readyState;")" = "true complete" ]; }
# Pages are fully loaded when these run (visit: WebDriver waits for the load; click: above).
expect() {
    page >"$work/page.html"
    grep -qF -- "$1" "$work/page.html" || fail "'$1' not on $(current_url)"
}
refute() { page >"$work/page.html"; ! grep -qF -- "$1" "$work/page.html" || fail "'$1' must not be on $(current_url)"; }
shot() {
    wd GET screenshot "" | python3 -c 'import json,sys,base64; sys.stdout.buffer.write(base64.b64decode(json.load(sys.stdin)["value"]))' >"$artifacts/$1.png"
    [ -s "$artifacts/$1.png" ] || fail "empty screenshot $1"
}
size() { wd POST window/rect "{\"width\":$1,\"height\":$2}" >/dev/null; }

visit /
expect "Basins, runs and plans"
expect "example-basin"
expect "baseline 2000-2009"
shot 01-overview
click "a.run-link"
expect "Reservoir storage"
expect "Deliveries vs entitlement per party"
expect "Energy by plant and season"
expect "Inflow to the Aral Sea"
expect "class=\"schematic\""
shot 02-run
size 390 844
shot 02-run-phone
size 1280 1400
click "a.node-link .node"
expect "Series of node"
shot 03-node
visit "/runs/$run"
click "a.exchange-link"
expect "non-vegetation"
expect "makes no obligations"
shot 04-exchange
click "nav a[href='/ledger']"
expect "Ledger of mutual obligations"
expect "ob-winter-2026"
expect "&lt;script&gt;alert(1)&lt;/script&gt;"
refute "<script>alert(1)</script>"
shot 05-ledger
click "#verify"
expect "Verified: 2 entries"
shot 06-verify
size 390 844
visit /ledger
shot 05-ledger-phone
size 1280 1400

# Transit corridors: the list, the model's page (schematic, bottlenecks), a route search
# through the page's own form.
click "nav a[href='/corridors']"
expect "Transit corridors"
click "a.corridor-link"
expect "class=\"schematic corridor\""
expect "Bottlenecks"
expect "class=\"bottlenecks\""
shot 07-corridor
visit "/corridors/central-asia?from=urumqi&to=kars&by=time"
expect "class=\"routes\""
expect "urumqi →"
shot 08-corridor-route
size 390 844
shot 08-corridor-route-phone

# The model library and a run started from the dashboard's form, as an analyst does it.
size 1280 1400
visit /
expect "class=\"library-model\" href=\"/models/syr-darya\""
expect "class=\"library-model\" href=\"/models/amu-darya\""
shot 11-library
click "a.sign-in-link"
fill "input[name=token]" "$token"
click "form.sign-in-form button"
expect "Signed in as"
library_run() {  # scenario → sets run_url once its charts are on the page
    visit /models/syr-darya
    expect "Start the run"
    choose "form.run-form select[name=scenario] option[value='$1']"
    click "form.run-form button"
    run_url="$(current_url)"
    case "$run_url" in "$base"/runs/r-*) ;; *) fail "starting a run led to $run_url" ;; esac
    # The run page refreshes itself until the run is done.
    charts_shown() { page | grep -F "Reservoir storage" >/dev/null; }
    wait_until "the run of syr-darya + $1 drew no charts" charts_shown
    expect "syr-darya + $1"
    expect "Results as CSV"
}
library_run energy-mode
energy_run="${run_url##*/}"
shot 12-library-run
library_run soviet-1984
soviet_run="${run_url##*/}"
visit "/compare?a=$energy_run&b=$soviet_run"
expect "A: syr-darya + energy-mode"
expect "B: syr-darya + soviet-1984"
expect "Storage of"
shot 13-compare
size 390 844
shot 13-compare-phone
size 1280 1400

# An upload with its series through the form (Chromium's own multipart encoding: file names
# without folders), then a run of it from its page.
visit /upload
fill "input[name=model]" "$root/models/syr-darya.yaml"
# Every CSV of the basin's hydrology, chosen at once (WebDriver: paths separated by newlines).
series_files=""
for f in "$root"/models/hydrology/syr-darya*.csv; do series_files="${series_files:+$series_files\\n}$f"; done
fill "input[name=files]" "$series_files"
click "form.upload-form button"
expect "uploaded by SEC"
expect "Start the run"
shot 14-upload
click "form.run-form button"
charts_shown() { page | grep -F "Reservoir storage" >/dev/null; }
wait_until "the run of the uploaded syr-darya drew no charts" charts_shown
shot 15-upload-run

# An ensemble from the model page's form: 8 traces × 2 years generated from the basin's own
# record; the page counts members while it runs (refreshing itself), then shows each party's
# statistics and their chart.
visit /models/syr-darya
expect "Start the ensemble"
wd POST "element/$(find_element "form.ensemble-form input[name=traces]")/clear" '{}' >/dev/null
fill "form.ensemble-form input[name=traces]" 8
wd POST "element/$(find_element "form.ensemble-form input[name=years]")/clear" '{}' >/dev/null
fill "form.ensemble-form input[name=years]" 2
click "form.ensemble-form button"
case "$(current_url)" in "$base"/runs/e-*) ;; *) fail "starting an ensemble led to $(current_url)" ;; esac
statistics_shown() { page | grep -F 'class="ensemble-parties"' >/dev/null; }
wait_until "the ensemble of syr-darya showed no statistics" statistics_shown
expect "8 members"
expect "Water delivered per party across members"
expect "<td>KZ</td>"
expect "Statistics as CSV"
shot 16-ensemble

# 6. Graceful shutdown.
kill -TERM "$server_pid"
server_gone() { ! kill -0 "$server_pid" 2>/dev/null; }
wait_until "the server did not stop on SIGTERM" server_gone
wait "$server_pid" || fail "the server exited with an error on SIGTERM: $(tail -n 5 "$work/server.log")"
server_pid=""
echo "browser-test: OK (screenshots in $artifacts)"
