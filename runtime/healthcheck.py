"""Container HEALTHCHECK: master/standalone answer on the web port; a worker's Locust runs."""

import os
import sys
import urllib.request


def main() -> int:
    mode = os.environ.get("LOCUST_MODE", "")
    if mode == "worker":
        try:
            with open("/proc/1/cmdline", "rb") as fh:
                return 0 if b"locust" in fh.read() else 1
        except OSError:
            return 1
    port = os.environ.get("LTOP_WEB_PORT", "8089")
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=3) as resp:
            return 0 if resp.status < 500 else 1
    except Exception:
        return 1


if __name__ == "__main__":
    sys.exit(main())
