# The pages that show reporting: they read both halves, and `articles` may import
# `treaties` (never the other way round), so the home page and the provision page live here.
from django.urls import path

from articles import history_views, views

urlpatterns = [
    path("", views.home, name="home"),
    path("provisions/<slug:slug>/", views.provision_detail, name="provision-detail"),
    path(
        "provisions/<slug:slug>/history/",
        history_views.provision_history,
        name="provision-history",
    ),
    path(
        "provisions/<slug:slug>/history/<int:history_id>/revert/",
        history_views.revert,
        name="provision-revert",
    ),
    path("articles/<int:pk>/", views.article_detail, name="article-detail"),
    path("coverage/", views.coverage, name="coverage"),
    path("search/", views.search, name="search"),
]
