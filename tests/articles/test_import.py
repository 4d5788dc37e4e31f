"""`import_article`: checks, metadata, idempotency, versions and all-or-nothing writes."""

import hashlib
from datetime import date
from pathlib import Path

import pytest
from django.conf import settings

from articles.ingest import ArticleImportError, import_article, read_article_file
from articles.models import Article, Outlet, Sentence
from evidence.models import Evidence
from tests.factories import EvidenceFactory

SEED_DIR = Path(settings.BASE_DIR) / "seeds"
SEED_FILES = sorted(path.name for path in SEED_DIR.glob("*.txt"))
DETROIT = "001_5fe37ef5f4ed5af7.txt"
DETROIT_URL = (
    "https://www.detroitnews.com/story/news/world/2021/12/17/"
    "russia-sets-out-tough-demands-security-pact-nato/8938875002/"
)


@pytest.fixture
def corpus(db):
    """A database without articles or outlets, whether or not the seeds were loaded."""
    Evidence.objects.all().delete()
    Article.objects.all().delete()
    Outlet.objects.all().delete()


def import_text(text: str, **metadata):
    metadata = {"source_name": "test.txt", "outlet": "Test outlet", "title": "T"} | metadata
    return import_article(raw=text.encode("utf-8"), **metadata)


def row_counts():
    return (Outlet.objects.count(), Article.objects.count(), Sentence.objects.count())


@pytest.mark.parametrize("file", SEED_FILES)
def test_importing_a_seed_file_creates_sentences_whose_offsets_hold(corpus, file):
    raw = (SEED_DIR / file).read_bytes()
    result = import_article(raw=raw, source_name=file, outlet="Test outlet", title="T")
    article = result.article
    assert result.status == "created"
    sentences = list(article.sentences.order_by("position"))
    assert result.sentence_count == len(sentences) > 10
    assert [sentence.position for sentence in sentences] == list(range(len(sentences)))
    for sentence in sentences:
        assert article.body[sentence.start : sentence.end] == sentence.text
        sentence.full_clean()
    assert article.raw == raw.decode("utf-8")
    assert article.content_hash == hashlib.sha256(article.body.encode()).hexdigest()
    assert (article.source_name, article.outlet.name, article.title) == (file, "Test outlet", "T")
    assert article.version == 1


@pytest.mark.parametrize("file", SEED_FILES)
def test_importing_the_same_file_twice_changes_nothing(corpus, file):
    raw = (SEED_DIR / file).read_bytes()
    first = import_article(raw=raw, source_name=file, outlet="Test outlet", title="T")
    before = row_counts()
    second = import_article(raw=raw, source_name=file, outlet="Another outlet", title="T2")
    assert second.status == "unchanged"
    assert second.article == first.article
    assert second.sentence_count == first.sentence_count
    assert row_counts() == before
    assert not Outlet.objects.filter(name="Another outlet").exists()


def test_the_header_lines_of_seed_001_become_metadata(corpus):
    result = import_article(raw=(SEED_DIR / DETROIT).read_bytes(), source_name=DETROIT)
    article = result.article
    assert article.title == "Russia sets out tough demands for security pact with NATO"
    assert article.published == date(2021, 12, 17)
    assert article.url == DETROIT_URL
    assert (article.outlet.name, article.outlet.domain) == ("detroitnews.com", "detroitnews.com")
    assert article.outlet.slug == "detroitnewscom"
    assert "20211217" not in article.body
    assert "detroitnews.com" not in article.body
    assert not article.body.startswith("Russia sets out tough demands")
    assert article.body.startswith("NATO Secretary-General Jens Stoltenberg said")
    assert article.raw.startswith("Russia sets out tough demands for security pact with NATO\n")


def test_explicit_metadata_wins_over_the_header_lines(corpus):
    result = import_article(
        raw=(SEED_DIR / DETROIT).read_bytes(),
        source_name=DETROIT,
        title="Given title",
        url="https://example.org/given",
        published=date(2022, 1, 2),
    )
    article = result.article
    assert (article.title, article.url, article.published) == (
        "Given title",
        "https://example.org/given",
        date(2022, 1, 2),
    )
    assert article.outlet.domain == "example.org"
    assert "20211217" not in article.body, "the header lines are removed all the same"


@pytest.mark.parametrize(
    ("file", "title"),
    [
        (
            "002_abe064712b3927f1.txt",
            "Moscow Draft Demands NATO, U.S. Deny Accession of Ex-Soviet Republics",
        ),
        ("004_6edbba0f7de55dce.txt", "Russia is stepping up its security claims against the West"),
    ],
)
def test_a_leading_headline_is_the_title_when_none_is_given(corpus, file, title):
    result = import_article(raw=(SEED_DIR / file).read_bytes(), source_name=file, outlet="X")
    assert result.article.title == title
    assert not result.article.body.startswith(title)


