"""Response checks shared by the bundled scenarios (not a scenario: the name starts with "_").

Each check marks the request failed with a short reason when the answer is not what the
scenario expects, so "failures" in ltop mean "the API misbehaved", not only "status >= 400".
Works with both FastHttpUser and HttpUser responses.
"""

from typing import Any, Iterable, Optional


def header(resp: Any, name: str) -> str:
    headers = resp.headers or {}
    value = headers.get(name)
    if value is None:
        value = headers.get(name.lower())
    return value or ""


def json_body(resp: Any, status: int = 200) -> Optional[Any]:
    """Status must be `status` and the body JSON; returns the parsed body or None (failed)."""
    if resp.status_code != status:
        resp.failure(f"expected HTTP {status}, got {resp.status_code}")
        return None
    try:
        return resp.json()
    except Exception:
        resp.failure("response body is not JSON")
        return None


def has_fields(resp: Any, obj: Any, fields: Iterable[str], what: str = "object") -> bool:
    if not isinstance(obj, dict):
        resp.failure(f"expected a JSON {what}, got {type(obj).__name__}")
        return False
    missing = [f for f in fields if f not in obj]
    if missing:
        resp.failure(f"{what} lacks {', '.join(missing)}")
        return False
    return True


def list_of(
    resp: Any,
    body: Any,
    fields: Iterable[str],
    exact: Optional[int] = None,
    minimum: int = 1,
    what: str = "list",
) -> bool:
    if not isinstance(body, list):
        resp.failure(f"expected a JSON {what}, got {type(body).__name__}")
        return False
    if exact is not None and len(body) != exact:
        resp.failure(f"expected {exact} entries in {what}, got {len(body)}")
        return False
    if len(body) < minimum:
        resp.failure(f"expected at least {minimum} entries in {what}, got {len(body)}")
        return False
    # Spot-check the first and the last entry: checking all of them would make the load
    # generator, not the API, the bottleneck on long lists.
    fields = list(fields)
    return all(has_fields(resp, entry, fields, what=f"{what} entry") for entry in (body[:1] + body[-1:]))


def equal(resp: Any, label: str, got: Any, expected: Any) -> bool:
    if got != expected:
        resp.failure(f"{label}: expected {expected!r}, got {got!r}")
        return False
    return True
