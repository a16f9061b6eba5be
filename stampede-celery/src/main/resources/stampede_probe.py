"""Stampede's probe tasks for Celery 5.x workers (JSON serializer; no pickle).

Load them into your own worker (the one documented command, see docs/celery.md):

    unzip -o -j stampede.jar stampede_probe.py -d /tmp/stampede-probe
    PYTHONPATH=/tmp/stampede-probe celery -A yourapp worker -Q stampede --include stampede_probe

or run a worker of the probe alone against your broker:

    CELERY_BROKER_URL=redis://host:6379/0 CELERY_RESULT_BACKEND=redis://host:6379/0 \
        PYTHONPATH=/tmp/stampede-probe celery -A stampede_probe worker -Q stampede

Every task returns (or, when it fails on purpose, carries in its exception's arguments) its own wall-clock
timestamps, epoch seconds: ``started`` when the body began and ``finished`` when it ended, so Stampede can split a
task's end-to-end time into queue wait and run time without worker events.

Tasks (all take keyword arguments; every one is optional):
    stampede_probe.work(sleep_ms=0, cpu_ms=0, fail_rate=0.0, retries=0, backoff_ms=100, echo_bytes=0)
    stampede_probe.sleep(ms)            sleep for ms milliseconds
    stampede_probe.cpu(ms)              burn CPU for ms milliseconds
    stampede_probe.fail(rate)           raise ProbeFailure with probability rate
    stampede_probe.retry(times, backoff_ms)  retry `times` times (countdown backoff_ms * 2**n), then succeed
    stampede_probe.echo(size)           return a payload of `size` bytes
    stampede_probe.hang(ms)             never returns in time: sleeps ms (for the never-completed check)
"""
import os
import random
import time

from celery import Celery, shared_task

_broker = os.environ.get("CELERY_BROKER_URL", "redis://127.0.0.1:6379/0")
# only used when the worker runs this module alone (-A stampede_probe); included in another app (--include) the
# tasks register there, and this app is never made the current one
app = Celery("stampede_probe", broker=_broker, backend=os.environ.get("CELERY_RESULT_BACKEND", _broker),
             set_as_current=False)
app.conf.update(task_serializer="json", result_serializer="json", accept_content=["json"],
                task_default_queue=os.environ.get("STAMPEDE_QUEUE", "stampede"),
                broker_connection_retry_on_startup=True, worker_hijack_root_logger=False)
if os.environ.get("STAMPEDE_PREFETCH"):
    app.conf.worker_prefetch_multiplier = int(os.environ["STAMPEDE_PREFETCH"])
if os.environ.get("STAMPEDE_QUIET_WORKER"):
    # Stampede's own local worker: no remote-control mailbox (no pidbox keys or exchanges left on a shared broker)
    app.conf.worker_enable_remote_control = False
if os.environ.get("STAMPEDE_GLOBAL_KEYPREFIX"):
    app.conf.broker_transport_options = {"global_keyprefix": os.environ["STAMPEDE_GLOBAL_KEYPREFIX"]}


class ProbeFailure(Exception):
    """The failure a probe was told to produce: args are (message, started, finished)."""


def _burn(ms):
    end = time.perf_counter() + ms / 1000.0
    x = 0
    while time.perf_counter() < end:
        for i in range(1000):
            x += i * i
    return x


def _body(task, sleep_ms=0, cpu_ms=0, fail_rate=0.0, retries=0, backoff_ms=100, echo_bytes=0):
    started = time.time()
    if sleep_ms:
        time.sleep(sleep_ms / 1000.0)
    if cpu_ms:
        _burn(cpu_ms)
    done = task.request.retries
    if retries and done < retries:
        raise task.retry(countdown=backoff_ms / 1000.0 * (2 ** done), max_retries=retries,
                         exc=ProbeFailure("retry %d of %d" % (done + 1, retries), started, time.time()))
    if fail_rate and random.random() < fail_rate:
        raise ProbeFailure("injected failure (fail_rate %s)" % fail_rate, started, time.time())
    out = {"started": started, "finished": time.time(), "retries": done, "hostname": task.request.hostname,
           "pid": os.getpid()}
    if echo_bytes:
        out["payload"] = "x" * int(echo_bytes)
    out["finished"] = time.time()
    return out


@shared_task(bind=True, name="stampede_probe.work")
def work(self, sleep_ms=0, cpu_ms=0, fail_rate=0.0, retries=0, backoff_ms=100, echo_bytes=0):
    return _body(self, sleep_ms, cpu_ms, fail_rate, retries, backoff_ms, echo_bytes)


@shared_task(bind=True, name="stampede_probe.sleep")
def sleep(self, ms=0):
    return _body(self, sleep_ms=ms)


@shared_task(bind=True, name="stampede_probe.cpu")
def cpu(self, ms=0):
    return _body(self, cpu_ms=ms)


@shared_task(bind=True, name="stampede_probe.fail")
def fail(self, rate=1.0):
    return _body(self, fail_rate=rate)


@shared_task(bind=True, name="stampede_probe.retry")
def retry(self, times=3, backoff_ms=100):
    return _body(self, retries=times, backoff_ms=backoff_ms)


@shared_task(bind=True, name="stampede_probe.echo")
def echo(self, size=0):
    return _body(self, echo_bytes=size)


@shared_task(bind=True, name="stampede_probe.hang")
def hang(self, ms=3600000):
    return _body(self, sleep_ms=ms)
