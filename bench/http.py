"""HTTP benchmark: the service under gunicorn, loaded with wrk, beside bare-Flask ceilings.

Run with `make bench-http` (or `.venv/bin/python -m bench.http --help`). It is not part of the
test suite: it needs wrk (Debian package `wrk`) and about two minutes.

What it does, all on 127.0.0.1:
1. builds a SQLite database with 1,000 demo explorations (`exploration demo`) and a staff
   account, and serves the app with gunicorn (sync workers);
2. loads four pages with wrk: the home page, a public intake step (GET), a survey page save
   (POST, a database write per request, with a valid CSRF token and cookie taken beforehand)
   and the staff dashboard (signed in);
3. serves the bare Flask apps of `bench.ceilings` with the same gunicorn settings, each sized
   from the real page it stands for, and loads them the same way;
4. prints requests/s, p50 and p99 for each page beside its ceiling and the ratio, and checks
   the targets. The exit status is 1 when a target is missed.

Targets: home >= 0.5 x page ceiling; intake step GET >= 0.5 x bare form; survey POST >= 0.5 x
bare insert; dashboard p99 < 100 ms at 1,000 explorations; no non-2xx/3xx response anywhere.

5. (bench.scale) the dashboard and a search at 1,000 and 100,000 explorations on PostgreSQL:
   p99 < 100 ms at 100,000, worker CPU per request within 1.5 x of that at 1,000.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from tests.load.flows import STAFF_PASSWORD
from tests.serving import (
    ROOT,
    Form,
    GunicornServer,
    HttpClient,
    ThrowawayRedis,
    parse_forms,
    prepare_schema,
    sqlite_url,
)

STAFF_EMAIL = "bench.staff@cds-snc.ca"

# The anchors measured elsewhere, for the record: bare Flask on comparable hardware.
ANCHORS = "about 4,400 req/s for a 5 KB page; 0.13 x that for a WTForms form; 0.23 x for one insert"


@dataclass
class Measure:
    """What wrk reported for one URL."""

    name: str
    requests_per_s: float
    p50_ms: float
    p99_ms: float
    requests: int
    non_2xx_3xx: int
    socket_errors: int
    raw: str = ""
    cpu_ms: float | None = None  # worker CPU time per request (user + system)

    @property
    def bad(self) -> int:
        return self.non_2xx_3xx + self.socket_errors


@dataclass
class Row:
    name: str
    measure: Measure | None
    ceiling: Measure | None = None
    target: str = ""
    check: Callable[[Row], bool] | None = None
    note: str = ""

    @property
    def ratio(self) -> float | None:
        if self.measure is None or self.ceiling is None or not self.ceiling.requests_per_s:
            return None
        return self.measure.requests_per_s / self.ceiling.requests_per_s

    @property
    def met(self) -> bool | None:
        if self.measure is None:
            return None
        ok = self.measure.bad == 0 and (self.ceiling is None or self.ceiling.bad == 0)
        return ok and (self.check(self) if self.check else True)


@dataclass
class Settings:
    duration: int = 10
    threads: int = 2
    connections: int = 16
    workers: int = 4
    explorations: int = 1000
    respondents: int = 3
    keep: bool = False
    only: set[str] = field(default_factory=set)
    limits: str = "redis"


# --------------------------------------------------------------------------------------------
# wrk
# --------------------------------------------------------------------------------------------

_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


def _ms(text: str) -> float:
    match = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text.strip())
    if not match:
        raise ValueError(f"unreadable latency {text!r}")
    return float(match.group(1)) * _UNITS[match.group(2)]


def parse_wrk(name: str, output: str) -> Measure:
    """Read requests/s, the latency distribution and the error counts from wrk's output."""
    rps = re.search(r"Requests/sec:\s+([\d.]+)", output)
    total = re.search(r"(\d+) requests in", output)
    p50 = re.search(r"^\s+50%\s+(\S+)", output, re.M)
    p99 = re.search(r"^\s+99%\s+(\S+)", output, re.M)
    if not (rps and total and p50 and p99):
        raise RuntimeError(f"unexpected wrk output for {name}:\n{output}")
    non2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    socket = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    # gunicorn's sync workers close every connection after the response; wrk counts a close
    # it sees while reading as a "read" error although the response was complete. Connect,
    # write and timeout errors are real failures.
    socket_errors = 0
    if socket:
        socket_errors = int(socket.group(1)) + int(socket.group(3)) + int(socket.group(4))
    return Measure(
        name=name,
        requests_per_s=float(rps.group(1)),
        p50_ms=_ms(p50.group(1)),
        p99_ms=_ms(p99.group(1)),
        requests=int(total.group(1)),
        non_2xx_3xx=int(non2xx.group(1)) if non2xx else 0,
        socket_errors=socket_errors,
        raw=output,
    )


