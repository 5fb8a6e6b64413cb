"""The morning digest (issue 16, item 2): each user's to-do by e-mail through a real SMTP server (aiosmtpd on a
free port), at most once a day, with an opt-out the user sets on their own page; the office's to-do to a
企业微信 group robot, here a real local HTTP server; the beat entry that sends it."""

import datetime as dt
import email
import email.policy
import json
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from aiosmtpd.controller import Controller
from django.conf import settings as django_settings
from django.urls import reverse
from django.utils import timezone

from accounts import services
from accounts.models import NoticeChannel, NoticeSent
from accounts.tasks import send_digests
from complaints.models import Complaint
from core import todo
from tests.complaints.factories import ComplaintFactory

pytestmark = pytest.mark.django_db


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Inbox:
    """aiosmtpd handler keeping every message it receives."""

    def __init__(self):
        self.messages: list[email.message.EmailMessage] = []
        self.recipients: list[list[str]] = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(email.message_from_bytes(envelope.content, policy=email.policy.default))
        self.recipients.append(list(envelope.rcpt_tos))
        return "250 OK"


@pytest.fixture
def smtp_server(settings):
    inbox = Inbox()
    port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    settings.PORTAL_URL = "https://zlqs.example.gov.cn"
    yield inbox
    controller.stop()


@pytest.fixture
def overdue(county):
    """An order assigned to 兴隆台区, overdue today: on its county's and the office's to-do."""
    complaint = ComplaintFactory(region=county)
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    Complaint.objects.filter(pk=complaint.pk).update(
        status="assigned", assigned_region=county, due_on=yesterday
    )
    return complaint


def body(message, subtype: str) -> str:
    return message.get_body(preferencelist=(subtype,)).get_content()


def test_digest_reaches_the_smtp_server_once_a_day(smtp_server, county_user, other_county_user, overdue):
    county_user.email, other_county_user.email = "xlt@example.com", "ps@example.com"
    county_user.save(update_fields=["email"])
    other_county_user.save(update_fields=["email"])
    today = timezone.localdate()
    counts = services.digests_send(today)
    # Both counties have values to enter; only 兴隆台区 has the overdue order.
    assert counts["sent"] == 2 and counts["failed"] == 0
    by_rcpt = {r[0]: m for r, m in zip(smtp_server.recipients, smtp_server.messages, strict=True)}
    message = by_rcpt["xlt@example.com"]
    total = sum(t.count for t in todo.items_for(county_user, today))
    assert message["Subject"].strip() == f"【质量强市工作平台】{today:%Y-%m-%d} 待办事项 {total} 项"
    text, html = body(message, "plain"), body(message, "html")
    assert "【急】[投诉] 超期未办的投诉工单" in text
    assert f"https://zlqs.example.gov.cn{reverse('complaints:overdue')}" in text
    assert (
        f'<a href="https://zlqs.example.gov.cn{reverse("complaints:overdue")}">超期未办的投诉工单</a>' in html
    )
    assert "https://zlqs.example.gov.cn/accounts/notices/" in text
    assert "超期未办" not in body(by_rcpt["ps@example.com"], "plain")
    sent = NoticeSent.objects.get(user=county_user, date=today, channel=NoticeChannel.EMAIL)
    assert sent.items >= 2
    # A second run the same day (beat twice, a retry) sends nothing more.
    assert services.digests_send(today)["sent"] == 0
    assert not services.digest_send(user=county_user, today=today)
    assert len(smtp_server.messages) == 2


def test_opted_out_users_and_users_with_nothing_to_do_get_no_mail(
    smtp_server, county_user, leader_user, overdue
):
    county_user.email, county_user.receives_digest = "xlt@example.com", False
    county_user.save(update_fields=["email", "receives_digest"])
    leader_user.email = "leader@example.com"
    leader_user.save(update_fields=["email"])
    assert services.digests_send(timezone.localdate())["sent"] == 0
    assert smtp_server.messages == [] and not NoticeSent.objects.exists()


