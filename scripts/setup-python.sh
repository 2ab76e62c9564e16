#!/usr/bin/env bash
# Installs Python's warcio and py-wacz into <repo>/.venv. The end-to-end tests run its
# `warcio check` and `warcio index` (test/support/warcio-check.js) as a validator independent of
# warcio.js, which the extension itself writes WARCs with; `wacz validate` checks the WACZ files
# Cairn exports. Idempotent: does nothing when the pinned version is
# already there; prints nothing unless something fails.
set -euo pipefail

WARCIO_VERSION=1.8.1
WACZ_VERSION=0.6.0

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
venv="$repo/.venv"
python="$venv/bin/python"

# A venv whose interpreter no longer runs (e.g. the base Python moved) is rebuilt, not patched.
if ! "$python" -c '' 2>/dev/null; then
  rm -rf "$venv"
  python3 -m venv "$venv"
fi

if "$python" -c "import importlib.metadata as m, sys; sys.exit(m.version('warcio') != '$WARCIO_VERSION' or m.version('wacz') != '$WACZ_VERSION')" 2>/dev/null; then
  exit 0
fi

"$python" -m pip install --quiet --disable-pip-version-check "warcio==$WARCIO_VERSION" "wacz==$WACZ_VERSION"
"$venv/bin/warcio" --help >/dev/null
"$venv/bin/wacz" --help >/dev/null
