#!/usr/bin/env bash
# Runs the libFuzzer targets of fuzz/ (fuzz/README.md) on one core.
#   scripts/fuzz.sh TARGET SECONDS   fuzz TARGET (model_spec, session, idx, cifar, image, pytorch_run) for SECONDS
#   scripts/fuzz.sh all SECONDS      every target in turn, SECONDS each
#   scripts/fuzz.sh TARGET 0         replay its corpus and regressions once under ASan+UBSan
# Configures and builds build-fuzz (preset "fuzz", clang) when needed. The seeds
# in fuzz/TARGET/corpus are read, never written: what the fuzzer learns goes to
# build-fuzz/corpus/TARGET, crashing inputs to fuzz/TARGET/crashes/ and the log
# to build-fuzz/logs/TARGET.log. A crash does not end the run (fork mode with
# one worker): the fuzzer goes on looking for others until the time is up.
# Environment: CNNWB_FUZZ_BUILD_DIR (default build-fuzz); CNNWB_FUZZ_STOP=1
# stops at the first crash instead; CNNWB_FUZZ_FLAGS adds libFuzzer flags.
set -euo pipefail
cd "$(dirname "$0")/.."

TARGETS=(model_spec session idx cifar image pytorch_run)
BUILD_DIR=${CNNWB_FUZZ_BUILD_DIR:-build-fuzz}

usage() {
  echo "usage: $0 TARGET|all SECONDS   (TARGET: ${TARGETS[*]})" >&2
  exit 2
}

# The longest input worth trying: a little above the largest seed, so that
# seeds are never cut, and small enough to keep the runs fast.
max_len() {
  case $1 in
    model_spec) echo 16384 ;;   # the presets are 2-8 KB
    session) echo 131072 ;;     # the seed sessions are up to 92 KB
    idx) echo 4096 ;;           # headers plus a few small images
    cifar) echo 12800 ;;        # up to four 3073-byte records
    image) echo 4096 ;;         # the seed PNGs and JPEGs are under 1 KB
    pytorch_run) echo 65536 ;;  # history, weight index and values of a small model: under 16 KB
  esac
}

configure_and_build() {
  export CCACHE_BASEDIR=${CCACHE_BASEDIR:-$PWD}
  if [ ! -f "$BUILD_DIR/build.ninja" ]; then
    local launcher=()
    command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
    cmake --preset fuzz -B "$BUILD_DIR" "${launcher[@]}"
  fi
  local targets=()
  for t in "$@"; do targets+=("fuzz_$t"); done
  cmake --build "$BUILD_DIR" --target "${targets[@]}"
}

# Scratch files (fuzz/common/fuzz_support.h) of fuzzing processes that are
# gone, e.g. killed by a crash in fork mode.
remove_stale_scratch_files() {
  local f pid
  for f in /dev/shm/cnnwb-fuzz-"$1"-*; do
    [ -e "$f" ] || continue
    pid=${f##*-}
    kill -0 "$pid" 2>/dev/null || rm -f "$f"
  done
}

run_target() {
  local t=$1 seconds=$2
  local bin="$BUILD_DIR/fuzz/fuzz_$t" regressions="fuzz/$t/regressions"
  local seeds=("fuzz/$t/corpus")
  [ "$t" = model_spec ] && seeds+=(resources/presets)  # the shipped presets seed it too
  local learned="$BUILD_DIR/corpus/$t" crashes="fuzz/$t/crashes/" log="$BUILD_DIR/logs/$t.log"
  mkdir -p "$learned" "$crashes" "$(dirname "$log")"
  export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:allocator_may_return_null=0}
  export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
  local common=(-rss_limit_mb=2048 -max_len="$(max_len "$t")" -dict="fuzz/$t/$t.dict" -print_final_stats=1)

  if [ "$seconds" -eq 0 ]; then
    echo "== fuzz $t: replaying ${seeds[*]} and $regressions under the sanitizers"
    "$bin" "${common[@]}" -runs=0 "${seeds[@]}" "$regressions" 2>&1 | tee "$log"
    return "${PIPESTATUS[0]}"
  fi

  local mode=(-fork=1 -ignore_crashes=1 -ignore_ooms=1 -ignore_timeouts=1)
  [ "${CNNWB_FUZZ_STOP:-0}" = 1 ] && mode=(-jobs=1 -workers=1)
  echo "== fuzz $t for ${seconds}s (log: $log; crashes: $crashes)"
  local status=0
  # The first corpus folder receives new inputs: the learned one, not the seeds.
  "$bin" "${common[@]}" "${mode[@]}" ${CNNWB_FUZZ_FLAGS:-} -max_total_time="$seconds" -timeout=25 \
    -artifact_prefix="$crashes" "$learned" "${seeds[@]}" "$regressions" >"$log" 2>&1 || status=$?
  # -jobs writes the fuzzer's own output to fuzz-0.log in the working folder.
  if [ -f fuzz-0.log ]; then cat fuzz-0.log >>"$log" && rm -f fuzz-0.log; fi
  remove_stale_scratch_files "$t"

  # Fork mode reports "#RUNS: cov: ..." lines; a single process ends with
  # stat::number_of_executed_units.
  local runs
  runs=$(grep -oE '^stat::number_of_executed_units: [0-9]+' "$log" | tail -1 | grep -oE '[0-9]+$' || true)
  [ -n "$runs" ] || runs=$(grep -oE '^#[0-9]+' "$log" | tail -1 | tr -d '#' || true)
  local found
  found=$(find "$crashes" -type f \( -name 'crash-*' -o -name 'leak-*' -o -name 'oom-*' -o -name 'timeout-*' \) | wc -l)
  echo "== fuzz $t: ${runs:-?} executions in ${seconds}s; learned corpus $(find "$learned" -type f | wc -l) files;" \
       "$found crash/leak/oom/timeout files in $crashes (exit $status)"
  grep -E '^(==[0-9]+==ERROR|SUMMARY|.*runtime error)' "$log" | sort | uniq -c | sort -rn | head -20 || true
}

[ $# -eq 2 ] || usage
target=$1 seconds=$2
[[ $seconds =~ ^[0-9]+$ ]] || usage
if [ "$target" = all ]; then
  configure_and_build "${TARGETS[@]}"
  for t in "${TARGETS[@]}"; do run_target "$t" "$seconds" || true; done
else
  [[ " ${TARGETS[*]} " == *" $target "* ]] || usage
  configure_and_build "$target"
  run_target "$target" "$seconds"
fi