def lua_string(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def cookie_header(client: HttpClient) -> str:
    return "; ".join(f"{k}={v}" for k, v in client.cookies.items())


def get_script(cookie: str | None) -> str:
    lines = []
    if cookie:
        lines.append(f'wrk.headers["Cookie"] = {lua_string(cookie)}')
    return "\n".join(lines) + "\n"


def post_script(
    path: str, fields: list[tuple[str, str]], unique_field: str | None, cookie: str | None
) -> str:
    """A wrk script that POSTs the form; `unique_field` gets a fresh value on every request,
    so an idempotency key never turns a save into a no-op."""
    from urllib.parse import quote_plus

    fixed = "&".join(f"{quote_plus(k)}={quote_plus(v)}" for k, v in fields if k != unique_field)
    headers = ['["Content-Type"] = "application/x-www-form-urlencoded"']
    if cookie:
        headers.append(f'["Cookie"] = {lua_string(cookie)}')
    unique = (
        f'body = body .. "&{quote_plus(unique_field)}=" .. thread_id .. "x" .. counter'
        if unique_field
        else ""
    )
    return f"""
local counter = 0
local thread_id = 0
local next_id = 0
function setup(thread)
  next_id = next_id + 1
  thread:set("thread_id", next_id)
end
local headers = {{ {", ".join(headers)} }}
request = function()
  counter = counter + 1
  local body = {lua_string(fixed)}
  {unique}
  return wrk.format("POST", {lua_string(path)}, headers, body)
end
"""


def survey_script(
    client: HttpClient, practice: str, respondents: list[tuple[str, int]], settings: Settings
) -> str:
    """POST one practice page of the survey, each time for the next respondent of this wrk
    thread's share, with that respondent's current version.

    A save moves the respondent's version on by one (counted from the server's 303, which
    names the respondent), so each respondent is used again only after `span` other requests
    of its thread (512 with the defaults, several seconds): the previous save of that
    respondent has been answered by then, even in the slowest tail, and no save is a
    conflict.
    """
    from urllib.parse import quote_plus

    from tests.load.flows import role_ids

    token = client.cookies.get("exploration_session", "")
    form_page = client.form(f"/en/survey/r/{respondents[0][0]}/practice/{practice}")
    csrf = form_page.csrf_token or ""
    span = len(respondents) // settings.threads
    if span < 2 * settings.connections:
        raise ValueError("too few respondents for the connections")
    fixed = "&".join(
        [
            f"csrf_token={quote_plus(csrf)}",
            *(f"rating-{role}=3" for role in role_ids()),
            "comment=",
            "action=continue",
        ]
    )
    tokens = ", ".join(lua_string(t) for t, _v in respondents)
    versions = ", ".join(str(v) for _t, v in respondents)
    cookie = lua_string(f"exploration_session={token}")
    return f"""
local tokens = {{ {tokens} }}
local versions = {{ {versions} }}
local span = {span}
local counter = 0
offset = 0
local started = 0
local threads = {{}}
function setup(thread)
  thread:set("offset", started * span)
  started = started + 1
  table.insert(threads, thread)
end
codes = {{}}
local index = {{}}
for i, token in ipairs(tokens) do index[token] = i end
-- A version moves on only when the server says the save was done (its 303 names the
-- respondent): wrk may build a request and never send it, which must not count.
response = function(status, headers, body)
  codes[status] = (codes[status] or 0) + 1
  if status == 303 then
    local token = string.match(headers["Location"] or "", "/survey/r/([%w_%-]+)/")
    if token and index[token] then
      versions[index[token]] = versions[index[token]] + 1
    end
  elseif status == 409 then
    -- Still counted as a failure; the conflict page names the current version, so the
    -- run goes on from it instead of failing every later save of that respondent.
    local token = string.match(body or "", "/survey/r/([%w_%-]+)/")
    local version = string.match(body or "", 'name="version" value="(%d+)"')
    if token and version and index[token] then
      versions[index[token]] = tonumber(version)
    end
  end
end
function done(summary, latency, requests)
  for _, thread in ipairs(threads) do
    for status, count in pairs(thread:get("codes")) do
      io.write(string.format("status %d: %d\\n", status, count))
    end
  end
end
local headers = {{ ["Content-Type"] = "application/x-www-form-urlencoded", ["Cookie"] = {cookie} }}
request = function()
  local i = offset + (counter % span) + 1
  counter = counter + 1
  local version = versions[i]
  local body = {lua_string(fixed)} .. "&version=" .. version
  return wrk.format("POST", "/en/survey/r/" .. tokens[i] .. "/practice/{practice}", headers, body)
end
"""


def workers_cpu(server: GunicornServer | None) -> float:
    """CPU seconds (user + system) used so far by the server's workers."""
    if server is None:
        return 0.0
    total = 0
    for pid in server.worker_pids():
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])
    return total / os.sysconf("SC_CLK_TCK")


