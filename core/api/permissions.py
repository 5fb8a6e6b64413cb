from rest_framework.permissions import BasePermission

from accounts import policy


class PolicyPermission(BasePermission):
    """Signed-in users only; which rows they reach is decided by the viewset's `for_user` queryset."""

    message = "请先登录。"

    def has_permission(self, request, view) -> bool:
        if policy.role_of(request.user) is None:
            return False
        capability = getattr(view, "write_capability", None)
        if capability and request.method not in ("GET", "HEAD", "OPTIONS"):
            self.message = "您的角色无权执行此操作。"
            return policy.allowed(request.user, capability)
        return True
