#!/usr/bin/env bash
# One command: set up lexdiff and run the demo on the embedded sample bill.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh pdf
exec .venv/bin/lexdiff demo "$@"
