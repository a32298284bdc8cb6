#!/usr/bin/env bash
# Compares chainlens' input-output engine with an independent numpy
# implementation (reference.py) and pymrio 0.7 on random tables of a few sizes,
# to 1e-9 relative; then the net-inventory upstreamness, downstreamness and their ratios
# of `chainlens gvc` on the real WIOD 2013 tables of 1995 and 2011 against numpy
# (inventories.py). Run from the repo root; exits non-zero on disagreement.
source "$(dirname "$0")/../prelude.sh"
bash scripts/build-release.sh
bin="${CARGO_TARGET_DIR:-target}/release/examples/reference_dump"
status=0
for case in "2 2 1" "3 4 7" "5 6 42" "8 10 2024"; do
  set -- $case
  dir="$work/g$1-s$2-seed$3"
  "$bin" "$dir" "$1" "$2" "$3"
  echo "input-output reference: $1 countries x $2 sectors, seed $3"
  "$python" reference/input_output/reference.py "$dir" "$1" "$2" || status=1
done
for year in 1995 2011; do
  table="$root/../shared/data/wiod2013/icio_layout/WIOD13_ICIO_$year.csv.gz"
  echo "input-output reference: net-inventory measures on WIOD 2013, $year"
  "${CARGO_TARGET_DIR:-target}/release/chainlens" gvc "$table" --out "$work/wiod$year" > /dev/null 2>&1
  "$python" reference/input_output/inventories.py "$table" "$work/wiod$year" || status=1
done
if [ "$status" -ne 0 ]; then
  echo "input-output reference: DISAGREEMENT" >&2
fi
exit "$status"
