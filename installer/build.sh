#!/usr/bin/env bash
# `make installer`: the frozen one-folder build, then what this platform can make of it.
#   Linux: dist/pea-desktop_VERSION_ARCH.deb and dist/pea-desktop-VERSION-linux-ARCH.tar.gz,
#          and, when makensis is installed, a compile check of the Windows installer script.
# Usage: installer/build.sh [PYTHON]   (PYTHON: the interpreter with the `installer` extra)
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
PYTHON="${1:-$ROOT/.venv/bin/python}"
cd "$ROOT"
VERSION="$("$PYTHON" -c 'from pea_desktop import __version__; print(__version__)')"
BUILD="$ROOT/build/installer"
BUNDLE="$BUILD/dist/pea-desktop"
mkdir -p "$ROOT/dist"

rm -rf "$BUILD/dist"
"$PYTHON" -m PyInstaller --noconfirm --log-level WARN \
    --distpath "$BUILD/dist" --workpath "$BUILD/work" installer/pea-desktop.spec
# PyInstaller links some Qt libraries at the top of the bundle even when the spec left them
# out (only left-out plugins used them): drop those dangling links.
find "$BUNDLE" -xtype l -delete
echo "Bundle: $(du -sh "$BUNDLE" | cut -f1) in $BUNDLE"

case "$(uname -s)" in
Linux)
    ARCH="$(dpkg --print-architecture 2>/dev/null || uname -m)"
    TARBALL="$ROOT/dist/pea-desktop-$VERSION-linux-$(uname -m).tar.gz"
    tar -C "$BUILD/dist" -czf "$TARBALL" pea-desktop
    echo "Portable archive: $TARBALL ($(du -h "$TARBALL" | cut -f1))"
    installer/linux/build-deb.sh "$BUNDLE" "$VERSION" "$ARCH" "$ROOT/dist"
    if command -v makensis >/dev/null 2>&1; then
        # A check of the script only: PyInstaller does not cross-compile, so this "installer"
        # holds the Linux bundle. The real one is made on Windows (installer/windows/build.ps1).
        makensis -V2 -DCHECK_ONLY -DVERSION="$VERSION" -DBUNDLE="$BUNDLE" \
            -DOUTFILE="$BUILD/nsis-check.exe" installer/windows/pea-desktop.nsi
        echo "Windows installer script compiles (makensis)."
        rm -f "$BUILD/nsis-check.exe"
    fi
    ;;
*)
    echo "On Windows, run installer/windows/build.ps1." >&2
    ;;
esac
