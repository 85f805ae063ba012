"""Browser tests: Debian's Chromium, driven by Playwright, against the app served for real.

Fixtures
    live_server   the app on 127.0.0.1 (a real HTTP server in a thread, its own SQLite file):
                  `.url` (base URL, no trailing slash) and `.app` (the Flask app, for seeding
                  data with `with live_server.app.app_context(): ...`). One per test session.
    page          a fresh Playwright page (own cookies) whose relative URLs resolve against
                  live_server.url: `page.goto("/en/")`.
    js_off_page   the same with JavaScript disabled, to prove a page works without it.

Signing in
    sign_in(page, email, password, lang)   through the sign-in page, as a person does.

Checks (plain functions: `from tests.browser.conftest import assert_accessible, ...`; also
available as fixtures of the same name)
    assert_accessible(page)          axe-core with the WCAG 2.1 A/AA and best-practice rules;
                                     fails listing every violation and its nodes.
    assert_valid_html(page_or_html)  the W3C Nu HTML checker on the HTML the server sent for
                                     the page's current document (or on a string); fails on
                                     any error. One checker service runs for the whole session.

The live app also has the test-only `probe` blueprint (tests/probe.py): a form at
/<lang>/probe/form and a POST-only URL, for CSRF, 405 and form-component pages.

Outside CI these tests skip with a message when /usr/bin/chromium or java is missing; in CI
(the CI variable is set) a missing tool is a failure.
"""

from __future__ import annotations

import atexit
import json
import os
import shutil
import socket
import subprocess
import threading
import time
import urllib.error
import urllib.request
import weakref
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from werkzeug.serving import BaseWSGIServer, WSGIRequestHandler, make_server

from app import create_app
from core.db import Base
from tests import factory, probe
from tests.conftest import Client

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
AXE_JS = ROOT / "node_modules" / "axe-core" / "axe.min.js"
VNU_JAR = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21aa", "best-practice"]
IN_CI = bool(os.environ.get("CI"))


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every test in tests/browser is a browser test: `-m "not browser"` leaves them out."""
    here = Path(__file__).parent
    for item in items:
        if here in item.path.parents:
            item.add_marker(pytest.mark.browser)


def _missing_tools() -> list[str]:
    missing = []
    if not Path(CHROMIUM).is_file():
        missing.append(f"{CHROMIUM} (Debian package chromium)")
    if shutil.which("java") is None:
        missing.append("java (Debian package default-jre-headless)")
    for asset in (AXE_JS, VNU_JAR):
        if not asset.is_file():
            missing.append(f"{asset.relative_to(ROOT)} (run `make install`)")
    return missing


def _require_tools() -> None:
    missing = _missing_tools()
    if not missing:
        return
    message = "browser tests need: " + ", ".join(missing)
    if IN_CI:
        pytest.fail(message, pytrace=False)
    pytest.skip(message)


# --- the app, served for real ------------------------------------------------------------


@dataclass
class LiveServer:
    url: str
    app: Flask
    server: BaseWSGIServer
    thread: threading.Thread


def make_live_app(database_url: str) -> Flask:
    """The app as deployed (not in TESTING mode, so errors get the real error pages)."""
    app = create_app(
        {
            "SECRET_KEY": "browser-tests-secret-key",
            "DATABASE_URL": database_url,
            "TRUSTED_HOSTS": ["127.0.0.1", "localhost"],
            "RATELIMIT_ENABLED": False,
            # Scheduled work has its own tests; here it would only race the pages for SQLite.
            "SCHEDULER_THREAD": False,
        }
    )
    app.register_blueprint(probe.bp)
    app.test_client_class = Client  # a test client beside the browser submits forms too
    with app.app_context():
        Base.metadata.create_all(app.extensions["exploration.db"].engine)
    return app


class _QuietHandler(WSGIRequestHandler):
    """No access log line per request: a failing test's output stays readable."""

    def log_request(self, *args: Any, **kwargs: Any) -> None:
        pass


