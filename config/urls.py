from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from core.health import healthz

admin.site.site_header = "Proviso editing"
admin.site.site_title = "Proviso"

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("api/", include("config.api_urls")),
    # Django's own views with the site's templates (templates/registration/); signing out is
    # a POST, as Django requires.
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(redirect_authenticated_user=True),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("", include("evidence.urls")),
    path("", include("evidence.editor_urls")),
]

handler500 = "core.errors.server_error"
