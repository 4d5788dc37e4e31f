"""The editors' screens: import an article, annotate its sentences, review suggestions.

Every view here is for editors only: anonymous visitors are sent to sign in, other users get
a 403. Every change is a POST (with its CSRF token) made through `evidence.services` or
`articles.ingest`, so the history records who made it. With htmx a sentence's row or a
queue's row is answered in place; without JavaScript a POST redirects back to it.
"""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError
from django.http import Http404
from django.shortcuts import redirect, render
from django.template.defaultfilters import pluralize
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import HttpResponseClientRedirect

from articles.ingest import ArticleImportError
from articles.models import Article, Sentence
from core.editors import is_editor
from core.filters import FilterError
from core.listing import address, fold_parameters, is_folded, page_links
from evidence import services
from evidence.annotation import (
    article_for_annotation,
    count_links,
    provision_choices,
    sentence_row,
)
from evidence.forms import (
    AddLinkForm,
    ArticleImportForm,
    ProvisionFindForm,
    RelationForm,
    ReviewDecisionForm,
)
from evidence.importing import import_with_evidence
from evidence.models import Evidence
from evidence.review_queue import (
    FLAGGED_SHOWN,
    articles_awaiting_review,
    flagged_links,
    review_page,
    suggested_links,
)


def editor_required(view):
    @wraps(view)
    def for_editors(request, *args, **kwargs):
        if not request.user.is_authenticated:
            if request.htmx:
                # A row must not be swapped for the sign-in page: the whole page goes there.
                return HttpResponseClientRedirect(_login_url(request.htmx.current_url_abs_path))
            return redirect_to_login(request.get_full_path())
        if not is_editor(request.user):
            raise PermissionDenied("Only editors may change the evidence.")
        return view(request, *args, **kwargs)

    return for_editors


def _login_url(next_url: str | None) -> str:
    return redirect_to_login(next_url or reverse("review-queue"))["Location"]


# Annotation


@editor_required
@require_GET
def annotate(request, pk):
    try:
        article, rows = article_for_annotation(pk)
    except Article.DoesNotExist:
        raise Http404("No article has this address.") from None
    return _annotation_page(request, article, rows)


def _annotation_page(request, article, rows, *, status=200):
    return render(
        request,
        "evidence/editing/annotate.html",
        {
            "article": article,
            "rows": rows,
            "counts": count_links(rows),
            **_row_choices(),
        },
        status=status,
    )


def _row_choices() -> dict:
    return {"provision_groups": provision_choices(), "relations": Evidence.Relation.choices}


