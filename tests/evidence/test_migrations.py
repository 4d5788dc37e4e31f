"""The evidence model moved from `articles` to `evidence` with its table and every row: links,
their history, and the permissions that point at them."""

from tests.migrating import run_in

BEFORE = [
    ("articles", "0004_history_and_suggestion_fields"),
    ("treaties", "0004_record_current_links"),
]


def test_the_move_keeps_every_link_its_history_and_its_permissions(fresh_database_url):
    found = run_in(
        fresh_database_url,
        f"""
        migrate(*{BEFORE!r})
        apps = models_at(*{BEFORE!r})
        get = apps.get_model
        from django.utils import timezone

        russia = get("treaties", "Party").objects.create(slug="russia", name="Russia", kind="state")
        treaty = get("treaties", "Treaty").objects.create(
            slug="russia-nato", title="t", short_title="Russia–NATO", proposer=russia,
            article_count=9, source_url="https://example.org/",
        )
        provision = get("treaties", "Provision").objects.create(
            treaty=treaty, article=4, title="t", summary="s", measure="deployment", no_region=True
        )
        outlet = get("articles", "Outlet").objects.create(slug="o", name="O")
        article = get("articles", "Article").objects.create(
            outlet=outlet, title="T", raw="A. B.", body="A. B.", content_hash="x"
        )
        Sentence = get("articles", "Sentence")
        first = Sentence.objects.create(article=article, position=0, text="A.", start=0, end=2)
        second = Sentence.objects.create(article=article, position=1, text="B.", start=3, end=5)
        Evidence = get("articles", "Evidence")
        confirmed = Evidence.objects.create(
            sentence=first, provision=provision, status="confirmed", note="kept"
        )
        Evidence.objects.create(sentence=second, provision=provision, score=0.5)
        get("articles", "HistoricalEvidence").objects.create(
            id=confirmed.pk, sentence_id=first.pk, provision_id=provision.pk,
            relation="reports", status="confirmed", matched_terms=[], needs_review=False,
            note="kept", created_at=timezone.now(), updated_at=timezone.now(),
            history_date=timezone.now(), history_type="+",
        )
        from django.contrib.auth.management import create_permissions
        from django.contrib.contenttypes.management import create_contenttypes

        for config in apps.get_app_configs():
            config.models_module = True
            create_contenttypes(config, verbosity=0, apps=apps)
            create_permissions(config, verbosity=0, apps=apps)
        Group, Permission = get("auth", "Group"), get("auth", "Permission")
        editors = Group.objects.create(name="editors")
        editors.permissions.add(Permission.objects.get(codename="change_evidence"))

        migrate()

        from django.apps import apps as live
        from django.db import connection

        Moved = live.get_model("evidence", "Evidence")
        print(json.dumps({{
            "tables": sorted(
                t for t in connection.introspection.table_names() if "evidence" in t
            ),
            "links": sorted(Moved.objects.values_list("status", "note", "sentence__text")),
            "history": Moved.history.filter(id=confirmed.pk).count(),
            "permission": sorted(
                (p.content_type.app_label, p.codename)
                for p in live.get_model("auth", "Group").objects.get(name="editors")
                .permissions.select_related("content_type")
            ),
        }}))
        """,
    )
    assert found["tables"] == ["evidence_evidence", "evidence_historicalevidence"]
    assert found["links"] == [["confirmed", "kept", "A."], ["suggested", "", "B."]]
    assert found["history"] == 1
    assert found["permission"] == [["evidence", "change_evidence"]]
