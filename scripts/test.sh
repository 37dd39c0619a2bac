#!/usr/bin/env bash
# Install everything the tests need, then run them: `bash scripts/test.sh [pytest args]`.
# Python packages go into the project environment .venv/ (requirements-dev.txt at the
# versions of requirements.lock; nothing is reinstalled while those and the Python version
# are unchanged, see scripts/venv.sh). Browser tests drive Debian's Chromium
# (/usr/bin/chromium) through Python playwright; no browser is ever downloaded.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/venv.sh
venv_ensure dev

if [ ! -x /usr/bin/chromium ]; then
  if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
  echo "Installing Debian's chromium for the browser tests…"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium fonts-dejavu-core >/dev/null
fi

"$VENV_PY" -m ruff check .
"$(dirname "$VENV_PY")/lint-imports" --no-cache  # the layers (pyproject.toml [tool.importlinter])
"$VENV_PY" -m pytest "$@"
