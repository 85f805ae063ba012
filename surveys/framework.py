"""The exploration framework (practices x roles/structures, rated on experience levels),
loaded once from framework.json where English and French stand side by side."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

Text = dict[str, str]  # {"en": ..., "fr": ...}

FRAMEWORK_FILE = Path(__file__).with_name("framework.json")


@dataclass(frozen=True)
class Practice:
    id: str
    name: Text
    questions: tuple[Text, ...]


@dataclass(frozen=True)
class Role:
    id: str
    name: Text
    examples: Text


@dataclass(frozen=True)
class Level:
    id: str
    value: int
    name: Text
    descriptors: tuple[Text, ...]


@dataclass(frozen=True)
class Framework:
    version: str
    scale_name: Text
    practices: tuple[Practice, ...]
    roles: tuple[Role, ...]
    levels: tuple[Level, ...]
    dont_know: Text
    overall_question: Text

    @cached_property
    def practice_by_id(self) -> dict[str, Practice]:
        return {p.id: p for p in self.practices}

    @cached_property
    def role_by_id(self) -> dict[str, Role]:
        return {r.id: r for r in self.roles}

    @cached_property
    def level_by_value(self) -> dict[int, Level]:
        return {level.value: level for level in self.levels}

    @property
    def cells(self) -> list[tuple[str, str]]:
        """Every (practice id, role id) pair of the grid, in reading order."""
        return [(p.id, r.id) for p in self.practices for r in self.roles]


def load_framework(path: Path = FRAMEWORK_FILE) -> Framework:
    data = json.loads(path.read_text(encoding="utf-8"))
    return Framework(
        version=data["version"],
        scale_name=data["scale_name"],
        practices=tuple(
            Practice(p["id"], p["name"], tuple(p["questions"])) for p in data["practices"]
        ),
        roles=tuple(Role(r["id"], r["name"], r["examples"]) for r in data["roles"]),
        levels=tuple(
            Level(lv["id"], lv["value"], lv["name"], tuple(lv["descriptors"]))
            for lv in data["levels"]
        ),
        dont_know=data["dont_know"],
        overall_question=data["overall_question"],
    )


FRAMEWORK = load_framework()
