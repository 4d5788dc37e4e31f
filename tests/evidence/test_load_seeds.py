from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from articles.models import Article, Outlet, Sentence
from evidence.models import Evidence
from treaties.models import Party, Provision, Region, Treaty, WeaponClass

ALL_MODELS = [Party, Region, WeaponClass, Treaty, Provision, Outlet, Article, Sentence, Evidence]

pytestmark = pytest.mark.usefixtures("seeded")


def row_counts():
    return {model.__name__: model.objects.count() for model in ALL_MODELS}


def test_the_seed_corpus_holds_both_drafts_and_the_five_articles():
    assert Treaty.objects.count() == 2
    assert Provision.objects.count() == 21
    assert Article.objects.count() == 5
    assert Outlet.objects.filter(articles__isnull=False).distinct().count() == 5


def test_loading_the_seeds_twice_is_the_same_as_once():
    before = row_counts()
    out = StringIO()
    call_command("load_seeds", stdout=out)
    assert row_counts() == before
    assert "0 new evidence links" in out.getvalue()


def test_the_manifest_metadata_reaches_the_articles():
    detroit = Article.objects.get(source_name="001_5fe37ef5f4ed5af7.txt")
    assert detroit.outlet.name == "The Detroit News"
    assert detroit.title == "Russia sets out tough demands for security pact with NATO"
    assert str(detroit.published) == "2021-12-17"
    assert detroit.url.startswith("https://www.detroitnews.com/story/news/world/2021/12/17/")
    civil = Article.objects.get(source_name="002_abe064712b3927f1.txt")
    assert civil.outlet.domain == "civil.ge"
    assert not civil.body.startswith("Moscow Draft Demands"), "the title line is not body text"


def test_a_broken_seed_folder_fails_with_one_clear_line_and_loads_nothing(tmp_path):
    (tmp_path / "treaties.yaml").write_text("treaties: [unclosed", encoding="utf-8")
    before = row_counts()
    with pytest.raises(CommandError, match=r"^treaties\.yaml: "):
        call_command("load_seeds", seeds_dir=tmp_path)
    assert row_counts() == before
