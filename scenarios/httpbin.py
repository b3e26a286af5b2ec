"""httpbin-like HTTP echo service: query strings, JSON and form bodies, headers, basic auth,
status codes, delays, content formats and gzip.

Works against https://httpbin.org (or a self-hosted httpbin) and the bundled demo target.
Each request checks that the service echoed what was sent. An expected 404 (status-code
task) is counted as a success, not a failure.

Environment (all optional):
  LTOP_WAIT_MIN / LTOP_WAIT_MAX   seconds between tasks per user (0.5 / 1.5)
  LTOP_HTTPBIN_DELAY              seconds the delay task asks the server to wait (0.5, max 10)
"""

import random
import secrets
from urllib.parse import urlencode

from locust import FastHttpUser, TaskSet, task

from ltop_plugin import env_float, wait_time_from_env
from _checks import equal, has_fields, header, json_body

DELAY_S = min(env_float("LTOP_HTTPBIN_DELAY", 0.5, minimum=0.0), 10.0)
TERMS = ("locust", "ltop", "swarm", "latency", "percentile")


class HttpbinTasks(TaskSet):
    """The tasks, separate from the User so the benchmark can run them as HttpUser too."""

    @task(5)
    def get_with_query(self):
        args = {"q": random.choice(TERMS), "page": str(random.randint(1, 50))}
        with self.client.get("/get?" + urlencode(args), name="/get", catch_response=True) as resp:
            body = json_body(resp)
            if body is not None and has_fields(resp, body, ("args", "headers", "url")):
                equal(resp, "echoed query", body["args"], args)

    @task(3)
    def post_json(self):
        payload = {"user": random.randint(1, 1000), "tags": ["ltop", "load"], "ok": True}
        with self.client.post("/post", name="/post [json]", json=payload, catch_response=True) as resp:
            body = json_body(resp)
            if body is not None and has_fields(resp, body, ("json",)):
                equal(resp, "echoed JSON", body["json"], payload)

    @task(2)
    def post_form(self):
        form = {"name": "ltop", "count": str(random.randint(1, 99))}
        with self.client.post(
            "/post",
            name="/post [form]",
            data=urlencode(form),
            headers={"Content-Type": "application/x-www-form-urlencoded"},
            catch_response=True,
        ) as resp:
            body = json_body(resp)
            if body is not None and has_fields(resp, body, ("form",)):
                equal(resp, "echoed form", body["form"], form)

    @task(2)
    def custom_headers(self):
        trace = secrets.token_hex(8)
        sent = {"X-Ltop-Trace": trace, "X-Ltop-Scenario": "httpbin"}
        with self.client.get("/headers", name="/headers", headers=sent, catch_response=True) as resp:
            body = json_body(resp)
            if body is not None and has_fields(resp, body, ("headers",)):
                echoed = {k.lower(): v for k, v in body["headers"].items()}
                equal(resp, "echoed X-Ltop-Trace", echoed.get("x-ltop-trace"), trace)

    @task(1)
    def basic_auth(self):
        # httpbin takes the expected pair in the URL; a random pair per call keeps
        # credentials out of the code.
        user, password = "u" + secrets.token_hex(4), secrets.token_hex(8)
        with self.client.get(
            f"/basic-auth/{user}/{password}",
            name="/basic-auth/[user]/[passwd]",
            auth=(user, password),
            catch_response=True,
        ) as resp:
            body = json_body(resp)
            if body is not None and has_fields(resp, body, ("authenticated", "user")):
                equal(resp, "authenticated", body["authenticated"], True)

    @task(1)
    def status_codes(self):
        code = random.choice((200, 201, 202, 204))
        with self.client.get(f"/status/{code}", name="/status/[2xx]", catch_response=True) as resp:
            equal(resp, "status", resp.status_code, code)
        # a 404 the scenario expects: a success in the statistics
        with self.client.get("/status/404", name="/status/404 (expected)", catch_response=True) as resp:
            if resp.status_code == 404:
                resp.success()
            else:
                resp.failure(f"expected HTTP 404, got {resp.status_code}")

    @task(1)
    def delay(self):
        with self.client.get(f"/delay/{DELAY_S:g}", name="/delay/[s]", catch_response=True) as resp:
            body = json_body(resp)
            if body is not None:
                has_fields(resp, body, ("args", "headers", "url"))

    @task(1)
    def formats(self):
        with self.client.get("/json", name="/json", catch_response=True) as resp:
            body = json_body(resp)
            if body is not None and has_fields(resp, body, ("slideshow",)):
                has_fields(resp, body["slideshow"], ("title", "slides"), "slideshow")
        with self.client.get("/xml", name="/xml", catch_response=True) as resp:
            if resp.status_code != 200:
                resp.failure(f"expected HTTP 200, got {resp.status_code}")
            elif "xml" not in header(resp, "Content-Type") or "<slideshow" not in (resp.text or ""):
                resp.failure("not an XML slideshow")
        with self.client.get("/html", name="/html", catch_response=True) as resp:
            if resp.status_code != 200:
                resp.failure(f"expected HTTP 200, got {resp.status_code}")
            elif "text/html" not in header(resp, "Content-Type") or "<h1>" not in (resp.text or ""):
                resp.failure("not an HTML page")

    @task(1)
    def gzip(self):
        with self.client.get("/gzip", name="/gzip", catch_response=True) as resp:
            body = json_body(resp)  # both clients decompress gzip transparently
            if body is not None and has_fields(resp, body, ("gzipped",)):
                equal(resp, "gzipped", body["gzipped"], True)


class HttpbinUser(FastHttpUser):
    wait_time = wait_time_from_env()
    tasks = [HttpbinTasks]
