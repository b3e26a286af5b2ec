"""ltop's Locust plugin.

Imported by every bundled scenario (and loaded in front of a user's own locustfile as
``locust -f runtime/ltop_plugin.py,their_locustfile.py``). It defines no User classes.
Importing it:

* applies the Debian 2.12.1 version fix, so distributed mode works with that package;
* adds ltop's ``--scenario`` option (env ``LOCUST_SCENARIO``) so Locust accepts it;
* logs one JSON object per line when ``LTOP_LOG_FORMAT=json`` (time, level, run_id, role,
  worker_id, scenario, logger, message);
* redacts the values of secret environment variables from every log line;
* writes the run's final statistics as JSON to ``LTOP_SUMMARY_JSON`` (master/standalone);
* on a worker that is told to leave (SIGTERM, e.g. a scale-in) while users run: stops its
  users, sends its last statistics to the master and exits 0;
* on a worker whose test is stopped: sends its last statistics right away, before it tells the
  master it stopped (Locust itself leaves them to the next 3 s report, after the master already
  says "stopped", so a summary read at that moment misses the last requests).

It also offers the helpers the scenarios use to read their parameters from the environment
(``env_float``, ``env_int``, ``env_str``, ``secret``, ``wait_time_from_env``) and the
scenario selector used by ``scenarios/locustfile.py`` (``load_scenario``).
Everything is read from the environment, never from the code.
"""

from __future__ import annotations

import argparse
import datetime
import importlib.util
import inspect
import json
import logging
import os
import re
import signal
import socket
import sys
from typing import Any, Dict, List, NoReturn, Optional

import gevent
import locust
import locust.runners
from locust import events
from locust.shape import LoadTestShape
from locust.user import User
from locust.user.wait_time import between

DEBIAN_BROKEN_VERSION_FIX = "2.12.1"
_INSTALLED_FLAG = "_ltop_plugin_installed"

logger = logging.getLogger("ltop")


class LtopConfigError(SystemExit):
    """A configuration mistake the user must fix; Locust exits non-zero with one line."""


def _fail(message: str, code: int = 2) -> NoReturn:
    sys.stderr.write(f"ltop: {message}\n")
    sys.stderr.flush()
    raise LtopConfigError(code)


# ---------------------------------------------------------------------------------------
# 1. Debian 2.12.1 version fix
# ---------------------------------------------------------------------------------------
def apply_version_fix() -> None:
    """Debian's Locust 2.12.1 reports an empty version; a master then rejects its workers as
    "pre 2.0". Give the runners (and the places that print the version) "2.12.1", but only
    when the version really is empty, so a correctly packaged Locust is left alone."""
    if getattr(locust.runners, "__version__", "x"):
        return
    locust.runners.__version__ = DEBIAN_BROKEN_VERSION_FIX
    if not getattr(locust, "__version__", "x"):
        locust.__version__ = DEBIAN_BROKEN_VERSION_FIX
    for name in ("locust.main", "locust.web", "locust.argument_parser"):
        mod = sys.modules.get(name)
        if mod is not None and getattr(mod, "version", "x") == "":
            mod.version = DEBIAN_BROKEN_VERSION_FIX


# ---------------------------------------------------------------------------------------
# 2. Parameters from the environment
# ---------------------------------------------------------------------------------------
_SECRET_NAME = re.compile(r"(TOKEN|PASSWORD|PASSWD|SECRET|API_KEY|CREDENTIAL|WEB_AUTH)", re.IGNORECASE)
_extra_secrets: List[str] = []


def env_str(name: str, default: Optional[str] = None) -> Optional[str]:
    value = os.environ.get(name)
    return default if value is None or value == "" else value


def env_float(name: str, default: float, minimum: Optional[float] = None) -> float:
    raw = env_str(name)
    if raw is None:
        return default
    try:
        value = float(raw)
    except ValueError:
        _fail(f"{name} must be a number, got {raw!r}")
    if value != value or value in (float("inf"), float("-inf")):
        _fail(f"{name} must be a finite number, got {raw!r}")
    if minimum is not None and value < minimum:
        _fail(f"{name} must be >= {minimum}, got {raw!r}")
    return value


def env_int(name: str, default: int, minimum: Optional[int] = None) -> int:
    raw = env_str(name)
    if raw is None:
        return default
    try:
        value = int(raw)
    except ValueError:
        _fail(f"{name} must be an integer, got {raw!r}")
    if minimum is not None and value < minimum:
        _fail(f"{name} must be >= {minimum}, got {raw!r}")
    return value


