#!/usr/bin/env bash
# The learning simulation against the code as it was before issue 16's learner model
# (docs/learning.md, "Reproducing the figure before"): a throwaway git worktree at that
# commit, today's sim/learning.py copied in, the 60 mock-exam answers measured.
set -euo pipefail
BEFORE=${BEFORE:-d10cd79}  # the last commit with the k/n mastery and theme-only papers
here=$(cd "$(dirname "$0")/.." && pwd)
tree=$(mktemp -d)
trap 'git -C "$here" worktree remove --force "$tree" >/dev/null 2>&1 || true; rm -rf "$tree"' EXIT
git -C "$here" worktree add --detach "$tree" "$BEFORE" >/dev/null
mkdir -p "$tree/sim" && cp "$here/sim/__init__.py" "$here/sim/learning.py" "$tree/sim/"
cd "$tree"
DATABASE_URL=${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/ipas_before} \
  "$here/.venv/bin/python" -m sim.learning --later-answers 0 --no-calibration "$@"
