"""Every kind of change is recorded, reads as a diff of names rather than ids, and a provision
can be reverted to an earlier recorded version."""

from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError

from articles.models import Article, Sentence
from evidence.models import Evidence
from evidence.provision_history import provision_timeline
from evidence.services import (
    change_relation,
    create_evidence,
    link_provision,
    remove_evidence,
    update_evidence,
)
from treaties.history import (
    FieldChange,
    ListChange,
    Segment,
    provision_history,
    revert_provision,
    word_segments,
)
from treaties.models import Party, Provision, Region, WeaponClass
from treaties.services import ProvisionChanged, update_provision

pytestmark = pytest.mark.usefixtures("seeded")


@pytest.fixture
def editor():
    return get_user_model().objects.create_user("alice")


@pytest.fixture
def colleague():
    return get_user_model().objects.create_user("bob")


@pytest.fixture
def provision():
    return Provision.objects.with_labels().get(slug="us-russia-4-2")


def edit(provision, *, by, **changes):
    """An edit by `by`. Rows written moments apart by one person read as one edit, so tests
    that need two entries have two people make them."""
    provision._history_user = by
    return update_provision(provision=provision, **changes)


def latest_changes(provision):
    return provision_history(provision)[0].changes


def test_a_field_change_is_recorded_with_its_editor(provision, editor):
    edit(provision, by=editor, title="No US bases in former Soviet states")
    record = provision.history.first()
    assert record.history_user == editor
    assert record.title == "No US bases in former Soviet states"
    entry = provision_history(provision)[0]
    assert entry.user == editor
    (change,) = entry.changes
    assert (change.label, change.new) == ("Title", "No US bases in former Soviet states")
    assert change.old == "No US bases or military cooperation in non-NATO former Soviet states"


def test_choices_dates_and_booleans_read_as_the_page_writes_them(provision, editor):
    edit(
        provision,
        by=editor,
        measure="deployment",
        baseline_date=date(1997, 5, 27),
    )
    assert latest_changes(provision) == [
        FieldChange(
            "Kind of obligation",
            "Military bases and cooperation",
            "Deployment of forces or weapons",
        ),
        FieldChange("Baseline date", "(none)", "27 May 1997"),
    ]


def test_a_long_text_is_compared_word_by_word(provision, editor):
    old = provision.summary
    edit(provision, by=editor, summary=old.replace("military bases", "bases"))
    (change,) = latest_changes(provision)
    assert change.label == "Summary"
    assert Segment("removed", " military") in change.segments
    assert "".join(s.text for s in change.segments if s.kind != "removed") == provision.summary
    assert "".join(s.text for s in change.segments if s.kind != "added") == old


def test_word_segments_mark_what_was_removed_and_added():
    assert word_segments("the parties shall not deploy", "the parties shall deploy missiles") == [
        Segment("same", "the parties shall"),
        Segment("removed", " not"),
        Segment("same", " deploy"),
        Segment("added", " missiles"),
    ]


@pytest.mark.parametrize(
    ("relation", "label", "model", "slug", "name"),
    [
        ("bound_parties", "Binds", Party, "russia", "Russian Federation"),
        ("regions", "Restricts", Region, "georgia", "Georgia"),
        ("weapon_classes", "Weapons and forces", WeaponClass, "nuclear-weapons", None),
    ],
)
def test_each_vocabulary_attribute_change_names_what_was_added_and_removed(
    provision, editor, colleague, relation, label, model, slug, name
):
    member = model.objects.get(slug=slug)
    before = list(getattr(provision, relation).all())
    edit(provision, by=editor, **{relation: [*before, member]})
    assert latest_changes(provision) == [ListChange(label, [name or member.name], [])]
    edit(provision, by=colleague, **{relation: before})
    assert latest_changes(provision) == [ListChange(label, [], [name or member.name])]


def test_a_parallel_provision_change_names_it_by_its_label(provision, editor):
    other = Provision.objects.get(slug="russia-nato-4")
    kept = list(provision.related.all())
    edit(provision, by=editor, related=[*kept, other])
    assert latest_changes(provision) == [
        ListChange("Parallel in the other draft", ["Russia–NATO Art. 4"], [])
    ]


def test_a_deleted_member_is_still_shown_for_what_it_was(provision, editor, colleague):
    region = Region.objects.create(slug="atlantis", name="Atlantis", kind="country")
    before = list(provision.regions.all())
    edit(provision, by=editor, regions=[*before, region])
    edit(provision, by=colleague, regions=before)
    region_pk = region.pk
    region.delete()
    added, removed = provision_history(provision)[:2][::-1]
    deleted = f"a deleted entry (#{region_pk})"
    assert added.changes == [ListChange("Restricts", [deleted], [])]
    assert removed.changes == [ListChange("Restricts", [], [deleted])]


def test_a_save_that_changes_nothing_adds_no_entry(provision, editor):
    count = len(provision_history(provision))
    edit(provision, by=editor)
    assert len(provision_history(provision)) == count