def test_a_failed_send_is_not_recorded_so_a_later_run_sends_it(settings, county_user, overdue):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", free_port()  # nothing listens there
    county_user.email = "xlt@example.com"
    county_user.save(update_fields=["email"])
    assert services.digests_send(timezone.localdate())["failed"] == 1
    assert not NoticeSent.objects.exists()


def test_the_user_sets_the_preference_on_their_own_page(client_for, county_user):
    client = client_for(county_user)
    url = reverse("accounts:notices")
    assert "接收每日待办邮件" in client.get(url).content.decode()
    refused = client.post(url, {"email": "", "receives_digest": "on"})
    assert "要接收每日待办邮件，请填写电子邮箱。" in refused.content.decode()
    client.post(url, {"email": "xlt@example.com"})
    county_user.refresh_from_db()
    assert (county_user.email, county_user.receives_digest) == ("xlt@example.com", False)
    assert county_user.history.first().receives_digest is False
    client.post(url, {"email": "xlt@example.com", "receives_digest": "on"})
    county_user.refresh_from_db()
    assert county_user.receives_digest
    assert client_for(None).get(url).status_code == 302


class Robot(BaseHTTPRequestHandler):
    received: list[dict] = []
    answer = {"errcode": 0, "errmsg": "ok"}

    def do_POST(self):
        length = int(self.headers["Content-Length"])
        type(self).received.append(json.loads(self.rfile.read(length)))
        payload = json.dumps(type(self).answer).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, *args):
        pass


@pytest.fixture
def robot(settings):
    Robot.received, Robot.answer = [], {"errcode": 0, "errmsg": "ok"}
    server = ThreadingHTTPServer(("127.0.0.1", 0), Robot)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.WECOM_WEBHOOK_URL = f"http://127.0.0.1:{server.server_port}/cgi-bin/webhook/send?key=test"
    settings.PORTAL_URL = "https://zlqs.example.gov.cn"
    yield Robot
    server.shutdown()
    server.server_close()


def test_the_office_group_gets_a_markdown_message_once_a_day(robot, overdue, reference):
    today = timezone.localdate()
    assert services.digests_send(today)["group"] == 1
    (message,) = robot.received
    assert message["msgtype"] == "markdown"
    content = message["markdown"]["content"]
    assert content.startswith(f"**质量强市工作平台 · 办公室今日待办（{today:%Y-%m-%d}）**")
    assert (
        f"> 超期未办的投诉工单：[去办理](https://zlqs.example.gov.cn{reverse('complaints:overdue')})"
        in content
    )
    assert NoticeSent.objects.filter(channel=NoticeChannel.WECOM, user=None, date=today).count() == 1
    assert services.digests_send(today)["group"] == 0 and len(robot.received) == 1


def test_a_message_the_robot_refuses_is_not_recorded(robot, overdue, reference):
    robot.answer = {"errcode": 93000, "errmsg": "invalid webhook url"}
    assert services.digests_send(timezone.localdate())["group"] == 0
    assert len(robot.received) == 1 and not NoticeSent.objects.exists()


def test_no_webhook_no_group_message(settings, overdue, reference):
    settings.WECOM_WEBHOOK_URL = ""
    assert not services.wecom_send(today=timezone.localdate())


def test_beat_sends_the_digest_every_morning(smtp_server, county_user, overdue):
    entry = django_settings.CELERY_BEAT_SCHEDULE["morning-digest"]
    assert entry["task"] == "accounts.tasks.send_digests" == send_digests.name
    assert entry["schedule"].hour == {7} and entry["schedule"].minute == {30}
    county_user.email = "xlt@example.com"
    county_user.save(update_fields=["email"])
    assert send_digests.delay().get()["sent"] == 1
    assert smtp_server.recipients == [["xlt@example.com"]]
