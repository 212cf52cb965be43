#!/usr/bin/env bash
# Installs what Aral needs beyond the Swift toolchain: COIN-OR CLP (the LP solver), the
# SQLite headers GRDB builds against and the HDF5 C library (Pywr's TablesRecorder files). Safe to run repeatedly: it installs only what is missing.
set -euo pipefail

have_clp() { pkg-config --exists clp 2>/dev/null || [ -f /usr/include/coin/ClpSimplex.hpp ]; }
have_sqlite() { pkg-config --exists sqlite3 2>/dev/null || [ -f /usr/include/sqlite3.h ]; }
have_hdf5() { pkg-config --exists hdf5 2>/dev/null; }

if have_clp && have_sqlite && have_hdf5; then
  exit 0
fi

case "$(uname -s)" in
  Darwin)
    command -v brew >/dev/null || { echo "error: CLP is missing and Homebrew is not installed; install it from https://brew.sh, then rerun" >&2; exit 1; }
    have_clp || brew install clp
    have_sqlite || brew install sqlite
    have_hdf5 || brew install hdf5
    ;;
  Linux)
    SUDO=""
    if [ "$(id -u)" -ne 0 ]; then
      command -v sudo >/dev/null || { echo "error: need root or sudo to apt-get install coinor-libclp-dev" >&2; exit 1; }
      SUDO="sudo"
    fi
    command -v apt-get >/dev/null || { echo "error: no apt-get; install COIN-OR CLP (coinor-libclp-dev) with your package manager" >&2; exit 1; }
    echo "installing COIN-OR CLP, SQLite headers and HDF5 (apt-get)…" >&2
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq coinor-libclp-dev libsqlite3-dev libhdf5-dev pkg-config >/dev/null
    ;;
  *)
    echo "error: unsupported system $(uname -s); install COIN-OR CLP by hand" >&2
    exit 1
    ;;
esac
have_clp || { echo "error: CLP still not found after installing" >&2; exit 1; }
have_hdf5 || { echo "error: HDF5 (pkg-config hdf5) still not found after installing" >&2; exit 1; }
