"""gunicorn settings read from the project's directory (gunicorn loads this file by default)."""

import gc


def post_worker_init(worker: object) -> None:
    """Leave the objects of a loaded app out of garbage collection: they live as long as the
    worker, and scanning them again on every full collection only costs time."""
    gc.collect()
    gc.freeze()
