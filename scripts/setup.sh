#!/usr/bin/env bash
# Installs what awssim needs to build and test, from Debian packages only.
# Idempotent: packages already present are not reinstalled. Run as root on Debian 12.
set -euo pipefail

# `--cli`: only what building and running the CLI needs (a first run);
# without it, everything the tests need as well.
cli=(
  cmake g++ make pkg-config
  libboost-graph-dev libboost-dev
  nlohmann-json3-dev libyaml-cpp-dev libcli11-dev libfmt-dev libpugixml-dev libre2-dev
  graphviz
)
tests=(
  librapidcheck-dev libgtest-dev libgmock-dev libbenchmark-dev
  libxml2-utils python3 python3-jsonschema python3-yaml
  git
  chromium chromium-driver python3-selenium
  clang libclang-rt-14-dev
)
packages=("${cli[@]}")
if [ "${1:-}" != "--cli" ]; then
  packages+=("${tests[@]}")
fi

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "setup: missing packages: ${missing[*]}; run this script as root" >&2
    exit 1
  fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q
  apt-get install -y -q --no-install-recommends "${missing[@]}"
fi
