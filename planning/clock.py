"""Local times and instants for the plan. Instants are stored as naive UTC (like every time in
the database); people type and read local times in the exploration's zone, and the partner
reads them in their own. A local time that does not exist (the hour skipped when clocks go
forward) is refused, never shifted silently; an ambiguous one (the repeated hour in the fall)
takes its first occurrence, as `zoneinfo` does with `fold=0`.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from core.labels import TIME_ZONE
from planning.models import DEFAULT_TIME_ZONE

TIME_ZONES = tuple(TIME_ZONE)


class NonexistentTime(ValueError):
    """The local time falls in the hour skipped when clocks go forward."""


def zone(name: str | None) -> ZoneInfo:
    """The zone named `name`, or the default one for an unknown or missing name."""
    try:
        return ZoneInfo(name or DEFAULT_TIME_ZONE)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo(DEFAULT_TIME_ZONE)


def to_utc(day: date, clock: time, tz: ZoneInfo) -> datetime:
    """The naive UTC instant of `clock` on `day` in `tz`; NonexistentTime in a spring gap."""
    local = datetime.combine(day, clock, tzinfo=tz)
    instant = local.astimezone(UTC)
    if instant.astimezone(tz).replace(tzinfo=None) != local.replace(tzinfo=None):
        raise NonexistentTime(f"{day} {clock} does not exist in {tz.key}")
    return instant.replace(tzinfo=None)


def exists(day: date, clock: time, tz: ZoneInfo) -> bool:
    try:
        to_utc(day, clock, tz)
    except NonexistentTime:
        return False
    return True


def local(instant: datetime | None, tz: ZoneInfo) -> datetime | None:
    """A stored (naive UTC) instant as an aware local time in `tz`."""
    if instant is None:
        return None
    return instant.replace(tzinfo=UTC).astimezone(tz)


def plus_minutes(instant: datetime, minutes: int) -> datetime:
    return instant + timedelta(minutes=minutes)
