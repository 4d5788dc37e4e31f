"""People for the tests of the editors' screens: an editor, a signed-in reader, nobody."""

from django.test import Client

from core.editors import ensure_editors_group

HTMX = {"HTTP_HX_REQUEST": "true"}


def make_editor(user_model, username="edith"):
    user = user_model.objects.create_user(username=username, password="unused-in-tests")
    user.groups.add(ensure_editors_group())
    return user


def make_reader(user_model, username="rita"):
    return user_model.objects.create_user(username=username, password="unused-in-tests")


def client_for(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client
