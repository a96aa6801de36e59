#!/usr/bin/env bash
# The whole test suite on SQLite and PostgreSQL (and Redis, and Debian's chromium), from a fresh
# Debian machine as root. Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh dev
while IFS= read -r line; do export "${line?}"; done < <(bash scripts/services.sh)
exec .venv/bin/python -m pytest -p no:cacheprovider -n auto "$@"
