#!/usr/bin/env bash
# Run the app on the bundled districts.yaml and claims.yaml:
# `bash scripts/run.sh [-- --boundaries FILE --claims FILE --districts FILE]`.
# First makes the project environment .venv/ (Python >= 3.11 from PATH, packages of
# requirements.txt at the versions of requirements.lock); later runs reuse it and install
# nothing while the lock, requirements.txt and the Python version are unchanged
# (see scripts/venv.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/venv.sh
venv_ensure runtime
exec "$VENV_PY" -m streamlit run app.py "$@"
