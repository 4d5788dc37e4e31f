"""The whole dataset as one versioned JSON document, and back.

Rows are keyed by natural keys (slugs, provision slugs, article content hashes, sentence
positions), never by database ids, so that a dump restores into any empty database and two
dumps of the same data hold equal `data`. User accounts are not part of the dataset: an
evidence link keeps its author's user name and is re-attached to the account of that name
if the target database has one. Evidence timestamps are set anew on restore. A SHA-256
checksum over the canonical JSON of `data` detects a truncated or edited file before
anything is written.
"""

import hashlib
import json
from datetime import UTC, date, datetime
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction

from articles.models import Article, Outlet, Sentence
from evidence.models import Evidence
from treaties.models import Party, Provision, Region, Treaty, WeaponClass

FORMAT = "proviso-dataset"
# 2: evidence rows carry `matched_terms` and `needs_review`. Version 1 files still restore;
# their evidence takes the defaults (no terms, not flagged).
VERSION = 2
READABLE_VERSIONS = (1, VERSION)
MODELS_IN_ORDER = [
    Party,
    Region,
    WeaponClass,
    Treaty,
    Provision,
    Outlet,
    Article,
    Sentence,
    Evidence,
]


class DatasetError(Exception):
    """A dataset file that cannot be restored; the message is one line."""


def checksum(data: dict) -> str:
    canonical = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def export_dataset() -> dict[str, Any]:
    data = {
        "parties": [
            {
                "slug": p.slug,
                "name": p.name,
                "kind": p.kind,
                "iso_code": p.iso_code,
                "aliases": p.aliases,
                "members": sorted(m.slug for m in p.members.all()),
            }
            for p in Party.objects.prefetch_related("members").order_by("slug")
        ],
        "regions": [
            {
                "slug": r.slug,
                "name": r.name,
                "kind": r.kind,
                "iso_code": r.iso_code,
                "description": r.description,
                "aliases": r.aliases,
                "members": sorted(m.slug for m in r.members.all()),
            }
            for r in Region.objects.prefetch_related("members").order_by("slug")
        ],
        "weapon_classes": [
            {
                "slug": w.slug,
                "name": w.name,
                "parent": w.parent.slug if w.parent else None,
                "aliases": w.aliases,
            }
            for w in WeaponClass.objects.select_related("parent").order_by("slug")
        ],
        "treaties": [
            {
                "slug": t.slug,
                "title": t.title,
                "short_title": t.short_title,
                "proposer": t.proposer.slug,
                "parties": sorted(p.slug for p in t.parties.all()),
                "article_count": t.article_count,
                "handed_over": _iso(t.handed_over),
                "published": _iso(t.published),
                "status": t.status,
                "source_url": t.source_url,
                "description": t.description,
            }
            for t in Treaty.objects.select_related("proposer")
            .prefetch_related("parties")
            .order_by("slug")
        ],
        "provisions": [
            {
                "slug": p.slug,
                "treaty": p.treaty.slug,
                "article": p.article,
                "paragraph": p.paragraph,
                "title": p.title,
                "summary": p.summary,
                "measure": p.measure,
                "bound_parties": sorted(x.slug for x in p.bound_parties.all()),
                "regions": sorted(x.slug for x in p.regions.all()),
                "no_region": p.no_region,
                "weapon_classes": sorted(x.slug for x in p.weapon_classes.all()),
                "baseline_date": _iso(p.baseline_date),
                "baseline_note": p.baseline_note,
                "exceptions": p.exceptions,
                "related": sorted(x.slug for x in p.related.all()),
            }
            for p in Provision.objects.select_related("treaty")
            .prefetch_related("bound_parties", "regions", "weapon_classes", "related__treaty")
            .order_by("treaty__slug", "article", "paragraph")
        ],
        "outlets": [
            {"slug": o.slug, "name": o.name, "domain": o.domain}
            for o in Outlet.objects.order_by("slug")
        ],
        "articles": [
            {
                "content_hash": a.content_hash,
                "outlet": a.outlet.slug,
                "title": a.title,
                "url": a.url,
                "published": _iso(a.published),
                "language": a.language,
                "source_name": a.source_name,
                "note": a.note,
                "raw": a.raw,
                "body": a.body,
                "version": a.version,
                "previous_version": a.previous_version.content_hash if a.previous_version else None,
                "sentences": [[s.position, s.start, s.end] for s in a.sentences.all()],
            }
            for a in Article.objects.select_related("outlet", "previous_version")
            .prefetch_related("sentences")
            .order_by("version", "content_hash")
        ],
        "evidence": [
            {
                "article": e.sentence.article.content_hash,
                "position": e.sentence.position,
                "provision": e.provision.slug,
                "relation": e.relation,
                "status": e.status,
                "score": e.score,
                "matched_terms": e.matched_terms,
                "needs_review": e.needs_review,
                "note": e.note,
                "created_by": e.created_by.get_username() if e.created_by else None,
            }
            for e in Evidence.objects.select_related(
                "sentence__article", "provision__treaty", "created_by"
            ).order_by("sentence__article__content_hash", "sentence__position", "provision")
        ],
    }
    return {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "checksum": checksum(data),
        "data": data,
    }


