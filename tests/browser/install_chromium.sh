#!/usr/bin/env bash
# Installs Debian's chromium for the browser tests (tests/browser) when /usr/bin/chromium is
# missing. Idempotent and quiet; needs root (or sudo) and the Debian package mirror.
set -euo pipefail

if [ -x /usr/bin/chromium ]; then
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
    echo "install_chromium.sh: not root and no sudo; install the Debian package 'chromium' by hand" >&2
    exit 1
  fi
fi

export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq chromium >/dev/null
/usr/bin/chromium --version
