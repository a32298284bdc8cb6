#!/usr/bin/env bash
# Renders the chain maps and HTML reports of both worked examples in headless Chromium and
# checks the screenshots show the drawing (ink, the scale colours of the links). Installs
# Debian's chromium when it is missing. Screenshots stay in a temp dir, out of the repo
# (KEEP_SCREENSHOTS=DIR copies them there to look at).
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v chromium >/dev/null; then
    echo "installing Debian chromium"
    (apt-get install -y -q chromium >/dev/null 2>&1) || {
        apt-get update -q >/dev/null && apt-get install -y -q chromium >/dev/null
    }
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
keep=${KEEP_SCREENSHOTS:-}
bash scripts/build-release.sh
for example in eyewear-ouhai steroids-xianju; do
    ./target/release/chainlens chain diagnose "examples/chains/$example.toml" \
        --out "$work/$example" >/dev/null 2>&1
    for page in map.svg report.html; do
        shot="$work/$example-${page%.*}.png"
        chromium --headless --no-sandbox --disable-gpu --hide-scrollbars \
            --window-size=1400,1000 --screenshot="$shot" "file://$work/$example/$page" \
            >/dev/null 2>&1
        # Two link colours (national, global), the red border of a segment to replenish, the
        # fill of a chain owner.
        python3 scripts/check_png.py "$shot" 0.02 '#7570b3' '#e7298a' '#c0392b' '#fde9a9'
        if [ -n "$keep" ]; then mkdir -p "$keep" && cp "$shot" "$keep/"; fi
    done
done
echo "chain maps render in $(chromium --version 2>/dev/null)"
