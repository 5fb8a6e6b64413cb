from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import ProtectedError, RestrictedError
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from core.deletion import still_referenced


def exception_handler(exc, context):
    """Model and service validation errors answer 400 with their (Chinese) messages, like serializer errors;
    deleting what other records still refer to answers 409 saying which."""
    if isinstance(exc, ProtectedError | RestrictedError):
        return Response({"detail": still_referenced(exc)}, status=status.HTTP_409_CONFLICT)
    if isinstance(exc, DjangoValidationError):
        detail = exc.message_dict if hasattr(exc, "error_dict") else {"detail": exc.messages}
        exc = exceptions.ValidationError(detail)
    return drf_exception_handler(exc, context)