def secret(name: str) -> Optional[str]:
    """Reads a secret from the environment and makes sure its value never reaches a log."""
    value = env_str(name)
    if value is not None and value not in _extra_secrets:
        _extra_secrets.append(value)
    return value


def wait_time_from_env(default_min: float = 0.5, default_max: float = 1.5):
    """``between(LTOP_WAIT_MIN, LTOP_WAIT_MAX)`` seconds, with sensible defaults."""
    low = env_float("LTOP_WAIT_MIN", default_min, minimum=0.0)
    high = env_float("LTOP_WAIT_MAX", max(default_max, low), minimum=0.0)
    if high < low:
        _fail(f"LTOP_WAIT_MAX ({high}) must be >= LTOP_WAIT_MIN ({low})")
    return between(low, high)


def _secret_values() -> List[str]:
    values = list(_extra_secrets)
    for key, value in os.environ.items():
        if value and _SECRET_NAME.search(key):
            values.append(value)
            # user:pass style values: also hide the password part on its own
            if ":" in value and "WEB_AUTH" in key.upper():
                values.append(value.split(":", 1)[1])
    # only values long enough to be meaningful; longest first so overlaps redact fully
    return sorted({v for v in values if len(v) >= 4}, key=len, reverse=True)


def redact(text: str) -> str:
    for value in _secret_values():
        if value in text:
            text = text.replace(value, "***")
    return text


# ---------------------------------------------------------------------------------------
# 3. Logging: secrets redacted always, JSON lines when LTOP_LOG_FORMAT=json
# ---------------------------------------------------------------------------------------
class _Context:
    role: str = "standalone"
    worker_id: Optional[str] = None
    environment: Any = None


_context = _Context()
_HOSTNAME = socket.gethostname()


def _guess_role() -> str:
    argv = sys.argv[1:]
    truthy = ("1", "true", "yes", "on")
    if "--master" in argv or os.environ.get("LOCUST_MODE_MASTER", "").lower() in truthy:
        return "master"
    if "--worker" in argv or os.environ.get("LOCUST_MODE_WORKER", "").lower() in truthy:
        return "worker"
    mode = os.environ.get("LOCUST_MODE", "")
    return mode if mode in ("master", "worker") else "standalone"


class RedactingFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "_ltop_redacted", False):
            return True
        try:
            message = record.getMessage()
        except Exception:  # a broken format string must not lose the line
            message = str(record.msg)
        record.msg = redact(message)
        record.args = None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        record._ltop_redacted = True
        return True


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry: Dict[str, Any] = {
            "time": datetime.datetime.fromtimestamp(record.created, tz=datetime.timezone.utc).isoformat(
                timespec="milliseconds"
            ),
            "level": record.levelname,
            "run_id": os.environ.get("LTOP_RUN_ID", ""),
            "role": _context.role,
            "worker_id": _context.worker_id,
            "scenario": os.environ.get("LOCUST_SCENARIO") or None,
            "host": _HOSTNAME,
            "logger": record.name,
            "message": redact(record.getMessage()),
        }
        if record.exc_info and not record.exc_text:
            record.exc_text = self.formatException(record.exc_info)
        if record.exc_text:
            entry["exception"] = redact(record.exc_text)
        return json.dumps(entry, ensure_ascii=False, default=str)


def json_logging_enabled() -> bool:
    return os.environ.get("LTOP_LOG_FORMAT", "").strip().lower() == "json"


def install_log_handling() -> None:
    """Adds the redaction filter (always) and the JSON formatter (LTOP_LOG_FORMAT=json) to the
    handlers Locust configured. Idempotent; runs again after every Locust logging setup."""
    names = [None, "locust", "locust.stats_logger", "locust.main", "locust.runners"]
    loggers = [logging.getLogger(n) for n in names]
    as_json = json_logging_enabled()
    if as_json and not logging.getLogger().handlers:
        # --skip-log-setup: still give the user something on stderr
        logging.getLogger().addHandler(logging.StreamHandler())
    for lg in loggers:
        for handler in lg.handlers:
            if not any(isinstance(f, RedactingFilter) for f in handler.filters):
                handler.addFilter(RedactingFilter())
            if as_json and not isinstance(handler.formatter, JsonFormatter):
                handler.setFormatter(JsonFormatter())


def _wrap_setup_logging() -> None:
    import locust.log

    original = getattr(locust.log, "setup_logging", None)
    if original is None or getattr(original, "_ltop_wrapped", False):
        return

    def setup_logging(*args: Any, **kwargs: Any) -> Any:
        result = original(*args, **kwargs)
        install_log_handling()
        return result

    setup_logging._ltop_wrapped = True  # type: ignore[attr-defined]
    locust.log.setup_logging = setup_logging
    main_mod = sys.modules.get("locust.main")
    if main_mod is not None and getattr(main_mod, "setup_logging", None) is original:
        main_mod.setup_logging = setup_logging


