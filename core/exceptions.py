"""Every API error in one shape: {"detail", "errors": {parameter: [why]}, "valid_parameters"}
for a 400, {"detail"} otherwise."""

from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import exceptions, serializers
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler as drf_exception_handler
from rest_framework.views import set_rollback

from core.filters import FilterError, describe_errors


class ParameterErrorSerializer(serializers.Serializer):
    detail = serializers.CharField(help_text="One line naming what is wrong.")
    # Typed as Any: the field shadows the `errors` every serializer has in DRF's stubs.
    errors: Any = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        help_text="Each bad parameter (or body field) with why it is wrong.",
    )
    valid_parameters = serializers.ListField(
        child=serializers.CharField(), help_text="The parameters (or fields) this URL accepts."
    )


class DetailSerializer(serializers.Serializer):
    detail = serializers.CharField()


def _flatten_errors(detail, prefix="") -> dict[str, list[str]]:
    """DRF's nested validation errors as {"field" or "field.0.sub": [message, ...]}."""
    if isinstance(detail, dict):
        flat = {}
        for key, value in detail.items():
            flat.update(_flatten_errors(value, f"{prefix}.{key}" if prefix else str(key)))
        return flat
    if isinstance(detail, list) and any(isinstance(item, dict | list) for item in detail):
        flat = {}
        for index, item in enumerate(detail):
            # A list field's errors hold an empty entry for each valid item.
            if item:
                flat.update(_flatten_errors(item, f"{prefix}.{index}" if prefix else str(index)))
        return flat
    messages = detail if isinstance(detail, list) else [detail]
    return {prefix or "non_field_errors": [str(message) for message in messages]}


def _bad_request(detail: str, errors: dict, valid_parameters: list[str]) -> Response:
    set_rollback()
    return Response(
        {"detail": detail, "errors": errors, "valid_parameters": list(valid_parameters)},
        status=400,
    )


def _view_parameters(view) -> list[str]:
    valid = getattr(view, "valid_parameters", None)
    return list(valid()) if callable(valid) else []


def exception_handler(exc, context):
    """DRF's handler, with every 400 in the one shape that names the bad parameters."""
    view = context.get("view")
    if isinstance(exc, FilterError):
        if exc.valid_parameters is None:
            exc.valid_parameters = _view_parameters(view)
        return _bad_request(exc.message, exc.errors, exc.valid_parameters)
    if isinstance(exc, DjangoValidationError):
        detail = serializers.as_serializer_error(exc)
        # Model-wide errors (constraints, clean()) come keyed "__all__"; DRF names them
        # non_field_errors.
        detail[api_settings.NON_FIELD_ERRORS_KEY] = [
            *detail.pop(NON_FIELD_ERRORS, []),
            *detail.get(api_settings.NON_FIELD_ERRORS_KEY, []),
        ]
        if not detail[api_settings.NON_FIELD_ERRORS_KEY]:
            del detail[api_settings.NON_FIELD_ERRORS_KEY]
        exc = exceptions.ValidationError(detail=detail)
    if isinstance(exc, exceptions.ValidationError):
        errors = _flatten_errors(exc.detail)
        valid = _view_parameters(view)
        return _bad_request(
            f"Invalid request body: {describe_errors(errors)}. Valid fields: {', '.join(valid)}.",
            errors,
            valid,
        )
    response = drf_exception_handler(exc, context)
    if response is not None and response.status_code == 400:
        # A body that is not JSON at all (ParseError): the body is the bad parameter.
        detail = str(response.data.get("detail", "Bad request."))
        response.data = {
            "detail": detail,
            "errors": {"body": [detail]},
            "valid_parameters": _view_parameters(view),
        }
    return response
