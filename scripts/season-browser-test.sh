#!/usr/bin/env bash
# The consortium's season walked in headless Chromium, in the dashboard alone, on the shipped
# Syr Darya model served from the model library (docs/season.md, the dashboard column):
#   1. the secretariat plans 2018-10-01…2019-09-30 with the exchange from the run's state (the
#      model page's form with "start from the run", as SeasonProcessTests plans it);
#   2. proposes the obligations; each debtor downloads its own, signs it in docs/sign.html opened
#      from file:// (as signing-page-test.sh drives it) and uploads it;
#   3. each deliverer uploads measured flows and an energy report, built here from the plan's own
#      figures (Kairakkum passes 98 % of its planned release, Toktogul all of it; KZ reports 70 %
#      of the energy it owes), and signs and uploads the deliveries proposed;
#   4. the receivers acknowledge every delivery but KZ's, which KG disputes;
#   5. the balances page: owed, delivered, pending and disputed per party and period, checked
#      against the plan's obligations and the measurements fed in, and against
#      `aral ledger balance --json` on the server's own database, figure by figure;
#   6. the settlement of the water year, signed by every party in it one upload at a time (the
#      page says who has not signed), closes the period.
# A screenshot of each page goes to test-artifacts/season/. Exits non-zero on the first failure.
#
#   scripts/season-browser-test.sh     (ARAL_BINARY=path uses a prebuilt aral with aral-server and aral-ledger beside it)
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
scratch="${SCRATCH:-.build-srv}"
artifacts="$root/test-artifacts/season"
mkdir -p "$artifacts"
work="$(mktemp -d /tmp/aral-season.XXXXXX)"
server_pid=""
# The measurements, as fractions of what the plan says (so the assertions follow the plan).
kairakkum_measured=0.98
kz_reported=0.7

fail() { echo "season-browser-test: FAIL: $*" >&2; exit 1; }
# shellcheck source=scripts/lib-server.sh
source "$root/scripts/lib-server.sh"
# shellcheck source=scripts/lib-browser.sh
source "$root/scripts/lib-browser.sh"
trap cleanup_browser_test EXIT
ensure_chromium

aral="$(aral_binary "$scratch")" || fail "building aral, aral-server and aral-ledger failed"
# Started in the repository: `aral serve` serves models/ (the Syr Darya and the Amu Darya).
start_server "$aral" "$work" || fail "the server did not start on loopback"
parties="SEC KG UZ KZ TJ"

# 0. Keys (each state's own, on its own machine) and the ledger's genesis, signed by all and
#    appended by the secretariat; a dashboard token per state.
(
    cd "$work"
    for p in $parties; do "$aral" ledger keygen --party "$p" --name "$p" >/dev/null; done
    python3 - $parties <<'PY'
import json, secrets, sys
parties = [json.load(open(f"{p}.pub.json")) for p in sys.argv[1:]]
json.dump({"id": "genesis", "kind": "genesis", "body": {"ledger": "Syr Darya consortium", "nonce": secrets.token_hex(32),
           "parties": parties, "secretariat": "SEC"}}, open("genesis.json", "w"))
PY
    "$aral" ledger sign genesis.json $(for p in $parties; do echo --key "$p.key"; done) >/dev/null
)
code="$(curl -sS -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $token" -X POST "$base/api/ledger/entries" \
    -H 'Content-Type: application/json' --data-binary @"$work/genesis.json")"
[ "$code" = "201" ] || fail "the genesis append returned $code"
declare -A tokens=([SEC]="$token")
for p in KG UZ KZ TJ; do
    tokens[$p]="$(curl -sS -H "Authorization: Bearer $token" -X POST "$base/api/parties" -H 'Content-Type: application/json' \
        -d "{\"code\":\"$p\",\"name\":\"$p\"}" | json_get token)"
done
curl -sS "$base/api/ledger/export" >"$work/export.jsonl"

