"""The links between the two halves: a sentence of an article that reports, quotes or mentions
a provision of a draft, with the status of its review."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from articles.models import Sentence
from core.history import History
from treaties.models import Provision


class EvidenceQuerySet(models.QuerySet):
    def confirmed(self):
        """Links an editor has checked: what the public pages and counts show."""
        return self.filter(status=Evidence.Status.CONFIRMED)

    def suggested(self):
        """Links proposed by the suggester and not yet decided on."""
        return self.filter(status=Evidence.Status.SUGGESTED)

    def rejected(self):
        return self.filter(status=Evidence.Status.REJECTED)


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

    objects = EvidenceQuerySet.as_manager()
    history = History()

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