def run_wrk(
    name: str,
    url: str,
    settings: Settings,
    script: str | None = None,
    server: GunicornServer | None = None,
) -> Measure:
    """Load `url` with wrk. With `server`, also measure the workers' CPU time per request:
    on a shared machine, CPU per request is the figure the neighbours disturb least."""
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as handle:
        handle.write(script or "")
        script_path = handle.name
    try:
        command = [
            shutil.which("wrk") or "wrk",
            f"-t{settings.threads}",
            f"-c{settings.connections}",
            f"-d{settings.duration}s",
            "--timeout",
            "10s",
            "--latency",
            "-s",
            script_path,
            url,
        ]
        cpu_before = workers_cpu(server)
        done = subprocess.run(
            command, capture_output=True, text=True, timeout=settings.duration + 60, check=True
        )
        cpu_used = workers_cpu(server) - cpu_before
        measure = parse_wrk(name, done.stdout)
        if server is not None and measure.requests:
            measure.cpu_ms = 1000 * cpu_used / measure.requests
        statuses = re.findall(r"^status (\d+): (\d+)$", done.stdout, re.M)
        socket = re.search(r"Socket errors:.*", done.stdout)
        if socket:
            print(f"  {name}: {socket.group(0)}", flush=True)
        print(
            f"  {name}: {measure.requests_per_s:.0f} req/s, p50 {measure.p50_ms:.1f} ms, "
            f"p99 {measure.p99_ms:.1f} ms, bad {measure.bad}"
            + (f", worker CPU {measure.cpu_ms:.2f} ms/request" if measure.cpu_ms else "")
            + (f", statuses {dict(statuses)}" if statuses else ""),
            flush=True,
        )
        return measure
    finally:
        os.unlink(script_path)


def warm_up(url: str, script: str | None = None) -> None:
    """A short run first, so that every worker has imported, compiled and connected."""
    run_wrk("warm-up", url, Settings(duration=2, threads=1, connections=4), script)


# --------------------------------------------------------------------------------------------
# The service
# --------------------------------------------------------------------------------------------


