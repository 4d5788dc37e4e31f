from django.urls import path

from treaties import views

urlpatterns = [
    path("", views.home, name="home"),
]
