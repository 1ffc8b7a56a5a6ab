#!/usr/bin/env bash
# Make Debian's Chromium and ChromeDriver available for the browser tests (tests/test_browser.py).
#
# Nothing downloads a browser at test time: the tests drive /usr/bin/chromium through /usr/bin/chromedriver
# with Selenium. This script installs the two Debian packages when they are missing; idempotent and quiet.
# Without apt-get or root rights it says so and exits 0, and the browser tests skip with the same advice.
#
#   scripts/browser_deps.sh            install if missing
#   scripts/browser_deps.sh --check    exit 1 when they are missing (install nothing)
set -euo pipefail
# In CI (SITROOM_STRICT=1, set by .ci/run) failing to install is an error: the tests that need it must not skip.
GIVE_UP=0
[[ -n "${SITROOM_STRICT:-}" && "${SITROOM_STRICT}" != "0" ]] && GIVE_UP=1

have_browser() { command -v chromium >/dev/null && command -v chromedriver >/dev/null; }

if have_browser; then
  exit 0
fi
if [[ "${1:-}" == "--check" ]]; then
  echo "browser_deps.sh: chromium/chromedriver not found (apt-get install chromium chromium-driver)" >&2
  exit 1
fi
if ! command -v apt-get >/dev/null || [[ "$(id -u)" -ne 0 ]]; then
  echo "browser_deps.sh: run \`sudo apt-get install chromium chromium-driver\`, or the browser tests skip" >&2
  exit "$GIVE_UP"
fi
echo "browser_deps.sh: installing the Debian chromium and chromium-driver packages (once)" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null 2>&1 || true
apt-get install -y -qq chromium chromium-driver >/dev/null 2>&1 || {
  echo "browser_deps.sh: apt-get install failed; the browser tests will skip" >&2
  exit "$GIVE_UP"
}
