from django.contrib import admin
from django.db import models
from simple_history.admin import SimpleHistoryAdmin

from articles.models import Article, Outlet, Sentence


@admin.register(Outlet)
class OutletAdmin(SimpleHistoryAdmin):
    list_display = ["name", "slug", "domain"]
    search_fields = ["name", "slug", "domain"]
    prepopulated_fields = {"slug": ["name"]}


class SentenceInline(admin.TabularInline):
    model = Sentence
    fields = readonly_fields = ("position", "text", "start", "end")
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        # Sentences come from the importer, which keeps their offsets true to the body.
        return False


@admin.register(Article)
class ArticleAdmin(SimpleHistoryAdmin):
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_display = ["title", "outlet", "published", "language", "version", "imported_at"]
    list_filter = ["outlet", "language", "published"]
    list_select_related = ["outlet"]
    search_fields = ["title", "url", "body"]
    date_hierarchy = "published"
    readonly_fields = ["content_hash", "raw", "body", "version", "previous_version", "source_name"]
    inlines = [SentenceInline]
