#!/usr/bin/env bash
# Drives the dashboard in headless Chromium (Debian's chromium, installed when missing):
# builds its chart libraries (scripts/build-dashboard.sh), builds the release binary with
# them embedded, and runs scripts/check_dashboard.py against `chainlens serve` on a free
# loopback port, and renders the `--report` pages from files. Screenshots stay in a temp
# dir, out of the repo.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v chromium >/dev/null; then
    echo "installing Debian chromium"
    (apt-get install -y -q chromium >/dev/null 2>&1) || {
        apt-get update -q >/dev/null && apt-get install -y -q chromium >/dev/null
    }
fi
bash scripts/build-dashboard.sh
bash scripts/build-release.sh
python3 scripts/check_dashboard.py "${CARGO_TARGET_DIR:-target}/release/chainlens"
