"""A provision's history page, open to everyone, and the editors' revert to an earlier
version. Who made each change is shown to editors only."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render

from core.editors import is_editor
from core.filters import ParameterError
from core.listing import SITE_PARAMETERS, check_site_parameters, fold_parameters, page_links
from core.pagination import page_of
from evidence.provision_history import provision_timeline
from treaties.history import revert_preview, revert_provision, version_name
from treaties.models import Provision
from treaties.services import ProvisionChanged

ENTRIES_PER_PAGE = 20


def _provision(slug: str) -> Provision:
    try:
        return Provision.objects.with_labels().get(slug=slug)
    except Provision.DoesNotExist:
        raise Http404("No provision has this address.") from None


def history_context(request, provision: Provision, entries) -> dict:
    """What a history list needs besides its entries: whether to name the editors and offer
    reverts, and which version is the current one (nothing to revert to)."""
    current = next((e.provision_history_id for e in entries if e.provision_history_id), None)
    editor = is_editor(request.user)
    return {
        "provision": provision,
        "show_editors": editor,
        "can_revert": editor,
        "current": current,
    }


def provision_history(request, slug):
    provision = _provision(slug)
    query = fold_parameters(request.GET)
    entries = provision_timeline(provision)
    context = history_context(request, provision, entries)
    try:
        check_site_parameters(query, accepted=SITE_PARAMETERS)
        page = page_of(
            entries, query.get("page"), per_page=ENTRIES_PER_PAGE, valid_parameters=["page"]
        )
    except ParameterError as error:
        context["error"] = error
        return render(request, "evidence/provision_history.html", context, status=400)
    previous_url, next_url = page_links(request.path, query, page)
    context.update(
        page=page, entries=page.object_list, previous_url=previous_url, next_url=next_url
    )
    return render(request, "evidence/provision_history.html", context)


class RevertForm(forms.Form):
    # The version the editor saw when confirming: a change saved in between is not undone
    # unseen.
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


@login_required
def revert(request, slug, history_id):
    """GET: what reverting would change, and a button to confirm. POST: the revert."""
    if not is_editor(request.user):
        raise PermissionDenied("Only editors may revert a provision.")
    provision = _provision(slug)
    errors, status = [], 200
    if request.method == "POST":
        form = RevertForm(request.POST)
        if not form.is_valid():
            return _confirmation(request, provision, history_id, ["The form was incomplete."], 400)
        try:
            revert_provision(
                provision=provision,
                to_history_id=history_id,
                user=request.user,
                expected_version=form.cleaned_data["version"],
            )
        except ProvisionChanged as conflict:
            errors, status = [str(conflict)], 409
        except ValidationError as error:
            errors, status = error.messages, 400
        else:
            target = provision.history.get(history_id=history_id)
            messages.success(
                request,
                f"{provision.label} is back to the version of {version_name(target.history_date)}.",
            )
            return redirect("provision-history", slug=provision.slug)
        # The failed revert was rolled back; show the provision as it now stands.
        provision = _provision(slug)
    return _confirmation(request, provision, history_id, errors, status)


def _confirmation(request, provision, history_id, errors, status):
    try:
        target, changes = revert_preview(provision, history_id)
    except Provision.history.model.DoesNotExist:
        raise Http404("This provision has no such recorded version.") from None
    context = {
        "provision": provision,
        "target": target,
        "version_name": version_name(target.history_date),
        "changes": changes,
        "errors": errors,
        "form": RevertForm(initial={"version": provision.version}),
    }
    return render(request, "evidence/provision_revert.html", context, status=status)
