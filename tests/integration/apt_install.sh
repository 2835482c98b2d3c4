#!/usr/bin/env bash
# bash tests/integration/apt_install.sh PACKAGE COMMAND
# Installs the Debian package PACKAGE when COMMAND (a name on PATH or an absolute path) is
# missing: what `make test` needs beyond Python (chromium for the browser tests, redis-server for
# the scale-out test). Idempotent and quiet; needs root (or sudo) and the Debian package mirror.
# apt's and debconf's chatter goes to a log that is shown only when something fails.
set -euo pipefail

package="$1"
command="$2"
if command -v "$command" >/dev/null 2>&1; then
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
    echo "apt_install.sh: not root and no sudo; install the Debian package '$package' by hand" >&2
    exit 1
  fi
fi

export DEBIAN_FRONTEND=noninteractive
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
if ! { $SUDO apt-get update -qq && $SUDO apt-get install -y -qq "$package"; } >"$log" 2>&1; then
  cat "$log" >&2
  exit 1
fi
command -v "$command" >/dev/null
