#!/usr/bin/env bash
# Tests the Python package: makes (or reuses) python/.venv with the pinned packages of
# python/requirements.txt, builds the `chainlens` binary the results are compared with,
# builds and installs the package from this checkout (maturin; the dev profile by default,
# which reuses `cargo test`'s build in CI, CHAINLENS_PY_PROFILE=release for the wheel users
# get), runs the pytest suite and the example script. Exits with pytest's status.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(dirname "$here")
venv="${CHAINLENS_PY_VENV:-$here/.venv}"
stamp="$venv/.requirements.sha256"
want=$(sha256sum "$here/requirements.txt" | cut -d' ' -f1)
if [ ! -x "$venv/bin/python" ] || [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check -r "$here/requirements.txt"
  echo "$want" > "$stamp"
fi
export PATH="$venv/bin:$PATH"
target="${CARGO_TARGET_DIR:-$repo/target}"
cargo build --locked --quiet -p chainlens-cli --bin chainlens
export CHAINLENS_BIN="$target/debug/chainlens"
# The package as a user installs it (`pip install ./python`), without build isolation
# so the pinned maturin of the venv builds it offline from the registry cache.
"$venv/bin/pip" install --quiet --disable-pip-version-check --no-build-isolation --force-reinstall \
  --no-deps --config-settings=build-args="--profile ${CHAINLENS_PY_PROFILE:-dev}" "$here"
cd "$here/tests"
"$venv/bin/python" -m pytest -q -p no:cacheprovider .
"$venv/bin/python" "$here/examples/main_job.py" --out "${TMPDIR:-/tmp}/chainlens-main-job.png"