# ---------------------------------------------------------------------------------------
# 4. Scenario selection (used by scenarios/locustfile.py)
# ---------------------------------------------------------------------------------------
def scenario_names(directory: str) -> List[str]:
    """Scenario names: *.py in the directory minus locustfile.py and files starting with _."""
    try:
        files = os.listdir(directory)
    except OSError:
        return []
    return sorted(
        f[:-3] for f in files if f.endswith(".py") and not f.startswith("_") and f != "locustfile.py"
    )


def selected_scenario_name(argv: Optional[List[str]] = None) -> Optional[str]:
    """``--scenario NAME`` / ``--scenario=NAME`` on the command line, else LOCUST_SCENARIO."""
    args = sys.argv[1:] if argv is None else argv
    for i, arg in enumerate(args):
        if arg == "--scenario" and i + 1 < len(args):
            return args[i + 1].strip() or None
        if arg.startswith("--scenario="):
            return arg.split("=", 1)[1].strip() or None
    return env_str("LOCUST_SCENARIO")


def load_scenario(directory: str, name: Optional[str] = None) -> Dict[str, Any]:
    """Imports scenarios/NAME.py and returns its runnable User classes (and shape class, if
    any) by name, for the selector to expose. Unknown or missing name: one line, exit 2."""
    directory = os.path.dirname(os.path.abspath(directory)) if directory.endswith(".py") else directory
    names = scenario_names(directory)
    chosen = name if name is not None else selected_scenario_name()
    valid = ", ".join(names) if names else "(none found in %s)" % directory
    if not chosen and any(a in ("-h", "--help", "-V", "--version") for a in sys.argv[1:]):
        return {}  # let Locust print its help / version
    if not chosen:
        _fail(f"no scenario selected: set LOCUST_SCENARIO or --scenario; valid scenarios: {valid}")
    if chosen not in names:
        _fail(f"unknown scenario {chosen!r}; valid scenarios: {valid}")
    if directory not in sys.path:
        sys.path.insert(0, directory)
    module_name = f"ltop_scenario_{chosen}"
    module = sys.modules.get(module_name)
    if module is None:
        spec = importlib.util.spec_from_file_location(module_name, os.path.join(directory, chosen + ".py"))
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules[module_name] = module
        spec.loader.exec_module(module)
    os.environ["LOCUST_SCENARIO"] = chosen  # so JSON logs carry it
    exported: Dict[str, Any] = {}
    for attr, value in vars(module).items():
        if not inspect.isclass(value):
            continue
        if issubclass(value, User) and value.abstract is False:
            exported[attr] = value
        elif issubclass(value, LoadTestShape) and value is not LoadTestShape and value.__module__ == module_name:
            exported[attr] = value
    if not any(inspect.isclass(v) and issubclass(v, User) for v in exported.values()):
        _fail(f"scenario {chosen!r} defines no User class")
    return exported


# ---------------------------------------------------------------------------------------
# 5. Event listeners: --scenario option, role/worker id, clean worker exit
# ---------------------------------------------------------------------------------------
def _on_command_line_parser(parser: Any, **_kw: Any) -> None:
    kwargs: Dict[str, Any] = dict(
        type=str,
        env_var="LOCUST_SCENARIO",
        default="",
        help="ltop: bundled scenario to run (scenarios/NAME.py), used by scenarios/locustfile.py",
    )
    try:
        # chosen when the locustfile is imported, so it cannot be changed from the web UI
        parser.add_argument("--scenario", include_in_web_ui=False, **kwargs)
    except TypeError:  # a Locust without include_in_web_ui
        parser.add_argument("--scenario", **kwargs)
    except argparse.ArgumentError:  # already added by another copy of the plugin
        pass


def _send_final_stats(environment: Any, **_kw: Any) -> None:
    """test_stop on a worker fires after its users stopped and before it sends "client_stopped";
    ZeroMQ keeps the order, so the master holds every request by the time it reports "stopped"."""
    send = getattr(environment.runner, "_send_stats", None)  # WorkerRunner's own report (2.12-2.47)
    if send is None:
        return
    try:
        send()
    except Exception as e:  # the periodic report still carries them, 3 s later
        logger.warning("could not send the final statistics on stop: %s", e)


