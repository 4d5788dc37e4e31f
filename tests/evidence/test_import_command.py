"""`manage.py import_articles`: per-file outcomes, one-line failures, a non-zero exit."""

import io
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError

from articles.models import Article, Outlet
from evidence.models import Evidence

SEED_DIR = Path(settings.BASE_DIR) / "seeds"
DETROIT = SEED_DIR / "001_5fe37ef5f4ed5af7.txt"
# Title, date and URL: a file that needs no metadata options, as in a batch import.
GOOD_HEADER = "Demands\n20211217\nhttps://example.org/story\n"


@pytest.fixture
def corpus(db):
    """A database without articles or outlets, whether or not the seeds were loaded."""
    Evidence.objects.all().delete()
    Article.objects.all().delete()
    Outlet.objects.all().delete()


@pytest.fixture
def files(tmp_path):
    good = tmp_path / "good.txt"
    good.write_text(f"{GOOD_HEADER}Russia made demands. NATO said no.\n", encoding="utf-8")
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"caf\xe9 au lait\n")
    return good, bad


def run(*args, **options):
    """Run the command; returns stdout, stderr and the CommandError raised, if any."""
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("import_articles", *map(str, args), stdout=out, stderr=err, **options)
    except CommandError as error:
        return out.getvalue(), err.getvalue(), error
    return out.getvalue(), err.getvalue(), None


def test_a_good_file_is_imported_and_reported_with_its_sentence_count(corpus, files):
    good, _ = files
    out, err, error = run(good, outlet="Test outlet", title="Russia's demands")
    assert error is None
    assert err == ""
    assert out.splitlines() == [
        f"{good}: created (2 sentences, 0 suggested links)",
        "1 article imported (2 sentences, 0 suggested links), 0 unchanged, 0 failed",
    ]
    article = Article.objects.get(source_name="good.txt")
    assert (article.title, article.outlet.name) == ("Russia's demands", "Test outlet")


def test_a_bad_file_is_reported_on_one_line_and_the_others_are_still_imported(corpus, files):
    good, bad = files
    out, err, error = run(bad, good, outlet="Test outlet")
    assert str(error) == "1 of 2 files failed"
    assert err.splitlines() == [
        f"{bad}: not UTF-8: byte 0xe9 at offset 3 is not valid UTF-8 (save the file as UTF-8)"
    ]
    assert f"{good}: created (2 sentences, 0 suggested links)" in out.splitlines()
    assert out.splitlines()[-1] == (
        "1 article imported (2 sentences, 0 suggested links), 0 unchanged, 1 failed"
    )
    assert Article.objects.filter(source_name="good.txt").exists()
    assert not Article.objects.filter(source_name="bad.txt").exists()


def test_a_missing_path_and_a_directory_are_reported_as_failures(corpus, files, tmp_path):
    good, _ = files
    missing = tmp_path / "missing.txt"
    _, err, error = run(missing, tmp_path, good, outlet="Test outlet")
    assert str(error) == "2 of 3 files failed"
    assert err.splitlines() == [
        f"{missing}: no such file",
        f"{tmp_path}: is a directory, not a file",
    ]
    assert Article.objects.count() == 1


def test_importing_again_reports_unchanged_and_a_new_text_reports_its_version(corpus, files):
    good, _ = files
    run(good)
    out, _, error = run(good)
    assert error is None
    assert out.splitlines() == [
        f"{good}: unchanged",
        "0 articles imported (0 sentences, 0 suggested links), 1 unchanged, 0 failed",
    ]
    good.write_text(
        f"{GOOD_HEADER}Russia made new demands. NATO said no. Talks follow.\n", encoding="utf-8"
    )
    out, _, _ = run(good)
    assert out.splitlines()[0] == (
        f"{good}: new version 2 "
        "(3 sentences, 0 suggested links, 0 evidence carried over, 0 to review)"
    )
    assert Outlet.objects.get().domain == "example.org"


def test_the_header_lines_supply_the_metadata_and_the_outlet(corpus):
    out, _, error = run(DETROIT)
    assert error is None
    article = Article.objects.get()
    assert article.title == "Russia sets out tough demands for security pact with NATO"
    assert article.outlet.domain == "detroitnews.com"
    assert str(article.published) == "2021-12-17"
    suggested = Evidence.objects.filter(sentence__article=article, status="suggested").count()
    assert suggested > 0, "the provisions are known, so the new article gets suggestions"
    assert (
        f"{DETROIT}: created ({article.sentences.count()} sentences, {suggested} suggested links)"
        in out
    )
    assert out.splitlines()[-1].startswith(
        f"1 article imported ({article.sentences.count()} sentences, {suggested} suggested links)"
    )


