"""How widely each provision was reported: the counts every page and the API show.

What counts as a source is said here once: an outlet with at least one confirmed evidence
sentence for the provision. Each count is a correlated subquery rather than an aggregate
over joins: a page of a sorted list then computes the counts of its own rows only
(PostgreSQL evaluates them after ORDER BY ... LIMIT), `count()` leaves them out, and no
filter's join can multiply them. Sorting or filtering on a count still computes it for
every row.
"""

from django.db import models
from django.db.models import Count, OuterRef, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce

from evidence.models import Evidence, EvidenceQuerySet
from treaties.models import Provision


def _count_of(evidence: QuerySet, aggregate=None) -> Coalesce:
    """`aggregate` (by default the number of rows) over the outer provision's `evidence`
    rows, as a correlated subquery; 0 when there are none."""
    counted = evidence.values("provision").annotate(n=aggregate or Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=models.IntegerField()), Value(0))


def _of_outer_provision() -> EvidenceQuerySet:
    return Evidence.objects.filter(provision=OuterRef("pk")).order_by()


def with_reporting_counts(provisions: QuerySet[Provision]) -> QuerySet[Provision]:
    """`confirmed_count` (confirmed evidence) and `source_count` (outlets with confirmed
    evidence): what the public pages show."""
    confirmed = _of_outer_provision().confirmed()
    return provisions.annotate(
        confirmed_count=_count_of(confirmed),
        source_count=_count_of(confirmed, Count("sentence__article__outlet", distinct=True)),
    )


def with_evidence_counts(provisions: QuerySet[Provision]) -> QuerySet[Provision]:
    """The reporting counts, and the evidence awaiting or failing review."""
    evidence = _of_outer_provision()
    return with_reporting_counts(provisions).annotate(
        suggested_count=_count_of(evidence.suggested()),
        rejected_count=_count_of(evidence.rejected()),
    )


def reported(provisions: QuerySet[Provision]) -> QuerySet[Provision]:
    """Provisions that at least one confirmed evidence sentence reports."""
    return provisions.filter(pk__in=Evidence.objects.confirmed().values("provision_id"))


def unreported(provisions: QuerySet[Provision]) -> QuerySet[Provision]:
    return provisions.exclude(pk__in=Evidence.objects.confirmed().values("provision_id"))