start_chromium 1280,1400
visit() { wd POST url "{\"url\":\"$1\"}" >/dev/null; }
page() { wd GET source "" | json_get value; }
current_url() { wd GET url "" | json_get value; }
script() { wd POST execute/sync "{\"script\":\"$1\",\"args\":[]}" | json_get value; }
find_element() {
    local element
    element="$(wd POST element "{\"using\":\"css selector\",\"value\":\"$1\"}" | python3 -c 'import json,sys; v=json.load(sys.stdin)["value"]; print(next(iter(v.values())) if isinstance(v, dict) and len(v)==1 else "")')"
    [ -n "$element" ] || fail "no element matches '$1' on $(current_url)"
    echo "$element"
}
attribute() { wd GET "element/$(find_element "$1")/attribute/$2" "" | json_get value; }
# A link's target as an absolute URL (WebDriver may give the attribute as written).
link() { local href; href="$(attribute "$1" href)"; case "$href" in /*) echo "$base$href" ;; *) echo "$href" ;; esac; }
fill() { wd POST "element/$(find_element "$1")/value" "{\"text\":\"$2\"}" >/dev/null; }
choose() { wd POST "element/$(find_element "$1")/click" '{}' >/dev/null; }
# A click that loads a new document (the old one is marked first, as browser-test.sh does).
click() {
    local element
    element="$(find_element "$1")"
    script "window.__aralBeforeClick = true; return true;" >/dev/null
    wd POST "element/$element/click" '{}' >/dev/null
    wait_until "clicking '$1' loaded no new page" new_page_loaded
}
new_page_loaded() { [ "$(script "return (window.__aralBeforeClick === undefined) + ' ' + document.readyState;")" = "true complete" ]; }
expect() { page >"$work/page.html"; grep -qF -- "$1" "$work/page.html" || fail "'$1' not on $(current_url)"; }
refute() { page >"$work/page.html"; ! grep -qF -- "$1" "$work/page.html" || fail "'$1' must not be on $(current_url)"; }
shot() {
    wd GET screenshot "" | python3 -c 'import json,sys,base64; sys.stdout.buffer.write(base64.b64decode(json.load(sys.stdin)["value"]))' >"$artifacts/$1.png"
    [ -s "$artifacts/$1.png" ] || fail "empty screenshot $1"
}
# Brings a section into view before a screenshot (no page load).
scroll_to() { script "document.querySelector('$1').scrollIntoView(); return true;" >/dev/null; }
sign_in_as() {
    visit "$base/sign-in"
    fill "input[name=token]" "${tokens[$1]}"
    click "form.sign-in-form button"
    expect "Signed in as <strong>$1</strong>"
}
# sign_in_page ENTRY PARTY OUT: PARTY signs ENTRY in docs/sign.html opened from disk, as a party
# does with the page it saved once; the signed file the page produces is written to OUT.
sign_in_page() {
    visit "file://$root/docs/sign.html"
    fill "#genesis" "$work/export.jsonl"
    fill "#entry" "$1"
    fill "#key" "$work/$2.key"
    choose "#sign"
    signer="$2"
    signed_by() { [ "$(script "return document.getElementById('status').textContent;")" = "signed by $signer" ]; }
    wait_until "the signing page did not sign $1 for $2" signed_by
    wd POST execute/sync '{"script":"return document.getElementById(\"signed\").value;","args":[]}' \
        | python3 -c 'import json,sys; sys.stdout.write(json.load(sys.stdin)["value"])' >"$3"
}
# upload FILE: the signed entry through the season page's form, as the signed-in party.
upload() {
    visit "$base/season"
    fill "input[name=entry]" "$1"
    click "form.upload-entry-form button"
}

# 1. The plan, from the model page's form.
sign_in_as SEC
visit "$base/models/syr-darya"
script "document.querySelector('form.plan-form input[name=from]').value = '2018-10-01'; document.querySelector('form.plan-form input[name=to]').value = '2019-09-30'; return true;" >/dev/null
choose "form.plan-form input[name=startFromRun]"
shot 01-plan-form
click "form.plan-form button"
plan="$(current_url)"; plan="${plan##*/}"
case "$plan" in p-*) ;; *) fail "the plan form led to $(current_url)" ;; esac
plan_done() { page | grep -F "class=\"propose-link\"" >/dev/null; }
wait_until "the plan $plan did not finish" plan_done
curl -sS "$base/api/runs/$plan/summary" >"$work/plan.json"
curl -sS "$base/api/runs/$plan/exchange" >"$work/obligations.json"
shot 02-plan

