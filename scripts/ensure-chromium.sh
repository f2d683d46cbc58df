#!/usr/bin/env bash
# The browser tests drive Debian's Chromium; never a downloaded browser.
set -euo pipefail
[ -x /usr/bin/chromium ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium fonts-noto-cjk
  exit 0
fi
echo "error: /usr/bin/chromium is missing: run 'sudo apt-get install chromium'" >&2
exit 1
