from django.contrib import admin
from django.urls import include, path

from config.health import healthz

admin.site.site_header = "Proviso editing"
admin.site.site_title = "Proviso"

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("api/", include("config.api_urls")),
    path("", include("treaties.urls")),
    path("", include("articles.urls")),
]
