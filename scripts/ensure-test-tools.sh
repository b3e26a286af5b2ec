#!/bin/sh
# The Python tools the tests drive for real, pinned and hashed: moto_server (AWS emulator) in
# test/.venv. npm test and .ci/run call this; it does nothing when the venv matches the lock.
set -eu
cd "$(dirname "$0")/.."
exec sh scripts/ensure-venv.sh "${LTOP_TEST_VENV:-test/.venv}" test/requirements.txt "moto $(sed -n 's/^moto\[server\]==\([^ ]*\).*/\1/p' test/requirements.in) (the AWS emulator the tests use)"
