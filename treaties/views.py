from django.shortcuts import render

from treaties.selectors import treaties_with_provisions


def home(request):
    return render(request, "treaties/home.html", {"treaties": treaties_with_provisions()})
