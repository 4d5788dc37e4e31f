# The editors' screens (articles/editor_views.py): every address answers editors only.
from django.urls import path

from articles import editor_views

urlpatterns = [
    path("articles/<int:pk>/annotate/", editor_views.annotate, name="annotate-article"),
    path("editing/sentences/<int:pk>/links/", editor_views.add_link, name="annotate-add-link"),
    path(
        "editing/links/<int:pk>/relation/",
        editor_views.change_relation,
        name="annotate-change-relation",
    ),
    path("editing/links/<int:pk>/confirm/", editor_views.confirm_link, name="annotate-confirm"),
    path("editing/links/<int:pk>/reject/", editor_views.reject_link, name="annotate-reject"),
    path("editing/links/<int:pk>/remove/", editor_views.remove_link, name="annotate-remove"),
    path(
        "editing/provisions/options/",
        editor_views.provision_options,
        name="annotate-provision-options",
    ),
    path("editing/review/", editor_views.review_queue, name="review-queue"),
    path("editing/review/decide/", editor_views.review_decide, name="review-decide"),
    path("editing/import/", editor_views.import_article_page, name="import-article"),
]
