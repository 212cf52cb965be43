#!/usr/bin/env bash
# The self-contained signing page (docs/sign.html), in headless Chromium, as a party uses it:
# opened from disk (file://, no server), it reads the ledger's export, an unsigned entry and the
# party's key file, and signs in the browser (Web Crypto Ed25519). The signed file it produces
# must be accepted by `aral ledger append`, which checks the signature against the genesis keys,
# and must equal, byte for byte, what `aral ledger sign` writes for the same entry and key (Ed25519
# signatures are deterministic). A tampered entry must then be refused. The page's SHA-256 must
# be the one docs/season.md publishes.
#
#   scripts/signing-page-test.sh      (ARAL_BINARY=path uses a prebuilt aral with aral-ledger beside it)
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
work="$(mktemp -d /tmp/aral-signing.XXXXXX)"
fail() { echo "signing-page-test: FAIL: $*" >&2; exit 1; }
# shellcheck source=scripts/lib-server.sh
source "$root/scripts/lib-server.sh"
# shellcheck source=scripts/lib-browser.sh
source "$root/scripts/lib-browser.sh"
cleanup() { stop_chromium; rm -rf "$work"; }
trap cleanup EXIT
ensure_chromium

# The published hash.
published="$(grep -o 'sign.html` SHA-256: `[0-9a-f]\{64\}`' docs/season.md | grep -o '[0-9a-f]\{64\}' || true)"
actual="$(sha256sum docs/sign.html | cut -d' ' -f1)"
[ "$published" = "$actual" ] || fail "docs/season.md publishes sign.html's SHA-256 as '$published'; the file's is $actual"

if [ -n "${ARAL_BINARY:-}" ]; then
    aral="$ARAL_BINARY"
else
    for product in aral aral-ledger; do swift build --product "$product" >/dev/null; done
    aral="$(swift build --show-bin-path)/aral"
fi

# A ledger, and an obligation KG is asked to sign (a number written loosely and non-ASCII text,
# which the page must encode exactly as the ledger does).
cd "$work"
for code in SEC KG UZ; do "$aral" ledger keygen --party "$code" --name "$code" >/dev/null; done
"$aral" ledger init --secretariat SEC --parties SEC.pub.json --parties KG.pub.json --parties UZ.pub.json \
    --key SEC.key --key KG.key --key UZ.key >/dev/null
"$aral" ledger export --out export.jsonl >/dev/null
cat >entry.json <<'JSON'
{"v": 2, "id": "season/summer-1", "kind": "obligation",
 "body": {"from": "KG", "to": "UZ", "period": {"start": "2019-04-01", "end": "2019-09-30"},
          "water": {"volume_mm3": 244.0080, "gauge": "kambarata-1 + toktogul outflow"},
          "note": "Нарын → Сырдарья: extra summer release \"for\" UZ"}}
JSON
cp entry.json cli.json
"$aral" ledger sign cli.json --key KG.key >/dev/null

start_chromium
element() { wd POST element "{\"using\":\"css selector\",\"value\":\"$1\"}" | python3 -c 'import json,sys; v=json.load(sys.stdin)["value"]; print(next(iter(v.values())) if isinstance(v, dict) and len(v)==1 else "")'; }
script() { wd POST execute/sync "{\"script\":\"$1\",\"args\":[]}" | json_get value; }

wd POST url "{\"url\":\"file://$root/docs/sign.html\"}" >/dev/null
for pair in "genesis:$work/export.jsonl" "entry:$work/entry.json" "key:$work/KG.key"; do
    id="${pair%%:*}"; path="${pair#*:}"
    el="$(element "#$id")"; [ -n "$el" ] || fail "no #$id on the page"
    wd POST "element/$el/value" "{\"text\":\"$path\"}" >/dev/null
done
wd POST "element/$(element '#sign')/click" '{}' >/dev/null
for _ in $(seq 1 100); do
    status="$(script "return document.getElementById('status').textContent;")"
    [ -n "$status" ] && break; sleep 0.1
done
[ "$status" = "signed by KG" ] || fail "the page says '$status'"
wd POST execute/sync "{\"script\":\"return document.getElementById('signed').value;\",\"args\":[]}" \
    | python3 -c 'import json,sys; sys.stdout.write(json.load(sys.stdin)["value"])' >browser.json
mkdir -p "$root/test-artifacts/browser"
wd GET screenshot "" | python3 -c 'import json,sys,base64; sys.stdout.buffer.write(base64.b64decode(json.load(sys.stdin)["value"]))' >"$root/test-artifacts/browser/20-signing-page.png"

cmp -s browser.json cli.json || { diff <(cat browser.json) <(cat cli.json) >&2 || true; fail "the page's signed entry differs from aral ledger sign's"; }
python3 - browser.json <<'PY' >tampered.json
import json, sys
entry = json.load(open(sys.argv[1]))
entry["body"]["water"]["volume_mm3"] = 2440.08
print(json.dumps(entry))
PY
! "$aral" ledger append tampered.json >/dev/null 2>&1 || fail "a tampered entry was appended"
"$aral" ledger append browser.json >/dev/null || fail "aral ledger append refused the page's signature"
echo "signing-page-test: the page's signature is the CLI's, byte for byte, and the ledger accepts it"