# 2. Obligations: proposed, each signed by its debtor in the signing page and uploaded.
click "a.propose-link"
expect "awaiting"
shot 03-obligations-proposed
mkdir -p "$work/proposed"
python3 - "$work/obligations.json" >"$work/obligation-files.txt" <<'PY'
import json, sys
doc = json.load(open(sys.argv[1]))
for i, o in enumerate(doc["obligations"]):
    print(o["from"], f'{o["from"]}-{doc["plan"].replace("/", "_")}_{i + 1}.json')
PY
[ -s "$work/obligation-files.txt" ] || fail "the plan makes no obligations"
while read -r debtor file; do
    href="$(link "a.obligation-file[download='$file']")"
    curl -sSf "$href" -o "$work/proposed/$file" || fail "downloading $href"
    sign_in_page "$work/proposed/$file" "$debtor" "$work/proposed/signed-$file"
    if [ "$file" = "$(head -n1 "$work/obligation-files.txt" | cut -d' ' -f2)" ]; then shot 04-signing-page; fi
    sign_in_as "$debtor"
    upload "$work/proposed/signed-$file"
    expect "is in the ledger as entry"
    visit "$base/season/plans/$plan"
done <"$work/obligation-files.txt"
refute "awaiting"
expect "signed by"
shot 05-obligations-signed

# 3. Measurements from the plan's own figures, then each deliverer's proposals.
python3 - "$work" "$kairakkum_measured" "$kz_reported" <<'PY'
import json, sys
work, kairakkum, kz = sys.argv[1], float(sys.argv[2]), float(sys.argv[3])
plan = json.load(open(f"{work}/plan.json"))
obligations = json.load(open(f"{work}/obligations.json"))["obligations"]
dates = plan["dates"]
# Release + spill per reservoir and step (m³/s); a reservoir the plan does not hold (switched off) passes nothing.
outflow = {r["name"]: [a + b for a, b in zip(r["releaseM3s"], r["spillM3s"])] for r in plan["reservoirs"]}
gauges = []
for u in plan["exchange"]["upstream"]:
    factor = kairakkum if "kairakkum" in u["reservoirs"] else 1.0
    gauges.append((" + ".join(u["reservoirs"]) + " outflow", [factor * sum(outflow[r][i] for r in u["reservoirs"] if r in outflow) for i in range(len(dates))]))
with open(f"{work}/flows.csv", "w") as f:
    f.write("date," + ",".join(g for g, _ in gauges) + "\n")
    for i, d in enumerate(dates):
        f.write(d + "," + ",".join(repr(v[i]) for _, v in gauges) + "\n")
with open(f"{work}/energy.csv", "w") as f:
    f.write("date,from,to,mwh,form\n")
    for o in obligations:
        if "energy" in o:
            mwh = o["energy"]["mwh"] * (kz if o["from"] == "KZ" else 1.0)
            f.write(f'{o["period"]["end"]},{o["from"]},{o["to"]},{mwh:.3f},{o["energy"].get("form", "electricity")}\n')
PY
mkdir -p "$work/delivered"
debtors="$(cut -d' ' -f1 "$work/obligation-files.txt" | sort -u)"
for debtor in $debtors; do
    sign_in_as "$debtor"
    visit "$base/season"
    choose "form.deliveries-form select[name=plan] option[value='$plan']"
    fill "form.deliveries-form input[name=flows]" "$work/flows.csv"
    fill "form.deliveries-form input[name=energy]" "$work/energy.csv"
    click "form.deliveries-form button"
    expect "Deliveries proposed for $debtor"
    if [ "$debtor" = "KG" ]; then shot 06-deliveries-proposed; fi
    page >"$work/deliveries.html"
    python3 - "$work/deliveries.html" "$work/delivered" >"$work/delivery-files.txt" <<'PY'
