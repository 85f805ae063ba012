"""Demo outcome: CDS teams, their ratings, findings, recommendations and published reports.

- Every exploration in progress gets a team (the demo administrator leads, two demo analysts),
  each member's rating of the grid, findings and draft recommendations. The first one's members
  disagree (two levels or more on several cells) and are not reconciled yet, so the lead sees
  the disagreements first; the others are reconciled, and the second one's drafts are open to
  the partner lead for the week-4 workshop.
- Every completed exploration has the whole outcome: reconciled rating, findings on every
  practice, recommendations ordered by the partner (one asking for CDS's help), the final
  order, and a published report the partner lead can download.

Deterministic from the seed and the references; rows go in on the caller's connection, in
the demo's one transaction. An exploration that already has a team keeps it, with the demo
analysts added as members.
"""

from __future__ import annotations

import random
import secrets
from datetime import timedelta
from typing import Any

from sqlalchemy import Connection, insert, select

from core.auth import StaffUser, hash_password
from core.timeutil import utcnow
from demo.bulk import bulk_insert
from demo.seed import DemoRows
from outcome.models import CdsRating, Finding, Outcome, Recommendation, ReconciledRating
from planning.models import TeamMember
from surveys.framework import FRAMEWORK

ANALYSTS = (
    ("demo-analyst-1@cds-snc.ca", "Alex Tremblay"),
    ("demo-analyst-2@cds-snc.ca", "Samira Nguyen"),
)
HELPS = {
    "en": "A sponsor at the executive level who protects time for the team.",
    "fr": "Une commanditaire à la haute direction qui protège le temps de l’équipe.",
}
BLOCKS = {
    "en": "Funding is approved project by project, so teams disband after each release.",
    "fr": "Le financement est approuvé projet par projet : les équipes se dispersent "
    "après chaque livraison.",
}
RECOMMENDATIONS = {
    "en": [
        (
            "Fund a product team, not a project",
            "Keep one multidisciplinary team on the service beyond the next release.",
        ),
        (
            "Talk to users every sprint",
            "Plan usability sessions with real applicants at least once per sprint.",
        ),
        ("Work in the open", "Publish the roadmap and the code of the new intake form."),
        (
            "Measure what users go through",
            "Track completion and drop-off of the online application.",
        ),
        ("Bring policy into the team", "Invite a policy analyst to the team’s weekly planning."),
    ],
    "fr": [
        (
            "Financer une équipe produit plutôt qu’un projet",
            "Garder une équipe multidisciplinaire sur le service au-delà de la prochaine "
            "livraison.",
        ),
        (
            "Parler aux utilisateurs à chaque sprint",
            "Prévoir des séances d’utilisabilité avec de vrais demandeurs au moins une fois "
            "par sprint.",
        ),
        (
            "Travailler en transparence",
            "Publier la feuille de route et le code du nouveau formulaire d’accueil.",
        ),
        (
            "Mesurer le parcours des utilisateurs",
            "Suivre l’achèvement et les abandons de la demande en ligne.",
        ),
        (
            "Intégrer les politiques à l’équipe",
            "Inviter une analyste des politiques à la planification hebdomadaire de l’équipe.",
        ),
    ],
}
PRACTICES = [p.id for p in FRAMEWORK.practices]
ROLES = [r.id for r in FRAMEWORK.roles]


def _staff(connection: Connection) -> tuple[int, list[int]]:
    """The lead (the demo administrator, else the first admin) and the two analysts."""
    ids = []
    for email, name in ANALYSTS:
        found = connection.execute(select(StaffUser.id).where(StaffUser.email == email)).scalar()
        if found is None:
            connection.execute(
                insert(StaffUser),
                [
                    {
                        "email": email,
                        "name": name,
                        "password_hash": hash_password(secrets.token_urlsafe(24)),
                        "role": "editor",
                        "active": True,
                        "language": "fr" if "2" in email else "en",
                    }
                ],
            )
            found = connection.execute(
                select(StaffUser.id).where(StaffUser.email == email)
            ).scalar_one()
        ids.append(found)
    lead = connection.execute(
        select(StaffUser.id).where(StaffUser.role == "admin").order_by(StaffUser.id)
    ).scalar()
    return (lead or ids[0]), ids


def _teams(connection: Connection, ids: list[int]) -> dict[int, list[tuple[int, str]]]:
    """The plan's team of each exploration in `ids` (staff id, role), read in one query: the
    batch's ids are one range, and a query per exploration took minutes at 100,000."""
    teams: dict[int, list[tuple[int, str]]] = {}
    if ids:
        query = select(TeamMember.exploration_id, TeamMember.staff_user_id, TeamMember.role).where(
            TeamMember.exploration_id.between(min(ids), max(ids))
        )
        for exploration_id, uid, role in connection.execute(query):
            teams.setdefault(exploration_id, []).append((uid, role))
    return teams


def _team(
    existing: list[tuple[int, str]],
    exploration_id: int,
    lead: int,
    analysts: list[int],
    added_rows: list[dict[str, Any]],
) -> list[int]:
    """The exploration's team, lead first: the plan's team when the planning demo made one,
    completed with the demo analysts so that several members rate (and may disagree). The
    members to add are appended to `added_rows`."""
    members = [uid for uid, _role in sorted(existing, key=lambda r: r[1] != "lead")]
    wanted = members or [lead]
    wanted += [a for a in analysts if a not in wanted]
    added_rows.extend(
        {
            "exploration_id": exploration_id,
            "staff_user_id": uid,
            "role": "lead" if not members and uid == wanted[0] else "member",
            "added_at": utcnow(),
        }
        for uid in wanted
        if uid not in members
    )
    return wanted


