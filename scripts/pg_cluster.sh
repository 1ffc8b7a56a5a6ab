#!/usr/bin/env bash
# Make the PostgreSQL server binaries (initdb, pg_ctl) available so the store tests also run on PostgreSQL.
#
# The tests start and stop their own throw-away cluster (tests/pg.py: a temporary folder, a free loopback
# port); this script only installs the Debian `postgresql` package when it is missing. Idempotent and quiet:
# it prints nothing when the server is already there. Without apt-get or root rights it says so and exits 0,
# and the PostgreSQL variants of the tests skip with the same advice.
#
#   scripts/pg_cluster.sh            install if missing
#   scripts/pg_cluster.sh --check    exit 1 when the binaries are missing (install nothing)
set -euo pipefail
# In CI (SITROOM_STRICT=1, set by .ci/run) failing to install is an error: the tests that need it must not skip.
GIVE_UP=0
[[ -n "${SITROOM_STRICT:-}" && "${SITROOM_STRICT}" != "0" ]] && GIVE_UP=1

have_server() {
  compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null || { command -v initdb >/dev/null && command -v pg_ctl >/dev/null; }
}

if have_server; then
  exit 0
fi
if [[ "${1:-}" == "--check" ]]; then
  echo "pg_cluster.sh: PostgreSQL server binaries not found (apt-get install postgresql)" >&2
  exit 1
fi
if ! command -v apt-get >/dev/null; then
  echo "pg_cluster.sh: no apt-get here; install PostgreSQL (initdb, pg_ctl) with your package manager," \
       "or the PostgreSQL store tests skip" >&2
  exit "$GIVE_UP"
fi
SUDO=()
if [[ "$(id -u)" -ne 0 ]]; then
  if command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
    SUDO=(sudo -n)
  else
    echo "pg_cluster.sh: not root and no password-less sudo; run \`sudo apt-get install postgresql\`," \
         "or the PostgreSQL store tests skip" >&2
    exit "$GIVE_UP"
  fi
fi
echo "pg_cluster.sh: installing the Debian postgresql package (once)" >&2
export DEBIAN_FRONTEND=noninteractive
"${SUDO[@]}" apt-get update -qq >/dev/null
"${SUDO[@]}" apt-get install -y -qq --no-install-recommends postgresql >/dev/null
have_server || { echo "pg_cluster.sh: postgresql installed but initdb/pg_ctl not found" >&2; exit 1; }
