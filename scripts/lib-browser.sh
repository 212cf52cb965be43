# Headless Chromium over WebDriver for the browser tests (sourced after lib-server.sh, which
# gives free_port and json_get; the caller defines fail and keeps $work).
#   ensure_chromium             installs chromium and chromium-driver (Debian) when missing
#   start_chromium [W,H]        starts chromedriver and a headless session: sets driver, driver_pid, session
#   stop_chromium               ends the session and the driver (call it from the caller's cleanup)
#   wd METHOD PATH [JSON]       one WebDriver call on the session
#   wait_until WHAT COMMAND…    retries COMMAND every 0.1 s; the bound ($load_bound s) only guards a hang
driver=""
driver_pid=""
session=""
load_bound="${BROWSER_LOAD_BOUND_S:-300}"

ensure_chromium() {
    local sudo_cmd=""
    if [ "$(id -u)" -ne 0 ]; then sudo_cmd="sudo"; fi
    if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then
        echo "installing chromium and chromium-driver" >&2
        $sudo_cmd env DEBIAN_FRONTEND=noninteractive apt-get update -qq
        $sudo_cmd env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium chromium-driver >/dev/null
    fi
    command -v python3 >/dev/null || fail "python3 is needed to build JSON and decode screenshots"
}

wait_until() {  # what, command…
    local what=$1 start=$SECONDS; shift
    until "$@"; do
        [ $((SECONDS - start)) -lt "$load_bound" ] || fail "$what within ${load_bound} s"
        sleep 0.1
    done
}

start_chromium() {  # [window size W,H]
    local port
    port="$(free_port)"
    driver="http://127.0.0.1:$port"
    chromedriver --port="$port" >"$work/driver.log" 2>&1 &
    driver_pid=$!
    wait_until "chromedriver did not answer" curl -sf "$driver/status" -o /dev/null
    session="$(curl -sS -X POST "$driver/session" -H 'Content-Type: application/json' -d "{\"capabilities\":{\"alwaysMatch\":{\"goog:chromeOptions\":{\"binary\":\"$(command -v chromium)\",\"args\":[\"--headless=new\",\"--no-sandbox\",\"--disable-gpu\",\"--disable-dev-shm-usage\",\"--window-size=${1:-1280,1400}\"]}}}}" | json_get value.sessionId)"
    [ -n "$session" ] || fail "could not start a Chromium session (see $work/driver.log)"
}

stop_chromium() {
    if [ -n "$session" ]; then curl -s -X DELETE "$driver/session/$session" >/dev/null 2>&1 || true; fi
    if [ -n "$driver_pid" ]; then kill "$driver_pid" 2>/dev/null || true; fi
}

wd() { curl -sS -X "$1" "$driver/session/$session/$2" -H 'Content-Type: application/json' ${3:+-d "$3"}; }
