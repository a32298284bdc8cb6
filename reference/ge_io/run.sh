#!/usr/bin/env bash
# Checks `chainlens gravity ge-io` (the Caliendo-Parro multi-sector model with
# input-output linkages) against the numpy implementation of the paper's equations in
# reference/ge_io/ge_io.py, to 1e-8: on a seeded random 5 x 4 table with negative
# inventories and a zero-output sector (per-sector elasticities, iceberg costs and a
# sector-specific ad valorem tariff with revenue), with the table's deficits and from the
# no-deficit baseline, and on WIOD 2013's 2011 table (41 x 35, Caliendo & Parro's
# elasticities, iceberg costs and a tariff in 30t33), read in place from ../shared/data.
# A few minutes, most of it numpy's dense solves on WIOD (the shock's equilibrium and the
# 9 more along the path of its welfare decomposition).
source "$(dirname "$0")/../prelude.sh"
bash scripts/build-release.sh
chainlens="${CARGO_TARGET_DIR:-$root/target}/release/chainlens"
here=reference/ge_io
"$python" $here/ge_io.py random "$work"
"$chainlens" gravity ge-io "$work/random_5x4.csv" --scenario $here/random_5x4.toml \
  --elasticities $here/random_elasticities.csv --out "$work/random" > /dev/null 2>&1
"$python" $here/ge_io.py compare "$work/random_5x4.csv" $here/random_5x4.json "$work/random"
"$chainlens" gravity ge-io "$work/random_5x4.csv" --scenario $here/random_5x4_removed.toml \
  --elasticities $here/random_elasticities.csv --out "$work/removed" > /dev/null 2>&1
"$python" $here/ge_io.py compare "$work/random_5x4.csv" $here/random_5x4_removed.json "$work/removed"
wiod="$root/../shared/data/wiod2013/icio_layout/WIOD13_ICIO_2011.csv.gz"
"$chainlens" gravity ge-io "$wiod" --scenario $here/wiod_2011.toml --out "$work/wiod" > /dev/null 2>&1
"$python" $here/ge_io.py compare "$wiod" $here/wiod_2011.json "$work/wiod"
