"""The workers' part of notifications: the fan-out in batches, the outbox, and the digests."""

from __future__ import annotations

from django.conf import settings
from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from collegium.notifications import outbox, services


@db_task(retries=3, retry_delay=10)
def fan_out_batch(key: str, after_user_id: int) -> None:
    """One batch of followers; the next batch is queued first, so that two workers share a
    large fan-out. A batch run twice (a retry) neither queues its successor again (the cursor)
    nor tells anyone twice (its ``FanOutBatch``, written with its notifications)."""
    user_ids = services.fan_out_followers(key, after_user_id)
    full = len(user_ids) == settings.COLLEGIUM["FAN_OUT_BATCH"]
    if full and services.fan_out_advance(key, after_user_id, user_ids[-1]):
        fan_out_batch(key, user_ids[-1])
    if user_ids:
        services.fan_out_deliver(key, after_user_id, user_ids)
    if len(user_ids) < settings.COLLEGIUM["FAN_OUT_BATCH"]:
        services.fan_out_finish(key)


@db_task()
def outbox_send(ids: list[int]) -> None:
    """Send a batch of queued messages over one connection (outbox.send handles its failures:
    this task is not retried by huey, the outbox retries with its own back-off)."""
    outbox.send(ids)


@db_periodic_task(crontab(minute="*"))
def outbox_send_due() -> None:
    """Every minute: messages whose wait is over, and those a dead worker left claimed."""
    ids = outbox.due_ids(settings.COLLEGIUM["OUTBOX"]["BATCH_SIZE"] * 50)
    outbox.send_soon(ids)


@db_periodic_task(crontab(minute="30", hour="3"))
def outbox_prune() -> None:
    """Every night: sent mail older than COLLEGIUM_OUTBOX_KEEP_DAYS is forgotten."""
    outbox.prune()


@db_periodic_task(crontab(minute="0", hour=str(settings.COLLEGIUM["DIGEST_HOUR"])))
def daily_digests() -> None:
    from collegium.notifications import digests
    from collegium.notifications.choices import Frequency

    digests.digests_send(Frequency.DAILY)


@db_periodic_task(crontab(minute="0", hour=str(settings.COLLEGIUM["DIGEST_HOUR"]), day_of_week="1"))
def weekly_digests() -> None:
    from collegium.notifications import digests
    from collegium.notifications.choices import Frequency

    digests.digests_send(Frequency.WEEKLY)
