from django.apps import AppConfig


class TreatiesConfig(AppConfig):
    name = "treaties"
    verbose_name = "Treaties and their vocabulary"
    # The vocabulary and the provisions are the editors' to maintain. The two drafts are
    # fixed: editors correct their details but neither add nor remove one.
    editor_permissions = {
        "party": ("view", "add", "change", "delete"),
        "region": ("view", "add", "change", "delete"),
        "weaponclass": ("view", "add", "change", "delete"),
        "treaty": ("view", "change"),
        "provision": ("view", "add", "change", "delete"),
    }
