"""wrk runs for the HTTP benchmark: the Lua scripts, the run itself and what wrk reports.

Every script counts the status codes its threads received (the `response` hook) and prints
them when wrk is done, so a page that answers with a redirect to the sign-in page, a 400 or a
429 instead of the page itself is seen even though wrk alone counts any 3xx as a success.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote_plus

from tests.serving import GunicornServer, HttpClient

# The status counting every script shares. `codes` is global so that `done` can read each
# thread's table with thread:get; a script with its own `setup` or `response` calls
# remember(thread) and count(status).
STATUS_LUA = """
codes = {}
local threads = {}
function remember(thread)
  table.insert(threads, thread)
end
function count(status)
  codes[status] = (codes[status] or 0) + 1
end
setup = remember
response = function(status, headers, body)
  count(status)
end
function done(summary, latency, requests)
  for _, thread in ipairs(threads) do
    for status, n in pairs(thread:get("codes")) do
      io.write(string.format("status %d: %d\\n", status, n))
    end
  end
end
"""


@dataclass
class Measure:
    """What wrk reported for one URL at one number of connections."""

    name: str
    connections: int
    requests_per_s: float
    p50_ms: float
    p99_ms: float
    requests: int
    non_2xx_3xx: int
    socket_errors: int
    statuses: dict[int, int] = field(default_factory=dict)
    expected_status: int | None = None
    cpu_ms: float | None = None  # worker CPU time per request (user + system)

    @property
    def unexpected(self) -> int:
        """Responses whose status is not the one the page answers when it works."""
        if self.expected_status is None:
            return 0
        return sum(n for status, n in self.statuses.items() if status != self.expected_status)

    @property
    def bad(self) -> int:
        return self.non_2xx_3xx + self.socket_errors + self.unexpected


_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


def _ms(text: str) -> float:
    match = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text.strip())
    if not match:
        raise ValueError(f"unreadable latency {text!r}")
    return float(match.group(1)) * _UNITS[match.group(2)]


def parse_wrk(name: str, connections: int, output: str) -> Measure:
    """Read requests/s, the latency distribution, the error counts and the statuses."""
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
    statuses: dict[int, int] = {}
    for status, count in re.findall(r"^status (\d+): (\d+)$", output, re.M):
        statuses[int(status)] = statuses.get(int(status), 0) + int(count)
    return Measure(
        name=name,
        connections=connections,
        requests_per_s=float(rps.group(1)),
        p50_ms=_ms(p50.group(1)),
        p99_ms=_ms(p99.group(1)),
        requests=int(total.group(1)),
        non_2xx_3xx=int(non2xx.group(1)) if non2xx else 0,
        socket_errors=socket_errors,
        statuses=statuses,
    )


# --- Scripts -------------------------------------------------------------------------------


def lua_string(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def cookie_header(client: HttpClient) -> str:
    return "; ".join(f"{k}={v}" for k, v in client.cookies.items())


def get_script(cookie: str | None = None) -> str:
    """GET the URL given to wrk, with `cookie` (a signed-in staff member, a partner's draft)."""
    lines = [STATUS_LUA]
    if cookie:
        lines.append(f'wrk.headers["Cookie"] = {lua_string(cookie)}')
    return "\n".join(lines) + "\n"


def form_body(fields: list[tuple[str, str]]) -> str:
    return "&".join(f"{quote_plus(k)}={quote_plus(v)}" for k, v in fields)


def post_script(path: str, fields: list[tuple[str, str]]) -> str:
    """POST the same form to `path` on every request (the insert ceiling)."""
    return f"""{STATUS_LUA}
local headers = {{ ["Content-Type"] = "application/x-www-form-urlencoded" }}
request = function()
  return wrk.format("POST", {lua_string(path)}, headers, {lua_string(form_body(fields))})
end
"""


def survey_script(
    fields: list[tuple[str, str]],
    cookie: str,
    practice: str,
    respondents: list[tuple[str, int]],
    threads: int,
    connections: int,
) -> str:
    """POST one practice page of the survey (`fields`: the page's own form as a person fills
    it in, CSRF token included, without its version), each time for the next respondent of
    this wrk thread's share, with that respondent's current version.

    A save moves the respondent's version on by one (counted from the server's 303, which
    names the respondent), so each respondent is used again only after `span` other requests
    of its thread (512 with 1,024 respondents and two threads): the previous save of that
    respondent has been answered by then, even in the slowest tail, and no save is a
    conflict.
    """
    span = len(respondents) // threads
    if span < 2 * connections:
        raise ValueError("too few respondents for the connections")
    tokens = ", ".join(lua_string(t) for t, _v in respondents)
    versions = ", ".join(str(v) for _t, v in respondents)
    return f"""{STATUS_LUA}
local tokens = {{ {tokens} }}
local versions = {{ {versions} }}
local span = {span}
local counter = 0
offset = 0
local started = 0
setup = function(thread)
  thread:set("offset", started * span)
  started = started + 1
  remember(thread)
end
local index = {{}}
for i, token in ipairs(tokens) do index[token] = i end
-- A version moves on only when the server says the save was done (its 303 names the
-- respondent): wrk may build a request and never send it, which must not count.
response = function(status, headers, body)
  count(status)
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
local headers = {{
  ["Content-Type"] = "application/x-www-form-urlencoded",
  ["Cookie"] = {lua_string(cookie)},
}}
request = function()
  local i = offset + (counter % span) + 1
  counter = counter + 1
  local body = {lua_string(form_body(fields))} .. "&version=" .. versions[i]
  return wrk.format("POST", "/en/survey/r/" .. tokens[i] .. "/practice/{practice}", headers, body)
end
"""


# --- Running wrk ---------------------------------------------------------------------------


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


@dataclass
class Load:
    """How wrk loads a URL."""

    duration: int = 10
    threads: int = 2
    connections: int = 16


def run_wrk(
    name: str,
    url: str,
    load: Load,
    script: str,
    *,
    expected_status: int | None = None,
    server: GunicornServer | None = None,
) -> Measure:
    """Load `url` with wrk. With `server`, also measure the workers' CPU time per request:
    on a shared machine, CPU per request is the figure the neighbours disturb least."""
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as handle:
        handle.write(script)
        script_path = handle.name
    try:
        command = [
            shutil.which("wrk") or "wrk",
            f"-t{load.threads}",
            f"-c{load.connections}",
            f"-d{load.duration}s",
            "--timeout",
            "10s",
            "--latency",
            "-s",
            script_path,
            url,
        ]
        cpu_before = workers_cpu(server)
        done = subprocess.run(
            command, capture_output=True, text=True, timeout=load.duration + 60, check=True
        )
        cpu_used = workers_cpu(server) - cpu_before
    finally:
        os.unlink(script_path)
    measure = parse_wrk(name, load.connections, done.stdout)
    measure.expected_status = expected_status
    if server is not None and measure.requests:
        measure.cpu_ms = 1000 * cpu_used / measure.requests
    print(
        f"  {name} -c{load.connections}: {measure.requests_per_s:.0f} req/s, "
        f"p50 {measure.p50_ms:.1f} ms, p99 {measure.p99_ms:.1f} ms, "
        f"statuses {dict(sorted(measure.statuses.items()))}, bad {measure.bad}"
        + (f", worker CPU {measure.cpu_ms:.2f} ms/request" if measure.cpu_ms else ""),
        flush=True,
    )
    return measure


def warm_up(url: str, script: str) -> None:
    """A short run first, so that every worker has imported, compiled and connected."""
    run_wrk("warm-up", url, Load(duration=2, threads=1, connections=4), script)