@transaction.atomic
def import_dataset(document: Any) -> dict[str, int]:
    """Restore an exported document into an empty database; returns rows per model."""
    data = _checked(document)
    non_empty = [
        str(m._meta.verbose_name_plural) for m in MODELS_IN_ORDER if m._default_manager.exists()
    ]
    if non_empty:
        raise DatasetError(f"the database is not empty (it has {', '.join(non_empty)})")
    try:
        _restore(data)
    except (KeyError, TypeError, ValueError) as error:
        raise DatasetError(f"malformed dataset: {type(error).__name__}: {error}") from None
    return {str(m._meta.verbose_name_plural): m._default_manager.count() for m in MODELS_IN_ORDER}


def _checked(document: Any) -> dict:
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise DatasetError(f"not a {FORMAT} file")
    if document.get("version") not in READABLE_VERSIONS:
        raise DatasetError(
            f"dataset version {document.get('version')!r} is not supported "
            f"(expected {' or '.join(map(str, READABLE_VERSIONS))})"
        )
    data = document.get("data")
    if not isinstance(data, dict) or checksum(data) != document.get("checksum"):
        raise DatasetError("checksum mismatch: the file is damaged or was edited")
    return data


def _restore(data: dict) -> None:
    parties = {
        row["slug"]: Party.objects.create(**_without(row, "members")) for row in data["parties"]
    }
    for row in data["parties"]:
        parties[row["slug"]].members.set([parties[s] for s in row["members"]])
    regions = {
        row["slug"]: Region.objects.create(**_without(row, "members")) for row in data["regions"]
    }
    for row in data["regions"]:
        regions[row["slug"]].members.set([regions[s] for s in row["members"]])
    weapons = {
        row["slug"]: WeaponClass.objects.create(**_without(row, "parent"))
        for row in data["weapon_classes"]
    }
    for row in data["weapon_classes"]:
        if row["parent"]:
            weapon = weapons[row["slug"]]
            weapon.parent = weapons[row["parent"]]
            weapon.save(update_fields=["parent"])
    treaties = {}
    for row in data["treaties"]:
        treaty = Treaty.objects.create(
            **_without(row, "proposer", "parties", "handed_over", "published"),
            proposer=parties[row["proposer"]],
            handed_over=_date(row["handed_over"]),
            published=_date(row["published"]),
        )
        treaty.parties.set([parties[s] for s in row["parties"]])
        treaties[row["slug"]] = treaty
    provisions = {}
    for row in data["provisions"]:
        provision = Provision.objects.create(
            **_without(
                row,
                "slug",
                "treaty",
                "bound_parties",
                "regions",
                "weapon_classes",
                "related",
                "baseline_date",
            ),
            treaty=treaties[row["treaty"]],
            baseline_date=_date(row["baseline_date"]),
        )
        provision.bound_parties.set([parties[s] for s in row["bound_parties"]])
        provision.regions.set([regions[s] for s in row["regions"]])
        provision.weapon_classes.set([weapons[s] for s in row["weapon_classes"]])
        provisions[row["slug"]] = provision
    for row in data["provisions"]:
        provisions[row["slug"]].related.set([provisions[s] for s in row["related"]])

    outlets = {row["slug"]: Outlet.objects.create(**row) for row in data["outlets"]}
    articles: dict[Any, Article] = {}
    # Exported in version order, so an article's previous version is always restored first.
    for row in data["articles"]:
        article = Article.objects.create(
            **_without(row, "outlet", "published", "previous_version", "sentences"),
            outlet=outlets[row["outlet"]],
            published=_date(row["published"]),
            previous_version=articles[row["previous_version"]] if row["previous_version"] else None,
        )
        Sentence.objects.bulk_create(
            Sentence(
                article=article,
                position=position,
                start=start,
                end=end,
                text=article.body[start:end],
            )
            for position, start, end in row["sentences"]
        )
        articles[row["content_hash"]] = article
    users = _users_by_name({row["created_by"] for row in data["evidence"]} - {None})
    sentences = {
        (s.article.content_hash, s.position): s for s in Sentence.objects.select_related("article")
    }
    Evidence.objects.bulk_create(
        Evidence(
            **_evidence_values(_without(row, "article", "position", "provision", "created_by")),
            sentence=sentences[(row["article"], row["position"])],
            provision=provisions[row["provision"]],
            created_by=users.get(row["created_by"]),
        )
        for row in data["evidence"]
    )


def _evidence_values(values: dict) -> dict:
    """The evidence fields of a row, the JSON-typed ones checked: a database would store
    whatever JSON it is given, or fail with an error that names no row."""
    terms = values.get("matched_terms", [])
    if not isinstance(terms, list) or not all(isinstance(term, str) for term in terms):
        raise ValueError(f"matched_terms must be a list of strings, not {terms!r}")
    if not isinstance(values.get("needs_review", False), bool):
        raise ValueError(f"needs_review must be true or false, not {values['needs_review']!r}")
    return values


def _users_by_name(names: set[str]) -> dict:
    User = get_user_model()
    return {
        u.get_username(): u for u in User.objects.filter(**{f"{User.USERNAME_FIELD}__in": names})
    }


def _without(row: dict, *keys: str) -> dict:
    return {k: v for k, v in row.items() if k not in keys}


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None