def _grid(rng: random.Random) -> dict[tuple[str, str], int]:
    base = {p: rng.randint(1, 3) for p in PRACTICES}
    return {
        (p, r): min(4, max(1, base[p] + rng.choice((0, 0, 1, -1))))
        for p in PRACTICES
        for r in ROLES
    }


def _outcome_rows(
    exploration_id: int, lang: str, members: list[int], rng: random.Random, *, stage: str
) -> dict[str, list[dict[str, Any]]]:
    now = utcnow().replace(microsecond=0)
    agreed = _grid(rng)
    rows: dict[str, list[dict[str, Any]]] = {
        k: [] for k in ("ratings", "reconciled", "findings", "recs", "outcome")
    }
    disagree = stage == "disagree"
    for n, uid in enumerate(members):
        for cell, level in agreed.items():
            value = level
            if disagree and n == 1 and cell[1] == "leadership":
                value = 4 if level <= 2 else 1  # two levels or more apart
            rows["ratings"].append(
                {
                    "exploration_id": exploration_id,
                    "staff_user_id": uid,
                    "practice_id": cell[0],
                    "role_id": cell[1],
                    "level": value,
                    "rationale": None,
                    "updated_at": now,
                }
            )
    if not disagree:
        why = "Observé en entrevue." if lang == "fr" else "Seen in the interviews."
        rows["reconciled"] = [
            {
                "exploration_id": exploration_id,
                "practice_id": p,
                "role_id": r,
                "level": level,
                "rationale": why,
                "by_user_id": members[0],
                "updated_at": now,
            }
            for (p, r), level in agreed.items()
        ]
    practices = PRACTICES if stage == "published" else PRACTICES[: rng.randint(2, 4)]
    rows["findings"] = [
        {
            "exploration_id": exploration_id,
            "practice_id": p,
            "helps": HELPS[lang],
            "blocks": BLOCKS[lang],
            "role_ids": rng.choice(ROLES),
            "by_user_id": members[0],
            "updated_at": now,
        }
        for p in practices
    ]
    chosen = rng.sample(range(5), 4 if stage == "published" else 3)
    ordered = chosen[:]
    rng.shuffle(ordered)
    for position, index in enumerate(chosen, 1):
        title, description = RECOMMENDATIONS[lang][index]
        partner = ordered.index(index) + 1 if stage in ("workshop", "published") else None
        rows["recs"].append(
            {
                "exploration_id": exploration_id,
                "version": 1,
                "title": title,
                "description": description,
                "practice_ids": " ".join(rng.sample(PRACTICES, 2)),
                "role_ids": rng.choice(ROLES),
                "horizon": ("now", "next", "later")[position % 3],
                "effort": rng.choice(("small", "medium", "large")),
                "impact": rng.choice(("medium", "large")),
                "carrier": ("with_cds", "partner", "other", "partner")[position - 1],
                "carrier_name": "Bureau du dirigeant principal de l’information"
                if position == 3
                else None,
                "staff_position": position,
                "partner_position": partner if stage == "published" else None,
                "final_position": partner if stage == "published" else None,
                "partner_wants_help": stage == "published" and position == 2,
                "partner_comment": None,
                "created_at": now,
                "updated_at": now,
                "by_user_id": members[0],
            }
        )
    if stage in ("workshop", "published"):
        rows["outcome"] = [
            {
                "exploration_id": exploration_id,
                "version": 1,
                "workshop_opened_at": now - timedelta(days=7),
                "workshop_opened_by": members[0],
                "partner_ordered_at": now - timedelta(days=5) if stage == "published" else None,
                "final_settled_at": now - timedelta(days=4) if stage == "published" else None,
                "final_settled_by": members[0] if stage == "published" else None,
                "published_at": now - timedelta(days=3) if stage == "published" else None,
                "published_by": members[0] if stage == "published" else None,
            }
        ]
    return rows


def seed_outcome(connection: Connection, rows: DemoRows, seed: int) -> int:
    """Add the outcome of the demo's explorations in progress and completed; returns how many."""
    # From the rows just inserted, not a query: an IN list of every reference would pass
    # PostgreSQL's limit of 65,535 parameters at 100,000 requests.
    found = sorted(
        (
            (rows.ids[index], e["reference"], e["status"], e.get("form_language"))
            for index, e in enumerate(rows.explorations)
            if e["status"] in ("in_progress", "completed") and e.get("reference")
        ),
        key=lambda item: item[1],
    )
    if not found:
        return 0
    lead, analysts = _staff(connection)
    tables = {
        "ratings": CdsRating,
        "reconciled": ReconciledRating,
        "findings": Finding,
        "recs": Recommendation,
        "outcome": Outcome,
    }
    batch: dict[str, list[dict[str, Any]]] = {k: [] for k in tables}
    in_progress = 0
    teams = _teams(connection, [row[0] for row in found])
    added: list[dict[str, Any]] = []
    for exploration_id, reference, status, form_language in found:
        rng = random.Random(f"{seed}:{reference}")
        members = _team(teams.get(exploration_id, []), exploration_id, lead, analysts, added)
        if status == "completed":
            stage = "published"
        else:
            stage = ("disagree", "workshop")[in_progress] if in_progress < 2 else "drafts"
            in_progress += 1
        lang = form_language if form_language in ("en", "fr") else "en"
        for key, values in _outcome_rows(exploration_id, lang, members, rng, stage=stage).items():
            batch[key] += values
    if added:
        connection.execute(insert(TeamMember), added)
    for key, model in tables.items():
        bulk_insert(connection, model.__table__, batch[key])
    return len(found)
