#!/bin/sh
# Makes sure a Locust is there before the cockpit starts: LTOP_LOCUST, runtime/.venv, or PATH.
# On Debian/Ubuntu it installs Debian's Locust (python3-locust) if none is found.
set -eu
[ -n "${LTOP_LOCUST:-}" ] && exit 0
[ -x runtime/.venv/bin/locust ] && exit 0
command -v locust >/dev/null 2>&1 && exit 0
if command -v apt-get >/dev/null 2>&1; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "ltop: Locust not found; installing Debian's python3-locust (${sudo:+with sudo})" >&2
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq python3-locust python3-geventhttpclient >/dev/null
  exit 0
fi
echo "ltop: Locust not found. Install it (python3 -m venv runtime/.venv && runtime/.venv/bin/pip install -r runtime/requirements.txt) or set LTOP_LOCUST=/path/to/locust" >&2
exit 2
