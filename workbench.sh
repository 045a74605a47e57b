#!/usr/bin/env bash
# CNN Workbench quick start. Installs what is missing (Debian packages only),
# builds, then either opens the app or runs the whole test suite.
#   ./workbench.sh run [PRESET]   build and open the app (default preset e1-lenet1988)
#   ./workbench.sh test           build and run every test (ctest; timing benchmarks apart)
#   ./workbench.sh build          build only
set -euo pipefail
cd "$(dirname "$0")"

PACKAGES=(build-essential cmake ninja-build pkg-config
  qt6-base-dev qt6-base-dev-tools qt6-svg-dev libqcustomplot-dev libqcustomplot2.1-qt6
  libeigen3-dev libtbb-dev nlohmann-json3-dev zlib1g-dev libcurl4-openssl-dev libssl-dev libarchive-dev libsqlite3-dev
  libpng-dev libjpeg62-turbo-dev libstb-dev libonnx-dev libprotobuf-dev
  xvfb xauth python3)
BUILD_DIR=${CNNWB_BUILD_DIR:-build}

install_missing() {
  local missing=()
  for p in "${PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  echo "== Installing missing packages: ${missing[*]}"
  local sudo=""
  [ "$(id -u)" -ne 0 ] && sudo=sudo
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
}

build() {
  install_missing
  echo "== Configuring and building in $BUILD_DIR/"
  cmake -S . -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=Release ${CNNWB_CMAKE_ARGS:-} >/dev/null
  cmake --build "$BUILD_DIR" -j "$(nproc)"
}

case "${1:-}" in
  run)
    build
    preset=${2:-e1-lenet1988}
    # MNIST: $CNNWB_DATA, else ../shared/data beside the project when present, else the user cache.
    if [ -z "${CNNWB_DATA:-}" ] && [ -d ../shared/data ]; then export CNNWB_DATA="$(cd ../shared/data && pwd)"; fi
    if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
      shot="$BUILD_DIR/screenshot.png"
      echo "== No display found: starting the app under Xvfb and saving a screenshot to $shot"
      xvfb-run -a -s "-screen 0 1280x800x24" "$BUILD_DIR/app/cnn-workbench" "$preset" --screenshot "$shot"
    else
      exec "$BUILD_DIR/app/cnn-workbench" "$preset"
    fi
    ;;
  test)
    build
    echo "== Running the tests"
    # Real-data tests read MNIST from CNNWB_DATA (default: ../shared/data beside the project).
    if [ -z "${CNNWB_DATA:-}" ] && [ -d ../shared/data ]; then export CNNWB_DATA="$(cd ../shared/data && pwd)"; fi
    # Timing thresholds (labelled "benchmark") depend on the machine: `ctest -L benchmark` runs them.
    cd "$BUILD_DIR" && ctest --output-on-failure --timeout 900 -j 1 -LE benchmark
    ;;
  build) build ;;
  *) echo "usage: $0 run [PRESET] | test | build" >&2; exit 2 ;;
esac
