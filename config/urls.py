from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "Proviso editing"
admin.site.site_title = "Proviso"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/", include("config.api_urls")),
    path("", include("treaties.urls")),
    path("", include("articles.urls")),
]
