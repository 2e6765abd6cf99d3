"""The app under gunicorn for the search benchmark, from this checkout or from another copy of the code."""

import http.client
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
from pathlib import Path

WORKERS = 2
THREADS = 4
CONCURRENCY = 8


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def api_path(params: dict) -> str:
    return "/api/v1/search?" + urllib.parse.urlencode(params)


def timed_get(connection: http.client.HTTPConnection, path: str) -> float:
    started = time.perf_counter()
    connection.request("GET", path)
    response = connection.getresponse()
    body = response.read()
    elapsed = time.perf_counter() - started
    if response.status != 200:
        raise RuntimeError(f"{path} answered {response.status}: {body[:200]!r}")
    return elapsed


class Server:
    """gunicorn serving ``techport:create_app()``; from ``tree`` (imported ahead of this checkout) when given.
    Its output (a line per request) goes to ``log``."""

    def __init__(self, env: dict, log: Path, tree: Path | None = None):
        self.log = log
        self.port = free_port()
        self.env = {**env, "PYTHONPATH": str(tree)} if tree else env
        self.tree = tree
        self.process = None
        self.connection = None

    def __enter__(self) -> "Server":
        gunicorn = Path(sys.executable).parent / "gunicorn"
        command = [str(gunicorn), "-w", str(WORKERS), "--threads", str(THREADS), "-b", f"127.0.0.1:{self.port}"]
        if self.tree:
            command += ["--chdir", str(self.tree)]
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(
                [*command, "--log-level", "warning", "techport:create_app()"],
                env=self.env,
                stdout=log,
                stderr=log,
                cwd=self.tree,  # gunicorn puts its starting directory first on sys.path, ahead of PYTHONPATH
            )
        for _ in range(300):
            self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
            try:
                timed_get(self.connection, api_path({"q": "warm up"}))
                return self
            except (ConnectionError, OSError):
                self.connection.close()
                time.sleep(0.2)
            except RuntimeError:
                self.process.terminate()  # the app answered with an error: leave no server behind
                raise
        self.process.terminate()
        raise RuntimeError("gunicorn did not answer")

    def __exit__(self, *_) -> None:
        self.process.terminate()
        self.process.wait(timeout=30)


def throughput(port: int, queries: list, seconds: float) -> float:
    """Requests per second of /api/v1/search with ``CONCURRENCY`` clients cycling through ``queries``."""
    completed = []
    deadline = time.perf_counter() + seconds

    def client_loop(offset: int) -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        n = offset
        while time.perf_counter() < deadline:
            timed_get(connection, api_path(queries[n % len(queries)][0]))
            completed.append(1)
            n += 1

    started = time.perf_counter()
    threads = [threading.Thread(target=client_loop, args=(n,)) for n in range(CONCURRENCY)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return len(completed) / (time.perf_counter() - started)
