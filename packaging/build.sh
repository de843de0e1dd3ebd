#!/usr/bin/env bash
# Build the installable one-folder application with PyInstaller:
#   packaging/build.sh [--dist DIR] [--work DIR]
# produces DIR/dicom-viewer/dicom-viewer (default DIR: dist/ of the repository), which runs
# without Python, the venv or the sources. Needs the `build` extra (pip install -e '.[build]').
# The Python used is $PYTHON, else .venv/bin/python of the repository.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
dist=$root/dist
work=$root/build/pyinstaller
while [ $# -gt 0 ]; do
  case $1 in
    --dist) dist=$2; shift 2 ;;
    --work) work=$2; shift 2 ;;
    -h|--help) sed -n 2,6p "$0"; exit 0 ;;
    *) echo "build.sh: unknown option $1 (--dist DIR, --work DIR)" >&2; exit 2 ;;
  esac
done
PY=${PYTHON:-$root/.venv/bin/python}
bin=$(dirname "$PY")
"$PY" -c "import PyInstaller" 2>/dev/null || {
  echo "build.sh: PyInstaller is missing in $PY: pip install -e '.[build]'" >&2; exit 1; }

# Stage the resources: icons, licences, and the translations compiled from resources/*.ts
# (plus any .qm already there), so the source tree is left as it was.
stage=$work/stage
rm -rf "$stage"; mkdir -p "$stage/resources/translations"
cp -r "$root/resources/icons" "$stage/resources/icons"
cp "$root/resources/LICENSES.md" "$stage/resources/"
shopt -s nullglob
for qm in "$root"/resources/translations/*.qm; do cp "$qm" "$stage/resources/translations/"; done
for ts in "$root"/resources/translations/*.ts; do
  name=$(basename "${ts%.ts}")
  "$bin/pyside6-lrelease" -silent "$ts" -qm "$stage/resources/translations/$name.qm"
done

DICOM_VIEWER_STAGE=$stage "$PY" -m PyInstaller --noconfirm --log-level WARN \
  --distpath "$dist" --workpath "$work" "$root/packaging/dicom-viewer.spec"
# The desktop integration travels with the build: dist/dicom-viewer/desktop/install-desktop.sh
# finds ../dicom-viewer and the icons beside it.
desktop=$dist/dicom-viewer/desktop
rm -rf "$desktop"; mkdir -p "$desktop"
cp "$root"/packaging/linux/{install-desktop.sh,dicom-viewer.desktop,dicom-viewer-mime.xml} "$desktop/"
cp -r "$root/resources/icons" "$desktop/icons"
echo "built $dist/dicom-viewer/dicom-viewer"
