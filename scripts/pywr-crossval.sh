#!/usr/bin/env bash
# Cross-validates Aral against Pywr on Pywr's own test models (issue 6).
#
#   scripts/pywr-crossval.sh [MODEL.json ...]
#
# Creates (once, cached in PYWR_CACHE_DIR) a Python venv with Pywr from PyPI and
# Pywr's source distribution for its tests/models, runs every model (or the ones named)
# (and Aral's own models of the Pywr types those tests barely use, Tests/AralPywrTests/Fixtures,
# named aral/…) through Pywr and through `aral run --format pywr --csv`, compares every node flow and
# storage volume at every step, and prints the table. Exits 0 when every model on
# PYWR_AGREEING_LIST still agrees, non-zero otherwise (a regression, a listed model missing,
# or an environment that cannot be created or models that cannot be fetched: those are
# failures, never skips).
#
# Environment:
#   ARAL_BINARY         aral executable to test (default: build it with swift build)
#   ARAL_SCRATCH_PATH   scratch path for that build (default .build)
#   ARAL_BUILD_CONFIG   debug or release (default release: the timings compare engines)
#   PYWR_VERSION        Pywr version from PyPI (default 1.31.1)
#   PYWR_AGREEING_LIST  the models that must agree (default scripts/pywr-agreeing-models.txt);
#                       a model leaves it only with a reason in docs/pywr.md
#   PYWR_CACHE_DIR      where the venv and Pywr's test models are kept (default
#                       ~/.cache/aral/pywr, outside the work tree so fresh clones and CI
#                       runs on the same machine reuse it; never committed)
# When it cannot run (no python3 or venv, no Pywr from PyPI, no source distribution) it fails
# (exit 1) saying why, in CI and outside it alike: a check that did not run has not passed.
# To leave it out, opt out by name: ARAL_SKIP=pywr bash scripts/test.sh.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
cache="${PYWR_CACHE_DIR:-${HOME:-$here/.cache}/.cache/aral/pywr}"
version="${PYWR_VERSION:-1.31.1}"
agreeing="${PYWR_AGREEING_LIST:-$here/pywr-agreeing-models.txt}"

# Not being able to check is a failure, not a skip: the gate would otherwise pass unseen.
cannot_check() {
    echo "pywr-crossval: cannot check: $1 (a failure; opt out with ARAL_SKIP=pywr)" >&2
    exit 2
}

command -v python3 >/dev/null 2>&1 || cannot_check "python3 is not installed"
python3 -c "import venv, ensurepip" >/dev/null 2>&1 || cannot_check "python3's venv/ensurepip module is missing (apt-get install python3-venv)"

mkdir -p "$cache"
venv="$cache/venv-$version"
if [[ ! -x "$venv/bin/python" ]] || ! "$venv/bin/python" -c "import pywr" >/dev/null 2>&1; then
    echo "pywr-crossval: creating the Python environment (pywr $version from PyPI)…"
    rm -rf "$venv"
    python3 -m venv "$venv" || cannot_check "cannot create a Python venv"
    "$venv/bin/pip" install --quiet --disable-pip-version-check "pywr==$version" \
        || cannot_check "cannot install pywr $version from PyPI"
fi

# Pywr's whole source distribution is kept: tests/models and examples are run, and its
# recorders' source is the reference for their semantics.
source="$cache/src-$version"
if [[ ! -d "$source/tests/models" ]]; then
    echo "pywr-crossval: fetching Pywr's source distribution for tests/models…"
    rm -rf "$cache/sdist" && mkdir -p "$cache/sdist"
    # Only pywr itself as source (its build requirements as wheels): much faster than :all:.
    "$venv/bin/pip" download --quiet --disable-pip-version-check --no-binary pywr --no-deps \
        -d "$cache/sdist" "pywr==$version" || cannot_check "cannot download Pywr's source distribution"
    tarball="$(ls "$cache"/sdist/pywr-*.tar.gz | head -1)"
    tmp="$cache/extract" && rm -rf "$tmp" && mkdir -p "$tmp"
    tar -xzf "$tarball" -C "$tmp" || cannot_check "cannot unpack $tarball"
    unpacked="$(ls -d "$tmp"/pywr-* | head -1)"
    [[ -d "$unpacked/tests/models" ]] || cannot_check "the source distribution has no tests/models"
    rm -rf "$source" && mv "$unpacked" "$source"
    rm -rf "$tmp"
fi
models="$source/tests/models"

aral="${ARAL_BINARY:-}"
if [[ -z "$aral" ]]; then
    config="${ARAL_BUILD_CONFIG:-release}"
    scratch="${ARAL_SCRATCH_PATH:-$root/.build}"
    echo "pywr-crossval: building aral ($config)…"
    (cd "$root" && swift build -c "$config" --scratch-path "$scratch" --product aral >/dev/null)
    aral="$(cd "$root" && swift build -c "$config" --scratch-path "$scratch" --show-bin-path)/aral"
fi

work="$cache/runs"
mkdir -p "$work"
exec "$venv/bin/python" "$here/pywr_crossval.py" --models-dir "$models" --examples-dir "$source/examples" \
    --fixtures-dir "$root/Tests/AralPywrTests/Fixtures" --aral "$aral" \
    --work "$work" --agreeing "$agreeing" "$@"
