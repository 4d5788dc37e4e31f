from django.apps import AppConfig


class EvidenceConfig(AppConfig):
    name = "evidence"
    verbose_name = "Evidence: sentences that report provisions"
    # The links are the editors' to make, review and remove.
    editor_permissions = {"evidence": ("view", "add", "change", "delete")}