def test_a_region_records_its_members(editor):
    region = Region.objects.get(slug="former-ussr-outside-nato")
    newcomer = Region.objects.create(slug="atlantis", name="Atlantis", kind="country")
    region._history_user = editor
    region.members.add(newcomer)
    newest, previous = region.history.all()[:2]
    assert newest.history_user == editor
    delta = newest.diff_against(previous, foreign_keys_are_objs=True)
    (change,) = delta.changes
    assert change.field == "members"
    added = [row["to_region"] for row in change.new if row not in change.old]
    assert [str(region) for region in added] == ["Atlantis"]


def test_an_article_records_its_metadata_but_not_its_texts(editor):
    article = Article.objects.first()
    article._history_user = editor
    article.title = "Corrected headline"
    article.save()
    newest, previous = article.history.all()[:2]
    assert (newest.title, newest.history_user) == ("Corrected headline", editor)
    assert [c.field for c in newest.diff_against(previous).changes] == ["title"]
    recorded = {field.name for field in Article.history.model._meta.fields}
    assert not recorded & {"raw", "body", "content_hash"}


def test_evidence_links_are_recorded_when_made_changed_and_removed(provision, editor):
    sentence = Sentence.objects.exclude(evidence__provision=provision).first()
    evidence = link_provision(
        sentence=sentence, provision=provision, relation="mentions", linked_by=editor
    )
    evidence = change_relation(evidence=evidence, relation="quotes", changed_by=editor)
    evidence_id = evidence.pk
    remove_evidence(evidence=evidence, removed_by=editor)
    history = Evidence.history.filter(id=evidence_id).order_by("history_date")
    assert [(record.history_type, record.history_user) for record in history] == [
        ("+", editor),
        ("~", editor),
        ("-", editor),
    ]

    # One person's changes moments apart make one entry, in the order they were made.
    entry = provision_timeline(provision)[0]
    assert entry.user == editor
    linked, changed, removed = entry.changes
    assert [linked.action, changed.action, removed.action] == ["linked", "changed", "removed"]
    assert {link.sentence for link in entry.changes} == {sentence}
    assert [detail.new for detail in linked.changes] == ["Mentions", "Confirmed"]
    assert changed.changes == [FieldChange("Relation", "Mentions", "Quotes")]


def test_a_suggestion_shows_only_once_an_editor_decides_on_it(provision):
    sentence = Sentence.objects.exclude(evidence__provision=provision).first()
    evidence = create_evidence(sentence=sentence, provision=provision, status="suggested")

    def links():
        return [
            change.action
            for entry in provision_timeline(provision)
            for change in entry.changes
            if change.kind == "link" and change.sentence == sentence
        ]

    assert links() == []
    update_evidence(evidence=evidence, status="rejected")
    assert links() == ["changed"]


# --- Revert ---


def test_a_revert_restores_the_fields_and_attributes_and_is_recorded(provision, editor, colleague):
    original = provision_history(provision)[0]
    georgia = Region.objects.get(slug="georgia")
    summary, regions = provision.summary, set(provision.regions.all())
    parties, related = set(provision.bound_parties.all()), set(provision.related.all())
    edit(
        provision,
        by=colleague,
        summary="A wrong summary.",
        regions=[georgia],
        bound_parties=[Party.objects.get(slug="russia")],
        related=[],
    )
    version = Provision.objects.get(pk=provision.pk).version

    provision = Provision.objects.with_labels().get(pk=provision.pk)
    revert_provision(provision=provision, to_history_id=original.provision_history_id, user=editor)

    provision = Provision.objects.get(pk=provision.pk)
    assert provision.summary == summary
    assert set(provision.regions.all()) == regions
    assert set(provision.bound_parties.all()) == parties
    assert set(provision.related.all()) == related
    assert provision.version == version + 1
    revert = provision.history.first()
    assert revert.history_user == editor
    assert revert.history_change_reason.startswith("Reverted to the version of ")
    entry = provision_history(provision)[0]
    assert entry.reason == revert.history_change_reason
    assert [(c.label, c.old, c.new) for c in entry.changes if c.kind == "field"] == [
        ("Summary", "A wrong summary.", summary)
    ]


def test_an_editor_holding_an_older_version_gets_a_conflict_after_a_revert(provision, editor):
    original = provision_history(provision)[0]
    edit(provision, by=editor, title="Changed")
    seen_version = Provision.objects.get(pk=provision.pk).version
    revert_provision(provision=provision, to_history_id=original.provision_history_id, user=editor)
    with pytest.raises(ProvisionChanged):
        update_provision(
            provision=Provision.objects.get(pk=provision.pk),
            expected_version=seen_version,
            title="Based on the old version",
        )


def test_a_revert_based_on_an_older_version_is_refused(provision, editor):
    original = provision_history(provision)[0]
    stale = provision.version
    edit(provision, by=editor, title="Changed meanwhile")
    with pytest.raises(ProvisionChanged):
        revert_provision(
            provision=Provision.objects.get(pk=provision.pk),
            to_history_id=original.provision_history_id,
            user=editor,
            expected_version=stale,
        )
    assert Provision.objects.get(pk=provision.pk).title == "Changed meanwhile"


def test_a_revert_only_goes_to_a_version_of_the_same_provision(provision, editor):
    other = Provision.objects.get(slug="russia-nato-4")
    with pytest.raises(ValidationError, match="no such recorded version"):
        revert_provision(
            provision=provision, to_history_id=other.history.first().history_id, user=editor
        )
