"""gunicorn settings read from the project's directory (gunicorn loads this file by default)."""

import gc

# The access log, when turned on (--access-logfile), names the page, its status, size and
# time, and no client address; every line passes core.logs' filter, which takes private
# link tokens out of paths and referrers.
access_log_format = '%(t)s "%(m)s %(U)s" %(s)s %(B)s %(M)sms'


def post_worker_init(worker: object) -> None:
    """Leave the objects of a loaded app out of garbage collection: they live as long as the
    worker, and scanning them again on every full collection only costs time. Filter the
    worker's gunicorn logs (access and error) so no private link reaches them."""
    from core.logs import protect

    log = getattr(worker, "log", None)
    for name in ("access_log", "error_log"):
        logger = getattr(log, name, None)
        if logger is not None:
            protect(logger)
    gc.collect()
    gc.freeze()
