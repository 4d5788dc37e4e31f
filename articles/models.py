"""The sources: outlets, their articles as received and cleaned, split into sentences."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Length
from django.urls import reverse

from core.history import History
from core.search import matches, search_words, uses_full_text_search


class OutletQuerySet(models.QuerySet):
    def with_articles(self):
        """The outlets read: those with at least one article (the "M" of "reported by N of
        M outlets")."""
        return self.filter(models.Exists(Article.objects.filter(outlet=models.OuterRef("pk"))))


class Outlet(models.Model):
    slug = models.SlugField(max_length=80, unique=True)
    name = models.CharField(max_length=200, unique=True)
    domain = models.CharField(max_length=200, blank=True, help_text="e.g. detroitnews.com")

    objects = OutletQuerySet.as_manager()
    history = History()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class ArticleQuerySet(models.QuerySet):
    def latest_versions(self):
        """Articles that no later import of the same URL has replaced."""
        return self.filter(next_version__isnull=True)


class Article(models.Model):
    """One news article as received (`raw`) and as cleaned for reading (`body`)."""

    outlet = models.ForeignKey(Outlet, on_delete=models.PROTECT, related_name="articles")
    title = models.CharField(max_length=500)
    url = models.URLField("URL", max_length=1000, blank=True)
    published = models.DateField(null=True, blank=True)
    language = models.CharField(max_length=10, default="en")
    source_name = models.CharField(
        max_length=255, blank=True, help_text="File name the text was imported from."
    )
    note = models.TextField(blank=True, help_text="Provenance: what the text is, who wrote it.")
    raw = models.TextField(help_text="The file exactly as received.")
    body = models.TextField(help_text="The cleaned text that sentences point into.")
    content_hash = models.CharField(max_length=64, unique=True, editable=False)
    version = models.PositiveSmallIntegerField(default=1)
    previous_version = models.OneToOneField(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="next_version",
        help_text="The earlier text of the same URL that this one replaces.",
    )
    imported_at = models.DateTimeField(auto_now_add=True)

    objects = ArticleQuerySet.as_manager()
    # The raw and cleaned texts are large and never edited in place (a changed text is a
    # new version), so the history records the metadata only.
    history = History(excluded_fields=["raw", "body", "content_hash"])

    class Meta:
        ordering = ["-published", "title"]
        constraints = [
            models.UniqueConstraint(
                fields=["url", "version"],
                condition=~Q(url=""),
                name="article_unique_version_per_url",
            ),
            models.CheckConstraint(condition=Q(version__gte=1), name="article_version_from_1"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("article-detail", args=[self.pk])


class SentenceQuerySet(models.QuerySet):
    def search(self, text: str):
        """Sentences containing every word of `text`: by English stem through the stored
        search vector on PostgreSQL, as case-insensitive substrings elsewhere."""
        words = search_words(text)
        if not words:
            return self
        if uses_full_text_search(self):
            # The condition on the table itself, not `pk IN (subquery)`: PostgreSQL can then
            # walk the wanted order for a common word instead of fetching every match first.
            return self.filter(matches(" ".join(words)))
        found = self
        for word in words:
            found = found.filter(text__icontains=word)
        return found


class Sentence(models.Model):
    """A sentence of an article's body: `article.body[start:end] == text`."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="sentences")
    position = models.PositiveIntegerField(help_text="0-based order within the article.")
    text = models.TextField()
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()

    objects = SentenceQuerySet.as_manager()

    class Meta:
        ordering = ["article", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["article", "position"], name="sentence_unique_position"
            ),
            models.CheckConstraint(condition=Q(end__gt=F("start")), name="sentence_not_empty"),
            # The offsets span exactly the stored text; that the text is the body's slice
            # there is checked by `clean()` and by the importer that creates sentences.
            models.CheckConstraint(
                condition=Q(end=F("start") + Length("text")), name="sentence_offsets_match_text"
            ),
        ]

    def __str__(self):
        return self.text[:80]

    def clean(self):
        if self.article_id and self.article.body[self.start : self.end] != self.text:
            raise ValidationError("The sentence text is not the article body at its offsets.")
