# Shared by browser-test.sh, season-browser-test.sh, signing-page-test.sh and bench-server.sh (source it; not a command of its own):
# start `aral serve` on loopback with a temporary database and seed it through the API.
# `aral serve` and `aral ledger` hand over to aral-server and aral-ledger beside ARAL (the
# scripts build all three; a missing one is built on first use in a package checkout).

# The aral the browser tests drive: $ARAL_BINARY, or aral built (in scratch folder $1) with the
# executables `aral serve` and `aral ledger` hand over to. Prints its path.
aral_binary() {  # scratch
    if [ -n "${ARAL_BINARY:-}" ]; then echo "$ARAL_BINARY"; return; fi
    for product in aral aral-server aral-ledger; do swift build --scratch-path "$1" --product "$product" >/dev/null || return 1; done
    echo "$(swift build --scratch-path "$1" --show-bin-path)/aral"
}

# The browser tests' EXIT trap: Chromium, the server ($server_pid, if started) and $work go.
cleanup_browser_test() {
    stop_chromium
    if [ -n "${server_pid:-}" ]; then kill "$server_pid" 2>/dev/null || true; fi
    rm -rf "$work"
}

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'; }

# json_get PATH < json: prints the value at a dotted path (list indices as numbers).
json_get() { python3 -c 'import json,sys; v=json.load(sys.stdin)
for k in sys.argv[1].split("."):
    v = v[int(k)] if isinstance(v, list) else v[k]
print(v if not isinstance(v, (dict, list)) else json.dumps(v))' "$1"; }

# start_server ARAL WORKDIR [SERVE OPTIONS…]: sets server_pid, base, token. Serves the
# repository's Central Asia corridor model (models/corridors) too.
start_server() {
    local aral="$1" work="$2" port
    shift 2
    port="$(free_port)"
    base="http://127.0.0.1:$port"
    token="secretariat-$RANDOM$RANDOM$RANDOM"
    ARAL_SECRETARIAT_TOKEN="$token" "$aral" serve --host 127.0.0.1 --port "$port" --database "$work/aral.sqlite" --log-level warning \
        --corridors "$root/models/corridors/central-asia.yaml" "$@" \
        >"$work/server.log" 2>&1 &
    server_pid=$!
    local start=$SECONDS
    # Until it answers or exits; the bound (ARAL_WAIT_BOUND_S, default 300 s) only guards
    # against a hang, so a loaded machine is not mistaken for a broken server.
    while [ $((SECONDS - start)) -lt "${ARAL_WAIT_BOUND_S:-300}" ]; do
        curl -sf "$base/health" >/dev/null 2>&1 && return 0
        kill -0 "$server_pid" 2>/dev/null || { cat "$work/server.log" >&2; return 1; }
        sleep 0.1
    done
    return 1
}

# seed_server ARAL WORKDIR: parties UP and DN, examples/basin.yaml, a finished run (sets run),
# and a ledger with a genesis entry and an obligation whose note contains <script>.
seed_server() {
    local aral="$1" work="$2" up_token dn_token model status code
    api() { curl -sS -H "Authorization: Bearer $1" "${@:2}"; }
    up_token="$(api "$token" -X POST "$base/api/parties" -H 'Content-Type: application/json' -d '{"code":"UP","name":"Upstream State"}' | json_get token)"
    dn_token="$(api "$token" -X POST "$base/api/parties" -H 'Content-Type: application/json' -d '{"code":"DN","name":"Downstream State"}' | json_get token)"
    model="$(api "$up_token" -X POST "$base/api/models" -H 'Content-Type: application/yaml' --data-binary @examples/basin.yaml | json_get id)"
    run="$(api "$up_token" -X POST "$base/api/runs" -H 'Content-Type: application/json' -d "{\"model\":\"$model\",\"name\":\"baseline 2000-2009\"}" | json_get id)"
    status=""
    local start=$SECONDS
    while [ $((SECONDS - start)) -lt "${ARAL_WAIT_BOUND_S:-300}" ]; do
        status="$(curl -sS "$base/api/runs/$run" | json_get status)"
        [ "$status" = "done" ] && break
        case "$status" in failed|cancelled|interrupted) echo "run $run ended $status" >&2; return 1 ;; esac
        sleep 0.1
    done
    [ "$status" = "done" ] || { echo "run $run did not finish" >&2; return 1; }
    (
        cd "$work"
        for p in SEC UP DN; do "$aral" ledger keygen --party "$p" >/dev/null; done
        python3 - <<'PY'
import json, secrets
parties = [json.load(open(f"{p}.pub.json")) for p in ["SEC", "UP", "DN"]]
json.dump({"id": "genesis", "kind": "genesis", "body": {"ledger": "test ledger", "nonce": secrets.token_hex(32), "parties": parties, "secretariat": "SEC"}}, open("genesis.json", "w"))
json.dump({"id": "ob-winter-2026", "kind": "obligation", "body": {"from": "DN", "to": "UP", "energy": {"mwh": 322000},
           "period": {"start": "2026-10-01", "end": "2027-03-31"}, "note": "winter energy <script>alert(1)</script>"}}, open("obligation.json", "w"))
PY
        "$aral" ledger sign genesis.json --key SEC.key --key UP.key --key DN.key >/dev/null
        "$aral" ledger sign obligation.json --genesis genesis.json --key DN.key >/dev/null
    )
    code="$(api "$token" -o /dev/null -w '%{http_code}' -X POST "$base/api/ledger/entries" -H 'Content-Type: application/json' --data-binary @"$work/genesis.json")"
    [ "$code" = "201" ] || { echo "genesis append returned $code" >&2; return 1; }
    code="$(api "$dn_token" -o /dev/null -w '%{http_code}' -X POST "$base/api/ledger/entries" -H 'Content-Type: application/json' --data-binary @"$work/obligation.json")"
    [ "$code" = "201" ] || { echo "obligation append returned $code" >&2; return 1; }
}
