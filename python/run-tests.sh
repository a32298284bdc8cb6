#!/usr/bin/env bash
# Tests the Python package: makes (or reuses) python/.venv with the pinned packages of
# python/requirements.txt, builds the release `chainlens` binary the results are compared
# with (scripts/build-release.sh), builds and installs the package from this checkout
# (maturin; the dev profile by default, quicker to build in CI than release,
# CHAINLENS_PY_PROFILE=release for the wheel users get), runs the pytest suite and the
# example script; then builds the abi3 wheel once and runs the suite again with it on
# CPython 3.10 and 3.13 (the ends of the supported range; pyenv's or PATH's interpreters,
# an error when missing). Exits with pytest's status.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(dirname "$here")
# make_venv INTERPRETER DIR REQUIREMENTS: (re)makes DIR when its requirements changed.
make_venv() {
  local stamp="$2/.requirements.sha256" want
  want=$(sha256sum "$3" | cut -d' ' -f1)
  if [ ! -x "$2/bin/python" ] || [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
    rm -rf "$2"
    "$1" -m venv "$2"
    "$2/bin/pip" install --quiet --disable-pip-version-check -r "$3"
    echo "$want" > "$stamp"
  fi
}
venv="${CHAINLENS_PY_VENV:-$here/.venv}"
make_venv python3 "$venv" "$here/requirements.txt"
export PATH="$venv/bin:$PATH"
target="${CARGO_TARGET_DIR:-$repo/target}"
# The release binaries the reference scripts use (already built when CI gets here).
bash "$repo/scripts/build-release.sh"
export CHAINLENS_BIN="$target/release/chainlens"
# The package as a user installs it (`pip install ./python`), without build isolation
# so the pinned maturin of the venv builds it offline from the registry cache.
"$venv/bin/pip" install --quiet --disable-pip-version-check --no-build-isolation --force-reinstall \
  --no-deps --config-settings=build-args="--profile ${CHAINLENS_PY_PROFILE:-dev}" "$here"
cd "$here/tests"
"$venv/bin/python" -m pytest -q -p no:cacheprovider .
"$venv/bin/python" "$here/examples/main_job.py" --out "${TMPDIR:-/tmp}/chainlens-main-job.png"
# The same abi3 wheel on CPython 3.10 and 3.13.
wheels=$(mktemp -d)
trap 'rm -rf "$wheels"' EXIT
"$venv/bin/maturin" build --quiet -m "$here/Cargo.toml" --profile "${CHAINLENS_PY_PROFILE:-dev}" --out "$wheels"
# find_python VERSION: a CPython VERSION interpreter, from PATH or pyenv's versions.
find_python() {
  if "python$1" -c "" 2>/dev/null; then
    command -v "python$1"
    return
  fi
  ls -d "${PYENV_ROOT:-$HOME/.pyenv}"/versions/"$1".*/bin/python"$1" 2>/dev/null | tail -1
}
for version in 3.10 3.13; do
  interpreter=$(find_python "$version")
  if [ -z "$interpreter" ]; then
    echo "error: no CPython $version (python$version on PATH or in pyenv's versions) to test the abi3 wheel on" >&2
    exit 1
  fi
  make_venv "$interpreter" "$here/.venv-$version" "$here/requirements-versions.txt"
  "$here/.venv-$version/bin/pip" install --quiet --disable-pip-version-check --force-reinstall --no-deps "$wheels"/*.whl
  echo "CPython $version: $("$here/.venv-$version/bin/python" -c 'import sys; print(sys.version.split()[0])')"
  "$here/.venv-$version/bin/python" -m pytest -q -p no:cacheprovider .
done