@editor_required
@require_POST
def add_link(request, pk):
    sentence = _sentence_or_404(pk)
    form = AddLinkForm(request.POST)
    if form.is_valid():
        try:
            evidence = services.link_provision(
                sentence=sentence,
                provision=form.cleaned_data["provision"],
                relation=form.cleaned_data["relation"],
                linked_by=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return _row_changed(
                request, sentence, f"Linked {evidence.provision.label}.", adding=True
            )
    return _row_refused(request, sentence, _messages_of(form), adding=True)


@editor_required
@require_POST
def change_relation(request, pk):
    evidence = _evidence_or_404(pk)
    form = RelationForm(request.POST)
    if not form.is_valid():
        return _row_refused(request, evidence.sentence, _messages_of(form))
    services.change_relation(
        evidence=evidence, relation=form.cleaned_data["relation"], changed_by=request.user
    )
    return _row_changed(
        request,
        evidence.sentence,
        f"{evidence.provision.label}: relation set to {evidence.get_relation_display().lower()}.",
    )


@editor_required
@require_POST
def confirm_link(request, pk):
    evidence = _evidence_or_404(pk)
    services.confirm_evidence(evidence=evidence, reviewed_by=request.user)
    return _row_changed(request, evidence.sentence, f"Confirmed {evidence.provision.label}.")


@editor_required
@require_POST
def reject_link(request, pk):
    evidence = _evidence_or_404(pk)
    services.reject_evidence(evidence=evidence, reviewed_by=request.user)
    return _row_changed(request, evidence.sentence, f"Rejected {evidence.provision.label}.")


@editor_required
@require_POST
def remove_link(request, pk):
    evidence = _evidence_or_404(pk)
    label = evidence.provision.label
    services.remove_evidence(evidence=evidence, removed_by=request.user)
    return _row_changed(request, evidence.sentence, f"Removed the link to {label}.")


def _sentence_or_404(pk) -> Sentence:
    try:
        return Sentence.objects.only("pk", "article_id", "position").get(pk=pk)
    except Sentence.DoesNotExist:
        raise Http404("No sentence has this address.") from None


def _evidence_or_404(pk) -> Evidence:
    try:
        return Evidence.objects.select_related("provision__treaty", "sentence").get(pk=pk)
    except Evidence.DoesNotExist:
        raise Http404("No link has this address; it may have been removed.") from None


def _row_changed(request, sentence, message, *, adding=False):
    if not request.htmx:
        annotate_url = reverse("annotate-article", args=[sentence.article_id])
        return redirect(f"{annotate_url}#s{sentence.position}")
    row = sentence_row(sentence.pk)
    row.message, row.adding = message, adding
    return render(request, "evidence/editing/_sentence_row.html", {"row": row, **_row_choices()})


def _row_refused(request, sentence, errors, *, adding=False):
    """The sentence's row with what was wrong (400): alone for htmx, else in its page."""
    if request.htmx:
        row = sentence_row(sentence.pk)
        row.errors, row.adding = errors, adding
        return render(
            request,
            "evidence/editing/_sentence_row.html",
            {"row": row, **_row_choices()},
            status=400,
        )
    article, rows = article_for_annotation(sentence.article_id)
    for row in rows:
        if row.sentence.pk == sentence.pk:
            row.errors, row.adding = errors, adding
    return _annotation_page(request, article, rows, status=400)


def _messages_of(form) -> list[str]:
    return [message for messages_ in form.errors.values() for message in messages_]


@editor_required
@require_GET
def provision_options(request):
    """The provision picker's options narrowed to the words typed (for htmx)."""
    form = ProvisionFindForm(request.GET)
    find = form.cleaned_data["find"] if form.is_valid() else ""
    return render(
        request,
        "evidence/editing/_provision_options.html",
        {"provision_groups": provision_choices(find), "find": find},
    )


# Review queue


@editor_required
@require_GET
def review_queue(request):
    path = reverse("review-queue")
    filters = fold_parameters(request.GET)
    if not is_folded(request.GET):
        # The filter form sends its unused fields empty; the address keeps the used ones.
        return redirect(address(path, filters))
    context = {
        "filters": filters,
        "here": address(path, filters),
        "article_choices": articles_awaiting_review(),
        "provision_groups": provision_choices(),
    }
    try:
        page = review_page(suggested_links(filters=filters), filters)
        flagged = list(flagged_links(filters=filters)[: FLAGGED_SHOWN + 1])
    except FilterError as error:
        context.update(error=error, start_again=path)
        return render(request, "evidence/editing/review_queue.html", context, status=400)
    previous_url, next_url = page_links(path, filters, page)
    context.update(
        page=page,
        flagged=flagged[:FLAGGED_SHOWN],
        more_flagged=len(flagged) > FLAGGED_SHOWN,
        previous_url=previous_url,
        next_url=next_url,
    )
    return render(request, "evidence/editing/review_queue.html", context)


@editor_required
@require_POST
def review_decide(request):
    """Confirm or reject the links sent: one from a row's buttons, or those ticked."""
    back = _safe_return_address(request)
    form = ReviewDecisionForm(request.POST)
    if not form.is_valid():
        problem = " ".join(_messages_of(form))
        if request.htmx:
            return render(
                request, "evidence/editing/_review_refused.html", {"problem": problem}, status=400
            )
        messages.error(request, problem)
        return redirect(back)
    chosen = list(form.cleaned_data["evidence"])
    count = services.review_evidence_in_bulk(
        evidence_ids=[evidence.pk for evidence in chosen],
        status=form.status,
        reviewed_by=request.user,
    )
    decided = "confirmed" if form.cleaned_data["action"] == "confirm" else "rejected"
    if request.htmx:
        return render(
            request,
            "evidence/editing/_review_decided.html",
            {"links": chosen, "decided": decided},
        )
    messages.success(request, f"{count} link{pluralize(count)} {decided}.")
    return redirect(back)


def _safe_return_address(request) -> str:
    wanted = request.POST.get("next", "")
    if wanted and url_has_allowed_host_and_scheme(
        wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return wanted
    return reverse("review-queue")


# Import


@editor_required
@require_http_methods(["GET", "POST"])
def import_article_page(request):
    if request.method == "GET":
        return _import_page(request, ArticleImportForm())
    form = ArticleImportForm(request.POST, request.FILES)
    if not form.is_valid():
        return _import_page(request, form, status=400)
    try:
        result = import_with_evidence(
            raw=form.raw(),
            source_name=form.source_name(),
            outlet=form.outlet_key(),
            title=form.cleaned_data["title"],
            url=form.cleaned_data["url"],
            published=form.cleaned_data["published"],
            language=form.cleaned_data["language"],
            note=form.cleaned_data["note"],
        )
    except ArticleImportError as error:
        form.add_error(None, f"This text cannot be imported: {error}.")
        return _import_page(request, form, status=400)
    except IntegrityError:
        # the import rolled back; the constraint that refused it names a race.
        form.add_error(
            None, "Another import of the same article happened at the same moment; try again."
        )
        return _import_page(request, form, status=409)
    if result.status == "unchanged":
        return _import_page(request, form, duplicate=result.article, status=400)
    article = result.article
    version = f" as version {article.version}" if result.status == "new_version" else ""
    suggested, flagged = result.suggestion_count, result.needs_review_count
    summary = (
        f"Imported “{article.title}”{version}: {result.sentence_count} "
        f"sentence{pluralize(result.sentence_count)}, {suggested} suggested "
        f"link{pluralize(suggested)} to review."
    )
    if flagged:
        summary += (
            f" {flagged} link{pluralize(flagged)} of the earlier version "
            f"need{pluralize(flagged, 's,')} review."
        )
    messages.success(request, summary)
    return redirect("annotate-article", pk=article.pk)


def _import_page(request, form, *, duplicate=None, status=200):
    return render(
        request,
        "evidence/editing/import.html",
        {"form": form, "duplicate": duplicate},
        status=status,
    )
