#!/usr/bin/env bash
# Installs the system packages GradSync builds against, when they are missing (Debian/Ubuntu, as root or with sudo).
set -euo pipefail
# libxml2: Foundation's XML parser, which reads .xlsx rosters.
needed=(libsqlite3-dev libcurl4-openssl-dev zlib1g-dev libxml2 pkg-config openssl curl util-linux)
[ "$#" -gt 0 ] && needed+=("$@")
missing=()
for package in "${needed[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
[ "${#missing[@]}" -eq 0 ] && exit 0
sudo=""
[ "$(id -u)" -ne 0 ] && sudo="sudo"
echo "installing: ${missing[*]}" >&2
$sudo apt-get update -qq >&2
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
