from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from articles.models import Sentence
from evidence.models import Evidence


class EvidenceInline(admin.TabularInline):
    model = Evidence
    fields = ["provision", "relation", "status", "score", "note"]
    autocomplete_fields = ["provision"]
    extra = 0


# A sentence's page in the admin lists its evidence links.
@admin.register(Sentence)
class SentenceAdmin(admin.ModelAdmin):
    list_display = ["__str__", "article", "position"]
    list_filter = [("article__outlet", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["article"]
    search_fields = ["text", "article__title"]
    readonly_fields = ["article", "position", "text", "start", "end"]
    inlines = [EvidenceInline]

    def has_add_permission(self, request):
        return False


@admin.register(Evidence)
class EvidenceAdmin(SimpleHistoryAdmin):
    list_display = ["provision", "sentence_text", "outlet", "relation", "status", "score"]
    list_filter = ["status", "relation", "provision__treaty", "sentence__article__outlet"]
    list_select_related = ["provision__treaty", "sentence__article__outlet"]
    search_fields = ["sentence__text", "note", "provision__title"]
    autocomplete_fields = ["provision", "sentence"]
    readonly_fields = ["created_by", "created_at", "updated_at"]

    @admin.display(description="sentence")
    def sentence_text(self, obj):
        return obj.sentence.text[:120]

    @admin.display(description="outlet", ordering="sentence__article__outlet__name")
    def outlet(self, obj):
        return obj.sentence.article.outlet

    def save_model(self, request, obj, form, change):
        if not change and obj.created_by is None:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)
