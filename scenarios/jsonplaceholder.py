"""JSONPlaceholder-like REST API: posts, comments, users.

Works against https://jsonplaceholder.typicode.com and the bundled demo target.
Request names group ids ("/posts/[id]") so statistics stay low-cardinality.

Environment (all optional):
  LTOP_WAIT_MIN / LTOP_WAIT_MAX   seconds between tasks per user (0.5 / 1.5)
  LTOP_JSONPLACEHOLDER_POSTS      posts the API holds, ids 1..N, and the expected list length (100)
  LTOP_JSONPLACEHOLDER_USERS      users the API holds, and the expected list length (10)
"""

import random

from locust import FastHttpUser, TaskSet, task

from ltop_plugin import env_int, wait_time_from_env
from _checks import equal, has_fields, json_body, list_of

POSTS = env_int("LTOP_JSONPLACEHOLDER_POSTS", 100, minimum=1)
USERS = env_int("LTOP_JSONPLACEHOLDER_USERS", 10, minimum=1)

POST_FIELDS = ("userId", "id", "title", "body")
COMMENT_FIELDS = ("postId", "id", "name", "email", "body")
USER_FIELDS = ("id", "name", "username", "email")


class JsonPlaceholderTasks(TaskSet):
    """The tasks, separate from the User so the benchmark can run them as HttpUser too."""

    @task(5)
    def list_posts(self):
        with self.client.get("/posts", name="/posts", catch_response=True) as resp:
            body = json_body(resp)
            if body is not None:
                list_of(resp, body, POST_FIELDS, exact=POSTS, what="posts")

    @task(3)
    def one_post(self):
        post_id = random.randint(1, POSTS)
        with self.client.get(f"/posts/{post_id}", name="/posts/[id]", catch_response=True) as resp:
            body = json_body(resp)
            if body is not None and has_fields(resp, body, POST_FIELDS, "post"):
                equal(resp, "post id", body["id"], post_id)

    @task(2)
    def post_comments(self):
        post_id = random.randint(1, POSTS)
        with self.client.get(f"/posts/{post_id}/comments", name="/posts/[id]/comments", catch_response=True) as resp:
            body = json_body(resp)
            if body is not None and list_of(resp, body, COMMENT_FIELDS, what="comments"):
                wrong = [c["postId"] for c in body if c["postId"] != post_id]
                if wrong:
                    resp.failure(f"comments of post {post_id} include postId {wrong[0]}")

    @task(1)
    def create_post(self):
        new = {"title": "ltop load test", "body": "created by ltop", "userId": random.randint(1, USERS)}
        with self.client.post("/posts", name="/posts", json=new, catch_response=True) as resp:
            body = json_body(resp, status=201)
            if body is not None and has_fields(resp, body, ("id", "title", "body", "userId"), "created post"):
                equal(resp, "created title", body["title"], new["title"])

    @task(1)
    def update_post(self):
        post_id = random.randint(1, POSTS)
        changed = {"id": post_id, "title": "updated by ltop", "body": "updated", "userId": 1}
        with self.client.put(f"/posts/{post_id}", name="/posts/[id]", json=changed, catch_response=True) as resp:
            body = json_body(resp)
            if body is not None and has_fields(resp, body, ("id", "title"), "updated post"):
                equal(resp, "updated title", body["title"], changed["title"]) and equal(
                    resp, "updated id", body["id"], post_id
                )

    @task(1)
    def list_users(self):
        with self.client.get("/users", name="/users", catch_response=True) as resp:
            body = json_body(resp)
            if body is not None:
                list_of(resp, body, USER_FIELDS, exact=USERS, what="users")


class JsonPlaceholderUser(FastHttpUser):
    wait_time = wait_time_from_env()
    tasks = [JsonPlaceholderTasks]
