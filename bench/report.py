"""The HTTP benchmark's table: one line per page and number of connections, and the verdict.

Throughput (req/s, the ceiling's req/s, cpu ms) is information: on a shared machine it moves
with the neighbours. The targets are the p99 limits and the ratio to the ceiling measured just
before, at the same connections.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from bench.wrk import Measure

TARGET_RATIO = 0.35


@dataclass
class Target:
    label: str
    met: Callable[[Row], bool]


@dataclass
class Row:
    page: str
    measure: Measure | None
    ceiling: Measure | None = None
    targets: list[Target] = field(default_factory=list)
    note: str = ""

    @property
    def ratio(self) -> float | None:
        if self.measure is None or self.ceiling is None or not self.ceiling.requests_per_s:
            return None
        return self.measure.requests_per_s / self.ceiling.requests_per_s

    @property
    def cpu_ratio(self) -> float | None:
        """Ceiling CPU per request / page CPU per request: the ratio in CPU time, which a busy
        machine disturbs less than requests/s."""
        m, c = self.measure, self.ceiling
        if m is None or c is None or not m.cpu_ms or not c.cpu_ms:
            return None
        return c.cpu_ms / m.cpu_ms

    def failures(self) -> list[str]:
        """What went wrong, in a few words each; empty when every target is met."""
        if self.measure is None:
            return [f"NOT RUN: {self.note}"]
        labels = [target.label for target in self.targets if not target.met(self)]
        missed = [f"MISSED {', '.join(labels)}"] if labels else []
        for name, measure in (("page", self.measure), ("ceiling", self.ceiling)):
            if measure is not None and measure.bad:
                expected = measure.expected_status
                unexpected = {s: n for s, n in measure.statuses.items() if s != expected}
                missed.append(
                    f"{name}: {measure.non_2xx_3xx} non-2xx/3xx, {measure.socket_errors} socket "
                    f"errors, other statuses {unexpected or '-'}"
                )
        return missed


def p99_under(ms: float) -> Target:
    return Target(
        f"p99 < {ms:.0f} ms",
        lambda row: row.measure is not None and row.measure.p99_ms < ms,
    )


def ratio_at_least(ratio: float) -> Target:
    return Target(f">= {ratio} x ceiling", lambda row: (row.ratio or 0) >= ratio)


COLUMNS = "{:<34} {:>5} {:>7} {:>7} {:>7} {:>6} | {:>7} {:>6} {:>6} | {:<31} {}"


def _f(value: float | None, digits: int = 0) -> str:
    return "-" if value is None else f"{value:.{digits}f}"


def report(rows: list[Row], errors_in_logs: int, load_average: str) -> int:
    """Print the table; 1 when a target is missed or a page could not be measured."""
    print()
    header = COLUMNS.format(
        "page", "conn", "p50 ms", "p99 ms", "req/s", "cpu ms", "ceil/s", "ratio", "cpu r.",
        "target", "result",
    )  # fmt: skip
    print(header)
    print("-" * len(header))
    missed = 0
    previous = ""
    for row in rows:
        failures = row.failures()
        missed += bool(failures)
        result = "; ".join(failures) if failures else "met"
        target = ", ".join(target.label for target in row.targets) or "- (information)"
        name = "" if row.page == previous else row.page
        previous = row.page
        m, c = row.measure, row.ceiling
        if m is None:
            print(COLUMNS.format(name, *["-"] * 8, target, result))
            continue
        print(
            COLUMNS.format(
                name,
                m.connections,
                _f(m.p50_ms, 1),
                _f(m.p99_ms, 1),
                _f(m.requests_per_s),
                _f(m.cpu_ms, 2),
                _f(c.requests_per_s) if c else "-",
                _f(row.ratio, 2),
                _f(row.cpu_ratio, 2),
                target,
                result,
            )
        )
        if row.note:
            print(f"{'':<34} {row.note}")
    print()
    print(
        "req/s and ceil/s: throughput of the page and of its bare-library ceiling, measured one "
        "after the other at the same connections (information); ratio = req/s / ceil/s; cpu r. = "
        "ceiling CPU per request / page CPU per request; cpu ms: gunicorn workers' CPU per request"
    )
    print(f"load average at the end: {load_average}")
    print(f"errors in the server log: {errors_in_logs}")
    if errors_in_logs:
        missed += 1
    print("all targets met" if not missed else f"{missed} target line(s) missed or not run")
    return 0 if not missed else 1
