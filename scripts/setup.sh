#!/usr/bin/env bash
# Installs what handover needs on a fresh Debian machine (as root): Tesseract with Japanese
# (horizontal and vertical) and English data, CJK fonts, Python's venv, and what it takes to build
# tesserocr against Debian's libtesseract; then a virtual environment in .venv with the package.
# `scripts/setup.sh dev` adds what the tests need. A second run does nothing when all is in place.
set -euo pipefail
cd "$(dirname "$0")/.."
mode=${1:-run}

packages=(tesseract-ocr tesseract-ocr-jpn tesseract-ocr-jpn-vert tesseract-ocr-script-jpan tesseract-ocr-eng
          fonts-noto-cjk mecab-ipadic libtesseract-dev libleptonica-dev pkg-config g++)
if [ "$mode" = dev ]; then
  packages+=(chromium fonts-ipafont-gothic fonts-ipafont-mincho)
fi
python_ok() { command -v python3 >/dev/null && python3 -c 'import sys, venv, ensurepip; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; }
python_ok || packages+=(python3 python3-venv)
# Building tesserocr needs Python's headers too.
python_headers() { python3 -c 'import os, sys, sysconfig
sys.exit(not os.path.exists(os.path.join(sysconfig.get_paths()["include"], "Python.h")))' 2>/dev/null; }
python_ok && python_headers || packages+=(python3-dev)

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
# tesserocr is compiled against Debian's libtesseract (the PyPI wheel carries a Tesseract of its
# own): the stamp holds that library's version too, so an upgraded libtesseract gets a new build.
tesseract=$(pkg-config --modversion tesseract)
want="$(sha256sum pyproject.toml | cut -d' ' -f1) tesseract-$tesseract"
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  echo "setup: installing handover$extras into .venv" >&2
  .venv/bin/python -m pip install -q --upgrade pip >/dev/null
  .venv/bin/python -m pip install -q --no-binary tesserocr -e ".$extras"
  linked() { .venv/bin/python -c "import sys, tesserocr
sys.exit(tesserocr.tesseract_version().split()[1] != '$tesseract')" 2>/dev/null; }
  if ! linked; then
    echo "setup: building tesserocr against libtesseract $tesseract" >&2
    .venv/bin/python -m pip install -q --force-reinstall --no-deps --no-cache-dir --no-binary tesserocr tesserocr
    linked || { echo "setup: tesserocr does not use Debian's libtesseract $tesseract" >&2; exit 1; }
  fi
  echo "$want" > "$stamp"
fi