def _on_init(environment: Any, runner: Any = None, **_kw: Any) -> None:
    apply_version_fix()
    _context.environment = environment
    if isinstance(runner, locust.runners.MasterRunner):
        _context.role = "master"
    elif isinstance(runner, locust.runners.WorkerRunner):
        _context.role = "worker"
        _context.worker_id = getattr(runner, "client_id", None)
    elif runner is not None:
        _context.role = "standalone"
    # Registered here, after the runner's own listeners: quitting fires in reverse order, so
    # ours runs before Locust's worker tells the master "quit".
    quitting = environment.events.quitting
    if _on_quitting not in getattr(quitting, "_handlers", []):
        quitting.add_listener(_on_quitting)
    install_log_handling()
    if _context.role == "worker":
        environment.events.test_stop.add_listener(_send_final_stats)
        # ltop's local platform joins its worker processes with Locust's worker ids by this line.
        logger.info("ltop worker-id=%s pid=%d", _context.worker_id, os.getpid())
    _watch_parent()


def _watch_parent() -> None:
    """Leave when the ltop that started this process is gone (LTOP_PARENT_PID), even if it was
    killed without a chance to stop its children: no orphaned load generators."""
    raw = os.environ.get("LTOP_PARENT_PID", "")
    if not raw.isdigit() or getattr(_context, "watching_parent", False):
        return
    parent = int(raw)
    _context.watching_parent = True

    def watch() -> None:
        while os.getppid() == parent:
            gevent.sleep(1)
        logger.warning("ltop (pid %d) is gone: leaving", parent)
        os.kill(os.getpid(), signal.SIGTERM)

    gevent.spawn(watch)


def _on_quitting(environment: Any, **_kw: Any) -> None:
    runner = getattr(environment, "runner", None)
    if not isinstance(runner, locust.runners.WorkerRunner):
        return
    if runner.user_count <= 0:
        return  # the master ended the test; Locust's own quit path already stopped the users
    # Told to leave while users run (SIGTERM: a scale-in or a pod eviction).
    logger.info("worker leaving (SIGTERM): stopping %d users and handing back to the master", runner.user_count)
    try:
        runner.stop()
        runner._send_stats()  # the last few seconds of samples would otherwise be lost
    except Exception as e:  # never block the exit
        logger.warning("worker leaving: %s", e)
    # Locust's own listener (registered earlier, fired later) then tells the master "quit",
    # and the master moves this worker's users to the others.
    if environment.process_exit_code is None:
        environment.process_exit_code = 0


def summary(environment: Any, exit_code: Optional[int] = None) -> Dict[str, Any]:
    """The run's final statistics as plain data (what LTOP_SUMMARY_JSON writes)."""
    stats = environment.runner.stats if environment.runner is not None else environment.stats

    def entry(e: Any) -> Dict[str, Any]:
        return {
            "method": e.method,
            "name": e.name,
            "num_requests": e.num_requests,
            "num_failures": e.num_failures,
            "avg_response_time": e.avg_response_time,
            "min_response_time": e.min_response_time,
            "max_response_time": e.max_response_time,
            "p50": e.get_response_time_percentile(0.5),
            "p95": e.get_response_time_percentile(0.95),
            "p99": e.get_response_time_percentile(0.99),
            "total_rps": e.total_rps,
        }

    return {
        "run_id": os.environ.get("LTOP_RUN_ID", ""),
        "scenario": os.environ.get("LOCUST_SCENARIO") or None,
        "role": _context.role,
        "host": environment.host,
        "exit_code": exit_code,
        "locust_version": locust.runners.__version__,
        "stats": [entry(e) for e in sorted(stats.entries.values(), key=lambda e: (e.name, e.method or ""))],
        "total": entry(stats.total),
        "errors": [
            {"method": e.method, "name": e.name, "error": redact(str(e.error)), "occurrences": e.occurrences}
            for e in stats.errors.values()
        ],
    }


def _on_quit(exit_code: Optional[int] = None, **_kw: Any) -> None:
    path = env_str("LTOP_SUMMARY_JSON")
    environment = _context.environment
    if not path or environment is None or _context.role == "worker":
        return
    try:
        tmp = path + ".tmp"
        with open(tmp, "w", encoding="utf-8") as fh:
            json.dump(summary(environment, exit_code), fh, indent=1, default=str)
        os.replace(tmp, path)
    except Exception as e:
        logger.error("could not write LTOP_SUMMARY_JSON %s: %s", path, e)


def install() -> None:
    apply_version_fix()
    if getattr(locust, _INSTALLED_FLAG, False):
        return
    setattr(locust, _INSTALLED_FLAG, True)
    _context.role = _guess_role()
    _wrap_setup_logging()
    events.init_command_line_parser.add_listener(_on_command_line_parser)
    events.init.add_listener(_on_init)
    events.quit.add_listener(_on_quit)
    install_log_handling()


install()
