"""A retention run that a test kills mid-batch: `python -m tests.retention.interrupted_run
DATABASE_URL MARK_FILE`. A last purger, registered here, writes the id of the exploration
whose transaction is open to MARK_FILE, then waits, so the kill lands inside a transaction."""

from __future__ import annotations

import sys
import time
from pathlib import Path

from app import create_app
from retention import purge
from retention.run import run_retention
from tests.retention.helpers import NOW


def main(url: str, mark: str) -> None:
    app = create_app(
        {"TESTING": True, "SECRET_KEY": "interrupted", "DATABASE_URL": url, "RETENTION_BATCH": 5}
    )

    def slow(_session: object, exploration_id: int, dry_run: bool) -> int:
        Path(mark).write_text(str(exploration_id))
        time.sleep(0.3)
        return 0

    purge.register("slow_for_the_test", slow)
    with app.app_context():
        run_retention(NOW, trigger="command")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
