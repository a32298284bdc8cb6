#!/usr/bin/env bash
# Gravity benchmarks beside pyfixest and gme, in one run (not part of CI: slow): PPML with
# exporter-year, importer-year and pair effects on the Guide's 99,981-row RTA panel and on
# a SYNTHETIC 200-country x 20-year panel, with exporter and importer effects on the
# Guide's cross-section (pyfixest and gme), and
# the exact-hat-algebra equilibrium at 69 and 200 countries, and the Caliendo-Parro
# multi-sector equilibrium on WIOD 2011 and a 77 x 45 synthetic table (chainlens: divan,
# `cargo bench -p chainlens-bench --bench gravity`; pyfixest: reference/gravity/bench.py;
# numpy: reference/ge_io/ge_io.py bench).
# The SYNTHETIC 200 x 20 panel (800,000 rows) takes minutes on both sides; SKIP_SYNTHETIC=1
# leaves it out.
source "$(dirname "$0")/../prelude.sh"
agtpa="$root/../shared/data/gravity-agtpa-2016"
if [ -n "${SKIP_SYNTHETIC:-}" ]; then
  cargo bench --quiet -p chainlens-bench --bench gravity -- --skip synthetic_panel
  "$python" -W ignore reference/gravity/bench.py "$agtpa/ch2_app2_rta_panel_1986_2006.csv" \
    "$agtpa/ch2_app1_trade_without_border_2006.csv"
else
  cargo run --quiet --release -p chainlens-bench --bin generate-gravity -- --countries 200 --years 20 \
    --seed 7 --out "$work/SYNTHETIC_gravity_200x20.csv"
  cargo bench --quiet -p chainlens-bench --bench gravity
  "$python" -W ignore reference/gravity/bench.py "$agtpa/ch2_app2_rta_panel_1986_2006.csv" \
    "$agtpa/ch2_app1_trade_without_border_2006.csv" "$work/SYNTHETIC_gravity_200x20.csv"
fi
# The Caliendo-Parro multi-sector equilibrium (divan's gravity/ge_io_* above) in numpy:
# WIOD 2013's 2011 table (1,435 country-sectors) and random_table(77, 45, 2015) (3,465).
"$python" reference/ge_io/ge_io.py bench "$root/../shared/data/wiod2013/icio_layout/WIOD13_ICIO_2011.csv.gz"
"$python" reference/ge_io/ge_io.py bench synthetic:77:45:2015
