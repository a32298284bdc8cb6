#!/usr/bin/env bash
# Load test of `chainlens serve` on a SYNTHETIC 11.8M-row BACI year (issue 16; results in
# BENCHMARKS.md "HTTP API under load"): generates the year with chainlens-bench, imports it,
# starts the server on a free loopback port over the cache, and runs the ignored test
# `load_served` (crates/chainlens-server/tests/api/load.rs) against it: 64 clients asking the
# vulnerability of importers drawn from 64, 10,240 requests twice after a warm-up, beside
# 1,000 malformed bodies, 10 oversized ones and 16 stalled connections, the server's RSS
# sampled every 100 ms. Bounded: the test ends after its requests and within 15 minutes;
# the server is stopped and the data deleted on any exit.
# Usage: bash scripts/load-11m.sh [SCRATCH_DIR]   (default: $TMPDIR/chainlens-load-11m)
set -euo pipefail
cd "$(dirname "$0")/.."
scratch=${1:-${TMPDIR:-/tmp}/chainlens-load-11m}
target=${CARGO_TARGET_DIR:-target}
server=
stop() {
    if [ -n "$server" ]; then
        kill "$server" 2>/dev/null || true
        wait "$server" 2>/dev/null || true
    fi
    rm -rf "$scratch"
}
trap stop EXIT
mkdir -p "$scratch"
cargo build -q --release -p chainlens-cli -p chainlens-bench --bin generate-baci
"$target/release/generate-baci" --rows 11800000 --years 2018 --seed 11 --products 5000 \
    --extra-economies 98 --out "$scratch/baci"
"$target/release/chainlens" import baci "$scratch/baci" --out "$scratch/cache"
rm -rf "$scratch/baci"
: > "$scratch/serve.log"
# 128 in flight, as the in-process load test: 64 clients and the hostile ones exceed the default 64.
"$target/release/chainlens" serve --trade "$scratch/cache" --bind 127.0.0.1:0 --max-in-flight 128 \
    2>> "$scratch/serve.log" &
server=$!
addr=
for _ in $(seq 600); do
    addr=$(sed -n 's|^chainlens listening on http://\([0-9.:]*\).*|\1|p' "$scratch/serve.log" || true)
    [ -n "$addr" ] && break
    kill -0 "$server" 2>/dev/null || { cat "$scratch/serve.log"; exit 1; }
    sleep 0.1
done
[ -n "$addr" ] || { echo "chainlens serve did not listen within 60 s"; exit 1; }
echo "chainlens serve (pid $server) on $addr; load average $(cut -d' ' -f1-3 /proc/loadavg)"
RUST_BACKTRACE=0 CHAINLENS_LOAD_ADDR=$addr CHAINLENS_LOAD_PID=$server timeout 900 \
    cargo test -q --release -p chainlens-server --test api -- --ignored --nocapture load_served
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
