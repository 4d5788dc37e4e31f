"""Every 400 has the one shape, whatever raised it."""

from django.core.exceptions import ValidationError

from core.exceptions import exception_handler
from core.filters import FilterError, ParameterError


def test_a_filter_error_keeps_its_message_errors_and_valid_parameters():
    error = FilterError({"region": ["Unknown region 'atlantis'."]}, ["page", "region"])
    response = exception_handler(error, {"view": None})
    assert response.status_code == 400
    assert response.data == {
        "detail": "Invalid filter: region: Unknown region 'atlantis'. "
        "Valid parameters: page, region.",
        "errors": {"region": ["Unknown region 'atlantis'."]},
        "valid_parameters": ["page", "region"],
    }


def test_a_parameter_error_takes_the_valid_parameters_of_the_view():
    class View:
        def valid_parameters(self):
            return ["format", "page"]

    response = exception_handler(ParameterError({"page": ["At most 100."]}), {"view": View()})
    assert response.data == {
        "detail": "Invalid parameter: page: At most 100. Valid parameters: format, page.",
        "errors": {"page": ["At most 100."]},
        "valid_parameters": ["format", "page"],
    }


def test_a_model_wide_validation_error_is_reported_as_non_field_errors():
    error = ValidationError("The sentence text is not the article body at its offsets.")
    response = exception_handler(error, {"view": None})
    assert response.status_code == 400
    assert response.data["errors"] == {
        "non_field_errors": ["The sentence text is not the article body at its offsets."]
    }


def test_field_errors_of_a_model_stay_on_their_fields():
    error = ValidationError({"regions": ["Give the regions restricted."], "__all__": ["Both."]})
    response = exception_handler(error, {"view": None})
    assert response.data["errors"] == {
        "regions": ["Give the regions restricted."],
        "non_field_errors": ["Both."],
    }
