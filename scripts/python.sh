#!/usr/bin/env bash
# Print a Python >= 3.12 for the virtualenv (Django 6 needs it); install one from
# Debian's packages if none is found and we are root.
set -euo pipefail
ok() { "$1" -c 'import sys, venv; sys.exit(sys.version_info < (3, 12))' >/dev/null 2>&1; }
for p in "${PYTHON:-}" python3.14 python3.13 python3.12 python3 \
         $(ls -d "$HOME"/.pyenv/versions/3.1[2-9]*/bin/python3 2>/dev/null | sort -rV); do
  [ -n "$p" ] && command -v "$p" >/dev/null 2>&1 && ok "$p" && { command -v "$p"; exit 0; }
done
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "no Python >= 3.12 found: installing python3 and python3-venv from Debian" >&2
  apt-get update -q >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -q python3 python3-venv >&2
  ok python3 && { command -v python3; exit 0; }
fi
echo "error: this project needs Python >= 3.12 (Django 6). Install it, or set PYTHON=/path/to/python3.12." >&2
exit 1
