#!/usr/bin/env bash
# Sets up handover on a fresh Debian machine (as root) and runs the demo office.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec .venv/bin/handover demo "$@"
