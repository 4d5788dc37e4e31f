from django.contrib import admin
from django.urls import path

from treaties import views as treaty_views

admin.site.site_header = "Proviso editing"
admin.site.site_title = "Proviso"

urlpatterns = [
    path("", treaty_views.home, name="home"),
    path("admin/", admin.site.urls),
]
