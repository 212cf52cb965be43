#!/usr/bin/env bash
# Starts a throw-away PostgreSQL server on 127.0.0.1 for the server's store tests.
#
#   scripts/start-postgres.sh            # installs PostgreSQL if missing, starts it, prints the URL
#   source scripts/.cache/postgres.env   # exports ARAL_TEST_POSTGRES_URL (and ARAL_TEST_POSTGRES_STOP)
#   swift test --filter AralServerTests  # now runs the PostgreSQL tests too
#   eval "$ARAL_TEST_POSTGRES_STOP"      # stops it and removes its data
#
# The cluster lives in a temporary folder, listens on a free port on loopback only, trusts
# local connections (it holds nothing but test data) and is owned by the `postgres` user when
# run as root (initdb refuses to run as root).
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
env_file="${ARAL_PG_ENV_FILE:-$here/.cache/postgres.env}"
sudo_cmd=""
if [ "$(id -u)" -ne 0 ]; then sudo_cmd="sudo"; fi

find_bin() {
    local dir
    dir="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)"
    if [ -n "$dir" ] && [ -x "$dir/initdb" ]; then echo "$dir"; fi
}

bin="$(find_bin)"
if [ -z "$bin" ]; then
    echo "start-postgres: installing PostgreSQL (Debian package 'postgresql')" >&2
    $sudo_cmd env DEBIAN_FRONTEND=noninteractive apt-get update -qq
    $sudo_cmd env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
    bin="$(find_bin)"
fi
if [ -z "$bin" ]; then
    echo "start-postgres: cannot find initdb after installing PostgreSQL" >&2
    exit 1
fi

port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')"
data="$(mktemp -d /tmp/aral-postgres.XXXXXX)"
run_as=()
if [ "$(id -u)" -eq 0 ]; then
    chown postgres:postgres "$data"
    run_as=(runuser -u postgres --)
fi

"${run_as[@]}" "$bin/initdb" -D "$data/cluster" -U aral --auth=trust -E UTF8 >"$data/initdb.log" 2>&1 || {
    cat "$data/initdb.log" >&2
    exit 1
}
"${run_as[@]}" "$bin/pg_ctl" -D "$data/cluster" -l "$data/server.log" -w -t 60 \
    -o "-p $port -k $data -c listen_addresses=127.0.0.1 -c fsync=off" start >/dev/null || {
    cat "$data/server.log" >&2
    exit 1
}
"$bin/createdb" -h 127.0.0.1 -p "$port" -U aral aral_test

url="postgres://aral@127.0.0.1:$port/aral_test"
stop="${run_as[*]} $bin/pg_ctl -D $data/cluster -m fast stop && rm -rf $data"
mkdir -p "$(dirname "$env_file")"
{
    echo "export ARAL_TEST_POSTGRES_URL='$url'"
    echo "export ARAL_TEST_POSTGRES_STOP='$stop'"
} >"$env_file"
echo "ARAL_TEST_POSTGRES_URL=$url"
echo "start-postgres: environment written to $env_file (source it); stop with: eval \"\$ARAL_TEST_POSTGRES_STOP\"" >&2
