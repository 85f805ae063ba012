"""Serve the real app under gunicorn on 127.0.0.1, and talk to it like a browser would.

Load, fault and benchmark runs need the production server, not Flask's test client: several
worker processes sharing one database, a master that restarts a killed worker, real sockets
and real timeouts. This module gives them:

- `GunicornServer`: starts `gunicorn "app:create_app()"` in its own process group on a free
  port with N sync workers and the environment a deployment would set, waits until it answers,
  kills one worker with SIGKILL on demand, stops everything and keeps the logs.
- `HttpClient`: a small cookie-aware client over http.client that GETs a page, reads its forms
  (CSRF token and hidden fields included, with the values a browser would send) and POSTs them.
- Helpers for the databases a run needs: a fresh schema, a throwaway PostgreSQL cluster and a
  throwaway Redis, each on a free port and removed afterwards.

Every wait is bounded: nothing here can hang a test run.
"""

from __future__ import annotations

import contextlib
import glob
import http.client
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from html.parser import HTMLParser
from http.cookies import SimpleCookie
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
TEST_SECRET_KEY = "serving-test-secret-key-0123456789abcdef"
Fields = Sequence[tuple[str, str]] | Mapping[str, str]


def free_port() -> int:
    """A TCP port nobody listens on right now (the OS picks it)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_port(port: int, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 0.5):
            return
        time.sleep(0.05)
    raise TimeoutError(f"nothing listens on 127.0.0.1:{port} after {timeout}s")


# --------------------------------------------------------------------------------------------
# Databases
# --------------------------------------------------------------------------------------------


def prepare_schema(url: str) -> None:
    """Drop and create every table, as the test suite does (migrations may trail the models)."""
    from app import load_models
    from core.db import Base, make_engine

    load_models()
    engine = make_engine(url)
    try:
        Base.metadata.drop_all(engine)
        Base.metadata.create_all(engine)
    finally:
        engine.dispose()


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{path}"


def _postgres_bin(name: str) -> str | None:
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    return found[-1] if found else shutil.which(name)


def postgres_available() -> str | None:
    """Why a throwaway PostgreSQL cannot be started here, or None when it can."""
    if not _postgres_bin("initdb") or not _postgres_bin("pg_ctl"):
        return "PostgreSQL server binaries (initdb, pg_ctl) are not installed"
    if os.geteuid() != 0:
        try:
            import pwd

            pwd.getpwnam("postgres")
        except KeyError:
            return "no postgres user to run a throwaway cluster"
        if os.geteuid() != pwd.getpwnam("postgres").pw_uid:
            return "a throwaway PostgreSQL cluster needs root (to run as postgres) or postgres"
    return None


class ThrowawayPostgres:
    """A PostgreSQL cluster of our own in a temporary directory, on a free port.

    Restarting or stopping it disturbs no other database. Runs as the `postgres` user when the
    test runs as root (initdb refuses root).
    """

    def __init__(self) -> None:
        self.port = free_port()
        self.dir = Path(tempfile.mkdtemp(prefix="exploration-pg-"))
        self.data = self.dir / "data"
        self.log = self.dir / "server.log"
        self.user = "exploration"
        self.password = "exploration"  # a throwaway cluster on loopback only
        self.database = "exploration"

    @property
    def url(self) -> str:
        return (
            f"postgresql+psycopg://{self.user}:{self.password}@127.0.0.1:{self.port}/"
            f"{self.database}"
        )

    def _run(self, args: list[str], timeout: float = 60, check: bool = True) -> None:
        command = args
        if os.geteuid() == 0:
            command = ["runuser", "-u", "postgres", "--", *args]
        env = {**os.environ, "PGPASSWORD": self.password}
        subprocess.run(
            command,
            check=check,
            timeout=timeout,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )

    def start(self) -> ThrowawayPostgres:
        if os.geteuid() == 0:
            shutil.chown(self.dir, "postgres", "postgres")
        pwfile = self.dir / "pw"
        pwfile.write_text(self.password)
        if os.geteuid() == 0:
            shutil.chown(pwfile, "postgres", "postgres")
        self._run(
            [
                _postgres_bin("initdb") or "initdb",
                "-D",
                str(self.data),
                "-U",
                self.user,
                f"--pwfile={pwfile}",
                "--auth=scram-sha-256",
                "--encoding=UTF8",
                "--no-sync",
            ]
        )
        with (self.data / "postgresql.conf").open("a") as conf:
            conf.write(
                f"\nport = {self.port}\nlisten_addresses = '127.0.0.1'\n"
                f"unix_socket_directories = '{self.dir}'\nfsync = off\n"
                "max_connections = 200\nsynchronous_commit = off\n"
            )
        self.pg_ctl("start", "-w", "-t", "30")
        self._run(
            [
                _postgres_bin("createdb") or "createdb",
                "-h",
                "127.0.0.1",
                "-p",
                str(self.port),
                "-U",
                self.user,
                self.database,
            ]
        )
        return self

    def pg_ctl(self, action: str, *args: str) -> None:
        pg_ctl = _postgres_bin("pg_ctl") or "pg_ctl"
        self._run([pg_ctl, "-D", str(self.data), "-l", str(self.log), action, *args])

    def stop(self, mode: str = "fast") -> None:
        self.pg_ctl("stop", "-w", "-t", "30", "-m", mode)

    def restart(self) -> None:
        self.pg_ctl("restart", "-w", "-t", "30", "-m", "fast")

    def destroy(self) -> None:
        with contextlib.suppress(Exception):
            self.stop("immediate")
        shutil.rmtree(self.dir, ignore_errors=True)

    def __enter__(self) -> ThrowawayPostgres:
        try:
            return self.start()
        except BaseException:
            self.destroy()
            raise

    def __exit__(self, *_exc: object) -> None:
        self.destroy()


class ThrowawayRedis:
    """Debian's redis-server on a free port, no persistence, removed afterwards."""

    def __init__(self) -> None:
        self.port = free_port()
        self.dir = Path(tempfile.mkdtemp(prefix="exploration-redis-"))
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    @staticmethod
    def available() -> str | None:
        return None if shutil.which("redis-server") else "redis-server is not installed"

    def __enter__(self) -> ThrowawayRedis:
        self.process = subprocess.Popen(
            [
                shutil.which("redis-server") or "redis-server",
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.dir),
                "--protected-mode",
                "yes",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        wait_for_port(self.port, 10)
        return self

    def __exit__(self, *_exc: object) -> None:
        if self.process is not None:
            self.process.terminate()
            try:
                self.process.wait(5)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(5)
        shutil.rmtree(self.dir, ignore_errors=True)


# --------------------------------------------------------------------------------------------
# The server
# --------------------------------------------------------------------------------------------


@dataclass
class GunicornServer:
    """The app under gunicorn, as in production, on 127.0.0.1 and a free port.

    `env` adds or overrides environment variables (PUBLIC_POST_LIMIT, RATELIMIT_STORAGE_URI...).
    The app's logs and gunicorn's go to one file, readable with `logs()`.
    """

    database_url: str
    workers: int = 4
    env: Mapping[str, str] = field(default_factory=dict)
    access_log: bool = False
    timeout: int = 30
    target: str = "app:create_app()"
    ready_path: str = "/en/"
    ready_status: int = 200
    port: int = field(default_factory=free_port)
    log_path: Path | None = None
    process: subprocess.Popen[bytes] | None = None
    _tmp: Path | None = None
    _kept_logs: str = ""

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def environment(self) -> dict[str, str]:
        env = {
            key: value
            for key, value in os.environ.items()
            if not key.startswith(("PUBLIC_POST_LIMIT", "SIGNIN_LIMIT", "LINK_MISS_LIMIT"))
        }
        env.update(
            {
                "EXPLORATION_ENV": "production",
                "SECRET_KEY": TEST_SECRET_KEY,
                "DATABASE_URL": self.database_url,
                "TRUSTED_HOSTS": "127.0.0.1,localhost",
                "SESSION_COOKIE_SECURE": "false",  # plain HTTP on loopback
                "RATELIMIT_STORAGE_URI": "memory://",
                "EXPLORATION_INSTANCE_DIR": str(self._tmp),
                "PYTHONUNBUFFERED": "1",
                "PYTHONPATH": str(ROOT),
            }
        )
        env.update(self.env)
        return env

    def command(self) -> list[str]:
        command = [
            sys.executable, "-m", "gunicorn",
            "--workers", str(self.workers),
            "--worker-class", "sync",
            "--bind", f"127.0.0.1:{self.port}",
            "--timeout", str(self.timeout),
            "--graceful-timeout", "5",
            "--error-logfile", "-",
            "--log-level", "info",
            "--chdir", str(ROOT),
            # gunicorn's control socket has one fixed path per user: several servers on one
            # machine (tests, two instances) would take it from each other.
            "--no-control-socket",
        ]  # fmt: skip
        if self.access_log:
            command += ["--access-logfile", "-"]
        return [*command, self.target]

    def start(self, ready_timeout: float = 30.0) -> GunicornServer:
        self._tmp = Path(tempfile.mkdtemp(prefix="exploration-gunicorn-"))
        self.log_path = self.log_path or self._tmp / "server.log"
        log = self.log_path.open("ab")
        self.process = subprocess.Popen(
            self.command(),
            cwd=ROOT,
            env=self.environment(),
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        log.close()
        self.wait_ready(ready_timeout)
        return self

    def wait_ready(self, timeout: float = 30.0) -> None:
        """Wait until `ready_path` answers `ready_status` and every worker has booted."""
        deadline = time.monotonic() + timeout
        last: object = None
        while time.monotonic() < deadline:
            if self.process is None or self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited early:\n{self.logs()[-4000:]}")
            try:
                response = HttpClient(self.base_url, timeout=2).get(self.ready_path)
                if response.status == self.ready_status and len(self.worker_pids()) >= self.workers:
                    return
                last = response.status
            except OSError as error:
                last = error
            time.sleep(0.1)
        raise TimeoutError(f"server not ready after {timeout}s ({last}):\n{self.logs()[-4000:]}")

    def worker_pids(self) -> list[int]:
        """The gunicorn workers: the master's child processes."""
        if self.process is None:
            return []
        master = self.process.pid
        children = []
        for stat in Path("/proc").glob("[0-9]*/stat"):
            with contextlib.suppress(OSError, ValueError, IndexError):
                fields = stat.read_text().rsplit(")", 1)[1].split()
                if int(fields[1]) == master and fields[0] != "Z":
                    children.append(int(stat.parent.name))
        return sorted(children)

    def kill_worker(self, pid: int | None = None) -> int:
        """SIGKILL one worker (the first by default): no cleanup, as if the kernel killed it."""
        pids = self.worker_pids()
        if not pids:
            raise RuntimeError("no worker to kill")
        victim = pid if pid is not None else pids[0]
        os.kill(victim, signal.SIGKILL)
        return victim

    def stop(self) -> None:
        if self.process is None:
            return
        if self.process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(15)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(5)
        # Workers left behind (a master killed hard) go with the process group.
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(self.process.pid, signal.SIGKILL)

    def logs(self) -> str:
        """Everything gunicorn and the app wrote so far (kept after `cleanup`)."""
        if self.log_path is None or not self.log_path.exists():
            return self._kept_logs
        return self.log_path.read_text(errors="replace")

    def cleanup(self) -> None:
        self.stop()
        self._kept_logs = self.logs()
        if self._tmp is not None:
            shutil.rmtree(self._tmp, ignore_errors=True)
            self._tmp = None

    def __enter__(self) -> GunicornServer:
        try:
            return self.start()
        except BaseException:
            self.cleanup()
            raise

    def __exit__(self, *_exc: object) -> None:
        self.cleanup()

    def client(self, timeout: float = 15.0) -> HttpClient:
        return HttpClient(self.base_url, timeout=timeout)


# --------------------------------------------------------------------------------------------
# The client
# --------------------------------------------------------------------------------------------


@dataclass
class Response:
    status: int
    headers: http.client.HTTPMessage
    body: bytes
    url: str

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", errors="replace")

    @property
    def location(self) -> str | None:
        return self.headers.get("Location")

    def header_list(self, name: str) -> list[str]:
        return self.headers.get_all(name) or []


@dataclass
class Form:
    """One <form> as a browser sees it: where it posts, and what it would send."""

    action: str
    method: str
    id: str | None
    fields: list[tuple[str, str]]
    buttons: list[tuple[str, str]]
    controls: list[dict[str, Any]]

    def get(self, name: str, default: str | None = None) -> str | None:
        for key, value in self.fields:
            if key == name:
                return value
        return default

    @property
    def csrf_token(self) -> str | None:
        return self.get("csrf_token")

    def with_values(
        self,
        values: Fields | None = None,
        *,
        button: tuple[str, str] | None = None,
        drop: Iterable[str] = (),
    ) -> list[tuple[str, str]]:
        """What the browser would send after the person typed `values` and pressed `button`.

        A name in `values` replaces every value the form had for it (a list value gives
        several). Names in `drop` are left out, as a field a person deleted in the inspector.
        """
        values = dict(values or {})
        dropped = set(drop)
        payload = [
            (key, value) for key, value in self.fields if key not in values and key not in dropped
        ]
        for key, value in values.items():
            if isinstance(value, list | tuple):
                payload.extend((key, str(item)) for item in value)
            elif value is not None:
                payload.append((key, str(value)))
        if button is not None:
            payload.append(button)
        return payload


class _FormParser(HTMLParser):
    """Collects every form with its successful controls' initial values."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[Form] = []
        self._form: Form | None = None
        self._textarea: dict[str, Any] | None = None
        self._select: dict[str, Any] | None = None
        self._option: dict[str, Any] | None = None
        self._orphans: list[tuple[str | None, dict[str, Any]]] = []

    def handle_starttag(self, tag: str, attrs_list: list[tuple[str, str | None]]) -> None:
        attrs = {k: (v if v is not None else "") for k, v in attrs_list}
        if tag == "form":
            self._form = Form(
                action=attrs.get("action", ""),
                method=attrs.get("method", "get").lower(),
                id=attrs.get("id"),
                fields=[],
                buttons=[],
                controls=[],
            )
            self.forms.append(self._form)
            return
        if tag in {"input", "button", "textarea", "select"}:
            owner = attrs.get("form")
            if self._form is None or (owner and owner != self._form.id):
                self._orphans.append((owner, {"tag": tag, **attrs}))
                if tag == "textarea":
                    self._textarea = {"tag": tag, **attrs, "_orphan": True, "text": ""}
                return
        form = self._form
        if form is None:
            return
        if tag == "input":
            kind = attrs.get("type", "text").lower()
            name = attrs.get("name")
            form.controls.append({"tag": "input", **attrs})
            if not name or "disabled" in attrs:
                return
            if kind in {"submit", "image"}:
                form.buttons.append((name, attrs.get("value", "")))
            elif kind in {"checkbox", "radio"}:
                if "checked" in attrs:
                    form.fields.append((name, attrs.get("value", "on")))
            elif kind not in {"button", "reset", "file"}:
                form.fields.append((name, attrs.get("value", "")))
        elif tag == "button":
            form.controls.append({"tag": "button", **attrs})
            if attrs.get("name") and attrs.get("type", "submit").lower() == "submit":
                form.buttons.append((attrs["name"], attrs.get("value", "")))
        elif tag == "textarea":
            self._textarea = {"tag": "textarea", **attrs, "text": ""}
        elif tag == "select":
            self._select = {"tag": "select", **attrs, "options": [], "selected": []}
        elif tag == "option" and self._select is not None:
            self._option = {
                "value": attrs.get("value"),
                "text": "",
                "selected": "selected" in attrs,
            }
            self._select["options"].append(self._option)

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            self._textarea["text"] += data
        if self._option is not None:
            self._option["text"] += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "textarea" and self._textarea is not None:
            control = self._textarea
            self._textarea = None
            text = control["text"]
            # The HTML parser keeps the newline right after <textarea>; browsers drop it
            # (WTForms writes it as CRLF, which a browser reads as one newline).
            text = text[2:] if text.startswith("\r\n") else text.removeprefix("\n")
            control["value"] = text
            if control.get("_orphan"):
                return
            if self._form is not None:
                self._form.controls.append(control)
                if control.get("name") and "disabled" not in control:
                    self._form.fields.append((control["name"], text))
        elif tag == "option":
            self._option = None
        elif tag == "select" and self._select is not None:
            control = self._select
            self._select = None
            if self._form is None:
                return
            self._form.controls.append(control)
            name = control.get("name")
            if not name or "disabled" in control:
                return
            options = control["options"]
            chosen = [o for o in options if o["selected"]]
            if not chosen and options and "multiple" not in control:
                chosen = options[:1]
            for option in chosen:
                value = option["value"] if option["value"] is not None else option["text"]
                self._form.fields.append(
                    (name, value.strip() if option["value"] is None else value)
                )
        elif tag == "form":
            self._form = None

    def close(self) -> None:
        super().close()
        # Controls outside their form (form="id"), e.g. the header's language toggle.
        by_id = {form.id: form for form in self.forms if form.id}
        for owner, control in self._orphans:
            form = by_id.get(owner or "")
            if form is None:
                continue
            form.controls.append(control)
            if control["tag"] == "button" and control.get("name"):
                form.buttons.append((control["name"], control.get("value", "")))


def parse_forms(page: str) -> list[Form]:
    parser = _FormParser()
    parser.feed(page)
    parser.close()
    return parser.forms


class HttpClient:
    """A browser-like client for one person: its own cookies, one request at a time.

    gunicorn's sync workers close the connection after each response, so each request opens
    its own connection, with `timeout` seconds for connect and for each read.
    """

    def __init__(self, base_url: str, timeout: float = 15.0) -> None:
        parts = urllib.parse.urlsplit(base_url)
        self.host = parts.hostname or "127.0.0.1"
        self.port = parts.port or 80
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout
        self.cookies: dict[str, str] = {}

    # -- low level --------------------------------------------------------------------------

    def request(
        self,
        method: str,
        path: str,
        body: bytes | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> Response:
        path = self._path(path)
        all_headers = {"Host": f"{self.host}:{self.port}", "Accept-Language": "en"}
        if self.cookies:
            all_headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        all_headers.update(headers or {})
        connection = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
        try:
            connection.request(method, path, body=body, headers=all_headers)
            raw = connection.getresponse()
            data = raw.read()
            response = Response(raw.status, raw.msg, data, path)
        finally:
            connection.close()
        self._store_cookies(response)
        return response

    def _path(self, path: str) -> str:
        if path.startswith(("http://", "https://")):
            parts = urllib.parse.urlsplit(path)
            return urllib.parse.urlunsplit(("", "", parts.path, parts.query, ""))
        return path

    def _store_cookies(self, response: Response) -> None:
        for header in response.header_list("Set-Cookie"):
            jar: SimpleCookie = SimpleCookie()
            with contextlib.suppress(Exception):
                jar.load(header)
            for name, morsel in jar.items():
                expired = morsel["max-age"] == "0" or (
                    morsel["expires"] and "1970" in morsel["expires"]
                )
                if expired or morsel.value == "":
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value

    # -- browser-like ---------------------------------------------------------------------

    def get(self, path: str, *, follow: bool = True, max_redirects: int = 10) -> Response:
        response = self.request("GET", path)
        while follow and response.status in {301, 302, 303, 307, 308} and max_redirects > 0:
            max_redirects -= 1
            response = self.request("GET", urllib.parse.urljoin(response.url, response.location))
        return response

    def post(
        self,
        path: str,
        fields: Fields,
        *,
        follow: bool = False,
        content_type: str = "application/x-www-form-urlencoded",
    ) -> Response:
        items = list(fields.items()) if isinstance(fields, Mapping) else list(fields)
        body = urllib.parse.urlencode(items).encode()
        response = self.request("POST", path, body, {"Content-Type": content_type})
        if follow and response.status in {301, 302, 303}:
            return self.get(urllib.parse.urljoin(response.url, response.location))
        return response

    def post_multipart(
        self, path: str, fields: Fields, *, boundary: str = "exploration-boundary-7e3b"
    ) -> Response:
        items = list(fields.items()) if isinstance(fields, Mapping) else list(fields)
        body = multipart_body(items, boundary)
        return self.request(
            "POST", path, body, {"Content-Type": f"multipart/form-data; boundary={boundary}"}
        )

    def forms(self, path: str) -> tuple[Response, list[Form]]:
        page = self.get(path)
        return page, parse_forms(page.text)

    def form(self, path: str, *, index: int | None = None, action: str | None = None) -> Form:
        """The page's POST form (the one posting to `action`, or the `index`-th POST form)."""
        page, forms = self.forms(path)
        if page.status != 200:
            raise AssertionError(f"GET {path} answered {page.status}")
        posting = [form for form in forms if form.method == "post"]
        if action is not None:
            posting = [form for form in posting if form.action == action]
        if not posting:
            raise AssertionError(f"no POST form on {path}")
        chosen = posting[index or 0]
        chosen.action = urllib.parse.urljoin(page.url, chosen.action or page.url)
        return chosen

    def submit(
        self,
        form: Form,
        values: Fields | None = None,
        *,
        button: tuple[str, str] | None = None,
        follow: bool = False,
    ) -> Response:
        return self.post(form.action, form.with_values(values, button=button), follow=follow)


class AlternatingClient(HttpClient):
    """One person whose every request goes to the next instance in turn, as behind a load
    balancer without sticky sessions. Cookies are shared (browsers ignore the port)."""

    def __init__(self, base_urls: Sequence[str], timeout: float = 15.0) -> None:
        super().__init__(base_urls[0], timeout)
        self.ports = [urllib.parse.urlsplit(url).port or 80 for url in base_urls]
        self.served_by: list[int] = []
        self._turn = 0

    def request(
        self,
        method: str,
        path: str,
        body: bytes | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> Response:
        self.port = self.ports[self._turn % len(self.ports)]
        self._turn += 1
        self.served_by.append(self.port)
        return super().request(method, path, body, headers)


def multipart_body(items: Sequence[tuple[str, str]], boundary: str) -> bytes:
    parts = []
    for name, value in items:
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'.encode()
            + str(value).encode()
            + b"\r\n"
        )
    return b"".join(parts) + f"--{boundary}--\r\n".encode()


# --------------------------------------------------------------------------------------------
# Small helpers shared by the load and fault tests
# --------------------------------------------------------------------------------------------


@contextlib.contextmanager
def server(database_url: str, **kwargs: Any) -> Iterator[GunicornServer]:
    """`with server(url, workers=4, env={...}) as app_server:` starts and always stops."""
    instance = GunicornServer(database_url, **kwargs)
    with instance:
        yield instance


def retry(call: Any, attempts: int = 5, pause: float = 0.2) -> Any:
    """Call `call()` until it returns without OSError (a refused or reset connection)."""
    for attempt in range(attempts):
        try:
            return call()
        except (OSError, http.client.HTTPException):
            if attempt == attempts - 1:
                raise
            time.sleep(pause * (attempt + 1))
    return None
