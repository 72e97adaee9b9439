#!/usr/bin/env bash
# Regenerate the icon's PNG sizes and the Windows .ico from resources/icons/pea-desktop.svg.
# Needs rsvg-convert (librsvg2-bin) and ImageMagick's convert. The results are committed, so
# building the installers does not need these tools.
set -euo pipefail
cd "$(dirname "$0")/../resources/icons"
sizes=(16 24 32 48 64 128 256 512)
for size in "${sizes[@]}"; do
    rsvg-convert -w "$size" -h "$size" pea-desktop.svg -o "pea-desktop-$size.png"
done
convert pea-desktop-16.png pea-desktop-24.png pea-desktop-32.png pea-desktop-48.png \
    pea-desktop-64.png pea-desktop-128.png pea-desktop-256.png pea-desktop.ico
