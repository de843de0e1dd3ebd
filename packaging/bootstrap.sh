#!/usr/bin/env bash
# One-command set-up for a fresh machine.
#   packaging/bootstrap.sh run  [ARGS...]  set everything up, start the viewer (with --demo)
#   packaging/bootstrap.sh test [PYTEST ARGS...]  set everything up, run the whole test suite
# Creates .venv beside this repository and installs the package with its test extras into it.
set -euo pipefail
cd "$(dirname "$0")/.."
mode=${1:-run}; shift || true
case $mode in
  run) bash packaging/system-deps.sh --runtime ;;
  test) bash packaging/system-deps.sh ;;
  *) echo "usage: $0 run|test [ARGS...]" >&2; exit 2 ;;
esac
PY=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
fi
stamp=.venv/.installed-$(cat pyproject.toml | sha1sum | cut -c1-12)
if [ ! -e "$stamp" ]; then
  .venv/bin/python -m pip install -q --upgrade pip >/dev/null
  .venv/bin/python -m pip install -q -e '.[test]'
  touch "$stamp"
fi
# Compiled translations (build outputs, not committed): each .ts newer than its .qm
for ts in resources/translations/*.ts; do
  qm=${ts%.ts}.qm
  if [ ! -e "$qm" ] || [ "$ts" -nt "$qm" ]; then
    .venv/bin/pyside6-lrelease -silent "$ts" -qm "$qm"
  fi
done
if [ "$mode" = run ]; then
  exec .venv/bin/dicom-viewer --demo "$@"
fi
export QT_QPA_PLATFORM=offscreen
exec .venv/bin/python -m pytest "$@"
