#!/bin/sh
# Makes a Python venv match a hashed lock: python3 -m venv + pip install --require-hashes, from
# PyPI, no root and no apt. Skipped when the venv already matches the lock (a stamp holds the
# lock's sha256); redone from scratch when the lock changes. Any failure prints one line saying
# what is missing and what to run, exits 2, and leaves no half-made venv behind.
#   usage: sh scripts/ensure-venv.sh VENV_DIR LOCK_FILE LABEL
set -eu
venv=$1 lock=$2 label=$3
python=${LTOP_PYTHON:-python3}
stamp="$venv/.ltop-lock-sha256"

sha256() { if command -v sha256sum >/dev/null 2>&1; then sha256sum "$1"; else shasum -a 256 "$1"; fi | cut -d' ' -f1; }
want=$(sha256 "$lock")
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ] && [ -x "$venv/bin/python" ]; then exit 0; fi

say() { echo "ltop: $*" >&2; }
fail() { say "$*"; rm -rf "$venv"; exit 2; }

command -v "$python" >/dev/null 2>&1 ||
  { say "$label needs Python 3.11 or later, and $python was not found: install Python 3.11+ (Debian/Ubuntu: apt-get install python3 python3-venv) or set LTOP_PYTHON=/path/to/python3.11"; exit 2; }
version=$("$python" -c 'import sys; print("%d.%d.%d" % sys.version_info[:3])' 2>/dev/null) ||
  { say "$python does not run; install Python 3.11+ or set LTOP_PYTHON=/path/to/python3.11"; exit 2; }
"$python" -c 'import sys; sys.exit(sys.version_info < (3, 11))' ||
  { say "$label needs Python 3.11 or later, and $python is $version: install a newer Python and set LTOP_PYTHON=/path/to/python3.11"; exit 2; }
"$python" -c 'import venv, ensurepip' 2>/dev/null ||
  { say "$python ($version) has no venv module: install it (Debian/Ubuntu: apt-get install python3-venv), then run this again"; exit 2; }

trap 'rm -rf "$venv"; exit 130' INT TERM HUP
rm -rf "$venv"
say "setting up $venv with $label from PyPI (once; it takes a minute)…"
log=$(mktemp)
"$python" -m venv "$venv" >"$log" 2>&1 || { last=$(tail -n 1 "$log"); rm -f "$log"; fail "$python -m venv $venv failed: $last"; }
if ! "$venv/bin/python" -m pip install --disable-pip-version-check --no-input -q --require-hashes -r "$lock" >"$log" 2>&1; then
  last=$(grep -v '^[[:space:]]*$' "$log" | tail -n 1)
  if grep -qiE 'NewConnectionError|Failed to establish|Name or service not known|Temporary failure in name resolution|Connection refused|ConnectTimeout|timed out|Network is unreachable|ProxyError|No matching distribution found|Could not fetch URL' "$log"; then
    rm -f "$log"
    fail "cannot reach PyPI to install $label ($last): check the network or proxy (PIP_INDEX_URL, HTTPS_PROXY), then run this again"
  fi
  rm -f "$log"
  fail "pip could not install $label from $lock: $last"
fi
rm -f "$log"
echo "$want" >"$stamp"
trap - INT TERM HUP
say "$venv ready ($label)"
