from accounts import policy
from core.help import help_for_path
from core.navigation import menu_for


def navigation(request) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "menu": menu_for(user),
        "user_role": policy.role_of(user),
        "help_url": help_for_path(request.path),
    }
