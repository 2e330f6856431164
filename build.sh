#!/usr/bin/env bash
# Set-up on a fresh Debian 12 machine: installs the missing Debian packages, builds, then
#   ./build.sh demo   starts the desktop app on its built-in demo
#   ./build.sh test   runs every test (what CI runs)
#   ./build.sh        only builds
# The build lands in build/; the command-line tool is build/app/annealer.
set -euo pipefail
cd "$(dirname "$0")"

packages=(cmake g++ make ccache pkg-config qt6-base-dev qt6-charts-dev qt6-svg-dev libeigen3-dev libceres-dev
          fonts-dejavu-core python3-torch python3-numpy python3-scipy clang libclang-rt-14-dev)

install_missing_packages() {
    local missing=() package
    for package in "${packages[@]}"; do
        dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" ||
            missing+=("$package")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    local sudo=""
    [ "$(id -u)" -eq 0 ] || sudo=sudo
    echo "Installing: ${missing[*]}"
    $sudo apt-get update -q
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q "${missing[@]}"
}

build() {
    cmake -S . -B build -DCMAKE_BUILD_TYPE=Release
    cmake --build build --parallel "$(nproc)"
}

install_missing_packages
build
case "${1:-build}" in
    demo) exec build/app/annealer ;;
    test) cd build && QT_QPA_PLATFORM=offscreen ctest --output-on-failure --parallel "$(nproc)" ;;
    build) ;;
    *) echo "usage: $0 [demo|test]" >&2; exit 2 ;;
esac
