# The editors' screens (evidence/views/editing.py): every address answers editors only.
from django.urls import path

from evidence.views import editing

urlpatterns = [
    path("articles/<int:pk>/annotate/", editing.annotate, name="annotate-article"),
    path("editing/sentences/<int:pk>/links/", editing.add_link, name="annotate-add-link"),
    path(
        "editing/links/<int:pk>/relation/",
        editing.change_relation,
        name="annotate-change-relation",
    ),
    path("editing/links/<int:pk>/confirm/", editing.confirm_link, name="annotate-confirm"),
    path("editing/links/<int:pk>/reject/", editing.reject_link, name="annotate-reject"),
    path("editing/links/<int:pk>/remove/", editing.remove_link, name="annotate-remove"),
    path(
        "editing/provisions/options/",
        editing.provision_options,
        name="annotate-provision-options",
    ),
    path("editing/review/", editing.review_queue, name="review-queue"),
    path("editing/review/decide/", editing.review_decide, name="review-decide"),
    path("editing/import/", editing.import_article_page, name="import-article"),
]
