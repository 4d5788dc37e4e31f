# The public pages: every one shows provisions with how they were reported, or the reports.
from django.urls import path

from evidence.views import browse, history, pages

urlpatterns = [
    path("", pages.home, name="home"),
    path("provisions/", browse.provision_list, name="provision-list"),
    path("provisions/<slug:slug>/", pages.provision_detail, name="provision-detail"),
    path("provisions/<slug:slug>/history/", history.provision_history, name="provision-history"),
    path(
        "provisions/<slug:slug>/history/<int:history_id>/revert/",
        history.revert,
        name="provision-revert",
    ),
    path("treaties/<slug:slug>/", browse.treaty_detail, name="treaty-detail"),
    path("compare/", browse.comparison_page, name="comparison"),
    path("articles/<int:pk>/", pages.article_detail, name="article-detail"),
    path("coverage/", pages.coverage, name="coverage"),
    path("search/", pages.search, name="search"),
]
