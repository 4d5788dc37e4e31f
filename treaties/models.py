"""The drafts and their provisions, with the vocabulary that describes them."""

import re

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.urls import reverse

from core.history import History
from treaties.search import matching_pks, uses_full_text_search


class Party(models.Model):
    """Someone a treaty binds: a state, an alliance, or a group of states."""

    class Kind(models.TextChoices):
        STATE = "state", "State"
        ALLIANCE = "alliance", "Alliance"
        GROUP = "group", "Group of states"

    slug = models.SlugField(max_length=80, unique=True)
    name = models.CharField(max_length=200, unique=True)
    kind = models.CharField(max_length=10, choices=Kind.choices)
    iso_code = models.CharField(
        "ISO 3166 code", max_length=3, blank=True, help_text="Alpha-2 code, for states only."
    )
    members = models.ManyToManyField(
        "self",
        symmetrical=False,
        blank=True,
        related_name="member_of",
        help_text="The parties a group or alliance is made of.",
    )
    aliases = models.JSONField(
        default=list, blank=True, help_text="Other names news reports use, e.g. “Washington”."
    )
    history = History(m2m_fields=[members])

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "parties"
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="state") | Q(iso_code=""),
                name="party_iso_code_only_for_states",
            ),
        ]

    def __str__(self):
        return self.name


class RegionQuerySet(models.QuerySet):
    def containing(self, regions):
        """The given regions and every group or zone that has one of them as a member."""
        return self.filter(Q(pk__in=regions) | Q(members__in=regions)).distinct()


class Region(models.Model):
    """A place a provision restricts: a country, a group of countries, or a zone."""

    class Kind(models.TextChoices):
        COUNTRY = "country", "Country"
        GROUP = "group", "Group of countries"
        ZONE = "zone", "Zone"

    slug = models.SlugField(max_length=80, unique=True)
    name = models.CharField(max_length=200, unique=True)
    kind = models.CharField(max_length=10, choices=Kind.choices)
    iso_code = models.CharField("ISO 3166 code", max_length=3, blank=True)
    members = models.ManyToManyField(
        "self",
        symmetrical=False,
        blank=True,
        related_name="member_of",
        help_text="The countries a group or zone contains.",
    )
    description = models.TextField(blank=True)
    aliases = models.JSONField(default=list, blank=True)

    objects = RegionQuerySet.as_manager()
    history = History(m2m_fields=[members])

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="country") | Q(iso_code=""),
                name="region_iso_code_only_for_countries",
            ),
        ]

    def __str__(self):
        return self.name


class WeaponClassQuerySet(models.QuerySet):
    def descendants_of(self, class_ids) -> list[int]:
        """The given classes and every class below them, however deep (one query)."""
        children: dict[int | None, list[int]] = {}
        for pk, parent_id in self.values_list("pk", "parent_id"):
            children.setdefault(parent_id, []).append(pk)
        found, frontier = set(class_ids), list(class_ids)
        while frontier:
            below = children.get(frontier.pop(), [])
            frontier.extend(pk for pk in below if pk not in found)
            found.update(below)
        return sorted(found)


