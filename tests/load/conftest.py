"""Load and fault tests: the app under gunicorn on 127.0.0.1, several workers, real sockets.

Each test prints one line of figures (for example
`L1 acked=2000 stored=2000 duplicates=0 errors_5xx=0`); they are gathered here and shown at the
end of the pytest run by tests/conftest.py (the `figures` fixture), so a CI log shows them.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.serving import prepare_schema, sqlite_url


@pytest.fixture
def sqlite_database(tmp_path: Path) -> str:
    url = sqlite_url(tmp_path / "load.sqlite3")
    prepare_schema(url)
    return url


@pytest.fixture
def postgres_database() -> Iterator[str]:
    """The CI PostgreSQL (TEST_DATABASE_URL), with a fresh schema; skipped without one."""
    url = os.environ.get("TEST_DATABASE_URL")
    if not url:
        pytest.skip("TEST_DATABASE_URL is not set: the PostgreSQL load run needs it (CI sets it)")
    prepare_schema(url)
    yield url
    # Leave the schema in place but empty, as the rest of the suite expects.
    prepare_schema(url)
