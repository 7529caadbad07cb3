# Sourced by ./run and ./test: makes sure the virtual environment, its
# packages and the programs the workbench runs (Tesseract) exist, doing
# nothing when they already match pyproject.toml.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="$ROOT/.venv"
STAMP="$VENV/.installed"

as_root() {
    if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
        echo "setup: needs root to install Debian packages: $*" >&2; return 1; fi
}

apt_install() {
    echo "setup: installing Debian packages: $*" >&2
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

find_python() {
    for candidate in python3.13 python3.12 python3.11 python3; do
        if command -v "$candidate" >/dev/null &&
           "$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
            command -v "$candidate"; return 0
        fi
    done
    return 1
}

ensure_tools() {
    # OCR of scanned records runs the Tesseract program (English data included).
    command -v tesseract >/dev/null || apt_install tesseract-ocr tesseract-ocr-eng
}

ensure_bytecode() {
    # Compiled modules make the window start faster; only changed sources are compiled again
    # (and this works even where PYTHONDONTWRITEBYTECODE keeps Python from writing them itself).
    "$VENV/bin/python" -m compileall -q "$ROOT/workbench" "$ROOT/db" >/dev/null || true
}

ensure_venv() {
    if [ ! -x "$VENV/bin/python" ]; then
        local python
        python="$(find_python)" || { apt_install python3 python3-venv; python="$(find_python)"; }
        if ! "$python" -m venv "$VENV" 2>/dev/null; then
            rm -rf "$VENV"
            apt_install python3-venv
            "$python" -m venv "$VENV"
        fi
    fi
    local wanted
    wanted="$(sha256sum "$ROOT/pyproject.toml" | cut -d' ' -f1)"
    if [ ! -f "$STAMP" ] || [ "$(cat "$STAMP")" != "$wanted" ]; then
        echo "setup: installing Python packages into .venv" >&2
        "$VENV/bin/python" -m pip install -q --disable-pip-version-check --upgrade pip
        "$VENV/bin/python" -m pip install -q --disable-pip-version-check -e "$ROOT[test]"
        echo "$wanted" > "$STAMP"
    fi
}
