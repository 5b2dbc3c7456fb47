"""Point the test process's Celery at a real broker (or a dead one) for a while."""

from contextlib import contextmanager

from kombu import pools

from config.celery_app import app

DEAD_BROKER = "redis://127.0.0.1:1/3"  # nothing listens on port 1


@contextmanager
def celery_sending_to(broker_url, queue="celery"):
    """Send tasks to `broker_url`, not in-process, for the duration."""
    conf = app.conf
    saved = conf.task_always_eager, conf.broker_url, conf.task_default_queue
    conf.task_always_eager, conf.broker_url, conf.task_default_queue = False, broker_url, queue
    _reconnect()
    try:
        yield
    finally:
        conf.task_always_eager, conf.broker_url, conf.task_default_queue = saved
        _reconnect()


def _reconnect():
    # Celery caches its connection pools and routing; drop them so the new settings apply.
    pools.reset()
    app._pool = None
    app.__dict__.pop("amqp", None)
