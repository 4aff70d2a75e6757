#!/usr/bin/env bash
# Run every benchmark suite (bench/run_*.sh).  Usage: bench/run_all.sh BUILD_DIR [quick]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=${1:?build dir}
shift || true
mkdir -p "$here/results"
for s in "$here"/run_*.sh; do
    [ "$(basename "$s")" = run_all.sh ] && continue
    echo "### $(basename "$s")"
    bash "$s" "$build" "$@"
done