@pytest.mark.parametrize("file", ["000_2c9a6f936166a1d7.txt", "003_92e0686fa38e74b4.txt"])
def test_a_file_that_opens_with_a_sentence_needs_a_title(corpus, file):
    with pytest.raises(ArticleImportError, match=r"^no title: "):
        import_article(raw=(SEED_DIR / file).read_bytes(), source_name=file, outlet="X")


@pytest.mark.parametrize("reference", ["detroit-news", "THE DETROIT NEWS", "www.DetroitNews.com"])
def test_an_outlet_is_found_by_slug_name_or_domain_in_any_case(corpus, reference):
    detroit = Outlet.objects.create(
        slug="detroit-news", name="The Detroit News", domain="detroitnews.com"
    )
    result = import_text("A sentence.", outlet=reference)
    assert result.article.outlet == detroit
    assert Outlet.objects.count() == 1


def test_the_outlet_is_inferred_from_the_url_domain_of_a_known_outlet(corpus):
    detroit = Outlet.objects.create(
        slug="detroit-news", name="The Detroit News", domain="detroitnews.com"
    )
    result = import_article(raw=(SEED_DIR / DETROIT).read_bytes(), source_name=DETROIT)
    assert result.article.outlet == detroit
    assert Outlet.objects.count() == 1


def test_a_new_outlet_gets_a_unique_slug(corpus):
    Outlet.objects.create(slug="test-outlet", name="Something else")
    outlet = import_text("A sentence.", outlet="Test Outlet").article.outlet
    assert (outlet.name, outlet.slug) == ("Test Outlet", "test-outlet-2")


def test_a_new_outlet_named_by_a_name_takes_the_domain_of_the_url(corpus):
    outlet = import_text("A sentence.", outlet="Example News", url="https://www.example.org/a")
    assert outlet.article.outlet.domain == "example.org"


def test_a_changed_text_at_the_same_url_becomes_the_next_version(corpus):
    url = "https://example.org/story"
    first = import_text("Russia made demands. NATO said no.", url=url).article
    evidence = EvidenceFactory(sentence=first.sentences.get(position=0))
    first_sentences = list(first.sentences.values_list("position", "text", "start", "end"))

    result = import_text("Russia made new demands. NATO said no. Talks follow.", url=url)
    second = result.article
    assert (result.status, result.sentence_count) == ("new_version", 3)
    assert (second.version, second.previous_version) == (2, first)
    first.refresh_from_db()
    assert first.next_version == second
    assert list(first.sentences.values_list("position", "text", "start", "end")) == (
        first_sentences
    )
    assert Evidence.objects.get(pk=evidence.pk).sentence.article == first
    assert list(Article.objects.latest_versions()) == [second]

    third = import_text("Russia made newer demands.", url=url).article
    assert (third.version, third.previous_version) == (3, second)


def test_an_earlier_text_of_a_url_imported_again_is_unchanged_not_a_new_version(corpus):
    url = "https://example.org/story"
    first = import_text("First text.", url=url).article
    import_text("Second text.", url=url)
    result = import_text("First text.", url=url)
    assert (result.status, result.article) == ("unchanged", first)
    assert Article.objects.count() == 2


def test_the_same_text_without_a_url_is_not_a_version_of_anything(corpus):
    import_text("One text.")
    result = import_text("Another text.")
    assert (result.status, result.article.version) == ("created", 1)


def test_the_raw_text_keeps_everything_but_the_bom_and_the_line_ends(corpus):
    raw = "\ufeffFirst line.\r\nSecond line.\rThird line.\r\n[ad_1]\n".encode()
    article = import_article(raw=raw, source_name="x.txt", outlet="O", title="T").article
    assert article.raw == "First line.\nSecond line.\nThird line.\n[ad_1]\n"
    assert article.body == "First line.\n\nSecond line.\n\nThird line."


def test_a_text_that_reduces_to_the_same_body_is_unchanged(corpus):
    first = import_text("One sentence.\n").article
    result = import_text("\n\n  One sentence.  \r\n[ad_1]\n")
    assert (result.status, result.article) == ("unchanged", first)


def boom(*args, **kwargs):
    raise RuntimeError("disk on fire")


@pytest.mark.parametrize("stage", ["splitting", "saving sentences"])
def test_a_failure_midway_leaves_nothing_behind(corpus, monkeypatch, stage):
    # Both stages come after the outlet and the article rows are written.
    if stage == "splitting":
        monkeypatch.setattr("articles.ingest.split_sentences", boom)
    else:
        monkeypatch.setattr(Sentence.objects, "bulk_create", boom)
    with pytest.raises(RuntimeError, match="disk on fire"):
        import_text("A sentence.", outlet="Brand new outlet", url="https://example.org/a")
    assert row_counts() == (0, 0, 0)