def build_database(url: str, settings: Settings, env: dict[str, str]) -> str:
    """Schema, demo data and a staff account. Returns a note on what was loaded."""
    prepare_schema(url)
    demo = subprocess.run(
        [
            str(ROOT / ".venv" / "bin" / "exploration"),
            "demo",
            "--explorations",
            str(settings.explorations),
            "--respondents",
            str(settings.respondents),
        ],
        env={**os.environ, **env, "DATABASE_URL": url},
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    note = "demo data loaded" if demo.returncode == 0 else f"demo failed: {demo.stderr[-400:]}"
    from sqlalchemy import func, select

    from intake.models import Exploration
    from tests.load.flows import create_staff, database

    create_staff(url, STAFF_EMAIL)
    with database(url) as session:
        count = session.scalar(select(func.count()).select_from(Exploration))
    return f"{note}; {count} explorations"


def sign_in(client: HttpClient) -> bool:
    for path in ("/en/staff/sign-in", "/en/staff/signin", "/en/staff/login"):
        page, forms = client.forms(path)
        if page.status != 200:
            continue
        form = next((f for f in forms if f.method == "post" and f.get("email") is not None), None)
        if form is None:
            continue
        response = client.post(
            form.action or path,
            form.with_values({"email": STAFF_EMAIL, "password": STAFF_PASSWORD}),
        )
        return response.status in {302, 303} and "sign" not in (response.location or "sign")
    return False


def first_post_form(page: str) -> Form | None:
    forms = [form for form in parse_forms(page) if form.method == "post"]
    return max(forms, key=lambda form: len(form.fields), default=None)


def count_fields(form: Form) -> int:
    """Fields a person fills in: text-like controls, selects, radio groups, checkbox groups."""
    names = set()
    for control in form.controls:
        kind = control.get("type", "text").lower() if control["tag"] == "input" else ""
        if control["tag"] == "input" and kind in {"hidden", "submit", "button", "image", "reset"}:
            continue
        if control["tag"] == "button":
            continue
        if control.get("name"):
            names.add(control["name"])
    return len(names)


# --------------------------------------------------------------------------------------------
# Main
# --------------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=int, default=10, help="seconds per wrk run")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--workers", type=int, default=4, help="gunicorn sync workers")
    parser.add_argument("--explorations", type=int, default=1000)
    parser.add_argument(
        "--only", default="", help="comma-separated: home,intake,survey,dashboard,scale"
    )
    parser.add_argument(
        "--limits",
        choices=("redis", "memory"),
        default="redis",
        help="rate-limit storage: redis (as deployed with several workers) or memory://",
    )
    args = parser.parse_args(argv)
    settings = Settings(
        duration=args.duration,
        threads=args.threads,
        connections=args.connections,
        workers=args.workers,
        explorations=args.explorations,
        only={x for x in args.only.split(",") if x},
        limits=args.limits,
    )
    if not shutil.which("wrk"):
        print("wrk is not installed: apt-get install wrk", file=sys.stderr)
        return 2
    wanted = settings.only or {"home", "intake", "survey", "dashboard", "scale"}
    if settings.limits == "redis" and ThrowawayRedis.available():
        print(f"{ThrowawayRedis.available()}: rate limits kept in memory://", file=sys.stderr)
        settings.limits = "memory"
    work = Path(tempfile.mkdtemp(prefix="exploration-bench-"))
    try:
        if settings.limits == "memory":
            return run(settings, wanted, work, "memory://")
        with ThrowawayRedis() as redis:
            return run(settings, wanted, work, redis.url)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def run(settings: Settings, wanted: set[str], work: Path, limits_uri: str) -> int:
    from tests.load import flows

    url = sqlite_url(work / "bench.sqlite3")
    env = {
        "RATELIMIT_STORAGE_URI": limits_uri,
        "PUBLIC_POST_LIMIT": "1000000 per minute",
        "SIGNIN_LIMIT": "1000 per minute",
        "LINK_MISS_LIMIT": "1000 per minute",
    }
    print(f"Building the database ({settings.explorations} explorations)...", flush=True)
    note = build_database(url, settings, env)
    print(f"  {note}", flush=True)
    print(
        f"wrk -t{settings.threads} -c{settings.connections} -d{settings.duration}s, "
        f"gunicorn --workers {settings.workers} (sync), rate limits in {settings.limits}, "
        f"{os.cpu_count()} cores, "
        f"load average {' '.join(f'{x:.1f}' for x in os.getloadavg())}",
        flush=True,
    )
    rows: list[Row] = []
    with GunicornServer(url, workers=settings.workers, env=env) as server:
        base = server.base_url
        if "home" in wanted:
            home = HttpClient(base).get("/en/")
            ceiling = measure_ceiling("page", str(len(home.body)), settings)
            warm_up(f"{base}/en/")
            rows.append(
                Row(
                    f"home page GET /en/ ({len(home.body) // 1000} KB)",
                    run_wrk("home", f"{base}/en/", settings, None, server),
                    ceiling,
                    target=">= 0.5 x page ceiling",
                    check=lambda row: (row.ratio or 0) >= 0.5,
                )
            )
        if "intake" in wanted:
            step = flows.intake_step(HttpClient(base))
            if step is None:
                rows.append(Row("intake step GET", None, note="no public intake step found"))
            else:
                path, client = step
                page = client.get(path)
                form = first_post_form(page.text)
                fields = count_fields(form) if form else 0
                ceiling = measure_ceiling("form", str(fields), settings)
                script = get_script(cookie_header(client))
                warm_up(f"{base}{path}", script)
                rows.append(
                    Row(
                        f"intake step GET ({fields} fields)",
                        run_wrk("intake", f"{base}{path}", settings, script, server),
                        ceiling,
                        target=">= 0.5 x bare form",
                        check=lambda row: (row.ratio or 0) >= 0.5,
                    )
                )
        if "survey" in wanted:
            save = flows.survey_save(HttpClient(base), url)
            if save is None:
                rows.append(Row("survey page save POST", None, note="no survey page found"))
            else:
                client, practice, respondents = save
                # The warm-up uses respondents of its own: its last saves may still be running
                # when it returns, and they must not move the versions the real run expects.
                warm, respondents = respondents[1024:], respondents[:1024]
                target = f"{base}/en/survey/r/{respondents[0][0]}/practice/{practice}"
                warm_settings = Settings(duration=2, threads=1, connections=4)
                warm_up(target, survey_script(client, practice, warm, warm_settings))
                script = survey_script(client, practice, respondents, settings)
                ceiling = measure_ceiling("insert", str(work / "ceiling.sqlite3"), settings)
                rows.append(
                    Row(
                        "survey page save POST",
                        run_wrk("survey", target, settings, script, server),
                        ceiling,
                        target=">= 0.5 x bare insert",
                        check=lambda row: (row.ratio or 0) >= 0.5,
                    )
                )
        if "dashboard" in wanted:
            client = HttpClient(base)
            path = flows.dashboard_path(client)
            if path is None or not sign_in(client):
                rows.append(Row("staff dashboard GET", None, note="staff sign-in not available"))
            else:
                check = client.get(path, follow=False)
                if check.status != 200:
                    rows.append(Row("staff dashboard GET", None, note=f"got {check.status}"))
                else:
                    script = get_script(cookie_header(client))
                    warm_up(f"{base}{path}", script)
                    rows.append(
                        Row(
                            f"staff dashboard GET ({settings.explorations} explorations)",
                            run_wrk("dashboard", f"{base}{path}", settings, script, server),
                            target="p99 < 100 ms",
                            check=lambda row: row.measure is not None and row.measure.p99_ms < 100,
                        )
                    )
        logs = server.logs()
    if "scale" in wanted:
        from bench.scale import run_scale

        rows.extend(run_scale(settings, env, STAFF_EMAIL))
    errors_in_logs = len(re.findall(r"ERROR|Traceback", logs))
    return report(rows, errors_in_logs)


CEILING_APPS = {
    "page": ("bench.ceilings:page_app()", "CEILING_PAGE_BYTES"),
    "form": ("bench.ceilings:form_app()", "CEILING_FORM_FIELDS"),
    "insert": ("bench.ceilings:insert_app()", "CEILING_SQLITE"),
}


def measure_ceiling(name: str, setting: str, settings: Settings) -> Measure:
    """Serve one bare-Flask ceiling app with the same gunicorn settings and load it."""
    target, variable = CEILING_APPS[name]
    server = GunicornServer(
        "sqlite://",
        workers=settings.workers,
        env={variable: setting},
        target=target,
        ready_path="/",
        ready_status=405 if name == "insert" else 200,  # the insert app only takes POST
    )
    with server:
        url = f"{server.base_url}/"
        script = post_script("/", [("value", "x" * 40)], None, None) if name == "insert" else None
        warm_up(url, script)
        return run_wrk(f"ceiling {name}", url, settings, script, server)


COLUMNS = "{:<40} {:>7} {:>7} {:>7} {:>7} | {:>7} {:>7} | {:>6} {:>6}  {:<22} {}"


def _f(value: float | None, digits: int = 0) -> str:
    return "-" if value is None else f"{value:.{digits}f}"


def report(rows: list[Row], errors_in_logs: int) -> int:
    """One line per page: its figures, its ceiling's, the ratios and the verdict.

    ratio = page req/s / ceiling req/s (the target); cpu ratio = ceiling CPU per request /
    page CPU per request, the same comparison in CPU time, which a busy machine disturbs less.
    """
    print()
    header = COLUMNS.format(
        "page",
        "req/s",
        "p50 ms",
        "p99 ms",
        "cpu ms",
        "ceil/s",
        "cpu ms",
        "ratio",
        "cpu r.",
        "target",
        "result",
    )
    print(header)
    print("-" * len(header))
    missed = 0
    for row in rows:
        if row.measure is None:
            print(COLUMNS.format(row.name, *"---------", row.target, f"NOT RUN: {row.note}"))
            missed += 1
            continue
        m, c = row.measure, row.ceiling
        verdict = "met" if row.met else "MISSED"
        if not row.met:
            missed += 1
        if m.bad:
            verdict += f" (non-2xx/3xx {m.non_2xx_3xx}, socket errors {m.socket_errors})"
        cpu_ratio = c.cpu_ms / m.cpu_ms if c and c.cpu_ms and m.cpu_ms else None
        print(
            COLUMNS.format(
                row.name,
                _f(m.requests_per_s),
                _f(m.p50_ms, 1),
                _f(m.p99_ms, 1),
                _f(m.cpu_ms, 2),
                _f(c.requests_per_s) if c else "-",
                _f(c.cpu_ms, 2) if c else "-",
                _f(row.ratio, 2),
                _f(cpu_ratio, 2),
                row.target,
                verdict,
            )
        )
    print()
    print(f"anchors measured elsewhere: {ANCHORS}")
    print(f"load average at the end: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    print(f"errors in the server log: {errors_in_logs}")
    if errors_in_logs:
        missed += 1
    print("all targets met" if not missed else f"{missed} target(s) missed or not run")
    return 0 if not missed else 1


if __name__ == "__main__":
    sys.exit(main())
