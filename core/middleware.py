"""The language of each request; requests no view could answer."""

from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import render
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


class RejectNulMiddleware:
    """A NUL character in the address, a query or a form answers 400: PostgreSQL cannot hold it in a string, so
    a lookup with it would fail deep in a view as a 500 instead."""

    MESSAGE = "请求中含有空字符（\\0），无法处理。请检查链接或输入的内容。"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path or _has_nul(request.GET) or _has_nul(request.POST):
            if request.path.startswith("/api/"):
                return JsonResponse(
                    {"detail": self.MESSAGE}, status=400, json_dumps_params={"ensure_ascii": False}
                )
            return render(request, "400.html", {"exception": self.MESSAGE}, status=400)
        return self.get_response(request)


def _has_nul(params) -> bool:
    return any("\x00" in key or any("\x00" in value for value in values) for key, values in params.lists())
