from accounts import policy
from core.help import help_for_path
from core.navigation import menu_for


def navigation(request) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    # Context processors run for every template a page renders with the request (the page, its table): the menu
    # is worked out once a request.
    found = getattr(request, "_portal_navigation", None)
    if found is None:
        found = request._portal_navigation = {
            "menu": menu_for(user),
            "user_role": policy.role_of(user),
            "help_url": help_for_path(request.path),
        }
    return found
