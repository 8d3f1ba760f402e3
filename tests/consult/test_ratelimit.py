"""Rate limits hold across processes through Redis; production must choose where they count."""

import importlib.util
import logging
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from consult.config import ConfigError, load_config

ROOT = Path(__file__).resolve().parents[2]
REDIS_SERVER = shutil.which("redis-server") or "/usr/bin/redis-server"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_for(check, what: str, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.1)
    raise AssertionError(f"{what} did not start")


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2):  # noqa: S310 (a local test server)
            return True
    except (OSError, urllib.error.URLError):
        return False


@pytest.fixture
def redis_url(tmp_path):
    """A private redis-server on a free port in a temporary folder, stopped afterwards."""
    missing = not Path(REDIS_SERVER).exists() or importlib.util.find_spec("redis") is None
    if missing:
        if os.environ.get("CI"):
            pytest.fail("CI must have redis-server and the redis package (see .ci/run)")
        pytest.skip("redis-server or the redis Python package is not installed")
    port = _free_port()
    server = subprocess.Popen(
        [REDIS_SERVER, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--dir", tmp_path],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )

    def accepts() -> bool:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return True
        except OSError:
            return False

    try:
        _wait_for(accepts, "redis-server")
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        server.terminate()
        server.wait(timeout=10)


_SERVE = """
import sys
from consult import create_app
app = create_app({"CONSULT_ENV": "test", "SQLALCHEMY_DATABASE_URI": sys.argv[1],
                  "WTF_CSRF_ENABLED": False, "LOGIN_RATE_LIMIT": "3 per minute"})
app.run(host="127.0.0.1", port=int(sys.argv[2]), use_reloader=False)
"""


@pytest.fixture
def two_servers(app, redis_url, tmp_path):
    """Two separate server processes on the test database, counting limits in one Redis."""
    env = os.environ | {"RATELIMIT_STORAGE_URI": redis_url, "CONSULT_INSTANCE_PATH": str(tmp_path)}
    processes, urls = [], []
    try:
        for _n in range(2):
            port = _free_port()
            processes.append(
                subprocess.Popen(
                    [
                        sys.executable,
                        "-c",
                        _SERVE,
                        app.config["SQLALCHEMY_DATABASE_URI"],
                        str(port),
                    ],
                    cwd=ROOT,
                    env=env,
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                )
            )
            urls.append(f"http://127.0.0.1:{port}")
        for url in urls:
            _wait_for(lambda url=url: _answers(url + "/login"), url)
        yield urls
    finally:
        for process in processes:
            process.terminate()
            process.wait(timeout=10)


def _sign_in_status(base: str) -> int:
    data = urllib.parse.urlencode({"email": "nobody@example.org", "password": "wrong"}).encode()
    try:
        with urllib.request.urlopen(base + "/login", data=data, timeout=10) as response:  # noqa: S310
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


@pytest.mark.committing  # the servers record the failed sign-ins in the test database
def test_login_limit_holds_across_two_server_processes_sharing_redis(two_servers):
    first, second = two_servers
    allowed = [_sign_in_status(url) for url in (first, second, first)]
    assert allowed == [200, 200, 200]
    # the fourth attempt is refused by either process: they count together, 3 per minute
    assert _sign_in_status(second) == 429
    assert _sign_in_status(first) == 429


def test_production_refuses_to_start_without_a_rate_limit_storage(monkeypatch, tmp_path):
    monkeypatch.setenv("SECRET_KEY", "x" * 40)
    monkeypatch.delenv("RATELIMIT_STORAGE_URI", raising=False)
    monkeypatch.delenv("RATELIMIT_ENABLED", raising=False)
    with pytest.raises(ConfigError, match="RATELIMIT_STORAGE_URI"):
        load_config(str(tmp_path), {"CONSULT_ENV": "production"})


def test_production_takes_redis_and_warns_about_an_explicit_memory_storage(
    monkeypatch, tmp_path, caplog
):
    monkeypatch.setenv("SECRET_KEY", "x" * 40)
    monkeypatch.setenv("RATELIMIT_STORAGE_URI", "redis://cache:6379/1")
    config = load_config(str(tmp_path), {"CONSULT_ENV": "production"})
    assert config["RATELIMIT_STORAGE_URI"] == "redis://cache:6379/1"
    monkeypatch.setenv("RATELIMIT_STORAGE_URI", "memory://")  # one worker, chosen knowingly
    with caplog.at_level(logging.WARNING, logger="consult.config"):
        config = load_config(str(tmp_path), {"CONSULT_ENV": "production"})
    assert config["RATELIMIT_STORAGE_URI"] == "memory://"
    assert "per process" in caplog.text


def test_development_and_tests_count_in_memory_without_being_asked(monkeypatch, tmp_path):
    monkeypatch.delenv("RATELIMIT_STORAGE_URI", raising=False)
    assert load_config(str(tmp_path), {"CONSULT_ENV": "test"})["RATELIMIT_STORAGE_URI"] == (
        "memory://"
    )
