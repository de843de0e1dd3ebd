#!/usr/bin/env bash
# Extract every tr()/translate() string of the GUI into resources/translations/*.ts, keeping the
# translations already there (strings no longer in the sources are marked "vanished", new ones
# "unfinished"). Run it after merging code that adds or changes strings, then translate the
# new entries (pyside6-linguist, or edit the XML) and commit the .ts; the build compiles it.
#   packaging/update-translations.sh [LUPDATE OPTIONS...]     e.g. -no-obsolete
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${PYSIDE6_BIN:-}
if [ -z "$bin" ]; then
  for candidate in .venv/bin; do
    [ -x "$candidate/pyside6-lupdate" ] && { bin=$candidate; break; }
  done
fi
[ -n "$bin" ] || { echo "pyside6-lupdate not found: run packaging/bootstrap.sh first" >&2; exit 1; }
mapfile -t sources < <(find viewer/ui -name '*.py' | sort)
for ts in resources/translations/*.ts; do
  "$bin/pyside6-lupdate" -locations relative "$@" "${sources[@]}" -ts "$ts"
done
