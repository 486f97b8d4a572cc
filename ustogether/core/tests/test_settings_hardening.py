"""Production settings that protect people: shared limits, HSTS, strong keys, browser features."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.test import Client

ROOT = Path(__file__).resolve().parents[3]
STRONG_KEY = "kQ3v-9zT_p1LmX7rB2nYc8WfJ0hA5sDeGuR4oVtNiK6qZyHwMx"


def _settings(env: dict[str, str], *names: str) -> subprocess.CompletedProcess[str]:
    """Load the settings in a fresh process with `env`, and print the named values."""
    code = (
        "import json, django; django.setup(); from django.conf import settings as s; "
        f"print(json.dumps({{n: getattr(s, n) for n in {list(names)!r}}}, default=str))"
    )
    clean = {k: v for k, v in os.environ.items() if k not in ("CACHE_URL", "SECURE_HSTS_SECONDS")}
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**clean, "DJANGO_SETTINGS_MODULE": "ustogether.settings", **env},
        capture_output=True,
        text=True,
        check=False,
    )


PRODUCTION = {
    "PRODUCTION": "1",
    "DEBUG": "0",
    "SECRET_KEY": STRONG_KEY,
    "ALLOWED_HOSTS": "example.org",
}


@pytest.mark.parametrize(
    "key",
    [
        "short-but-varied-Key-1",  # under 50 characters
        "ab" * 40,  # long, but only two different characters
        "django-insecure-" + STRONG_KEY,  # Django's own marker for a throwaway key
    ],
)
def test_production_refuses_a_weak_secret_key(key: str) -> None:
    result = _settings({**PRODUCTION, "SECRET_KEY": key}, "SECRET_KEY")
    assert result.returncode != 0
    assert "SECRET_KEY is weak" in result.stderr


def test_production_turns_on_hsts_for_a_year_with_subdomains() -> None:
    result = _settings(
        PRODUCTION,
        "SECURE_HSTS_SECONDS",
        "SECURE_HSTS_INCLUDE_SUBDOMAINS",
        "SECURE_HSTS_PRELOAD",
        "SESSION_COOKIE_SECURE",
        "CSRF_COOKIE_SECURE",
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == {
        "SECURE_HSTS_SECONDS": 31536000,
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
        "SECURE_HSTS_PRELOAD": False,
        "SESSION_COOKIE_SECURE": True,
        "CSRF_COOKIE_SECURE": True,
    }


def test_hsts_preload_can_be_turned_on() -> None:
    result = _settings({**PRODUCTION, "SECURE_HSTS_PRELOAD": "1"}, "SECURE_HSTS_PRELOAD")
    assert json.loads(result.stdout) == {"SECURE_HSTS_PRELOAD": True}


def test_production_uses_redis_and_the_demo_the_database_cache() -> None:
    production = json.loads(_settings(PRODUCTION, "CACHES").stdout)["CACHES"]["default"]
    demo = json.loads(_settings({"DEBUG": "1"}, "CACHES").stdout)["CACHES"]["default"]
    assert production["BACKEND"] == "django.core.cache.backends.redis.RedisCache"
    assert production["LOCATION"] == "redis://127.0.0.1:6379/0"
    assert demo["BACKEND"] == "django.core.cache.backends.db.DatabaseCache"


def test_the_cache_address_comes_from_the_environment() -> None:
    result = _settings({"CACHE_URL": "redis://cache.internal:6380/2"}, "CACHES")
    assert json.loads(result.stdout)["CACHES"]["default"]["LOCATION"] == (
        "redis://cache.internal:6380/2"
    )
    wrong = _settings({"CACHE_URL": "memcached://x"}, "CACHES")
    assert wrong.returncode != 0
    assert "CACHE_URL must be a Redis address" in wrong.stderr


@pytest.mark.django_db
def test_pages_say_which_browser_features_they_may_use() -> None:
    policy = Client().get("/")["Permissions-Policy"]
    assert "geolocation=()" in policy
    assert "payment=()" in policy
    assert "camera=(self)" in policy


def _redis_answers() -> bool:
    try:
        import redis

        return bool(redis.Redis.from_url("redis://127.0.0.1:6379/0", socket_timeout=1).ping())
    except Exception:
        return False


CACHES_TO_TRY = ["db", "redis"]


@pytest.mark.parametrize("cache", CACHES_TO_TRY)
def test_limits_hold_across_two_processes(cache: str, tmp_path: Path) -> None:
    """Two app processes share one count: 5 tries in all, not 5 each.

    Our limits count with the cache's add and incr, which Redis (production) does
    atomically, so two processes trying at the same moment still get 5 in all. allauth's sign-in limit
    reads its list of tries and writes it back, so at the very same moment two
    processes can both read the same list; its count is shared (shown here by the two
    processes taking turns) but not atomic (a known gap, SECURITY.md)."""
    env = {
        **{k: v for k, v in os.environ.items() if k != "DATABASE_URL"},
        "DJANGO_SETTINGS_MODULE": "ustogether.settings",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'site.sqlite3'}",
        "TESTING": "0",
    }
    if cache == "redis":
        if not _redis_answers():
            pytest.skip("SKIPPED: no Redis answers on 127.0.0.1:6379")
        env["CACHE_URL"] = "redis://127.0.0.1:6379/15"
    else:
        env["CACHE_URL"] = "db"
        subprocess.run(
            [sys.executable, "manage.py", "createcachetable"], cwd=ROOT, env=env, check=True
        )
    email = f"someone-{uuid.uuid4().hex}@example.org"
    address = ".".join(["10", *(str(b) for b in uuid.uuid4().bytes[:3])])

    def start(which: str) -> subprocess.Popen[str]:
        return subprocess.Popen(
            [
                sys.executable,
                "-m",
                "ustogether.core.tests.limit_worker",
                which,
                email,
                "5",
                address,
            ],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )

    def allowed(worker: subprocess.Popen[str]) -> int:
        out, err = worker.communicate(timeout=60)
        assert worker.returncode == 0, err
        return int(out)

    if cache == "redis":
        # Redis adds and counts atomically: two processes at the very same moment
        # still get 5 in all.
        together = [start("ours"), start("ours")]
        ours = [allowed(w) for w in together]
    else:
        # Django's database cache (for development; production needs Redis) counts
        # by reading and writing back, so at the very same moment two processes can
        # both count the same try. Its count is shared (shown by taking turns), not
        # atomic: a run with both at once once let 8 through.
        ours = [allowed(start("ours")) for _ in range(2)]
    in_turn = [allowed(start("sign-in")) for _ in range(2)]
    assert (sum(in_turn), sum(ours)) == (5, 5), (in_turn, ours)
