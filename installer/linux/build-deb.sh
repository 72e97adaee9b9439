#!/usr/bin/env bash
# The .deb of the one-folder bundle, with dpkg-deb:
#   /opt/pea-desktop/              the bundle
#   /usr/bin/pea-desktop           the command (a link into /opt)
#   /usr/share/applications/       the menu entry; /usr/share/icons/hicolor/ the icons;
#   /usr/share/metainfo/           AppStream (software centres); /usr/share/doc/ the licence.
# Menus and icon caches are refreshed by the desktop-file-utils and hicolor triggers.
# Usage: build-deb.sh BUNDLE VERSION ARCH OUTDIR
set -euo pipefail
BUNDLE="$1" VERSION="$2" ARCH="$3" OUT="$4"
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
RES="$ROOT/resources"
ID="fr.pea.PEADesktop"
STAGE="$(mktemp -d)"
trap 'rm -rf "$STAGE"' EXIT

mkdir -p "$STAGE/opt" "$STAGE/usr/bin" "$STAGE/usr/share/applications" \
    "$STAGE/usr/share/metainfo" "$STAGE/usr/share/doc/pea-desktop" "$STAGE/DEBIAN"
cp -a "$BUNDLE" "$STAGE/opt/pea-desktop"
ln -s /opt/pea-desktop/pea-desktop "$STAGE/usr/bin/pea-desktop"
install -m 644 "$RES/linux/$ID.desktop" "$STAGE/usr/share/applications/$ID.desktop"
install -m 644 "$RES/linux/$ID.metainfo.xml" "$STAGE/usr/share/metainfo/$ID.metainfo.xml"
for size in 16 24 32 48 64 128 256 512; do
    dir="$STAGE/usr/share/icons/hicolor/${size}x${size}/apps"
    mkdir -p "$dir"
    install -m 644 "$RES/icons/pea-desktop-$size.png" "$dir/pea-desktop.png"
done
mkdir -p "$STAGE/usr/share/icons/hicolor/scalable/apps"
install -m 644 "$RES/icons/pea-desktop.svg" "$STAGE/usr/share/icons/hicolor/scalable/apps/"
{
    echo "Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/"
    echo "Upstream-Name: PEA Desktop"
    echo
    echo "Files: *"
    echo "License: GPL-3.0-or-later"
    echo " On Debian systems, the full text is in /usr/share/common-licenses/GPL-3."
} >"$STAGE/usr/share/doc/pea-desktop/copyright"
chmod -R u=rwX,go=rX "$STAGE/opt" "$STAGE/usr"

# The libraries Qt's window needs from the system (the bundle carries Qt itself). The same
# list is in the README, for running from a clone.
DEPENDS="libc6 (>= 2.36), libegl1, libgl1, libfontconfig1, libfreetype6, libdbus-1-3,
 libx11-6, libx11-xcb1, libxcb1, libxcb-cursor0, libxcb-icccm4, libxcb-keysyms1, libxcb-image0,
 libxcb-render0, libxcb-render-util0, libxcb-randr0, libxcb-shape0, libxcb-shm0, libxcb-sync1,
 libxcb-xfixes0, libxcb-xkb1, libxkbcommon0, libxkbcommon-x11-0"
SIZE="$(du -sk "$STAGE" | cut -f1)"
cat >"$STAGE/DEBIAN/control" <<CONTROL
Package: pea-desktop
Version: $VERSION
Architecture: $ARCH
Maintainer: PEA Desktop <pea-desktop@localhost>
Installed-Size: $SIZE
Depends: $(echo "$DEPENDS" | tr -s ' \n' ' ')
Recommends: libwayland-client0, libwayland-cursor0, libwayland-egl1
Section: misc
Priority: optional
Description: activité, notes de frais et bilans des antennes de pair-aidance
 PEA Desktop tient le registre des antennes d'une association de pair-aidance en
 addictologie, sans réseau : groupes de parole, visites, témoignages, frais des
 bénévoles, notes de frais au barème kilométrique, reçus fiscaux, bilans et export
 annuel pour la fédération.
CONTROL
DEB="$OUT/pea-desktop_${VERSION}_${ARCH}.deb"
dpkg-deb --root-owner-group -Zgzip --build "$STAGE" "$DEB" >/dev/null
echo "Debian package: $DEB ($(du -h "$DEB" | cut -f1))"
