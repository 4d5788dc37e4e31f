"""/api/: the JSON API, its OpenAPI schema and its interactive documentation."""

from django.urls import path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from articles.api import OutletViewSet
from core.viewsets import ApiRootView, not_found
from evidence.api import ArticleViewSet, EvidenceViewSet, ProvisionViewSet, SentenceViewSet
from treaties.api import PartyViewSet, RegionViewSet, TreatyViewSet, WeaponClassViewSet


class Router(DefaultRouter):
    APIRootView = ApiRootView
    # `?format=csv` is the one way to ask for a format; no `.csv` suffix URLs beside it.
    include_format_suffixes = False


router = Router()
router.register("provisions", ProvisionViewSet, basename="provision")
router.register("treaties", TreatyViewSet, basename="treaty")
router.register("parties", PartyViewSet, basename="party")
router.register("regions", RegionViewSet, basename="region")
router.register("weapon-classes", WeaponClassViewSet, basename="weaponclass")
router.register("outlets", OutletViewSet, basename="outlet")
router.register("articles", ArticleViewSet, basename="article")
router.register("sentences", SentenceViewSet, basename="sentence")
router.register("evidence", EvidenceViewSet, basename="evidence")

app_name = "api"
urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # The split view serves Swagger UI's initialising script as a file, not inline (CSP).
    path(
        "docs/",
        SpectacularSwaggerSplitView.as_view(
            url_name="api:schema", template_name="api/swagger_ui.html"
        ),
        name="docs",
    ),
    *router.urls,
    # Only paths ending in a slash, so that CommonMiddleware still redirects
    # /api/provisions to /api/provisions/; [\s\S] because a path may hold a newline.
    re_path(r"^[\s\S]*/$", not_found),
]
