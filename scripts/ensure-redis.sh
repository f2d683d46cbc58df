#!/usr/bin/env bash
# The shared-cache test (throttles held across app servers) needs Redis on 127.0.0.1:6379.
# Start it if it is installed but not running; install it (Debian, as root) if missing.
set -euo pipefail
if command -v redis-cli >/dev/null && redis-cli -h 127.0.0.1 -p 6379 ping 2>/dev/null | grep -q PONG; then
  exit 0
fi
if ! command -v redis-server >/dev/null; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q redis-server
  else
    echo "error: Redis is missing: run 'sudo apt-get install redis-server'" >&2
    exit 1
  fi
fi
redis-server --bind 127.0.0.1 --port 6379 --daemonize yes --save "" --appendonly no >/dev/null
for _ in $(seq 50); do
  redis-cli -h 127.0.0.1 -p 6379 ping 2>/dev/null | grep -q PONG && exit 0
  sleep 0.1
done
echo "error: Redis did not start on 127.0.0.1:6379" >&2
exit 1
