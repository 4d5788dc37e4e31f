"""The pages that show reporting: home, a provision with its evidence, an article with its
evidence marked, the coverage matrix, and search."""

from django import forms
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse

from articles.models import Article
from articles.selectors import reporting_outlet_count
from core.filters import MAX_SEARCH_LENGTH, FilterError
from core.listing import PAGE_SIZE, SITE_PARAMETERS, address, fold_parameters, is_folded, page_links
from core.pagination import page_of
from evidence.coverage import coverage_matrix
from evidence.facets import provisions_summary
from evidence.provision_history import provision_timeline
from evidence.reading import article_for_reading, drafts_overview, evidence_by_outlet
from evidence.search import search as search_everything
from evidence.selectors import in_list_order, provision_filters
from evidence.treaty_reading import provision_for_page
from evidence.views.history import history_context
from treaties.models import Provision

# The latest edits shown on a provision's page; the rest are on its history page.
RECENT_EDITS = 3


def home(request):
    overview = drafts_overview()
    return render(request, "evidence/home.html", {"overview": overview, **vars(overview)})


def provision_detail(request, slug):
    try:
        provision = provision_for_page(slug)
    except Provision.DoesNotExist:
        raise Http404("No provision has this address.") from None
    edits = provision_timeline(provision)
    context = history_context(request, provision, edits)
    context.update(
        reports=evidence_by_outlet(provision),
        outlet_total=reporting_outlet_count(),
        entries=edits[:RECENT_EDITS],
        edit_count=len(edits),
    )
    return render(request, "evidence/provision_detail.html", context)


def article_detail(request, pk):
    try:
        article, paragraphs, evidence_count = article_for_reading(pk)
    except Article.DoesNotExist:
        raise Http404("No article has this address.") from None
    return render(
        request,
        "evidence/article_detail.html",
        {"article": article, "paragraphs": paragraphs, "evidence_count": evidence_count},
    )


def coverage(request):
    """The matrix for any provision list of the shared grammar (`/coverage/?region=georgia`),
    a page of rows at a time."""
    filters = fold_parameters(request.GET)
    path = reverse("coverage")
    if not is_folded(request.GET):
        return redirect(address(path, filters))
    context = {"filters": filters, "browse_url": address(reverse("provision-list"), filters)}
    try:
        filterset = provision_filters(filters, passthrough=SITE_PARAMETERS)
        # The matrix shows labels only: none of the list's related rows are needed.
        provisions = in_list_order(filterset.qs).prefetch_related(None)
        page = page_of(
            provisions,
            filters.get("page"),
            per_page=PAGE_SIZE,
            valid_parameters=filterset.accepted_parameters(),
        )
        phrases = [phrase for _, phrase in filterset.phrases()]
    except FilterError as error:
        context["error"] = error
        return render(request, "evidence/coverage.html", context, status=400)
    previous_url, next_url = page_links(path, filters, page)
    context.update(
        page=page,
        summary=provisions_summary(page.paginator.count, phrases),
        matrix=coverage_matrix(provisions, list(page.object_list)),
        previous_url=previous_url,
        next_url=next_url,
    )
    return render(request, "evidence/coverage.html", context)


class SearchForm(forms.Form):
    # CharField refuses NUL bytes itself, which PostgreSQL could not store or compare.
    q = forms.CharField(
        label="Search provisions and sentences", required=False, max_length=MAX_SEARCH_LENGTH
    )


def search(request):
    form = SearchForm(request.GET)
    errors = [
        f"{name}: unknown parameter; the only one is q." for name in request.GET if name != "q"
    ]
    errors += [f"q: {message}" for message in form.errors.get("q", [])]
    if len(request.GET.getlist("q")) > 1:
        errors.append("q: given more than once.")
    context = {"form": form, "errors": errors, "query": ""}
    if errors:
        return render(request, "evidence/search.html", context, status=400)
    query = form.cleaned_data["q"]
    if query:
        context.update(query=query, results=search_everything(query))
    return render(request, "evidence/search.html", context)
