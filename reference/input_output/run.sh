#!/usr/bin/env bash
# Compares chainlens' input-output engine with an independent numpy
# implementation (reference.py) and pymrio 0.7 on random tables of a few sizes,
# to 1e-9 relative. Run from the repo root; exits non-zero on disagreement.
source "$(dirname "$0")/../prelude.sh"
cargo build --quiet --release -p chainlens-input-output --example reference_dump
bin="${CARGO_TARGET_DIR:-target}/release/examples/reference_dump"
status=0
for case in "2 2 1" "3 4 7" "5 6 42" "8 10 2024"; do
  set -- $case
  dir="$work/g$1-s$2-seed$3"
  "$bin" "$dir" "$1" "$2" "$3"
  echo "input-output reference: $1 countries x $2 sectors, seed $3"
  "$python" reference/input_output/reference.py "$dir" "$1" "$2" || status=1
done
if [ "$status" -ne 0 ]; then
  echo "input-output reference: DISAGREEMENT" >&2
fi
exit "$status"
