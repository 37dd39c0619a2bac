#!/usr/bin/env bash
# Install what the app needs and run it on the bundled districts.yaml and claims.yaml:
# `bash scripts/run.sh [-- --boundaries FILE --claims FILE --districts FILE]`.
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m pip install --quiet --disable-pip-version-check -r requirements.txt
exec python3 -m streamlit run app.py "$@"
