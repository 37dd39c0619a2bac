# The project environment in .venv/, shared by scripts/run.sh, scripts/test.sh and
# scripts/lock.sh (sourced from the repository root, not run by itself).
#
# * Python: $PYTHON if set, else the first of python3, python3.14 … python3.11, python on
#   PATH that is >= $MIN_PYTHON (3.11: shapely>=2.2 in requirements.txt has no release
#   for 3.10). The environment is made with `uv venv` when uv is installed, else with
#   `python -m venv` (on Debian/Ubuntu that needs python3-venv: as root the script installs
#   it, otherwise it says what to install).
# * Packages: `-r requirements.txt -c requirements.lock` (run.sh) or
#   `-r requirements-dev.txt -c requirements.lock` (test.sh): the ranges in requirements*.txt,
#   the exact versions in requirements.lock (made by scripts/lock.sh). Installed by uv: the
#   one on PATH, else one that .venv's pip installs into .venv first (UV_PIN); plain pip if
#   that fails (no uv wheel for the platform, or an index uv cannot read). A fresh install of
#   the test set here: uv 22-25 s in all (about 7 s of it making .venv and getting uv), pip 68 s.
#   Either way the packages' bytecode is compiled at install, once: this machine's
#   PYTHONDONTWRITEBYTECODE would otherwise make every test process compile it again.
# * Nothing is reinstalled while the lock, the requirements files and the Python version
#   are unchanged: their hash is kept in .venv/.stamp-runtime and .venv/.stamp-dev.
#   A .venv made by another Python version, or broken, is deleted and made again.

VENV_DIR=.venv
VENV_PY=$VENV_DIR/bin/python
LOCK_FILE=requirements.lock
MIN_PYTHON=3.11   # also the lower bound scripts/lock.sh resolves for
UV_PIN="uv==0.13.9"  # the installer put into .venv when no uv is on PATH

# Prints the path of the Python to use, or fails with a message.
find_python() {
  local candidate minimum="(${MIN_PYTHON/./, })"
  for candidate in ${PYTHON:-} python3 python3.14 python3.13 python3.12 python3.11 python; do
    if command -v "$candidate" >/dev/null 2>&1 \
      && "$candidate" -c 'import sys; sys.exit(sys.version_info < '"$minimum"')' >/dev/null 2>&1; then
      command -v "$candidate"
      return 0
    fi
  done
  echo "error: no Python >= $MIN_PYTHON found on PATH (tried ${PYTHON:+$PYTHON, }python3, python3.14 … python3.11, python)." >&2
  echo "       Install one (Debian/Ubuntu: apt-get install python3 python3-venv), or set PYTHON=/path/to/python." >&2
  return 1
}

python_version() { "$1" -c 'import sys; print("%d.%d.%d" % sys.version_info[:3])'; }

# `python -m venv` needs ensurepip, which Debian and Ubuntu ship separately (python3-venv).
ensure_ensurepip() {
  local python=$1 version package
  "$python" -c 'import ensurepip' >/dev/null 2>&1 && return 0
  version=$("$python" -c 'import sys; print("%d.%d" % sys.version_info[:2])')
  package=python3-venv
  if [ "$(readlink -f "$python")" != "$(readlink -f /usr/bin/python3 2>/dev/null)" ]; then
    package=python$version-venv
  fi
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "$python has no ensurepip (needed by python -m venv): installing Debian's $package…"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$package" >/dev/null
    "$python" -c 'import ensurepip' >/dev/null 2>&1 && return 0
  fi
  echo "error: $python cannot create the project environment .venv: its venv/ensurepip module is missing." >&2
  echo "       On Debian/Ubuntu install it:  sudo apt-get install $package" >&2
  echo "       (or install uv, or set PYTHON to another Python >= $MIN_PYTHON), then run this script again." >&2
  return 1
}

