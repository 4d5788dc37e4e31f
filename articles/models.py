"""The reporting: outlets, their articles split into sentences, and the evidence links."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Length
from django.urls import reverse
from simple_history.models import HistoricalRecords

from treaties.models import Provision, search_words
from treaties.search import matches, uses_full_text_search


class Outlet(models.Model):
    slug = models.SlugField(max_length=80, unique=True)
    name = models.CharField(max_length=200, unique=True)
    domain = models.CharField(max_length=200, blank=True, help_text="e.g. detroitnews.com")

    history = HistoricalRecords()

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
    history = HistoricalRecords(excluded_fields=["raw", "body", "content_hash"])

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


class Evidence(models.Model):
    """A sentence that reports, quotes or mentions a provision."""

    class Relation(models.TextChoices):
        REPORTS = "reports", "Reports"
        QUOTES = "quotes", "Quotes"
        MENTIONS = "mentions", "Mentions"

    class Status(models.TextChoices):
        SUGGESTED = "suggested", "Suggested"
        CONFIRMED = "confirmed", "Confirmed"
        REJECTED = "rejected", "Rejected"

    sentence = models.ForeignKey(Sentence, on_delete=models.CASCADE, related_name="evidence")
    provision = models.ForeignKey(Provision, on_delete=models.CASCADE, related_name="evidence")
    relation = models.CharField(max_length=10, choices=Relation.choices, default=Relation.REPORTS)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.SUGGESTED)
    score = models.FloatField(null=True, blank=True, help_text="Similarity, for suggestions.")
    matched_terms = models.JSONField(
        default=list, blank=True, help_text="The words that made a suggestion, for explaining it."
    )
    needs_review = models.BooleanField(
        default=False,
        help_text="Set when a new version of the article no longer contains the sentence.",
    )
    note = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="evidence_created",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["sentence__article", "sentence__position", "provision"]
        verbose_name_plural = "evidence"
        constraints = [
            models.UniqueConstraint(
                fields=["sentence", "provision"], name="evidence_unique_sentence_provision"
            ),
            models.CheckConstraint(
                condition=Q(score__isnull=True) | Q(score__gte=0), name="evidence_score_positive"
            ),
        ]

    def __str__(self):
        return f"{self.provision} ← {self.sentence}"
