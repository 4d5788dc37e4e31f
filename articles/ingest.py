"""Article import: the one way a text becomes an Article with its Sentences.

Every caller (the `import_articles` command, the seed loader, a web upload) goes through
`import_article`, so the checks, the cleaning and the versioning rules live in one place.
Failures the person importing can fix raise `ArticleImportError` with a one-line message.
"""

import hashlib
import re
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Literal
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.db.models import Q
from django.utils.text import slugify

from articles.cleaning import clean_body, leading_heading
from articles.models import Article, Outlet, Sentence
from articles.segmentation import split_sentences

Status = Literal["created", "unchanged", "new_version"]

# Text has next to no C0 control characters besides the whitespace ones; a file where they
# are common is some binary format, even without NUL bytes.
_CONTROL_BYTES = bytes(sorted(set(range(0x20)) - set(b"\t\n\v\f\r") | {0x7F}))
_MAX_CONTROL_SHARE = 0.1

_HEADER_DATE = re.compile(r"\d{8}")
_HEADER_URL = re.compile(r"https?://", re.IGNORECASE)
_DOMAIN_NAME = re.compile(r"(?:[a-z0-9-]+\.)+[a-z]{2,}", re.IGNORECASE)
_validate_url = URLValidator(schemes=["http", "https"])


class ArticleImportError(Exception):
    """A file that cannot be imported; the message is one line, fit to show to a person."""


@dataclass(frozen=True)
class ImportResult:
    article: Article
    status: Status
    sentence_count: int
    # For a new version: the version it replaces.
    previous: Article | None = None


@dataclass(frozen=True)
class Header:
    """What a file's three header lines say about it."""

    title: str
    published: date
    url: str


def read_article_file(path: Path) -> bytes:
    """The bytes of `path`, refusing an oversized file by its size on disk before reading."""
    path = Path(path)
    try:
        if path.is_dir():
            raise ArticleImportError("is a directory, not a file")
        size = path.stat().st_size
    except FileNotFoundError:
        raise ArticleImportError("no such file") from None
    except OSError as error:
        raise ArticleImportError(f"cannot read the file: {error.strerror}") from None
    if not path.is_file():
        # A FIFO or a device would block or never end.
        raise ArticleImportError("not a regular file")
    _check_size(size)
    try:
        with path.open("rb") as handle:
            # One byte more than allowed tells a file that grew since stat() from one that fits.
            raw = handle.read(settings.PROVISO_MAX_ARTICLE_BYTES + 1)
    except OSError as error:
        raise ArticleImportError(f"cannot read the file: {error.strerror}") from None
    _check_size(len(raw))
    return raw


@transaction.atomic
def import_article(
    *,
    raw: bytes,
    source_name: str,
    outlet: str | None = None,
    title: str | None = None,
    url: str | None = None,
    published: date | None = None,
    language: str = "en",
    note: str = "",
) -> ImportResult:
    """Import one article file; explicit metadata wins over the file's own header lines.

    The same cleaned text imported again is a no-op ("unchanged"); a different text at the
    URL of an existing article becomes its next version (what becomes of the earlier
    version's evidence is `evidence.importing`'s to say). Run it inside a transaction with
    whatever else the import writes: it saves the article, then its sentences.
    """
    text = decode_article(raw)
    header, text_without_header = split_header(text)

    title = (
        (title or "").strip()
        or (header.title if header else "")
        or leading_heading(text_without_header)
    )
    if not title:
        raise ArticleImportError(
            "no title: give one, or start the file with a headline or header lines"
        )
    url = (url or "").strip()
    url = _checked_url(url) if url else (header.url if header else "")
    if published is None and header:
        published = header.published
    outlet_key = (outlet or "").strip() or _domain_of(url)
    if not outlet_key:
        raise ArticleImportError("no outlet: name one, or give a URL whose domain identifies it")

    body = clean_body(text_without_header, title=title)
    if not body:
        raise ArticleImportError("no text left after removing page debris")
    content_hash = hashlib.sha256(body.encode("utf-8")).hexdigest()

    existing = Article.objects.filter(content_hash=content_hash).first()
    if existing is not None:
        return ImportResult(existing, "unchanged", existing.sentences.count())

    # No row lock: two imports racing on one URL cannot both succeed, because the unique
    # (url, version) and one-to-one previous_version constraints refuse the second.
    previous = None
    if url:
        previous = Article.objects.latest_versions().filter(url=url).order_by("-version").first()
    article = Article(
        outlet=_resolve_outlet(outlet_key, url=url),
        title=title,
        url=url,
        published=published,
        language=language,
        source_name=source_name,
        note=note,
        raw=text,
        body=body,
        content_hash=content_hash,
        version=previous.version + 1 if previous else 1,
        previous_version=previous,
    )
    _full_clean(article)
    article.save()

    sentences = [
        Sentence(article=article, position=position, text=span.text, start=span.start, end=span.end)
        for position, span in enumerate(split_sentences(body))
    ]
    for sentence in sentences:
        if body[sentence.start : sentence.end] != sentence.text:
            # Evidence is keyed by sentence text and offsets; a mismatch must never be stored.
            raise ArticleImportError(
                f"segmentation error: sentence {sentence.position} does not match the body "
                f"at {sentence.start}–{sentence.end}"
            )
    Sentence.objects.bulk_create(sentences)
    return ImportResult(
        article, "new_version" if previous else "created", len(sentences), previous=previous
    )


