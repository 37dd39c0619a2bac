#!/usr/bin/env bash
# Install everything the tests need, then run them: `bash scripts/test.sh [pytest args]`.
# Python packages go into the project environment .venv/ (requirements-dev.txt at the
# versions of requirements.lock; nothing is reinstalled while those and the Python version
# are unchanged, see scripts/venv.sh). Browser tests drive Debian's Chromium
# (/usr/bin/chromium) through Python playwright; no browser is ever downloaded. The map
# script's unit tests (tests/js) run under Debian's Node.js with its built-in test runner.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/venv.sh
venv_ensure dev

missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium fonts-dejavu-core)  # the browser tests
command -v node >/dev/null 2>&1 || missing+=(nodejs)  # the map script's unit tests
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
  echo "Installing Debian's ${missing[*]} for the tests…"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi

"$VENV_PY" -m ruff check .
"$(dirname "$VENV_PY")/lint-imports" --no-cache  # the layers (pyproject.toml [tool.importlinter])
node --test tests/js/*.test.js  # the map script's pure parts (webmap/js), no browser
"$VENV_PY" -m mypy  # the types of core/, yamldata/, geo/, webmap/, exports/ (pyproject.toml [tool.mypy])
"$VENV_PY" scripts/complexity.py  # no product function above complexity 20 without a written reason
"$VENV_PY" -m pytest "$@"
