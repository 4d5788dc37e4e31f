from django.urls import path

from treaties import views

urlpatterns = [
    path("provisions/", views.provision_list, name="provision-list"),
    path("treaties/<slug:slug>/", views.treaty_detail, name="treaty-detail"),
    path("compare/", views.comparison_page, name="comparison"),
]
