#!/usr/bin/env bash
# Debian packages the test suite needs beyond Node: Chromium for the store wall's browser test
# (packages/sandbox/test/wall.test.ts) and PostgreSQL for the shared-database tests (packages/sandbox/test/postgres.test.ts).
# Quick when already installed.
set -euo pipefail

packages=(chromium postgresql)
missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed' || missing+=("$package")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
  echo "Missing Debian packages: ${missing[*]}. Install them as root: apt-get install -y ${missing[*]}" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq "${missing[@]}" >/dev/null
