#!/usr/bin/env bash
# Output equivalence of two chainlens binaries: runs the same commands on the embedded
# data with each and compares stdout, stderr, exit codes and every file written.
#   bash scripts/compare-outputs.sh OLD_BINARY NEW_BINARY
# Paths of the output folders are replaced by OUT before comparing.
set -u
cd "$(dirname "$0")/.."
outputs() {
BIN=$1; OUT=$2; rm -rf "$OUT"; mkdir -p "$OUT"
run() { name=$1; shift; "$BIN" "$@" > "$OUT/$name.stdout" 2> "$OUT/$name.stderr"; echo $? > "$OUT/$name.rc"; }
run vuln-chn vulnerability --importer CHN --years 2017-2018 --out "$OUT/vuln-chn"
run vuln-json vulnerability --importer KOR,JPN --format json
run vuln-all vulnerability --importer all
run risk risk --out "$OUT/risk"
run info info
run info-json info --format json
run scen scenario run examples/scenarios/china-intermediates-2pt.toml --out "$OUT/scen"
run gvc gvc --out "$OUT/gvc"
run kww io decompose --method kww --out "$OUT/kww"
run wwz io decompose --method wwz --out "$OUT/wwz" --format parquet
run bm io decompose --method bm --out "$OUT/bm"
run extract io extract --country CHN --sector 26
run ioinfo io info
run diag chain diagnose examples/chains/eyewear-ouhai.toml --out "$OUT/diag"
run disrupt chain disrupt examples/chains/eyewear-ouhai.toml --remove firm:lens-jp --out "$OUT/disrupt"
run attract chain attract examples/chains/steroids-xianju.toml --candidates examples/chains/steroids-candidates.csv --out "$OUT/attract"
run compare chain compare examples/chains/eyewear-ouhai.toml examples/chains/eyewear-ouhai-plan.toml
sed -i "s#$OUT#OUT#g" "$OUT"/*.stdout "$OUT"/*.stderr
}
work=$(mktemp -d)
outputs "$(realpath "$1")" "$work/old"
outputs "$(realpath "$2")" "$work/new"
if diff -r "$work/old" "$work/new"; then
  echo "identical: every stdout, stderr, exit code and file"
else
  echo "outputs differ (above)"; exit 1
fi
