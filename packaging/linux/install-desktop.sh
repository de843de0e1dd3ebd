#!/usr/bin/env bash
# Install DICOM Viewer into the desktop for the current user: menu entry, icons, the
# application/dicom file type (*.dcm, or "DICM" at byte 128) opened by the viewer.
#   packaging/linux/install-desktop.sh [--exec PROGRAM] [--no-default]
#   packaging/linux/install-desktop.sh --uninstall
# PROGRAM (what the menu entry runs) defaults to, in this order: the frozen build this script
# is part of (dist/dicom-viewer/desktop/ -> ../dicom-viewer), the repository's
# dist/dicom-viewer/dicom-viewer, its .venv/bin/dicom-viewer, then dicom-viewer on PATH.
# Files go to $XDG_DATA_HOME (default ~/.local/share); needs no root.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
data=${XDG_DATA_HOME:-$HOME/.local/share}
program="" make_default=1 uninstall=0
while [ $# -gt 0 ]; do
  case $1 in
    --exec) program=$2; shift 2 ;;
    --no-default) make_default=0; shift ;;
    --uninstall) uninstall=1; shift ;;
    -h|--help) sed -n 2,9p "$0"; exit 0 ;;
    *) echo "install-desktop.sh: unknown option $1" >&2; exit 2 ;;
  esac
done

refresh() {  # the caches desktops read; each tool is optional
  if command -v update-mime-database >/dev/null; then update-mime-database "$data/mime"; fi
  if command -v update-desktop-database >/dev/null; then
    update-desktop-database -q "$data/applications"
  fi
  if command -v gtk-update-icon-cache >/dev/null && [ -e "$data/icons/hicolor/index.theme" ]; then
    gtk-update-icon-cache -q -t "$data/icons/hicolor" || true
  fi
  return 0
}

if [ "$uninstall" = 1 ]; then
  rm -f "$data/applications/dicom-viewer.desktop" "$data/mime/packages/dicom-viewer.xml"
  rm -f "$data"/icons/hicolor/*/apps/dicom-viewer.png "$data/icons/hicolor/scalable/apps/dicom-viewer.svg"
  mkdir -p "$data/mime/packages" "$data/applications"
  refresh
  echo "removed DICOM Viewer's desktop entry, icons and file type from $data"
  exit 0
fi

if [ -z "$program" ]; then
  for candidate in "$here/../dicom-viewer" "$here/../../dist/dicom-viewer/dicom-viewer" \
                   "$here/../../.venv/bin/dicom-viewer" "$(command -v dicom-viewer || true)"; do
    if [ -n "$candidate" ] && [ -f "$candidate" ] && [ -x "$candidate" ]; then
      program=$candidate; break
    fi
  done
fi
[ -n "$program" ] && [ -x "$program" ] || {
  echo "install-desktop.sh: no dicom-viewer program found; build it (packaging/build.sh)," \
       "set up the venv (packaging/bootstrap.sh) or pass --exec PROGRAM" >&2; exit 1; }
program=$(cd "$(dirname "$program")" && pwd)/$(basename "$program")
case $program in *[[:space:]\"\'\\\$\`]*)
  echo "install-desktop.sh: $program: a path with spaces or quotes cannot go into Exec=" >&2
  exit 1 ;;
esac

icons=$here/icons  # the frozen build's copy
[ -d "$icons" ] || icons=$here/../../resources/icons

mkdir -p "$data/applications" "$data/mime/packages"
sed -e "s|^Exec=.*|Exec=$program %F|" -e "s|^TryExec=.*|TryExec=$program|" \
  "$here/dicom-viewer.desktop" > "$data/applications/dicom-viewer.desktop"
cp "$here/dicom-viewer-mime.xml" "$data/mime/packages/dicom-viewer.xml"
for png in "$icons"/dicom-viewer-*.png; do
  size=${png##*-}; size=${size%.png}
  mkdir -p "$data/icons/hicolor/${size}x${size}/apps"
  cp "$png" "$data/icons/hicolor/${size}x${size}/apps/dicom-viewer.png"
done
mkdir -p "$data/icons/hicolor/scalable/apps"
cp "$icons/dicom-viewer.svg" "$data/icons/hicolor/scalable/apps/dicom-viewer.svg"
refresh
if [ "$make_default" = 1 ] && command -v xdg-mime >/dev/null; then
  xdg-mime default dicom-viewer.desktop application/dicom
fi
echo "installed DICOM Viewer (runs $program) into $data"
