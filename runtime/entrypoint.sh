#!/usr/bin/env bash
# ltop runtime entrypoint: starts one Locust process as master, worker or standalone.
#
#   LOCUST_MODE          master | worker | standalone (required)
#   LOCUST_SCENARIO      bundled scenario name (read by scenarios/locustfile.py)
#   LTOP_LOCUSTFILE      locustfile to run (default /opt/ltop/scenarios/locustfile.py, the
#                        scenario selector); any other file is run behind the ltop plugin
#   LOCUST_HOST          target host (Locust's own option)
#   LOCUST_MASTER_HOST   worker: master address (required for workers)
#   LOCUST_MASTER_PORT   worker: master port (5557); master: port it binds (5557)
#   LTOP_WEB_HOST        master/standalone: web UI bind address (0.0.0.0)
#   LTOP_WEB_PORT        master/standalone: web UI port (8089)
#   LTOP_EXPECT_WORKERS  master: workers to wait for before a --headless/--autostart run starts
#   LTOP_EXPECT_WORKERS_MAX_WAIT  master: give up waiting after this many seconds
#   LTOP_LOG_FORMAT      text | json (read by the plugin)
#   LTOP_RUN_ID          run id carried in every JSON log line (read by the plugin)
#   LTOP_DRY_RUN=1       print the command line instead of running it
# Extra arguments are passed on to Locust (e.g. --headless -u 50 -r 10 -t 5m).
set -euo pipefail

die() {
  echo "ltop-entrypoint: $*" >&2
  exit 64
}

is_uint() { [[ "$1" =~ ^[0-9]+$ ]]; }

LTOP_HOME="${LTOP_HOME:-/opt/ltop}"
selector="${LTOP_HOME}/scenarios/locustfile.py"
plugin="${LTOP_PLUGIN:-${LTOP_HOME}/runtime/ltop_plugin.py}"
locustfile="${LTOP_LOCUSTFILE:-$selector}"
locust_bin="${LTOP_LOCUST_BIN:-locust}"
mode="${LOCUST_MODE:-}"

case "${LTOP_LOG_FORMAT:-text}" in
  text | json) ;;
  *) die "LTOP_LOG_FORMAT must be text or json, got '${LTOP_LOG_FORMAT}'" ;;
esac

# The bundled selector imports the plugin itself; any other locustfile is loaded behind
# the plugin so the version fix, JSON logs and clean worker exit apply to it too.
if [[ "$locustfile" == "$selector" ]]; then
  files="$locustfile"
else
  files="${plugin},${locustfile}"
fi

cmd=("$locust_bin" -f "$files")
if [[ -n "${LOCUST_HOST:-}" ]]; then
  cmd+=(--host "$LOCUST_HOST")
fi

web_host="${LTOP_WEB_HOST:-0.0.0.0}"
web_port="${LTOP_WEB_PORT:-8089}"
master_port="${LOCUST_MASTER_PORT:-5557}"
is_uint "$web_port" || die "LTOP_WEB_PORT must be a port number, got '${web_port}'"
is_uint "$master_port" || die "LOCUST_MASTER_PORT must be a port number, got '${master_port}'"

case "$mode" in
  master)
    cmd+=(--master --master-bind-port "$master_port" --enable-rebalancing
      --web-host "$web_host" --web-port "$web_port")
    if [[ -n "${LTOP_EXPECT_WORKERS:-}" ]]; then
      is_uint "$LTOP_EXPECT_WORKERS" || die "LTOP_EXPECT_WORKERS must be a whole number, got '${LTOP_EXPECT_WORKERS}'"
      cmd+=(--expect-workers "$LTOP_EXPECT_WORKERS")
      if [[ -n "${LTOP_EXPECT_WORKERS_MAX_WAIT:-}" ]]; then
        is_uint "$LTOP_EXPECT_WORKERS_MAX_WAIT" ||
          die "LTOP_EXPECT_WORKERS_MAX_WAIT must be whole seconds, got '${LTOP_EXPECT_WORKERS_MAX_WAIT}'"
        cmd+=(--expect-workers-max-wait "$LTOP_EXPECT_WORKERS_MAX_WAIT")
      fi
    elif [[ -n "${LTOP_EXPECT_WORKERS_MAX_WAIT:-}" ]]; then
      die "LTOP_EXPECT_WORKERS_MAX_WAIT needs LTOP_EXPECT_WORKERS"
    fi
    ;;
  worker)
    [[ -n "${LOCUST_MASTER_HOST:-}" ]] || die "LOCUST_MODE=worker needs LOCUST_MASTER_HOST (the master's address)"
    cmd+=(--worker --master-host "$LOCUST_MASTER_HOST" --master-port "$master_port")
    ;;
  standalone)
    cmd+=(--web-host "$web_host" --web-port "$web_port")
    ;;
  "")
    die "LOCUST_MODE is not set; use master, worker or standalone"
    ;;
  *)
    die "unknown LOCUST_MODE '${mode}'; use master, worker or standalone"
    ;;
esac

cmd+=("$@")

if [[ "${LTOP_DRY_RUN:-}" == "1" ]]; then
  printf '%q ' "${cmd[@]}" | sed 's/ $//'
  echo
  exit 0
fi

# exec: Locust becomes PID 1's process and receives SIGTERM directly (clean scale-in).
exec "${cmd[@]}"
