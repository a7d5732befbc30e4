#!/usr/bin/env bash
# One command: install everything the tests need and run the whole suite.
#   - a virtualenv in .venv with lexdiff and its dev extras
#   - Debian's chromium for the browser tests (when run as root and missing)
#   - axe-core from the npm registry for the accessibility check
# Extra arguments go to pytest, e.g. scripts/test.sh -k caml
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh dev

if ! command -v chromium >/dev/null 2>&1; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "test.sh: installing Debian chromium for the browser tests" >&2
    apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    echo "test.sh: chromium not found and cannot install it (not root); browser tests will be skipped" >&2
  fi
fi

if [ ! -f tests/browser/node_modules/axe-core/axe.min.js ] && command -v npm >/dev/null 2>&1; then
  (cd tests/browser && npm install --silent --no-audit --no-fund >/dev/null 2>&1) \
    || echo "test.sh: could not install axe-core; the accessibility check will be skipped" >&2
fi

export LEXDIFF_CORPUS="${LEXDIFF_CORPUS:-$(cd .. && pwd)/shared/corpus}"
exec .venv/bin/python -m pytest -n 2 -q "$@"
