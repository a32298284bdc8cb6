#!/usr/bin/env bash
# Checks `chainlens gravity` against the Python implementations analysts use: USITC's
# gegravity 0.3 on its CAN-JPN agreement example, and a statsmodels PPML on the Advanced
# Guide's trade-without-borders cross-section, and the Guide's NAFTA removal step by step
# (reference/gravity/compare.py). Reads the
# data in place from ../shared/data.
source "$(dirname "$0")/../prelude.sh"
shared="$root/../shared/data"
bash scripts/build-release.sh
chainlens="${CARGO_TARGET_DIR:-$root/target}/release/chainlens"
"$chainlens" gravity ge --data "$shared/gravity-gegravity-sample/sample_data_set.csv" \
  --scenario examples/gravity/gegravity_can_jpn.toml --out "$work/ge" > /dev/null
"$python" reference/gravity/compare.py gegravity "$shared/gravity-gegravity-sample/sample_data_set.csv" "$work/ge"
app1="$shared/gravity-agtpa-2016/ch2_app1_trade_without_border_2006.csv"
"$chainlens" gravity estimate --data "$app1" --fe exporter-year,importer-year \
  --vars ln_DIST,CNTG,LANG,CLNY,INTL_BRDR --out "$work/ppml" > /dev/null
"$python" reference/gravity/compare.py ppml "$app1" "$work/ppml"
app2="$shared/gravity-agtpa-2016/ch2_app2_rta_panel_1986_2006.csv"
"$chainlens" gravity estimate --data "$app2" --fe exporter-year,importer-year,pair --vars RTA \
  --years 1986,1990,1994,1998,2002,2006 --predict-pairs 'ln(DIST),CNTG,LANG,CLNY' \
  --predict-year 1994 --out "$work/nafta" > /dev/null
"$chainlens" gravity ge --data "$app2" --scenario examples/gravity/nafta.toml \
  --pair-costs "$work/nafta/pair_costs.csv" --out "$work/nafta/ge" > /dev/null
"$python" reference/gravity/compare.py nafta "$app2" "$work/nafta" "$work/nafta/ge"
