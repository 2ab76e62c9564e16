#!/usr/bin/env bash
# Installs a pinned ArchiveBox 0.9.x into <repo>/.venv-archivebox-09 for the integration tests
# against a real 0.9 server (test/servers/real-archivebox-09.js; server-apis.md B9b). 0.9 needs
# Python >= 3.13. Idempotent: does nothing when the pinned set is already there (about 0.3 s);
# prints nothing unless something fails.
#
# ArchiveBox refuses to run as root, so when this runs as root the tests start it as the
# unprivileged user "nobody", and the venv must use a Python that user can run. A Python 3.13
# that only root can reach (pyenv under /root, as on this machine image) is copied into
# <repo>/.venv-archivebox-09/base-python (its standard library only; no tests, no static lib,
# no site-packages) and its library search path made relative ($ORIGIN/../lib).
set -euo pipefail
umask 022 # the copied Python and the venv must be readable by nobody

ARCHIVEBOX_VERSION=0.9.73

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
requirements="$repo/test/servers/archivebox09-requirements.txt"
venv="$repo/.venv-archivebox-09"
python="$venv/bin/python"
copy="$venv/base-python"
as_root=false
[ "$(id -u)" = 0 ] && as_root=true

fail() {
  echo "setup-archivebox-09: $*" >&2
  exit 1
}

# Runs Python >= 3.13 (as nobody, too, when we are root).
usable() {
  "$1" -c 'import sys, venv; sys.exit(sys.version_info < (3, 13))' 2>/dev/null || return 1
  if $as_root; then
    setpriv --reuid=65534 --regid=65534 --clear-groups "$1" -c '' 2>/dev/null || return 1
  fi
}

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

if usable "$python" && installed; then
  exit 0
fi

# Copies the Python whose prefix is $1 to $copy, for root-only installs such as pyenv's.
copy_python() {
  local prefix="$1" version
  version="$("$prefix/bin/python3" -c 'import sys; print("%d.%d" % sys.version_info[:2])')"
  mkdir -p "$copy/bin" "$copy/lib"
  cp -a "$prefix/bin/python$version" "$copy/bin/"
  ln -sf "python$version" "$copy/bin/python3"
  cp -a "$prefix/lib/"libpython3* "$copy/lib/" 2>/dev/null || true
  [ -d "$prefix/include" ] && cp -a "$prefix/include" "$copy/"
  tar -C "$prefix/lib" -cf - \
    --exclude="python$version/test" --exclude="python$version/idlelib" \
    --exclude="python$version/turtledemo" --exclude="python$version/tkinter" \
    --exclude="python$version/config-$version-*" --exclude="python$version/site-packages/*" \
    "python$version" | tar -C "$copy/lib" -xf -
  # A shared-library build finds libpython through an absolute RUNPATH into the old prefix
  # (/root/...); rewrite it in place to the shorter $ORIGIN/../lib, padded with NULs.
  "$prefix/bin/python3" - "$copy/bin/python$version" "$prefix/lib" <<'PY'
import sys
path, old = sys.argv[1], sys.argv[2].encode() + b"\0"
data = open(path, "rb").read()
if data.count(old) == 1:
    new = b"$ORIGIN/../lib\0"
    assert len(new) <= len(old)
    open(path, "wb").write(data.replace(old, new.ljust(len(old), b"\0")))
PY
  chmod -R a+rX "$copy"
}

# A venv whose interpreter no longer runs (e.g. the base Python moved) is rebuilt, not patched.
if ! usable "$python"; then
  rm -rf "$venv"
  base=""
  for candidate in "${ARCHIVEBOX09_PYTHON:-}" python3.13 /usr/bin/python3.13 \
    /usr/local/bin/python3.13 python3.14 python3; do
    [ -n "$candidate" ] || continue
    path="$(command -v "$candidate" 2>/dev/null)" || continue
    if usable "$path"; then
      base="$path"
      break
    fi
  done
  if [ -z "$base" ] && $as_root; then
    # One that only root can run (a pyenv shim or install): copy it where nobody can run it.
    for candidate in "${ARCHIVEBOX09_PYTHON:-}" python3.13 \
      "${PYENV_ROOT:-$HOME/.pyenv}"/versions/3.13*/bin/python3.13 python3.14 python3; do
      [ -n "$candidate" ] || continue
      path="$(command -v "$candidate" 2>/dev/null)" || continue
      prefix="$("$path" -c 'import sys; assert sys.version_info >= (3, 13); print(sys.base_prefix)' 2>/dev/null)" || continue
      copy_python "$prefix"
      if usable "$copy/bin/python3"; then
        base="$copy/bin/python3"
        break
      fi
      rm -rf "$copy"
    done
  fi
  if [ -z "$base" ]; then
    fail "no Python >= 3.13 found that $($as_root && echo 'user nobody' || echo 'this user') can run (set ARCHIVEBOX09_PYTHON)"
  fi
  "$base" -m venv "$venv"
  if ! usable "$python"; then
    fail "$venv cannot be run$($as_root && echo ' by user nobody (is the repo readable by all?)')"
  fi
fi

grep -q "^archivebox==$ARCHIVEBOX_VERSION\$" "$requirements"
"$python" -m pip install --quiet --disable-pip-version-check --root-user-action=ignore \
  -r "$requirements"
if ! installed; then
  fail "the pinned packages did not all install"
fi