def test_a_failed_new_version_leaves_the_previous_one_as_it_was(corpus, monkeypatch):
    first = import_text("Old text.", url="https://example.org/a").article
    monkeypatch.setattr("articles.ingest.split_sentences", boom)
    with pytest.raises(RuntimeError):
        import_text("New text.", url="https://example.org/a")
    assert list(Article.objects.latest_versions()) == [first]
    assert Article.objects.count() == 1


@pytest.mark.parametrize(
    ("raw", "metadata", "message"),
    [
        pytest.param(b"", {}, r"^empty file$", id="empty"),
        pytest.param(b" \n\t\r\n  ", {}, r"^empty file$", id="whitespace"),
        pytest.param("\ufeff \n".encode(), {}, r"^empty file \(only whitespace\)$", id="bom"),
        pytest.param(b"Some\x00text.", {}, r"^binary file \(it contains NUL bytes\)", id="nul"),
        pytest.param(b"\x01\x02\x03\x04text", {}, r"^binary file .*control", id="controls"),
        pytest.param(
            b"caf\xe9 au lait",
            {},
            r"^not UTF-8: byte 0xe9 at offset 3 is not valid UTF-8",
            id="latin-1",
        ),
        pytest.param(b"Just a body.", {"title": None}, r"^no title: ", id="no-title"),
        pytest.param(
            b"A first line that ends like a sentence.\nBody.",
            {"title": None},
            r"^no title: ",
            id="no-headline",
        ),
        pytest.param(b"Just a body.", {"outlet": None}, r"^no outlet: ", id="no-outlet"),
        pytest.param(b"Just a body.", {"outlet": "  "}, r"^no outlet: ", id="blank-outlet"),
        pytest.param(
            b"Title\n20211341\nhttps://example.org/a\nBody.",
            {"title": None},
            r"^malformed header date on line 2: '20211341'",
            id="header-date",
        ),
        pytest.param(
            b"Title\n20211217\nhttps://exa mple/a\nBody.",
            {"title": None},
            r"^malformed header URL on line 3: ",
            id="header-url",
        ),
        pytest.param(
            b"Body.", {"url": "example.org/a"}, r"^malformed URL: 'example.org/a'", id="url"
        ),
        pytest.param(b"[ad_1]\nSource link\n", {}, r"^no text left after", id="only-debris"),
        pytest.param(
            b"Body.", {"language": "a-language-code"}, r"^invalid article: language: ", id="lang"
        ),
    ],
)
def test_a_bad_input_is_refused_with_a_one_line_message(corpus, raw, metadata, message):
    metadata = {"source_name": "bad.txt", "outlet": "Test outlet", "title": "T"} | metadata
    with pytest.raises(ArticleImportError, match=message) as error:
        import_article(raw=raw, **metadata)
    assert "\n" not in str(error.value)
    assert row_counts() == (0, 0, 0)


def test_an_oversized_text_is_refused_with_its_size_and_the_limit(corpus, settings):
    settings.PROVISO_MAX_ARTICLE_BYTES = 10
    with pytest.raises(
        ArticleImportError, match=r"^file too large: 11 bytes, the limit is 10 bytes"
    ):
        import_text("x" * 11)
    assert import_text("x" * 10).status == "created"


def test_reading_a_file_gives_its_bytes_unchanged(tmp_path):
    path = tmp_path / "a.txt"
    path.write_bytes(b"\xef\xbb\xbfText\r\n")
    assert read_article_file(path) == b"\xef\xbb\xbfText\r\n"


def test_reading_refuses_an_oversized_file_before_reading_it(tmp_path, settings, monkeypatch):
    settings.PROVISO_MAX_ARTICLE_BYTES = 1000
    path = tmp_path / "big.txt"
    with path.open("wb") as handle:
        handle.truncate(5_000_000)
    monkeypatch.setattr(Path, "open", boom)
    with pytest.raises(
        ArticleImportError, match=r"^file too large: 5,000,000 bytes, the limit is 1,000 bytes"
    ):
        read_article_file(path)


def test_reading_refuses_a_missing_file(tmp_path):
    with pytest.raises(ArticleImportError, match=r"^no such file$"):
        read_article_file(tmp_path / "missing.txt")


def test_reading_refuses_a_directory(tmp_path):
    with pytest.raises(ArticleImportError, match=r"^is a directory, not a file$"):
        read_article_file(tmp_path)
