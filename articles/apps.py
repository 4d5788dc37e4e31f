from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = "News articles"
    # Articles arrive through the importer, which keeps each body and its sentences
    # consistent, so editors correct an article's metadata only, and change a sentence only
    # to edit its evidence links in the admin (its own fields are read-only).
    editor_permissions = {
        "outlet": ("view", "add", "change", "delete"),
        "article": ("view", "change"),
        "sentence": ("view", "change"),
    }
