#!/bin/sh
# The pinned Locust for the local platform and the tests: runtime/.venv (LTOP_VENV moves it),
# installed from runtime/requirements.txt. Nothing to do when LTOP_LOCUST names a Locust of the
# user's own choosing.
set -eu
cd "$(dirname "$0")/.."
[ -n "${LTOP_LOCUST:-}" ] && exit 0
pin=$(sed -n 's/^locust==\([^ ]*\).*/\1/p' runtime/requirements.in)
exec sh scripts/ensure-venv.sh "${LTOP_VENV:-runtime/.venv}" "${LTOP_REQUIREMENTS:-runtime/requirements.txt}" "Locust $pin"
