#!/usr/bin/env bash
# Build the web UI's front-end libraries (Leaflet, markercluster, the offline country outlines) from the npm
# registry into src/sitroom/web/static/vendor/ (git-ignored). `npm ci` installs exactly what
# frontend/package-lock.json records. Without npm (or without the registry) it says so and exits 0: the UI
# then keeps its server-drawn SVG map, and the Leaflet browser test skips.
set -euo pipefail
# In CI (SITROOM_STRICT=1, set by .ci/run) a missing npm or registry is an error: the Leaflet test must not skip.
GIVE_UP=0
[[ -n "${SITROOM_STRICT:-}" && "${SITROOM_STRICT}" != "0" ]] && GIVE_UP=1
cd "$(dirname "$0")/../frontend"
if [[ -f ../src/sitroom/web/static/vendor/leaflet.js && ../src/sitroom/web/static/vendor/basemap.js -nt package-lock.json ]]; then
  exit 0
fi
if ! command -v npm >/dev/null || ! command -v node >/dev/null; then
  echo "build_assets.sh: npm/node not found; the web UI uses its SVG map (install nodejs/npm for the Leaflet map)" >&2
  exit "$GIVE_UP"
fi
if ! npm ci --no-audit --no-fund --loglevel=error >/dev/null; then
  echo "build_assets.sh: npm ci failed (no registry?); the web UI uses its SVG map" >&2
  exit "$GIVE_UP"
fi
node build.mjs
