#!/usr/bin/env bash
# CI proof of the Linux installer: install the .deb, use the installed command as a user
# would - from a folder outside the repository, with a clean environment (no .venv, no
# PYTHONPATH) - then remove the package. Needs root (dpkg) and poppler-utils (pdftotext);
# uses xvfb-run, when present, so that the window starts on the real X11 (xcb) platform.
# Usage: installer/check-installed.sh dist/pea-desktop_X.Y.Z_ARCH.deb
set -euo pipefail
DEB="$(realpath "$1")"
VERSION="$(dpkg-deb --field "$DEB" Version)"
WORK="$(mktemp -d /tmp/pea-desktop-check.XXXXXX)"
trap 'rm -rf "$WORK"' EXIT
fail() { echo "check-installed: $*" >&2; exit 1; }

echo "== dpkg -i $(basename "$DEB")"
# dpkg does not fetch dependencies; apt then installs the ones the package declares.
dpkg -i "$DEB" >/dev/null || apt-get install -f -y -qq >/dev/null
[ "$(dpkg-query -W -f '${Status}' pea-desktop)" = "install ok installed" ] || fail "not installed"
for file in /usr/share/applications/fr.pea.PEADesktop.desktop \
    /usr/share/metainfo/fr.pea.PEADesktop.metainfo.xml \
    /usr/share/icons/hicolor/48x48/apps/pea-desktop.png \
    /usr/share/icons/hicolor/scalable/apps/pea-desktop.svg; do
    [ -f "$file" ] || fail "missing $file"
done
if command -v desktop-file-validate >/dev/null; then
    desktop-file-validate /usr/share/applications/fr.pea.PEADesktop.desktop
fi

# As a user: own home, nothing of the repository or its virtual environment.
mkdir -p "$WORK/home" "$WORK/docs"
cd "$WORK/docs"
user() { env -i HOME="$WORK/home" PATH=/usr/local/bin:/usr/bin:/bin LANG=C.UTF-8 "$@"; }
[ "$(user sh -c 'command -v pea-desktop')" = /usr/bin/pea-desktop ] || fail "not on the PATH"

echo "== pea-desktop --version"
[ "$(user pea-desktop --version)" = "pea-desktop $VERSION" ] || fail "wrong version"

echo "== pea-desktop --smoke-test (new base in the user's data folder)"
START=$(date +%s.%N)
if command -v xvfb-run >/dev/null; then
    user xvfb-run -a -s "-screen 0 1366x768x24" pea-desktop --smoke-test
else
    user QT_QPA_PLATFORM=offscreen pea-desktop --smoke-test
fi
echo "   window shown and closed in $(awk "BEGIN { print $(date +%s.%N) - $START }") s"
[ -f "$WORK/home/.local/share/pea-desktop/pea.sqlite3" ] || fail "no base created"

echo "== pea-desktop demo, print summary, claims prepare, print claims"
YEAR=$(($(date +%Y) - 1))
MONTH="$(date -d "$(date +%Y-%m-15) -1 month" +%Y-%m)"
user pea-desktop demo --db demo.sqlite3 >/dev/null
user pea-desktop print summary --db demo.sqlite3 --year "$YEAR" -o bilan.pdf
user pea-desktop claims prepare --db demo.sqlite3 --month "$MONTH" >/dev/null
user pea-desktop print claims --db demo.sqlite3 --month "$MONTH" -o notes.pdf

pdftotext bilan.pdf bilan.txt
grep -q "Bilan d'activité" bilan.txt || fail "bilan.pdf: no title"
grep -q "Année $YEAR" bilan.txt || fail "bilan.pdf: not the year $YEAR"
grep -q "données de démonstration" bilan.txt || fail "bilan.pdf: no association"
pdftotext notes.pdf notes.txt
grep -q "Bordereau de remboursement des frais" notes.txt || fail "notes.pdf: no bordereau"
grep -q "N° de note" notes.txt || fail "notes.pdf: no claim table"
echo "   bilan.pdf $(pdfinfo bilan.pdf | awk '/^Pages/ {print $2}') pages," \
    "notes.pdf $(pdfinfo notes.pdf | awk '/^Pages/ {print $2}') pages"

echo "== pea-desktop encrypt (SQLCipher bundled), then print with the passphrase"
user PEA_DESKTOP_PASSPHRASE="cheval correct agrafe" pea-desktop encrypt --db demo.sqlite3 </dev/null
! grep -q "Lyon" demo.sqlite3 || fail "encrypted base still readable"
user PEA_DESKTOP_PASSPHRASE="cheval correct agrafe" pea-desktop print summary --db demo.sqlite3 \
    --year "$YEAR" -o bilan-chiffre.pdf </dev/null
pdftotext bilan-chiffre.pdf bilan-chiffre.txt
grep -q "Année $YEAR" bilan-chiffre.txt || fail "encrypted base: no summary"

# The installed build on a PostgreSQL base (psycopg and its libpq are bundled): a throwaway
# server in a temporary folder, as the postgres system user (the server refuses root).
PG_BIN="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"
if [ -n "$PG_BIN" ] && id postgres >/dev/null 2>&1; then
    echo "== pea-desktop demo and print summary on a PostgreSQL base"
    # Its own folder, owned by postgres: $WORK is the root user's alone (mktemp -d, 0700).
    PG_DIR="$(mktemp -d /tmp/pea-desktop-pg.XXXXXX)"
    mkdir -p "$PG_DIR/socket" && chown -R postgres "$PG_DIR"
    pg() { (cd / && runuser -u postgres -- "$PG_BIN/$1" "${@:2}"); }
    pg initdb -D "$PG_DIR/data" -U pea --auth=trust >/dev/null
    pg pg_ctl start -w -D "$PG_DIR/data" -l "$PG_DIR/log" \
        -o "-k $PG_DIR/socket -c listen_addresses= -p 54329" >/dev/null
    trap 'pg pg_ctl stop -D "$PG_DIR/data" -m fast >/dev/null 2>&1; rm -rf "$WORK" "$PG_DIR"' EXIT
    pg createdb -h "$PG_DIR/socket" -p 54329 -U pea pea
    SERVER="postgresql://pea@/pea?host=$PG_DIR/socket&port=54329"
    user pea-desktop demo --db "$SERVER" >/dev/null
    user pea-desktop print summary --db "$SERVER" --year "$YEAR" -o bilan-serveur.pdf
    pdftotext bilan-serveur.pdf bilan-serveur.txt
    grep -q "Année $YEAR" bilan-serveur.txt || fail "server base: no summary"
    echo "   bilan-serveur.pdf $(pdfinfo bilan-serveur.pdf | awk '/^Pages/ {print $2}') pages"
fi

echo "== dpkg -r pea-desktop"
dpkg -r pea-desktop >/dev/null
[ ! -e /usr/bin/pea-desktop ] && [ ! -e /opt/pea-desktop ] || fail "left files behind"
[ -f "$WORK/home/.local/share/pea-desktop/pea.sqlite3" ] || fail "removing lost user data"
echo "Installed package checked."