class WeaponClass(models.Model):
    """A class of weapon or force, in a tree: intermediate-range missiles under missiles."""

    slug = models.SlugField(max_length=80, unique=True)
    name = models.CharField(max_length=200, unique=True)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    aliases = models.JSONField(default=list, blank=True)

    objects = WeaponClassQuerySet.as_manager()
    history = History()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "weapon classes"
        constraints = [
            models.CheckConstraint(
                condition=~Q(parent=models.F("pk")), name="weapon_class_not_own_parent"
            ),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        ancestor = self.parent
        while ancestor is not None:
            if ancestor.pk == self.pk:
                raise ValidationError({"parent": "A weapon class cannot be its own ancestor."})
            ancestor = ancestor.parent


class Treaty(models.Model):
    """One draft document."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft (never signed)"
        SIGNED = "signed", "Signed"
        IN_FORCE = "in_force", "In force"

    slug = models.SlugField(max_length=80, unique=True)
    title = models.CharField(max_length=300)
    short_title = models.CharField(max_length=40, unique=True, help_text="e.g. “US–Russia”.")
    proposer = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="proposed_treaties")
    parties = models.ManyToManyField(Party, related_name="treaties")
    article_count = models.PositiveSmallIntegerField(
        help_text="Number of articles in the text; every provision's article is within it."
    )
    handed_over = models.DateField(null=True, blank=True)
    published = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    source_url = models.URLField("official text", max_length=500)
    description = models.TextField(blank=True)
    history = History(m2m_fields=[parties])

    class Meta:
        ordering = ["slug"]
        verbose_name_plural = "treaties"
        constraints = [
            models.CheckConstraint(condition=Q(article_count__gte=1), name="treaty_has_articles"),
        ]

    def __str__(self):
        return self.short_title

    def get_absolute_url(self):
        return reverse("treaty-detail", args=[self.slug])


class Measure(models.TextChoices):
    MEMBERSHIP = "membership", "Alliance membership"
    BASING = "basing", "Military bases and cooperation"
    DEPLOYMENT = "deployment", "Deployment of forces or weapons"
    EXERCISES = "exercises", "Exercises and military activity"
    NUCLEAR_POSTURE = "nuclear_posture", "Nuclear posture"
    CONSULTATION = "consultation", "Consultation and confidence-building"
    PRINCIPLE = "principle", "General principle"
    FINAL_CLAUSE = "final_clause", "Final clause"


MAX_SEARCH_WORDS = 10


def search_words(text: str) -> list[str]:
    """The words of a search, as every search entry point and the highlighter read them."""
    return text.split()[:MAX_SEARCH_WORDS]


# A provision's slug: treaty slug, article, and paragraph when there is one
# ("us-russia-4-2", "russia-nato-4"). Treaty slugs never end in a digit.
PROVISION_SLUG = re.compile(
    r"^(?P<treaty>[a-z][a-z-]*[a-z])-(?P<article>\d+)(?:-(?P<paragraph>\d+))?$"
)


def _count_of(evidence, aggregate=None) -> Coalesce:
    """`aggregate` (by default the number of rows) over one provision's `evidence` rows, as
    a correlated subquery; 0 when there are none."""
    counted = evidence.values("provision").annotate(n=aggregate or Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=models.IntegerField()), Value(0))


class ProvisionQuerySet(models.QuerySet):
    def with_evidence(self):
        """Provisions that at least one confirmed evidence sentence reports."""
        return self.filter(evidence__status="confirmed").distinct()

    def without_evidence(self):
        return self.exclude(evidence__status="confirmed")

    def get_by_slug(self, slug: str):
        """The provision a slug names; `Provision.DoesNotExist` for a malformed or unknown one."""
        match = PROVISION_SLUG.match(slug)
        if match is None:
            raise Provision.DoesNotExist(f"{slug!r} is not a provision slug")
        return self.get(
            treaty__slug=match["treaty"],
            article=int(match["article"]),
            paragraph=int(match["paragraph"] or 0),
        )

    def with_labels(self):
        """Everything a provision's label needs, in the same query."""
        return self.select_related("treaty")

    def with_reporting_counts(self):
        """`confirmed_count` (confirmed evidence) and `source_count` (outlets with confirmed
        evidence): what the public pages show.

        Each count is a correlated subquery rather than an aggregate over joins: a page of
        a sorted list then computes the counts of its own rows only (PostgreSQL evaluates
        them after ORDER BY ... LIMIT), `count()` leaves them out, and no filter's join can
        multiply them. Sorting or filtering on a count still computes it for every row.
        """
        confirmed = self._evidence().filter(status="confirmed")
        return self.annotate(
            confirmed_count=_count_of(confirmed),
            source_count=_count_of(confirmed, Count("sentence__article__outlet", distinct=True)),
        )

    def with_evidence_counts(self):
        """The reporting counts, and the evidence awaiting or failing review."""
        evidence = self._evidence()
        return self.with_reporting_counts().annotate(
            suggested_count=_count_of(evidence.filter(status="suggested")),
            rejected_count=_count_of(evidence.filter(status="rejected")),
        )

    @staticmethod
    def _evidence():
        """The evidence of the provision of the outer query's row."""
        evidence = Provision._meta.get_field("evidence").related_model
        return evidence.objects.filter(provision=OuterRef("pk")).order_by()

    def search(self, text: str):
        """Provisions whose title, summary or confirmed evidence contains every word.

        On PostgreSQL a word matches by its English stem ("deploying" finds "deployment"),
        through the stored search vectors; elsewhere it matches as a case-insensitive
        substring. A word may match in the provision's own text or in any of its evidence.
        """
        evidence = Provision._meta.get_field("evidence").related_model
        sentence = evidence._meta.get_field("sentence").related_model
        full_text = uses_full_text_search(self)
        matches = self
        for word in search_words(text):
            if full_text:
                own = Q(pk__in=matching_pks(Provision, word))
                in_sentence = {"sentence__in": matching_pks(sentence, word)}
            else:
                own = Q(title__icontains=word) | Q(summary__icontains=word)
                in_sentence = {"sentence__text__icontains": word}
            # Read from the evidence table alone (no join back to the provisions), so that
            # the database can hash the few provision ids it yields.
            reporting = evidence.objects.filter(status="confirmed", **in_sentence)
            matches = matches.filter(own | Q(pk__in=reporting.values("provision_id")))
        return matches


class Provision(models.Model):
    """One article of a draft, or one paragraph where the paragraphs differ in subject."""

    treaty = models.ForeignKey(Treaty, on_delete=models.PROTECT, related_name="provisions")
    article = models.PositiveSmallIntegerField()
    paragraph = models.PositiveSmallIntegerField(
        default=0, help_text="0 when the whole article is one provision."
    )
    title = models.CharField(max_length=200, help_text="A short heading, in our own words.")
    summary = models.TextField(help_text="What the provision obliges, in our own words.")
    measure = models.CharField(max_length=20, choices=Measure.choices)
    bound_parties = models.ManyToManyField(Party, related_name="binding_provisions")
    regions = models.ManyToManyField(Region, blank=True, related_name="provisions")
    no_region = models.BooleanField(
        default=False,
        help_text="Restricts no region on purpose (general principles, final clauses).",
    )
    weapon_classes = models.ManyToManyField(WeaponClass, blank=True, related_name="provisions")
    baseline_date = models.DateField(
        null=True, blank=True, help_text="The date whose situation the provision freezes."
    )
    baseline_note = models.TextField(blank=True)
    exceptions = models.TextField(blank=True)
    related = models.ManyToManyField(
        "self",
        blank=True,
        help_text="Parallel provisions in the other draft.",
    )
    # Optimistic locking: every saved edit increments it, and an edit based on an older
    # value is refused instead of silently overwriting the change made in between.
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = ProvisionQuerySet.as_manager()
    history = History(
        m2m_fields=[bound_parties, regions, weapon_classes, related],
        excluded_fields=["version"],
    )

    class Meta:
        ordering = ["treaty__slug", "article", "paragraph"]
        constraints = [
            models.UniqueConstraint(
                fields=["treaty", "article", "paragraph"], name="provision_unique_in_treaty"
            ),
            models.CheckConstraint(condition=Q(article__gte=1), name="provision_article_from_1"),
        ]

    def __str__(self):
        return self.label

    def get_absolute_url(self):
        return reverse("provision-detail", args=[self.slug])

    @property
    def slug(self):
        suffix = f"-{self.paragraph}" if self.paragraph else ""
        return f"{self.treaty.slug}-{self.article}{suffix}"

    @property
    def label(self):
        number = f"{self.article}({self.paragraph})" if self.paragraph else str(self.article)
        return f"{self.treaty.short_title} Art. {number}"

    def clean(self):
        if self.treaty_id and self.article and self.article > self.treaty.article_count:
            raise ValidationError(
                {
                    "article": f"{self.treaty} has {self.treaty.article_count} articles; "
                    f"there is no article {self.article}."
                }
            )
