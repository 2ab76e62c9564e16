#!/usr/bin/env bash
# Installs a pinned ArchiveBox 0.8.x into <repo>/.venv-archivebox for the integration tests
# against a real server (test/servers/real-archivebox.js; server-apis.md B9). 0.8 is the newest
# line that runs on Python 3.11 (0.9 needs 3.13). Idempotent: does nothing when the pinned
# version is already there; prints nothing unless something fails.
#
# ArchiveBox refuses to run as root, so when this runs as root the tests start it as the
# unprivileged user "nobody", and the venv must use a Python that user can reach: a pyenv
# Python under /root is not, so the system /usr/bin/python3 is preferred then.
set -euo pipefail

# 0.8.5rc51 is the newest 0.8.5 release candidate on PyPI (0.8.6rc3 is a later, short-lived
# branch); rc50 crashed on tokens without expiry (ArchiveBox issue #1565). Its dependencies are
# pinned to the versions of its release (test/servers/archivebox-requirements.txt): with
# today's pydantic it does not even import.
ARCHIVEBOX_VERSION=0.8.5rc51

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
requirements="$repo/test/servers/archivebox-requirements.txt"
venv="$repo/.venv-archivebox"
python="$venv/bin/python"

# A Python >= 3.10 that the user running ArchiveBox can execute.
usable() {
  "$1" -c 'import sys, venv; sys.exit(sys.version_info < (3, 10))' 2>/dev/null || return 1
  if [ "$(id -u)" = 0 ]; then
    setpriv --reuid=65534 --regid=65534 --clear-groups "$1" -c '' 2>/dev/null || return 1
  fi
}
base=""
for candidate in "${ARCHIVEBOX_PYTHON:-}" python3 /usr/bin/python3 python3.12 python3.11 python3.10; do
  [ -n "$candidate" ] || continue
  path="$(command -v "$candidate" 2>/dev/null)" || continue
  if usable "$path"; then base="$path"; break; fi
done
if [ -z "$base" ]; then
  echo "setup-archivebox: no usable Python >= 3.10 found (set ARCHIVEBOX_PYTHON)" >&2
  exit 1
fi

# A venv whose interpreter no longer runs (e.g. the base Python moved) is rebuilt, not patched.
if ! "$python" -c '' 2>/dev/null; then
  rm -rf "$venv"
  "$base" -m venv "$venv"
fi

# Every pinned package at its pinned version (ArchiveBox itself cannot be imported as root to
# check: it exits when it sees uid 0).
installed() {
  "$python" - "$requirements" <<'PY' 2>/dev/null
import importlib.metadata as m, re, sys
for line in open(sys.argv[1]):
    pin = re.match(r"^([A-Za-z0-9_.-]+)==(\S+)", line)
    if pin and m.version(pin[1]) != pin[2]:
        sys.exit(1)
PY
}
if installed; then
  exit 0
fi

grep -q "^archivebox==$ARCHIVEBOX_VERSION\$" "$requirements"
"$python" -m pip install --quiet --disable-pip-version-check -r "$requirements"
if ! installed; then
  echo "setup-archivebox: the pinned packages did not all install" >&2
  exit 1
fi
