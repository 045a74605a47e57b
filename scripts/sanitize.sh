#!/usr/bin/env bash
# Builds the project under a sanitizer and runs the tests there.
#   scripts/sanitize.sh asan [CTEST ARGS...]   AddressSanitizer + UBSan, in build-asan
#   scripts/sanitize.sh tsan [CTEST ARGS...]   ThreadSanitizer, in build-tsan
# Uses the presets of CMakePresets.json (GCC, RelWithDebInfo). Extra arguments
# go to ctest, e.g. `scripts/sanitize.sh asan -R test_network` or `-L fuzz-replay`.
# The real-data tests read MNIST from $CNNWB_DATA (default ../shared/data).
set -euo pipefail
cd "$(dirname "$0")/.."

[ $# -ge 1 ] || { echo "usage: $0 asan|tsan [CTEST ARGS...]" >&2; exit 2; }
kind=$1
shift
case $kind in
  asan | tsan) ;;
  *) echo "usage: $0 asan|tsan [CTEST ARGS...]" >&2; exit 2 ;;
esac
build_dir=build-$kind

export CCACHE_BASEDIR=${CCACHE_BASEDIR:-$PWD}
if [ ! -f "$build_dir/build.ninja" ]; then
  launcher=()
  command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
  cmake --preset "$kind" "${launcher[@]}"
fi
cmake --build --preset "$kind"

if [ -z "${CNNWB_DATA:-}" ] && [ -d ../shared/data ]; then export CNNWB_DATA="$(cd ../shared/data && pwd)"; fi
# The test preset sets ASAN_OPTIONS/UBSAN_OPTIONS or TSAN_OPTIONS.
ctest --preset "$kind" "$@"
