#!/usr/bin/env bash
# Runs the pandas reference of the vulnerability analysis on a generated SYNTHETIC
# BACI dataset (300,000 flows a year, two years) and checks chainlens against it
# for every importer. Run from anywhere; exits non-zero on any disagreement.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
python=$(bash reference/venv.sh)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cargo build --release --quiet -p chainlens-cli -p chainlens-bench
./target/release/generate-baci --rows 300000 --years 2017,2018 --seed 7 --out "$work/baci"
./target/release/chainlens vulnerability --trade "$work/baci" --importer all --out "$work/ours" > /dev/null
"$python" reference/trade_network/vulnerability.py "$work/baci" "$work/ref"
"$python" reference/trade_network/compare.py "$work/ours" "$work/ref"