def test_suggestions_can_be_switched_off(corpus):
    out, _, error = run(DETROIT, "--no-suggestions")
    assert error is None
    assert "0 suggested links" in out.splitlines()[-1]
    assert not Evidence.objects.exists()


def test_the_date_option_sets_the_publication_date(corpus, files):
    good, _ = files
    run(good, "--date=2022-01-02", outlet="Test outlet")
    assert str(Article.objects.get().published) == "2022-01-02"


def test_title_or_url_with_several_files_is_refused_before_importing_anything(corpus, files):
    good, other = files
    for option in ({"title": "One title"}, {"url": "https://example.org/a"}):
        _, _, error = run(good, other, outlet="Test outlet", **option)
        assert "--title and --url describe one article" in str(error)
        assert "not 2" in str(error)
    assert Article.objects.count() == 0


@pytest.mark.parametrize("value", ["2021-13-01", "17/12/2021", "yesterday"])
def test_a_bad_date_is_refused_like_any_bad_argument(corpus, files, value):
    good, _ = files
    with pytest.raises(CommandError, match=rf"argument --date: '{re.escape(value)}' is not a date"):
        call_command("import_articles", str(good), f"--date={value}")
    assert Article.objects.count() == 0


def test_verbosity_zero_prints_only_the_failures(corpus, files):
    good, bad = files
    out, err, error = run(good, bad, outlet="Test outlet", verbosity=0)
    assert out == ""
    assert err.splitlines() == [
        f"{bad}: not UTF-8: byte 0xe9 at offset 3 is not valid UTF-8 (save the file as UTF-8)"
    ]
    assert error is not None


class Terminal(io.StringIO):
    def isatty(self):
        return True


def many_files(folder: Path, count: int) -> list[Path]:
    paths = []
    for number in range(count):
        path = folder / f"{number:02}.txt"
        path.write_text(
            f"Article {number}\n20211217\nhttps://example.org/{number}\n"
            f"Article number {number} has one sentence.\n",
            encoding="utf-8",
        )
        paths.append(path)
    return paths


@pytest.mark.parametrize(("count", "bar_shown"), [(20, False), (21, True)])
def test_a_progress_bar_appears_on_a_terminal_for_more_than_twenty_files(
    corpus, tmp_path, count, bar_shown
):
    out, err = io.StringIO(), Terminal()
    call_command(
        "import_articles",
        *map(str, many_files(tmp_path, count)),
        stdout=out,
        stderr=err,
    )
    assert (f"{count}/{count}" in err.getvalue()) is bar_shown
    assert Article.objects.count() == count
    assert out.getvalue().splitlines()[-1] == (
        f"{count} article{'s' if count > 1 else ''} imported "
        f"({count} sentence{'s' if count > 1 else ''}, 0 suggested links), 0 unchanged, 0 failed"
    )


# The command as a real process: the exit status and exactly what lands on stderr. These run
# against a SQLite file of their own, so they need no test database and run on every backend.


@pytest.fixture(scope="module")
def migrated_database(tmp_path_factory):
    path = tmp_path_factory.mktemp("import-command") / "template.sqlite3"
    result = manage("migrate", "--no-input", database=path)
    assert result.returncode == 0, result.stderr
    return path


@pytest.fixture
def database(migrated_database, tmp_path):
    path = tmp_path / "db.sqlite3"
    shutil.copyfile(migrated_database, path)
    return path


def manage(*args, database: Path) -> subprocess.CompletedProcess:
    env = os.environ | {"DATABASE_URL": f"sqlite:///{database}", "DJANGO_DEBUG": "1"}
    return subprocess.run(
        [sys.executable, "manage.py", *map(str, args)],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_the_process_exits_non_zero_with_one_stderr_line_per_bad_file(database, files, tmp_path):
    good, bad = files
    missing = tmp_path / "missing.txt"
    result = manage("import_articles", good, bad, missing, "--outlet", "Test", database=database)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.splitlines() == [
        f"{bad}: not UTF-8: byte 0xe9 at offset 3 is not valid UTF-8 (save the file as UTF-8)",
        f"{missing}: no such file",
        "CommandError: 2 of 3 files failed",
    ]
    assert result.stdout.splitlines() == [
        f"{good}: created (2 sentences, 0 suggested links)",
        "1 article imported (2 sentences, 0 suggested links), 0 unchanged, 2 failed",
    ]
    again = manage("import_articles", good, "--outlet", "Test", database=database)
    assert again.returncode == 0, again.stderr
    assert again.stdout.splitlines()[0] == f"{good}: unchanged"


def test_the_process_refuses_a_bad_date_with_a_usage_error(database, files):
    good, _ = files
    result = manage("import_articles", good, "--date", "2021-13-01", database=database)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert "argument --date: '2021-13-01' is not a date as YYYY-MM-DD" in result.stderr
    assert result.stderr.startswith("usage:")
