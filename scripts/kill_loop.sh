#!/usr/bin/env bash
# kill -9 at random moments, and check that nothing saved is ever lost.
#
#   scripts/kill_loop.sh [KILLS] [BUILD_DIR]      (default 100, build)
#
# 1. `cnnwb train --out FILE` (checkpointing into a run library as it goes)
#    is killed KILLS times at a random moment between its start and its end:
#    while loading data, training, writing a checkpoint or writing FILE.
#    After every kill FILE must open (the previous version or the new one)
#    and every run in the library must read (none damaged).
# 2. The window's own Save and autosave (tests/tools/save_forever) are killed
#    KILLS times the same way; the saved file and the autosave slot must open.
# Needs MNIST (CNNWB_DATA, default ../shared/data). Prints one line per
# phase and exits 1 on the first file that does not open.
set -euo pipefail
cd "$(dirname "$0")/.."
kills=${1:-100}
build=${2:-build}
cli=$build/app/cnnwb
forever=$build/tests/save_forever
if [ -z "${CNNWB_DATA:-}" ] && [ -d ../shared/data ]; then export CNNWB_DATA="$(cd ../shared/data && pwd)"; fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export CNNWB_RUNS=$work/runs

opens() {  # FILE: reads it whole (weights included) or says why not
  "$cli" summary "$1" >/dev/null 2>"$work/why" || { echo "FAIL: $1 does not open: $(cat "$work/why")"; exit 1; }
}

random_delay() {  # a uniform moment in [0, $1) seconds
  python3 -c "import random,sys; print(random.uniform(0, float(sys.argv[1])))" "$1"
}

# --- 1. cnnwb train --out ---------------------------------------------------
out=$work/run.cnnwb
train=("$cli" train e1-lenet1988 --epochs 3 --max-batches 200 --threads 1 --out "$out" --json)
start=$(date +%s.%N)
"${train[@]}" >/dev/null
span=$(python3 -c "import sys; print(1.2 * (float(sys.argv[2]) - float(sys.argv[1])))" "$start" "$(date +%s.%N)")
opens "$out"
mid_save=0
for i in $(seq 1 "$kills"); do
  "${train[@]}" >/dev/null 2>&1 &
  pid=$!
  sleep "$(random_delay "$span")"
  kill -9 "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  # A temporary file left beside FILE or a run means the kill landed inside a write.
  if compgen -G "$out.saving-*" >/dev/null || compgen -G "$CNNWB_RUNS/runs/*.saving-*" >/dev/null; then
    mid_save=$((mid_save + 1))
    rm -f "$out".saving-* "$CNNWB_RUNS"/runs/*.saving-*
  fi
  opens "$out"
done
damaged=$("$cli" runs list --json | python3 -c "import json,sys; print(sum(1 for r in json.load(sys.stdin) if r['damaged']))")
runs=$("$cli" runs list --json | python3 -c "import collections,json,sys; c=collections.Counter(r['status'] for r in json.load(sys.stdin)); print(sum(c.values()), 'runs (' + ', '.join(f'{n} {s}' for s, n in sorted(c.items())) + ')')")
[ "$damaged" = 0 ] || { echo "FAIL: $damaged damaged runs in the library"; exit 1; }
echo "cnnwb train --out: $kills kills at random moments of a $(printf %.2f "$span") s window, $mid_save inside a write; $out opened every time; $runs in the library, none damaged"

# --- 2. the window's Save and autosave --------------------------------------
if [ ! -x "$forever" ]; then echo "skipped the window's saves: $forever is not built"; exit 0; fi
saved=$work/window.cnnwb
slots=$work/autosave
mkdir -p "$slots"
mid_save=0
for i in $(seq 1 "$kills"); do
  coproc SAVER { exec "$forever" "$saved" "$slots" 2>/dev/null; }  # exec: the PID is the saver's own
  pid=$SAVER_PID
  read -r -u "${SAVER[0]}" ready || { echo "FAIL: save_forever did not start"; exit 1; }
  sleep "$(random_delay 0.5)"
  kill -9 "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  if compgen -G "$saved.saving-*" >/dev/null || compgen -G "$slots/*.saving-*" >/dev/null; then
    mid_save=$((mid_save + 1))
    rm -f "$saved".saving-* "$slots"/*.saving-*
  fi
  opens "$saved"
  for slot in "$slots"/autosave-*.cnnwb; do [ -e "$slot" ] && opens "$slot"; done
  rm -f "$slots"/autosave-* # the next window starts clean
done
echo "window Save + autosave: $kills kills, $mid_save inside a write; the saved file and every autosave slot opened every time"
