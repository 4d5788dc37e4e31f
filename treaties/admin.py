from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db import models
from django.shortcuts import redirect
from simple_history.admin import SimpleHistoryAdmin

from core.history import attribute
from treaties.models import Party, Provision, Region, Treaty, WeaponClass
from treaties.services import (
    ProvisionChanged,
    claim_next_version,
    create_provision,
    update_provision,
    validate_provision_links,
)


@admin.register(Party)
class PartyAdmin(SimpleHistoryAdmin):
    list_display = ["name", "slug", "kind", "iso_code"]
    list_filter = ["kind"]
    search_fields = ["name", "slug", "iso_code"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["members"]


@admin.register(Region)
class RegionAdmin(SimpleHistoryAdmin):
    list_display = ["name", "slug", "kind", "iso_code"]
    list_filter = ["kind"]
    search_fields = ["name", "slug", "iso_code"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["members"]


@admin.register(WeaponClass)
class WeaponClassAdmin(SimpleHistoryAdmin):
    list_display = ["name", "slug", "parent"]
    list_filter = [("parent", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["parent"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Treaty)
class TreatyAdmin(SimpleHistoryAdmin):
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_display = ["short_title", "slug", "proposer", "article_count", "published", "status"]
    list_filter = ["status"]
    list_select_related = ["proposer"]
    search_fields = ["title", "short_title", "slug"]
    filter_horizontal = ["parties"]


class ProvisionAdminForm(forms.ModelForm):
    """The provision form remembers the version it was opened at: saving over a change that
    another editor made in the meantime is refused with a message instead of undoing it."""

    based_on_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Provision
        fields = ["treaty", "article", "paragraph", *Provision.CONTENT_FIELDS, *Provision.RELATIONS]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["based_on_version"] = self.instance.version
            self.fields["based_on_version"].required = True

    def clean(self):
        cleaned_data = super().clean()
        if self.instance.pk and "based_on_version" in cleaned_data:
            # The admin saves inside one transaction, so the row stays locked from here on.
            try:
                claim_next_version(
                    provision=self.instance, expected_version=cleaned_data["based_on_version"]
                )
            except ProvisionChanged as conflict:
                raise ValidationError(str(conflict), code="conflict") from None
        return cleaned_data

    def _post_clean(self):
        super()._post_clean()  # the instance now holds the submitted fields
        try:
            validate_provision_links(
                self.instance,
                bound_parties=self.cleaned_data.get("bound_parties", []),
                regions=self.cleaned_data.get("regions", []),
                related=self.cleaned_data.get("related", []),
            )
        except ValidationError as error:
            for name, messages in error.message_dict.items():
                self.add_error(name, messages)


@admin.register(Provision)
class ProvisionAdmin(SimpleHistoryAdmin):
    form = ProvisionAdminForm
    list_display = ["label", "title", "measure", "baseline_date", "no_region"]
    list_filter = ["treaty", "measure", "no_region", "regions", "weapon_classes", "bound_parties"]
    list_select_related = ["treaty"]
    search_fields = ["title", "summary", "baseline_note", "exceptions"]
    filter_horizontal = list(Provision.RELATIONS)
    ordering = ["treaty__slug", "article", "paragraph"]
    fieldsets = [
        (None, {"fields": ["treaty", "article", "paragraph", "title", "summary", "measure"]}),
        ("Who and where", {"fields": ["bound_parties", "regions", "no_region"]}),
        ("What and since when", {"fields": ["weapon_classes", "baseline_date", "baseline_note"]}),
        (None, {"fields": ["exceptions", "related", "based_on_version"]}),
    ]

    @admin.display(description="provision", ordering="article")
    def label(self, obj):
        return obj.label

    def save_model(self, request, obj, form, change):
        # The row is saved with its attributes in save_related, through the services, so
        # that its history records the edit once and completely.
        attribute(obj, editor=request.user)

    def save_related(self, request, form, formsets, change):
        relations = {name: form.cleaned_data[name] for name in Provision.RELATIONS}
        if change:
            # The form claimed the next version when it was validated.
            update_provision(provision=form.instance, **relations)
        else:
            create_provision(provision=form.instance, **relations)
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        # A revert restores the attributes of the version too, which the admin's own form
        # cannot: the site's revert page shows what it would change and does it.
        provision = self.get_object(request, object_id)
        if provision is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        return redirect("provision-revert", slug=provision.slug, history_id=version_id)
