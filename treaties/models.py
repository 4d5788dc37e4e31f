"""The drafts and their provisions, with the vocabulary that describes them."""

from collections import defaultdict
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse

from core.history import History


class Hierarchy(models.QuerySet):
    """Vocabulary in which choosing one value also finds what others are tagged with: a
    country finds the groups and zones that contain it, a state the groups it belongs to,
    a weapon class the classes below it. Each subclass states its rule once, in two forms
    that the filters, the facets and the suggestions share: `reaching(values)`, the values
    found by the chosen ones (for a query), and `reach()`, what every value finds.
    """

    def reaching(self, values: Iterable) -> "models.QuerySet | list[int]":
        """The ids of the values that the given values (rows or ids) find, themselves
        included: a subquery where the rule allows, else a list."""
        raise TypeError(f"{type(self).__name__} has no rule")

    def reach(self) -> dict[int, set[int]]:
        """The id of each value that finds more than itself, with the ids of all it finds
        (itself included); any other value finds only itself."""
        raise TypeError(f"{type(self).__name__} has no rule")


def _ids(values: Iterable) -> list[int]:
    return [getattr(value, "pk", value) for value in values]


class ContainerHierarchy(Hierarchy):
    """A value finds the containers that list it as a member (`members`): groups hold
    members, not other groups, so one level is all there is."""

    def reaching(self, values):
        ids = _ids(values)
        found = self.model._default_manager.filter(Q(pk__in=ids) | Q(members__in=ids))
        return found.values("pk")

    def reach(self):
        field = self.model._meta.get_field("members")
        memberships = field.remote_field.through.objects.values_list(
            f"{field.m2m_field_name()}_id", f"{field.m2m_reverse_field_name()}_id"
        )
        reach: dict[int, set[int]] = {}
        for container, member in memberships:
            reach.setdefault(member, {member}).add(container)
        return reach


class TreeHierarchy(Hierarchy):
    """A value finds every value below it (`parent`), however deep (one query)."""

    def reaching(self, values):
        reach = self.reach()
        return sorted(set().union(*(reach.get(pk, {pk}) for pk in _ids(values))))

    def reach(self):
        return self.reach_of(self.model._default_manager.values_list("pk", "parent_id"))

    @staticmethod
    def reach_of(parents: Iterable[tuple[int, int | None]]) -> dict[int, set[int]]:
        """`reach()` of the given (id, parent id) pairs, for a caller that read them."""
        children: dict[int | None, list[int]] = defaultdict(list)
        for pk, parent_id in parents:
            children[parent_id].append(pk)
        reach = {}
        for top in [pk for pk in children if pk is not None]:
            found, frontier = {top}, list(children[top])
            while frontier:
                below = frontier.pop()
                if below not in found:
                    found.add(below)
                    frontier.extend(children.get(below, []))
            reach[top] = found
        return reach


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

    objects = ContainerHierarchy.as_manager()
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

    objects = ContainerHierarchy.as_manager()
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


class WeaponClass(models.Model):
    """A class of weapon or force, in a tree: intermediate-range missiles under missiles."""

    slug = models.SlugField(max_length=80, unique=True)
    name = models.CharField(max_length=200, unique=True)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    aliases = models.JSONField(default=list, blank=True)

    objects = TreeHierarchy.as_manager()
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


class ProvisionQuerySet(models.QuerySet):
    def with_labels(self):
        """Everything a provision's label needs, in the same query."""
        return self.select_related("treaty")


class Provision(models.Model):
    """One article of a draft, or one paragraph where the paragraphs differ in subject."""

    # What an edit may change: what the provision says and covers. Its treaty, article and
    # paragraph name it (and its address); the admin, the API and a revert all edit these.
    CONTENT_FIELDS = (
        "title",
        "summary",
        "measure",
        "no_region",
        "baseline_date",
        "baseline_note",
        "exceptions",
    )
    RELATIONS = ("bound_parties", "regions", "weapon_classes", "related")

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
    # The address: treaty slug, article, and paragraph when there is one ("us-russia-4-2",
    # "russia-nato-4"). Stored so that every lookup is one indexed equality; kept equal to
    # its parts on every save (see `slug_of`).
    slug = models.SlugField(max_length=100, unique=True, editable=False)
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

    def save(self, *args, **kwargs):
        self._name_by_parts()
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("provision-detail", args=[self.slug])

    @staticmethod
    def slug_of(treaty_slug: str, article: int, paragraph: int) -> str:
        suffix = f"-{paragraph}" if paragraph else ""
        return f"{treaty_slug}-{article}{suffix}"

    def _name_by_parts(self):
        # A derived column, not a rule: it names the row by parts the row already holds.
        if self.treaty_id is not None and self.article is not None:
            self.slug = self.slug_of(self.treaty.slug, self.article, self.paragraph)

    def clean_fields(self, exclude=None):
        self._name_by_parts()
        super().clean_fields(exclude=exclude)

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
