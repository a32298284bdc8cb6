# Sourced first by every reference script (`source "$(dirname "$0")/../prelude.sh"`):
# strict mode, the repository root in $root and as the working directory, the pinned
# venv's python in $python (reference/venv.sh), and a scratch directory $work removed
# when the script exits.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
python=$(bash reference/venv.sh)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
