from django.contrib import admin
from django.db import models
from simple_history.admin import SimpleHistoryAdmin

from treaties.models import Party, Provision, Region, Treaty, WeaponClass


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


@admin.register(Provision)
class ProvisionAdmin(SimpleHistoryAdmin):
    list_display = ["label", "title", "measure", "baseline_date", "no_region"]
    list_filter = ["treaty", "measure", "no_region", "regions", "weapon_classes", "bound_parties"]
    list_select_related = ["treaty"]
    search_fields = ["title", "summary", "baseline_note", "exceptions"]
    filter_horizontal = ["bound_parties", "regions", "weapon_classes", "related"]
    ordering = ["treaty__slug", "article", "paragraph"]

    @admin.display(description="provision", ordering="article")
    def label(self, obj):
        return obj.label
