#!/usr/bin/env bash
# Install the Debian packages the workstation and its tests need, quietly, when missing.
#   python3-venv            a fresh Debian's python3 cannot make a venv without it
#   Qt's X/EGL libraries    PySide6 wheels load them even offscreen
#   dcmtk, libgdcm-tools    rendering oracles and real DICOM clients in the tests
#   orthanc                 a real PACS for the network tests
#   orthanc-dicomweb        its DICOMweb plugin: the DICOMweb archive of the tests
#   dicom3tools             dciodvfy validates the presentation states we write
#   openjph-tools           ojph_compress makes real HTJ2K code-streams for the decoder tests
#   ffmpeg                  an independent video decoder for the tests
#   shared-mime-info, desktop-file-utils, xdg-utils, libglib2.0-bin
#                           the desktop integration's tests (packaging/linux): build the MIME
#                           cache, validate the .desktop file, ask xdg-mime/gio for a file's type
#   pixelmed-apps, iproute2 PixelMed's archive as a peer, run in a private network namespace
# Does nothing (and needs no root) when everything is already there.
set -euo pipefail
want=(python3-venv libgl1 libegl1 libxkbcommon0 libxkbcommon-x11-0 libfontconfig1 libdbus-1-3
      libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-shape0 libxcb-xinerama0 libxcb-randr0
      libxcb-render-util0 libxcb-image0 fonts-noto-cjk dcmtk libgdcm-tools orthanc orthanc-dicomweb dicom3tools openjph-tools ffmpeg
      shared-mime-info desktop-file-utils xdg-utils libglib2.0-bin pixelmed-apps iproute2)
[ "${1:-}" = "--runtime" ] && want=(python3-venv libgl1 libegl1 libxkbcommon0 libxkbcommon-x11-0
      libfontconfig1 libdbus-1-3 libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-shape0
      libxcb-xinerama0 libxcb-randr0 libxcb-render-util0 libxcb-image0 fonts-noto-cjk)
command -v dpkg-query >/dev/null || { echo "not a Debian system: install ${want[*]} yourself" >&2; exit 0; }
missing=()
for p in "${want[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
((${#missing[@]} == 0)) && exit 0
SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
echo "installing system packages: ${missing[*]}" >&2
$SUDO apt-get update -qq >/dev/null
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
# The orthanc package may start a system service on 4242/8042; the tests start their own.
if [[ " ${missing[*]} " == *" orthanc "* ]] && command -v service >/dev/null; then
  $SUDO service orthanc stop >/dev/null 2>&1 || true
fi
