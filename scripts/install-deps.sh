#!/usr/bin/env bash
# Installs the Debian 12 packages BitLab needs to build, test, package and run; does nothing
# when they are all present. Uses sudo when not root. Installs without Recommends, as a
# minimal machine would: every package the build touches must be listed here or be a hard
# dependency (Depends/Pre-Depends) of one listed here. scripts/check-deps.sh checks that
# after a build, and names the package to add when it is not so.
#
#   scripts/install-deps.sh [EXTRA-PACKAGE...]   install what is missing
#   scripts/install-deps.sh --list               print the package list, one a line
set -euo pipefail

packages=(
    # the toolchain
    g++ make cmake pkg-config
    # Qt 6: Widgets, Charts (its CMake config needs Qt6OpenGL, which qt6-base-dev only
    # recommends), Svg, Test, Concurrent, LinguistTools
    qt6-base-dev libqt6opengl6-dev qt6-charts-dev qt6-svg-dev qt6-tools-dev
    qt6-tools-dev-tools qt6-l10n-tools qt6-translations-l10n
    libgl-dev libeigen3-dev
    # SLEEF: vector tanh, exp and log1p for the AVX2 and AVX-512 kernels (core/kernels/)
    libsleef-dev
    # zlib: the built-in real datasets are embedded gzip-compressed (resources/datasets/)
    zlib1g-dev
    # fonts the window and its screenshots use (Latin and Chinese), and a UTF-8 locale
    fonts-noto-cjk fonts-dejavu-core locales
    # `make package` (dpkg-shlibdeps computes the .deb's Depends) and the install test
    # (desktop-file-validate, appstreamcli)
    dpkg-dev file desktop-file-utils appstream
    # the sweep recipes' test (GNU parallel on local cores, docs/cli.md)
    parallel
    # `make check-format` (CI's first stage) and `make format`: the root .clang-format
    clang-format
)

if [ "${1:-}" = "--list" ]; then
    printf '%s\n' "${packages[@]}"
    exit 0
fi
packages+=("$@")

missing=()
for p in "${packages[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
        missing+=("$p")
    fi
done

if [ ${#missing[@]} -eq 0 ]; then
    exit 0
fi

echo "Installing missing packages: ${missing[*]}"
sudo=""
if [ "$(id -u)" -ne 0 ]; then
    sudo="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
