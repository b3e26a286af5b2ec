"""Template for your own API: copy this file to scenarios/<your_name>.py and edit.

What it shows:
  * on_start logs in and keeps a bearer token (credentials come from the environment);
  * authenticated GET and POST requests;
  * a create -> fetch -> update -> delete flow that checks each step;
  * on_stop logs out;
  * ids in URLs grouped under one request name ("/items/[id]") so statistics stay small.

Against the bundled demo target it works as is (any non-empty username/password logs in).

Environment:
  LTOP_API_TOKEN                  use this bearer token and skip the login call, or
  LTOP_USERNAME / LTOP_PASSWORD   credentials for POST /auth/login
  LTOP_WAIT_MIN / LTOP_WAIT_MAX   seconds between tasks per user (0.5 / 1.5)
The target host comes from --host / LOCUST_HOST. Never put secrets in this file.
"""

import logging
import random

from locust import FastHttpUser, task
from locust.exception import StopUser

from ltop_plugin import env_str, secret, wait_time_from_env
from _checks import equal, has_fields, json_body, list_of

# Edit these paths for your API.
LOGIN_PATH = "/auth/login"
LOGOUT_PATH = "/auth/logout"
PROFILE_PATH = "/me"
ITEMS_PATH = "/items"

log = logging.getLogger("ltop.scenario.custom")


class ApiUser(FastHttpUser):
    wait_time = wait_time_from_env()

    token = None

    def on_start(self):
        self.token = secret("LTOP_API_TOKEN")
        if self.token:
            return
        username = env_str("LTOP_USERNAME")
        password = secret("LTOP_PASSWORD")
        if not username or not password:
            log.error("custom scenario: set LTOP_API_TOKEN, or LTOP_USERNAME and LTOP_PASSWORD")
            raise StopUser()
        with self.client.post(
            LOGIN_PATH, json={"username": username, "password": password}, name=LOGIN_PATH, catch_response=True
        ) as resp:
            body = json_body(resp)
            if body is not None and has_fields(resp, body, ("token",), "login answer"):
                self.token = body["token"]
        if not self.token:
            raise StopUser()  # the failed login is in the statistics; this user stops

    def on_stop(self):
        if self.token and not secret("LTOP_API_TOKEN"):
            with self.client.post(LOGOUT_PATH, headers=self.auth(), name=LOGOUT_PATH, catch_response=True) as resp:
                if resp.status_code not in (200, 204):
                    resp.failure(f"logout answered HTTP {resp.status_code}")
        self.token = None

    def auth(self):
        return {"Authorization": f"Bearer {self.token}"}

    @task(3)
    def list_items(self):
        with self.client.get(ITEMS_PATH, headers=self.auth(), name=ITEMS_PATH, catch_response=True) as resp:
            body = json_body(resp)
            if body is not None:
                list_of(resp, body, ("id", "name"), minimum=0, what="items")

    @task(2)
    def profile(self):
        with self.client.get(PROFILE_PATH, headers=self.auth(), name=PROFILE_PATH, catch_response=True) as resp:
            body = json_body(resp)
            if body is not None:
                has_fields(resp, body, ("username",), "profile")

    @task(1)
    def create_item(self):
        item = {"name": f"item-{random.randint(1, 10_000)}", "quantity": 1}
        with self.client.post(ITEMS_PATH, json=item, headers=self.auth(), name=ITEMS_PATH, catch_response=True) as resp:
            body = json_body(resp, status=201)
            if body is not None and has_fields(resp, body, ("id", "name"), "created item"):
                equal(resp, "created name", body["name"], item["name"])

    @task(2)
    def item_lifecycle(self):
        """create -> fetch -> update -> delete; stops at the first step that fails."""
        item = {"name": f"flow-{random.randint(1, 10_000)}", "quantity": 1}
        with self.client.post(
            ITEMS_PATH, json=item, headers=self.auth(), name=f"{ITEMS_PATH} [flow create]", catch_response=True
        ) as resp:
            body = json_body(resp, status=201)
            if body is None or not has_fields(resp, body, ("id",), "created item"):
                return
            item_id = body["id"]
        path, name = f"{ITEMS_PATH}/{item_id}", f"{ITEMS_PATH}/[id]"

        with self.client.get(path, headers=self.auth(), name=name, catch_response=True) as resp:
            body = json_body(resp)
            if body is None or not equal(resp, "fetched name", body.get("name"), item["name"]):
                return

        with self.client.put(path, json={"quantity": 5}, headers=self.auth(), name=name, catch_response=True) as resp:
            body = json_body(resp)
            if body is None or not equal(resp, "updated quantity", body.get("quantity"), 5):
                return

        with self.client.delete(path, headers=self.auth(), name=name, catch_response=True) as resp:
            if resp.status_code not in (200, 204):
                resp.failure(f"delete answered HTTP {resp.status_code}")
