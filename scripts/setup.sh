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

debian_package() {
    # Debian names a shared library's package after its soname: libxcb-cursor.so.0 is in
    # libxcb-cursor0, libxkbcommon-x11.so.0 in libxkbcommon-x11-0 (a dash when the name ends
    # in a digit). The first candidate apt knows is the one.
    local soname="$1" base version candidate
    base="$(echo "${soname%%.so*}" | tr '[:upper:]' '[:lower:]')"
    version="${soname##*.so.}"; version="${version%%.*}"
    for candidate in "$base$version" "$base-$version" "${base//-/}$version" "${base//-/}-$version"; do
        case "$base" in *[0-9]) [ "$candidate" = "$base$version" ] && continue ;; esac
        if apt-cache show "$candidate" >/dev/null 2>&1; then echo "$candidate"; return 0; fi
    done
    return 1
}

ensure_qt_platform_libs() {
    # The window's X11 platform plugin links against libraries a desktop has and a minimal
    # machine may lack ("could not load the Qt platform plugin xcb"). Ask the plugin itself
    # (ldd lists what it needs and cannot find) and install just those.
    local plugin missing packages=() soname package
    plugin="$("$VENV/bin/python" -c 'import os, PySide6; print(os.path.join(os.path.dirname(PySide6.__file__), "Qt", "plugins", "platforms", "libqxcb.so"))')"
    [ -f "$plugin" ] && command -v ldd >/dev/null || return 0
    missing="$(ldd "$plugin" 2>/dev/null | awk '/=> not found/ {print $1}' | sort -u)"
    [ -n "$missing" ] || return 0
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
    for soname in $missing; do
        if package="$(debian_package "$soname")"; then packages+=("$package"); else
            echo "setup: no Debian package found for $soname, which the window needs" >&2; fi
    done
    [ "${#packages[@]}" -eq 0 ] || apt_install "${packages[@]}"
}

ensure_virtual_screen() {
    # The tests start the real window once on a virtual X screen, not only offscreen.
    command -v xvfb-run >/dev/null && command -v xwininfo >/dev/null && command -v xauth >/dev/null ||
        apt_install xvfb xauth x11-utils
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