# Creates .venv with $1 unless a working one of the same Python version is there.
ensure_venv() {
  local python=$1 want have
  want=$(python_version "$python")
  if [ -e "$VENV_DIR" ] || [ -L "$VENV_DIR" ]; then
    have=$( [ -f "$VENV_DIR/pyvenv.cfg" ] && python_version "$VENV_PY" 2>/dev/null || true)
    if [ "$have" = "$want" ] && { command -v uv >/dev/null 2>&1 || "$VENV_PY" -m pip --version >/dev/null 2>&1; }; then
      return 0
    fi
    if [ -z "$have" ]; then
      echo "Rebuilding $VENV_DIR: it is broken (its python does not run)."
    elif [ "$have" != "$want" ]; then
      echo "Rebuilding $VENV_DIR: it was made by Python $have, the Python found now is $want ($python)."
    else
      echo "Rebuilding $VENV_DIR: it has no pip (made by uv, which is not on PATH now)."
    fi
    rm -rf "$VENV_DIR"
  fi
  echo "Creating $VENV_DIR with Python $want ($python)…"
  if command -v uv >/dev/null 2>&1; then
    uv venv --quiet --python "$python" "$VENV_DIR" || { rm -rf "$VENV_DIR"; return 1; }
  else
    ensure_ensurepip "$python" || return 1
    "$python" -m venv "$VENV_DIR" || { rm -rf "$VENV_DIR"; return 1; }
  fi
}

# Prints the uv to install with: the one on PATH, else .venv's own (installed by .venv's pip
# if need be). Fails, printing nothing, when there is none to be had.
venv_uv() {
  if command -v uv >/dev/null 2>&1; then
    command -v uv
    return 0
  fi
  if ! [ -x "$VENV_DIR/bin/uv" ]; then
    "$VENV_PY" -m pip install --quiet --disable-pip-version-check "$UV_PIN" >/dev/null 2>&1 || return 1
  fi
  "$VENV_DIR/bin/uv" --version >/dev/null 2>&1 && echo "$VENV_DIR/bin/uv"
}

inputs_hash() { cat requirements.txt requirements-dev.txt | sha256sum | cut -d' ' -f1; }

# The hash of what an install of $1 (runtime | dev) depends on.
stamp_of() {
  local files=(requirements.txt)
  [ "$1" = dev ] && files+=(requirements-dev.txt)
  { python_version "$VENV_PY"; cat "$LOCK_FILE" "${files[@]}"; } | sha256sum | cut -d' ' -f1
}

# Makes sure .venv exists and holds the locked packages of $1: runtime (requirements.txt)
# or dev (requirements-dev.txt, which includes requirements.txt).
venv_ensure() {
  local what=$1 python stamp requirements
  python=$(find_python) || return 1
  ensure_venv "$python" || return 1
  if [ ! -f "$LOCK_FILE" ]; then
    echo "error: $LOCK_FILE is missing; make it with: bash scripts/lock.sh" >&2
    return 1
  fi
  if ! grep -qx "# inputs-sha256: $(inputs_hash)" "$LOCK_FILE"; then
    echo "warning: requirements.txt or requirements-dev.txt changed since $LOCK_FILE was made;" >&2
    echo "         packages missing from the lock are installed unpinned. Refresh it: bash scripts/lock.sh" >&2
  fi
  stamp=$(stamp_of "$what")
  if [ "$(cat "$VENV_DIR/.stamp-$what" 2>/dev/null)" = "$stamp" ]; then
    return 0  # installed from this very lock already
  fi
  requirements=requirements.txt
  [ "$what" = dev ] && requirements=requirements-dev.txt
  echo "Installing $requirements (versions from $LOCK_FILE) into $VENV_DIR…"
  local uv
  if uv=$(venv_uv) \
    && "$uv" pip install --quiet --compile-bytecode --python "$VENV_PY" -r "$requirements" -c "$LOCK_FILE"; then
    :
  else
    [ -n "$uv" ] && echo "uv could not install them; trying pip…"
    "$VENV_PY" -m pip install --quiet --disable-pip-version-check -r "$requirements" -c "$LOCK_FILE" || return 1
  fi
  echo "$stamp" >"$VENV_DIR/.stamp-$what"
  # requirements-dev.txt includes requirements.txt: the runtime set is installed too.
  if [ "$what" = dev ]; then stamp_of runtime >"$VENV_DIR/.stamp-runtime"; fi
}
