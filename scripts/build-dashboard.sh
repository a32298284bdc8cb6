#!/usr/bin/env bash
# Builds the dashboard's third-party assets: installs the pinned npm packages of
# crates/chainlens-server/dashboard/package-lock.json (vega, vega-lite, vega-embed,
# world-atlas) and copies the files the server embeds into its vendor/ folder. The next
# `cargo build` of chainlens-server embeds them; without them `chainlens serve` still
# serves the API and says to run this script. Neither folder is committed.
set -euo pipefail
cd "$(dirname "$0")/../crates/chainlens-server/dashboard"
if ! command -v npm >/dev/null; then
    echo "installing Debian npm"
    (apt-get install -y -q npm >/dev/null 2>&1) || {
        apt-get update -q >/dev/null && apt-get install -y -q npm >/dev/null
    }
fi
npm ci --no-audit --no-fund --loglevel=error
mkdir -p vendor
cp node_modules/vega/build/vega.min.js \
   node_modules/vega-lite/build/vega-lite.min.js \
   node_modules/vega-embed/build/vega-embed.min.js \
   node_modules/world-atlas/countries-110m.json \
   vendor/
echo "dashboard assets in crates/chainlens-server/dashboard/vendor: $(ls vendor | tr '\n' ' ')"
