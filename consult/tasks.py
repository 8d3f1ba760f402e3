"""Background work through a Huey task queue: letter batches and, later, scans and exports.

The queue is chosen with ``TASK_QUEUE``:

- ``sqlite`` (the default): a queue file ``tasks.db`` in the instance folder, for one host;
- ``redis://host:6379/0``: Redis, when several hosts share the work (needs ``pip install redis``);
- ``immediate``: tasks run at once in the calling process (tests).

Tasks are run by a separate consumer process, ``huey_consumer wsgi.huey`` (``make run``
starts one). Each task runs in an application context of its own and commits its own work.
"""

import functools
from pathlib import Path

from flask import Flask, current_app, has_app_context
from huey import Huey, RedisHuey, SqliteHuey

# Defined at import so that tasks can be declared; configured by ``init_app``.
huey = Huey("consult", immediate=True)
_app: list[Flask] = []  # the application of a consumer process


def init_app(app: Flask) -> None:
    """Point the queue at the storage the configuration names."""
    _app[:] = [app]
    queue = app.config.get("TASK_QUEUE", "sqlite")
    if queue == "immediate":
        huey.immediate = True
        return
    if queue.startswith(("redis://", "rediss://", "unix://")):
        huey.storage_class = RedisHuey.storage_class
        huey.storage_kwargs = {"url": queue}
    else:
        huey.storage_class = SqliteHuey.storage_class
        huey.storage_kwargs = {"filename": str(Path(app.instance_path) / "tasks.db")}
    huey.immediate = False  # (re)creates the storage


def task(**options):
    """A Huey task that runs inside an application context of its own."""

    def decorate(function):
        @functools.wraps(function)
        def in_context(*args, **kwargs):
            # Run at once (immediate mode): the calling application; in a consumer: its own.
            app = current_app._get_current_object() if has_app_context() else _app[-1]
            with app.app_context():
                return function(*args, **kwargs)

        return huey.task(**options)(in_context)

    return decorate