@pytest.fixture(scope="session")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    _require_tools()
    _checker.start()
    database = tmp_path_factory.mktemp("live") / "live.sqlite3"
    app = make_live_app(f"sqlite:///{database}")
    server = make_server("127.0.0.1", 0, app, threaded=True, request_handler=_QuietHandler)
    thread = threading.Thread(target=server.serve_forever, name="live-server", daemon=True)
    thread.start()
    yield LiveServer(f"http://127.0.0.1:{server.server_port}", app, server, thread)
    server.shutdown()
    thread.join(timeout=10)
    app.extensions["exploration.db"].engine.dispose()


# --- Chromium through Playwright ---------------------------------------------------------

# The HTML the server sent for each page's current document, recorded as it arrives.
_documents: weakref.WeakKeyDictionary[Any, Any] = weakref.WeakKeyDictionary()


@pytest.fixture(scope="session")
def browser(live_server: LiveServer) -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def _new_page(browser: Any, live_server: LiveServer, **context_options: Any) -> Iterator[Any]:
    # bypass_csp lets axe be injected into pages whose CSP (rightly) refuses foreign scripts.
    context = browser.new_context(base_url=live_server.url, bypass_csp=True, **context_options)
    context.set_default_timeout(10_000)
    page = context.new_page()

    def _record(response: Any) -> None:
        request = response.request
        if request.is_navigation_request() and request.frame == page.main_frame:
            _documents[page] = response

    page.on("response", _record)
    # An uncaught exception in the page's own scripts fails the test that met it.
    script_errors: list[str] = []
    page.on("pageerror", lambda error: script_errors.append(str(error)))
    yield page
    context.close()
    if script_errors:
        pytest.fail("JavaScript errors in the page:\n" + "\n".join(script_errors), pytrace=False)


@pytest.fixture
def page(browser: Any, live_server: LiveServer) -> Iterator[Any]:
    yield from _new_page(browser, live_server)


@pytest.fixture
def js_off_page(browser: Any, live_server: LiveServer) -> Iterator[Any]:
    yield from _new_page(browser, live_server, java_script_enabled=False)


def sign_in(page: Any, email: str, password: str = factory.PASSWORD, lang: str = "en") -> None:
    """Sign in through the sign-in page, as a person does in the browser (the account comes
    from `tests.factory.staff_account`)."""
    page.goto(f"/{lang}/staff/sign-in")
    page.get_by_label("Email address" if lang == "en" else "Adresse courriel").fill(email)
    page.get_by_label("Password" if lang == "en" else "Mot de passe").fill(password)
    page.get_by_role("button", name="Sign in" if lang == "en" else "Se connecter").click()


# --- axe-core ----------------------------------------------------------------------------


def _format_axe(violations: list[dict[str, Any]]) -> str:
    lines = []
    for violation in violations:
        lines.append(
            f"- {violation['id']} ({violation.get('impact')}): {violation['help']}"
            f" [{violation.get('helpUrl', '')}]"
        )
        for node in violation["nodes"]:
            target = " ".join(str(t) for t in node.get("target", []))
            lines.append(f"    at {target}: {node.get('html', '')[:200]}")
            summary = (node.get("failureSummary") or "").replace("\n", " / ")
            if summary:
                lines.append(f"      {summary}")
    return "\n".join(lines)


def assert_accessible(page: Any) -> None:
    """Run axe-core (WCAG 2.0/2.1 A and AA, best practices) and fail on any violation.

    A click that submits a form returns once the next page starts to arrive; axe must wait
    for that page to load, or it checks (or cannot find) a half-parsed document."""
    page.wait_for_load_state()
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE_JS))
    result = page.evaluate(
        """async (tags) => {
            const r = await axe.run(document, {runOnly: {type: "tag", values: tags},
                                                resultTypes: ["violations"]});
            return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                helpUrl: v.helpUrl, nodes: v.nodes.map(n => ({target: n.target,
                html: n.html, failureSummary: n.failureSummary}))}));
        }""",
        AXE_TAGS,
    )
    if result:
        pytest.fail(
            f"axe found {len(result)} accessibility violation(s) on {page.url}:\n"
            + _format_axe(result),
            pytrace=False,
        )