import base64, html, re, sys
page, out = open(sys.argv[1]).read(), sys.argv[2]
for name, data in re.findall(r'download="([^"]+)" href="data:application/json;charset=utf-8;base64,([^"]+)"', page):
    name, data = html.unescape(name), html.unescape(data)
    open(f"{out}/{name}", "wb").write(base64.b64decode(data))
    print(name)
PY
    [ -s "$work/delivery-files.txt" ] || fail "no delivery proposed for $debtor"
    while read -r file; do
        sign_in_page "$work/delivered/$file" "$debtor" "$work/delivered/signed-$file"
        upload "$work/delivered/signed-$file"
        expect "is in the ledger as entry"
    done <"$work/delivery-files.txt"
done
visit "$base/season"
expect "pending"
shot 07-deliveries-pending

# 4. Answers: every receiver acknowledges, except KG, which disputes KZ's short delivery.
python3 - "$work/obligations.json" >"$work/answers.txt" <<'PY'
import json, sys
doc = json.load(open(sys.argv[1]))
for i, o in enumerate(doc["obligations"]):
    print(o["to"], f'{doc["plan"]}/{i + 1}/d', "dispute" if o["from"] == "KZ" else "acknowledgement")
PY
mkdir -p "$work/answers"
n=0
while read -r receiver delivery kind; do
    n=$((n + 1))
    sign_in_as "$receiver"
    visit "$base/season"
    query="delivery=$(python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1], safe=""))' "$delivery")&kind=$kind"
    if [ "$kind" = "dispute" ]; then query="$query&reason=KG%27s%20meter%20reads%20less"; fi
    curl -sSf "$base/season/answer?$query" -o "$work/answers/$n.json" || fail "the $kind of $delivery"
    sign_in_page "$work/answers/$n.json" "$receiver" "$work/answers/signed-$n.json"
    upload "$work/answers/signed-$n.json"
    expect "is in the ledger as entry"
done <"$work/answers.txt"
visit "$base/season"
expect "disputed"
expect "acknowledged"
scroll_to "table.season-deliveries"
shot 08-answers

# 5. The balances page, against the plan and the measurements, and against the CLI's figures.
visit "$base/season/balances"
shot 09-balances
page >"$work/balances.html"
"$aral" ledger balance --json --ledger "$work/aral.sqlite" >"$work/balance.json" || fail "aral ledger balance on the server's database"
python3 - "$work" "$kairakkum_measured" "$kz_reported" <<'PY' || fail "the balances page disagrees (above)"
import datetime, html, json, re, sys
from decimal import Decimal
work, kairakkum, kz = sys.argv[1], float(sys.argv[2]), float(sys.argv[3])
# Water: a measured delivery is rounded to 0.001 Mm³ and the plan's release is summed per step.
water_tolerance = 0.01
page = open(f"{work}/balances.html").read()
rows = {}
for period, party, cells in re.findall(r'<tr data-period="([^"]+)" data-party="([^"]+)">(.*?)</tr>', page, re.S):
    rows[(html.unescape(period), party)] = {k: html.unescape(v) for k, v in re.findall(r'class="(?:num )?([a-z-]+)">([^<]*)<', cells)}
cli = {(r["period"], r["party"]): r for r in json.load(open(f"{work}/balance.json"))}
assert rows.keys() == cli.keys(), f"page rows {sorted(rows)} != CLI rows {sorted(cli)}"
for key, r in cli.items():
    for unit, prefix in [("water_mm3", "water"), ("energy_mwh", "energy"), ("usd", "usd")]:
        for figure in ["owed", "delivered", "pending", "disputed", "net"]:
            page_value = Decimal(rows[key][f"{prefix}-{figure}"])
            assert page_value == Decimal(str(r[unit][figure])), f"{key} {prefix}-{figure}: page {page_value}, aral ledger balance {r[unit][figure]}"
