#!/usr/bin/env bash
# Gravity benchmarks beside pyfixest, in one run (not part of CI: slow): PPML with
# exporter-year, importer-year and pair effects on the Guide's 99,981-row RTA panel, and
# the exact-hat-algebra equilibrium at 69 and 200 countries (chainlens: divan,
# `cargo bench -p chainlens-bench --bench gravity`; pyfixest: reference/gravity/bench.py).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
python=$(bash reference/venv.sh)
cargo bench --quiet -p chainlens-bench --bench gravity
"$python" -W ignore reference/gravity/bench.py "$root/../shared/data/gravity-agtpa-2016/ch2_app2_rta_panel_1986_2006.csv"
