"""The broker-down drill, run as a process of its own whose REDIS_URL points at a closed port (a web or
API process would see Redis the same way): start a run through the API and the web page, queue a job.
Prints what each answered and how long it took, as JSON, for tests/dashboards/test_recovery.py."""

import json
import sys
import time

import django

django.setup()

from django.contrib.messages import get_messages  # noqa: E402
from django.core.files.base import ContentFile  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402

from accounts.models import User  # noqa: E402
from complaints.resources import IMPORT_JOB  # noqa: E402
from core.jobs import job_enqueue  # noqa: E402


def timed(call):
    started = time.perf_counter()
    outcome = call()
    return outcome, round(time.perf_counter() - started, 2)


user = User.objects.get(pk=int(sys.argv[1]))
client = Client()
client.force_login(user)
report = {}

response, seconds = timed(
    lambda: client.post("/api/v1/dashboards/runs/", {"scope": "full"}, content_type="application/json")
)
report["api"] = {"seconds": seconds, "status": response.status_code, "body": response.content.decode()}

response, seconds = timed(lambda: client.post(reverse("dashboards:run_start"), {"scope": "full"}))
report["web"] = {
    "seconds": seconds,
    "status": response.status_code,
    "messages": [str(m) for m in get_messages(response.wsgi_request)],
}

job, seconds = timed(
    lambda: job_enqueue(
        kind=IMPORT_JOB,
        user=user,
        name="drill.xlsx",
        params={"hotline": sys.argv[2]},
        file=ContentFile(b"drill", name="drill.xlsx"),
    )
)
job.refresh_from_db()
report["job"] = {"seconds": seconds, "status": job.status, "errors": job.errors}
print(json.dumps(report, ensure_ascii=False))
