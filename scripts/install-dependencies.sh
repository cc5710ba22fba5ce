#!/usr/bin/env bash
# Installs the Debian packages the build, the tests and the reports need,
# when any is missing. As root it runs apt-get; otherwise it prints the
# exact command to run and exits with status 1.
set -euo pipefail

packages=(libgsl-dev libopenblas-dev zlib1g-dev pkg-config
  dataset-fashion-mnist)

# `python3 -m venv` needs Debian's python3-venv unless the interpreter on
# PATH brings its own venv and ensurepip modules.
if ! command -v python3 >/dev/null 2>&1; then
  packages+=(python3 python3-venv)
elif ! python3 -c 'import venv, ensurepip' >/dev/null 2>&1; then
  packages+=(python3-venv)
fi

missing=()
for package in "${packages[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$package" 2>/dev/null || true)
  if [[ "$status" != "install ok installed" ]]; then
    missing+=("$package")
  fi
done

if [[ ${#missing[@]} -eq 0 ]]; then
  exit 0
fi

if [[ $(id -u) -ne 0 ]]; then
  echo "missing Debian packages: ${missing[*]}" >&2
  echo "run: sudo apt-get update && sudo apt-get install -y ${missing[*]}" >&2
  exit 1
fi

echo "installing Debian packages: ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
apt-get install -y -q --no-install-recommends "${missing[@]}"
