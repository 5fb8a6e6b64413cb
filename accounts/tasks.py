"""Celery tasks of the accounts app: the morning to-do digest (beat entry `morning-digest`)."""

from __future__ import annotations

from celery import shared_task

from accounts import services


@shared_task(name="accounts.tasks.send_digests")
def send_digests() -> dict[str, int]:
    """Safe to re-run: a user's digest is recorded once a day, and a second run skips them."""
    return services.digests_send()
