#!/usr/bin/env bash
# Installs Debian's redis-server for tests/test_scale_redis.py when it is missing.
# Idempotent and quiet; needs root (or sudo) and the Debian package mirror. The tests never
# use a system service: they start their own redis-server on a free loopback port, with a
# temporary directory and no persistence, and stop it at the end.
set -euo pipefail

if command -v redis-server >/dev/null 2>&1; then
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
    echo "install_redis.sh: not root and no sudo; install the Debian package 'redis-server' by hand" >&2
    exit 1
  fi
fi

export DEBIAN_FRONTEND=noninteractive
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
# apt's and debconf's chatter goes to the log, which is shown only when something fails.
if ! { $SUDO apt-get update -qq && $SUDO apt-get install -y -qq --no-install-recommends redis-server; } >"$log" 2>&1; then
  cat "$log" >&2
  exit 1
fi
redis-server --version >/dev/null
