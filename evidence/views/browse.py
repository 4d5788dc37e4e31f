"""The treaty pages: the provision browser, a draft article by article, and the comparison."""

from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django_htmx.http import push_url

from core.filters import FilterError
from core.listing import PAGE_SIZE, SITE_PARAMETERS, address, fold_parameters, is_folded, page_links
from core.pagination import page_of
from evidence.facets import SORT_CHOICES, browse_state
from evidence.selectors import in_list_order, provision_filters
from evidence.treaty_reading import comparison, treaty_for_reading
from treaties.models import Treaty


def provision_list(request):
    """Faceted browsing in the shared filter grammar. Without JavaScript the form is a plain
    GET; with htmx it swaps the results and facets in place, and the URL follows."""
    filters = fold_parameters(request.GET)
    path = reverse("provision-list")
    permalink = address(path, filters)
    if not is_folded(request.GET) and not request.htmx:
        # A form's repeated checkboxes and empty fields become the grammar's one comma
        # list per parameter, so the address bar always shows the permalink.
        return redirect(permalink)

    # The JSON and CSV twins: the API's list, read with the same grammar.
    json_url = address(reverse("api:provision-list"), filters, without=("page", "format"))
    context = {
        "filters": filters,
        "permalink": permalink,
        "json_url": json_url,
        "csv_url": json_url + ("&" if "?" in json_url else "?") + "format=csv",
        "coverage_url": address(reverse("coverage"), filters, without=("page", "format")),
        "search": filters.get("search", ""),
        "ordering": filters.get("ordering", ""),
        "sort_choices": _sort_choices(filters.get("ordering", "")),
    }
    status = 200
    try:
        filterset = provision_filters(filters, passthrough=SITE_PARAMETERS)
        page = page_of(
            in_list_order(filterset.qs),
            filters.get("page"),
            per_page=PAGE_SIZE,
            valid_parameters=filterset.accepted_parameters(),
        )
        state = browse_state(filterset)
    except FilterError as error:
        status = 400
        context["error"] = error
    else:
        previous_url, next_url = page_links(path, filters, page)
        context.update(
            page=page,
            state=state,
            summary=state.summary(page.paginator.count),
            previous_url=previous_url,
            next_url=next_url,
        )
    response = render(request, "evidence/provision_list.html", context, status=status)
    if request.htmx:
        push_url(response, permalink)
    # The same address answers htmx and plain requests with different bodies' uses.
    patch_vary_headers(response, ["HX-Request"])
    return response


def _sort_choices(current: str):
    choices = list(SORT_CHOICES)
    if current and current not in dict(choices):
        # A sort given in the URL but not offered by the form stays selected.
        choices.append((current, f"As given: {current}"))
    return choices


def treaty_detail(request, slug):
    try:
        treaty, articles = treaty_for_reading(slug)
    except Treaty.DoesNotExist:
        raise Http404("No draft has this address.") from None
    return render(request, "evidence/treaty_detail.html", {"treaty": treaty, "articles": articles})


def comparison_page(request):
    treaties, sections = comparison()
    return render(request, "evidence/comparison.html", {"treaties": treaties, "sections": sections})
