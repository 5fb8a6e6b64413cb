"""Demo users, one per role: office, leader, admin, county-<region code>, dept-<department code>."""

from __future__ import annotations

import os
import secrets

from django.contrib.auth.hashers import make_password

from accounts.choices import Role
from accounts.models import User
from core.registry import DemoContext, demo_loader
from organizations.models import Department, Region

DEMO_DEPARTMENTS = ["zjj", "zjw", "nw", "syj", "fwyw", "gsj"]


def demo_users() -> list[dict]:
    users = [
        {"username": "office", "role": Role.OFFICE, "full_name": "办公室（演示）"},
        {"username": "leader", "role": Role.LEADER, "full_name": "领导小组组长（演示）"},
        {
            "username": "admin",
            "role": Role.ADMIN,
            "full_name": "系统管理员（演示）",
            "is_staff": True,
            "is_superuser": True,
        },
    ]
    for region in Region.objects.counties():
        users.append(
            {
                "username": f"county-{region.code}",
                "role": Role.COUNTY,
                "region": region,
                "full_name": f"{region.name}（演示）",
            }
        )
    for department in Department.objects.filter(code__in=DEMO_DEPARTMENTS):
        users.append(
            {
                "username": f"dept-{department.code}",
                "role": Role.DEPARTMENT,
                "department": department,
                "full_name": f"{department.short_name}（演示）",
            }
        )
    return users


def demo_password() -> str:
    # DEMO_PASSWORD fixes the password (CI, acceptance checks); otherwise a random one, printed once.
    return os.environ.get("DEMO_PASSWORD") or secrets.token_urlsafe(9)


def demo_passwords_reset(password: str) -> list[str]:
    """Give every demo user that exists this password again and lift their sign-in lockouts (`load_demo
    --reset-passwords`, when the password printed once is lost)."""
    from axes.utils import reset as axes_reset

    names = [spec["username"] for spec in demo_users()]
    hashed = make_password(password)
    users = list(User.objects.filter(username__in=names))
    for user in users:
        user.password = hashed
        user.save(update_fields=["password"])
        axes_reset(username=user.username)
    return [user.username for user in users]


@demo_loader("accounts.users", order=10)
def load_users(ctx: DemoContext) -> str:
    password = demo_password()
    hashed = make_password(password)  # hash once: the same password for every demo user
    created = []
    for spec in demo_users():
        username = spec.pop("username")
        if User.objects.filter(username=username).exists():
            continue
        # A mailbox of the reserved example domain, so the morning digest shows on the console in `make run`.
        user = User(username=username, email=f"{username}@example.com", **spec)
        user.password = hashed
        user.full_clean()
        user.save()
        created.append(username)
    ctx.shared["users"] = {u.username: u for u in User.objects.all()}
    if created:
        ctx.shared["password_note"] = (
            f"演示用户 {', '.join(created)} 的密码：{password}（只显示这一次；可用 DEMO_PASSWORD 环境变量指定）"
        )
    return f"{len(created)} users created"