# Against the plan's obligations and the measurements fed in.
plan = json.load(open(f"{work}/plan.json"))
obligations = json.load(open(f"{work}/obligations.json"))["obligations"]
dates = [datetime.date.fromisoformat(d) for d in plan["dates"]]
end = datetime.date.fromisoformat(plan["to"])
# Release + spill per reservoir and step (m³/s); a reservoir the plan does not hold (switched off) passes nothing.
outflow = {r["name"]: [a + b for a, b in zip(r["releaseM3s"], r["spillM3s"])] for r in plan["reservoirs"]}
def planned_mm3(reservoirs, start, stop):
    total = 0.0
    for i, d in enumerate(dates):
        last = dates[i + 1] - datetime.timedelta(days=1) if i + 1 < len(dates) else end
        lo, hi = max(d, start), min(last, stop)
        if lo <= hi:
            total += sum(outflow[r][i] for r in reservoirs if r in outflow) * ((hi - lo).days + 1) * 86400 / 1e6
    return total
expected = {}
for o in obligations:
    key = (f'{o["period"]["start"]}/{o["period"]["end"]}', o["from"])
    e = expected.setdefault(key, {"water-owed": 0.0, "water-delivered": 0.0, "energy-owed": 0.0, "energy-delivered": 0.0, "energy-disputed": 0.0})
    if "water" in o:
        e["water-owed"] += o["water"]["volume_mm3"]
        up = next(u for u in plan["exchange"]["upstream"] if u["party"] == o["from"])
        start, stop = (datetime.date.fromisoformat(o["period"][k]) for k in ("start", "end"))
        planned = planned_mm3(up["reservoirs"], start, stop)
        factor = kairakkum if "kairakkum" in up["reservoirs"] else 1.0
        e["water-delivered"] = max(0.0, planned * factor - (planned - up["extraVegetationReleaseMm3"]))
    else:
        e["energy-owed"] += o["energy"]["mwh"]
        if o["from"] == "KZ":
            e["energy-disputed"] += round(o["energy"]["mwh"] * kz, 3)
        else:
            e["energy-delivered"] += o["energy"]["mwh"]
for key, e in expected.items():
    r = rows.get(key)
    assert r is not None, f"no balance row for {key}"
    for figure, value in e.items():
        tolerance = water_tolerance * max(1.0, value) if figure.startswith("water") else 0.001
        assert abs(float(r[figure]) - value) <= tolerance, f"{key} {figure}: page {r[figure]}, expected {value} from the plan and the measurements"
    assert float(r["water-pending"]) == 0 and float(r["energy-pending"]) == 0, f"{key}: every delivery has been answered"
print(f"balances: {len(cli)} rows equal aral ledger balance --json; {len(expected)} debtor rows follow the plan and the measurements")
PY

# 6. The settlement of the water year, one party's signature at a time.
visit "$base/season"
period="$(attribute "form.settlement-form input[name=period]" value)"
[ "$period" = "2018-10-01/2019-09-30" ] || fail "the settlement form proposes '$period', not the water year"
curl -sSf "$base/season/settlement?period=$(python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1], safe=""))' "$period")" \
    -o "$work/settlement.json" || fail "downloading the settlement"
signers="$(python3 -c 'import json,sys; print(" ".join(json.load(open(sys.argv[1]))["body"]["parties"]))' "$work/settlement.json")"
[ -n "$signers" ] || fail "the settlement names no party"
last="${signers##* }"
for party in $signers; do
    sign_in_page "$work/settlement.json" "$party" "$work/settlement-$party.json"
    sign_in_as "$party"
    upload "$work/settlement-$party.json"
    if [ "$party" != "$last" ]; then
        expect "waiting for"
        expect "class=\"missing\""
        if [ "$party" = "${signers%% *}" ]; then scroll_to "form.settlement-form"; shot 10-settlement-being-signed; fi
    fi
done
visit "$base/season"
expect "closed, signed by"
refute "class=\"missing\""
scroll_to "form.settlement-form"
shot 11-settled
visit "$base/season/balances"
refute "<td class=\"settled\">no</td>"
expect "<td class=\"settled\">yes</td>"
shot 12-balances-settled
echo "season-browser-test: OK, the season walked in the browser (screenshots in $artifacts)"
