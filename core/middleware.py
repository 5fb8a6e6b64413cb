"""The language of each request."""

from django.conf import settings
from django.utils import translation


class ChosenLanguageMiddleware:
    """Chinese, unless the user picked another language in the user menu (the language cookie).

    Unlike Django's LocaleMiddleware, the browser's Accept-Language is not consulted: the portal's pages are
    written in Chinese and only their frame is translated, so an English-language browser would otherwise get
    half-English pages it never asked for.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
        # Only for this request: the thread's language is restored afterwards (code run outside requests in the
        # same thread, such as eager tasks, keeps the default).
        with translation.override(language):
            request.LANGUAGE_CODE = translation.get_language()
            response = self.get_response(request)
        response.headers.setdefault("Content-Language", request.LANGUAGE_CODE)
        return response
