import os

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from core.editors import ensure_editors_group


class Command(BaseCommand):
    help = (
        "Create (or update) an editor account: a staff user in the `editors` group, who can "
        "edit the treaty data and the articles in the admin. The password comes from "
        "PROVISO_EDITOR_PASSWORD or is asked for."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--email", default="")

    def handle(self, *args, username, email, **options):
        password = os.environ.get("PROVISO_EDITOR_PASSWORD") or self._ask_password()
        User = get_user_model()
        user = User.objects.filter(username=username).first() or User(username=username)
        try:
            validate_password(password, user)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        with transaction.atomic():
            user.email = email or user.email
            user.is_staff = True
            user.set_password(password)
            user.save()
            user.groups.add(ensure_editors_group())
        self.stdout.write(f"Editor {username!r} can now sign in at /admin/.")

    def _ask_password(self) -> str:
        from getpass import getpass

        try:
            first = getpass("Password: ")
            second = getpass("Password (again): ")
        except EOFError:
            raise CommandError(
                "no password: set PROVISO_EDITOR_PASSWORD or run interactively"
            ) from None
        if first != second:
            raise CommandError("the two passwords differ")
        return first
