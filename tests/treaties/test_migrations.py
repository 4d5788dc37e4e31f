"""Migrations of the treaty data keep every row and repair what earlier releases recorded."""

from tests.migrating import run_in

BEFORE = ("treaties", "0003_history_and_provision_version")


def test_links_missing_from_the_newest_records_are_recorded(fresh_database_url):
    found = run_in(
        fresh_database_url,
        f"""
        migrate({BEFORE!r})
        apps = models_at({BEFORE!r})
        Party, Treaty, Provision = (
            apps.get_model("treaties", name) for name in ("Party", "Treaty", "Provision")
        )
        History = apps.get_model("treaties", "HistoricalProvision")
        RecordedRelated = apps.get_model("treaties", "HistoricalProvision_related")
        RecordedParties = apps.get_model("treaties", "HistoricalProvision_bound_parties")
        from django.utils import timezone

        russia = Party.objects.create(slug="russia", name="Russia", kind="state")
        treaties = [
            Treaty.objects.create(slug=slug, title=slug, short_title=slug, proposer=russia,
                                  article_count=9, source_url="https://example.org/")
            for slug in ("us-russia", "russia-nato")
        ]
        ours, theirs = (
            Provision.objects.create(treaty=treaty, article=6, title="t", summary="s",
                                     measure="deployment", no_region=True)
            for treaty in treaties
        )
        for provision in (ours, theirs):
            provision.bound_parties.add(russia)
        # A parallel link is two rows (the migration state does not know it is symmetric).
        ours.related.add(theirs)
        theirs.related.add(ours)
        # As the earlier release recorded it: the link on one side only.
        for provision, partner in ((ours, theirs), (theirs, None)):
            record = History.objects.create(
                id=provision.pk, treaty_id=provision.treaty_id, article=6, paragraph=0,
                title="t", summary="s", measure="deployment", no_region=True,
                baseline_note="", exceptions="", history_date=timezone.now(), history_type="+",
            )
            link = Provision.bound_parties.through.objects.get(provision=provision)
            RecordedParties.objects.create(history=record, id=link.pk, provision_id=provision.pk,
                                           party_id=russia.pk)
            if partner:
                link = Provision.related.through.objects.get(from_provision=provision)
                RecordedRelated.objects.create(history=record, id=link.pk,
                                               from_provision_id=provision.pk,
                                               to_provision_id=partner.pk)
        migrate()
        records = {{
            provision.pk: list(History.objects.filter(id=provision.pk)
                               .order_by("history_date", "history_id")
                               .values_list("history_id", "history_change_reason"))
            for provision in (ours, theirs)
        }}
        newest = records[theirs.pk][-1][0]
        recorded = list(RecordedRelated.objects.filter(history_id=newest)
                        .values_list("to_provision_id", flat=True))
        parties = list(RecordedParties.objects.filter(history_id=newest)
                       .values_list("party_id", flat=True))
        print(json.dumps({{
            "ours": len(records[ours.pk]), "theirs": len(records[theirs.pk]),
            "reason": records[theirs.pk][-1][1], "recorded": recorded, "partner": ours.pk,
            "parties": parties, "russia": russia.pk,
        }}))
        """,
    )
    # The side that recorded the link needs nothing; the other gets a complete record.
    assert (found["ours"], found["theirs"]) == (1, 2)
    assert found["recorded"] == [found["partner"]]
    assert found["parties"] == [found["russia"]]
    assert found["reason"].startswith("Recorded with all its links")
