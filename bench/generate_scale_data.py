"""Generate the large corpus the benchmarks run on, into the database DATABASE_URL names.

Run from the project folder: `.venv/bin/python -m bench.generate_scale_data --help`.
"""

import os
import sys

import django


def main(argv: list[str]) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    django.setup()
    # Imported once Django is set up: the command reads the models.
    from bench.scale_command import Command

    Command().run_from_argv(["generate_scale_data", "generate_scale_data", *argv])


if __name__ == "__main__":
    main(sys.argv[1:])