def decode_article(raw: bytes) -> str:
    """The text of `raw`: checked, decoded as UTF-8, without a BOM, with `\\n` line ends."""
    _check_size(len(raw))
    if not raw.strip():
        raise ArticleImportError("empty file")
    if b"\x00" in raw:
        raise ArticleImportError("binary file (it contains NUL bytes), not text")
    control_count = len(raw) - len(raw.translate(None, _CONTROL_BYTES))
    if control_count > _MAX_CONTROL_SHARE * len(raw):
        raise ArticleImportError("binary file (it is full of control characters), not text")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise ArticleImportError(
            f"not UTF-8: byte 0x{raw[error.start]:02x} at offset {error.start} is not valid "
            "UTF-8 (save the file as UTF-8)"
        ) from None
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise ArticleImportError("empty file (only whitespace)")
    return text


def split_header(text: str) -> tuple[Header | None, str]:
    """The three header lines (title, YYYYMMDD date, URL) if the text starts with them.

    Returns the header (or None) and the text that follows it. Lines that look like a
    header (eight digits, then an http(s) address) but do not hold a real date or a valid
    URL are an error rather than article text.
    """
    lines = text.split("\n", 3)
    if len(lines) < 3:
        return None, text
    title, date_line, url_line = (line.strip() for line in lines[:3])
    if not (_HEADER_DATE.fullmatch(date_line) and _HEADER_URL.match(url_line)):
        return None, text
    try:
        published = datetime.strptime(date_line, "%Y%m%d").date()
    except ValueError:
        raise ArticleImportError(
            f"malformed header date on line 2: {date_line!r} is not a YYYYMMDD date"
        ) from None
    try:
        _validate_url(url_line)
    except ValidationError:
        raise ArticleImportError(f"malformed header URL on line 3: {url_line!r}") from None
    rest = lines[3] if len(lines) > 3 else ""
    return Header(title=title, published=published, url=url_line), rest


def _check_size(size: int) -> None:
    limit = settings.PROVISO_MAX_ARTICLE_BYTES
    if size > limit:
        raise ArticleImportError(
            f"file too large: {size:,} bytes, the limit is {limit:,} bytes "
            "(PROVISO_MAX_ARTICLE_BYTES)"
        )


def _checked_url(url: str) -> str:
    try:
        _validate_url(url)
    except ValidationError:
        raise ArticleImportError(f"malformed URL: {url!r} is not an http(s) address") from None
    return url


def _domain_of(url: str) -> str:
    host = (urlsplit(url).hostname or "") if url else ""
    return host.lower().removeprefix("www.")


def _resolve_outlet(key: str, *, url: str) -> Outlet:
    """The outlet whose slug, name or domain is `key`, created if there is none."""
    domain = key.lower().removeprefix("www.")
    for lookup in (
        Q(slug__iexact=key),
        Q(name__iexact=key),
        Q(domain__iexact=domain) | Q(domain__iexact=f"www.{domain}"),
    ):
        match = Outlet.objects.filter(lookup).order_by("pk").first()
        if match is not None:
            return match
    outlet = Outlet(
        name=key,
        slug=_unique_slug(key),
        domain=domain if _DOMAIN_NAME.fullmatch(domain) else _domain_of(url),
    )
    _full_clean(outlet)
    outlet.save()
    return outlet


def _unique_slug(name: str) -> str:
    max_length = Outlet._meta.get_field("slug").max_length or 50
    base = slugify(name)[:max_length].strip("-") or "outlet"
    slug, number = base, 1
    while Outlet.objects.filter(slug=slug).exists():
        number += 1
        suffix = f"-{number}"
        slug = base[: max_length - len(suffix)] + suffix
    return slug


def _full_clean(instance) -> None:
    try:
        instance.full_clean()
    except ValidationError as error:
        problems = "; ".join(
            f"{field}: {' '.join(messages)}" if field != "__all__" else " ".join(messages)
            for field, messages in error.message_dict.items()
        )
        raise ArticleImportError(f"invalid {instance._meta.verbose_name}: {problems}") from None
