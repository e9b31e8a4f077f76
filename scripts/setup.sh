#!/usr/bin/env bash
# capi — one-command set-up: system tools (when possible), npm dependencies, build, and a first
# render of the example workspace to examples/dist/ (PDF + DOCX).
#
#   bash scripts/setup.sh           # to use capi and run its tests
#   bash scripts/setup.sh --bench   # and pandoc, the baseline of `npm run bench`'s DOCX row
#
# On Debian/Ubuntu as root (or with sudo), installs Chromium (to print PDFs), poppler-utils and
# LibreOffice Writer (used by the tests to read back PDFs and open DOCX files), Noto fonts and zsh
# (the shell-completion test).
# Elsewhere, it tells what to install and goes on.
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1 || command -v google-chrome >/dev/null 2>&1 || [ -n "${CAPI_BROWSER:-}" ] || need+=(chromium)
command -v pdftotext >/dev/null 2>&1 || need+=(poppler-utils)
command -v soffice >/dev/null 2>&1 || need+=(libreoffice-writer-nogui)
# zsh: the completion test drives a real zsh (skipped without it)
command -v zsh >/dev/null 2>&1 || need+=(zsh)
# pandoc: the DOCX row of `npm run bench` times capi against it (no baseline without it)
if [ "${1:-}" = "--bench" ]; then
  command -v pandoc >/dev/null 2>&1 || need+=(pandoc)
fi
# Noto fonts for LibreOffice (the DOCX read-back tests); the PDFs carry their own fonts
if command -v dpkg >/dev/null 2>&1; then
  dpkg -s fonts-noto-core >/dev/null 2>&1 || need+=(fonts-noto-core)
fi

if [ ${#need[@]} -gt 0 ]; then
  if command -v apt-get >/dev/null 2>&1; then
    SUDO=""
    if [ "$(id -u)" -ne 0 ]; then
      if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else SUDO="none"; fi
    fi
    if [ "$SUDO" = "none" ]; then
      echo "capi setup: installez d'abord : ${need[*]} (apt-get install ${need[*]})" >&2
    else
      echo "capi setup: apt-get install ${need[*]}"
      $SUDO apt-get update -qq
      DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}" >/dev/null
    fi
  else
    echo "capi setup: outils manquants : ${need[*]}." >&2
    echo "  Pour les PDF, installez Google Chrome (ou indiquez son chemin dans CAPI_BROWSER)." >&2
  fi
fi

if [ -f package-lock.json ]; then npm ci --no-audit --no-fund; else npm install --no-audit --no-fund; fi
npm run build
node bin/capi.js validate examples
node bin/capi.js render examples --out examples/dist