# --- the W3C Nu HTML checker -------------------------------------------------------------


class _Checker:
    """One vnu HTTP service per test session: Java starts once (~3 s), then each document
    takes a few milliseconds instead of a second for each `java -jar vnu.jar` run."""

    def __init__(self) -> None:
        self.process: subprocess.Popen[bytes] | None = None
        self.url = ""
        self.ready = False
        self.lock = threading.Lock()

    def start(self) -> None:
        """Launch the service without waiting for it (Java warms up while Chromium starts)."""
        with self.lock:
            if self.process is not None and self.process.poll() is None:
                return
            with socket.socket() as sock:
                sock.bind(("127.0.0.1", 0))
                port = sock.getsockname()[1]
            self.process = subprocess.Popen(
                [
                    "java",
                    "-Dnu.validator.servlet.bind-address=127.0.0.1",
                    "-cp",
                    str(VNU_JAR),
                    "nu.validator.servlet.Main",
                    str(port),
                ],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                stdin=subprocess.DEVNULL,
            )
            atexit.register(self.stop)
            self.url = f"http://127.0.0.1:{port}/"
            self.ready = False

    def _wait_until_ready(self) -> None:
        assert self.process is not None
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"the vnu checker exited with {self.process.returncode}")
            try:
                with urllib.request.urlopen(self.url, timeout=2):
                    self.ready = True
                    return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                time.sleep(0.1)
        raise RuntimeError("the vnu checker did not start within 60 s")

    def check(self, html: str) -> list[dict[str, Any]]:
        if self.process is None or self.process.poll() is not None:
            self.start()
        if not self.ready:
            self._wait_until_ready()
        request = urllib.request.Request(
            self.url + "?out=json",
            data=html.encode("utf-8"),
            headers={"Content-Type": "text/html; charset=utf-8"},
            method="POST",
        )
        with urllib.request.urlopen(request, timeout=60) as response:
            return json.load(response)["messages"]

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()


_checker = _Checker()


def _source_of(page: Any) -> tuple[str, str]:
    """The HTML as the server sent it (not the DOM after scripts), and where it came from.

    A page filled with `page.set_content(html)` keeps the URL of its last navigation: for
    those, pass the HTML string to assert_valid_html instead."""
    response = _documents.get(page)
    if response is not None and response.url.split("#")[0] == page.url.split("#")[0]:
        try:
            return response.body().decode("utf-8"), response.url
        except Exception:  # noqa: S110 - a body Chromium no longer holds: use the DOM instead
            pass
    return page.content(), page.url


def assert_valid_html(page_or_html: Any) -> None:
    """Validate a page's HTML (or an HTML string) with the W3C Nu checker; fail on any error."""
    if shutil.which("java") is None or not VNU_JAR.is_file():
        _require_tools()
    if isinstance(page_or_html, str):
        html, where = page_or_html, "the given HTML"
    else:
        html, where = _source_of(page_or_html)
    messages = _checker.check(html)
    errors = [m for m in messages if m.get("type") in {"error", "non-document-error"}]
    if errors:
        lines = html.splitlines()
        report = []
        for message in errors:
            line = message.get("lastLine")
            source = lines[line - 1].strip()[:160] if line and line <= len(lines) else ""
            report.append(f"- line {line}: {message.get('message')}\n    {source}")
        pytest.fail(
            f"vnu found {len(errors)} HTML error(s) in {where}:\n" + "\n".join(report),
            pytrace=False,
        )


@pytest.fixture(scope="session", autouse=True)
def _stop_checker() -> Iterator[None]:
    yield
    _checker.stop()


@pytest.fixture(name="assert_accessible")
def _assert_accessible_fixture() -> Any:
    return assert_accessible


@pytest.fixture(name="assert_valid_html")
def _assert_valid_html_fixture() -> Any:
    return assert_valid_html
