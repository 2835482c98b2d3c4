#!/usr/bin/env bash
# Debian's chromium for the browser tests (tests/integration/browser), when /usr/bin/chromium is missing.
exec bash "$(dirname "$0")/../apt_install.sh" chromium /usr/bin/chromium
