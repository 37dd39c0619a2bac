#!/usr/bin/env bash
# Refresh requirements.lock, the exact versions scripts/run.sh and scripts/test.sh install:
#   bash scripts/lock.sh                            # after editing requirements*.txt: keeps the
#                                                   # current pins where they still fit
#   bash scripts/lock.sh --upgrade                  # newest versions the ranges allow
#   bash scripts/lock.sh --upgrade-package streamlit
# Resolves requirements-dev.txt (which includes requirements.txt) with `uv pip compile
# --universal`, for every platform and every Python >= MIN_PYTHON (scripts/venv.sh).
# Uses uv from PATH, else installs it into the git-ignored .venv-lock/.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/venv.sh

if command -v uv >/dev/null 2>&1; then
  UV=$(command -v uv)
else
  UV=.venv-lock/bin/uv
  if ! [ -x "$UV" ] || ! "$UV" --version >/dev/null 2>&1; then
    python=$(find_python)
    ensure_ensurepip "$python"
    rm -rf .venv-lock
    echo "Installing uv into .venv-lock/ (the lock's resolver)…"
    "$python" -m venv .venv-lock
    .venv-lock/bin/python -m pip install --quiet --disable-pip-version-check "$UV_PIN"
  fi
fi

tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT
# uv keeps the pins of an existing output file unless told to --upgrade.
if [ -f requirements.lock ]; then cp requirements.lock "$tmp"; fi
"$UV" pip compile --quiet --universal --python-version "$MIN_PYTHON" \
  --custom-compile-command "bash scripts/lock.sh" \
  ${1+"$@"} \
  --output-file "$tmp" requirements-dev.txt
{
  echo "# The exact versions of requirements-dev.txt (and requirements.txt, which it includes),"
  echo "# installed as constraints by scripts/run.sh and scripts/test.sh. Do not edit: run"
  echo "# \`bash scripts/lock.sh\` after changing requirements*.txt. The hash of those two files:"
  echo "# inputs-sha256: $(inputs_hash)"
  cat "$tmp"
} >requirements.lock
echo "Wrote requirements.lock ($(grep -c '==' requirements.lock) pinned packages, $("$UV" --version))."
