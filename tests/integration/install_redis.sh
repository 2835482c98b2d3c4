#!/usr/bin/env bash
# Debian's redis-server for tests/integration/test_scale_redis.py and `make bench`, when it is
# missing. The tests never use a system service: they start their own redis-server on a free
# loopback port, with a temporary directory and no persistence, and stop it at the end.
exec bash "$(dirname "$0")/apt_install.sh" redis-server redis-server
