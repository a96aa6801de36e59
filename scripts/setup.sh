#!/usr/bin/env bash
# Installs what handover needs on a fresh Debian machine (as root): Tesseract with Japanese
# (horizontal and vertical) and English data, CJK fonts, Python's venv; then a virtual
# environment in .venv with the package. `scripts/setup.sh dev` adds what the tests need.
set -euo pipefail
cd "$(dirname "$0")/.."
mode=${1:-run}

packages=(tesseract-ocr tesseract-ocr-jpn tesseract-ocr-jpn-vert tesseract-ocr-script-jpan tesseract-ocr-eng
          fonts-noto-cjk)
if [ "$mode" = dev ]; then
  packages+=(chromium fonts-ipafont-gothic fonts-ipafont-mincho)
fi
python_ok() { command -v python3 >/dev/null && python3 -c 'import sys, venv, ensurepip; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; }
python_ok || packages+=(python3 python3-venv)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing Debian packages: ${missing[*]}" >&2
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if [ ! -x .venv/bin/python ]; then
  python3 -m venv .venv
fi
extras=$([ "$mode" = dev ] && echo "[dev]" || echo "")
stamp=".venv/.installed$extras"
want=$(sha256sum pyproject.toml | cut -d' ' -f1)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  echo "setup: installing handover$extras into .venv" >&2
  .venv/bin/python -m pip install -q --upgrade pip >/dev/null
  .venv/bin/python -m pip install -q -e ".$extras"
  echo "$want" > "$stamp"
fi
