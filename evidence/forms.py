"""Forms of the editors' screens. They parse and check what was sent; the writes they lead to
are `articles.ingest.import_article` and the functions of `evidence.services`."""

from django import forms
from django.conf import settings
from django.core.validators import RegexValidator

from articles.models import Outlet
from core.filters import MAX_SEARCH_LENGTH
from evidence.models import Evidence
from treaties.models import Provision

# "en", "de", "pt-BR", "sr-Latn": a language tag short enough for Article.language.
LANGUAGE_TAG = RegexValidator(
    r"^[a-z]{2,3}(-[A-Za-z0-9]{2,4})?$", "Give a language code such as en, de or pt-BR."
)


def max_article_bytes() -> int:
    return settings.PROVISO_MAX_ARTICLE_BYTES


def too_large(size: int) -> str:
    return f"The text is {size:,} bytes; the limit is {max_article_bytes():,} bytes."


class ArticleImportForm(forms.Form):
    """An article to import: a UTF-8 file or pasted text, with what is known of it. Fields
    left empty are read from the text's header lines where it has them."""

    file = forms.FileField(label="Text file", required=False)
    text = forms.CharField(
        label="Or paste the text", required=False, strip=False, widget=forms.Textarea
    )
    outlet = forms.ModelChoiceField(
        label="Outlet",
        queryset=Outlet.objects.order_by("name"),
        required=False,
        empty_label="The URL’s outlet, or a new one",
    )
    new_outlet = forms.CharField(label="Or a new outlet’s name", max_length=200, required=False)
    title = forms.CharField(
        max_length=500,
        required=False,
        help_text="By default the title header line, or the text’s first heading.",
    )
    # Checked by the importer, which names what is wrong with an address.
    url = forms.CharField(
        label="URL",
        max_length=1000,
        required=False,
        help_text="The original address. A new text at a known address becomes that "
        "article’s next version.",
    )
    published = forms.DateField(
        label="Published",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": "Give the date as YYYY-MM-DD."},
    )
    language = forms.CharField(max_length=10, initial="en", validators=[LANGUAGE_TAG])
    note = forms.CharField(
        label="Note on provenance",
        required=False,
        help_text="What the text is and where it comes from.",
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = f"UTF-8 plain text, at most {max_article_bytes():,} bytes."
        self.fields["text"].widget.attrs.update(rows=10, maxlength=max_article_bytes())

    def clean_file(self):
        upload = self.cleaned_data["file"]
        # Refused by the size the browser declared, before anything is read.
        if upload and upload.size > max_article_bytes():
            raise forms.ValidationError(too_large(upload.size))
        return upload

    def clean_text(self):
        text = self.cleaned_data["text"]
        size = len(text.encode("utf-8"))
        if size > max_article_bytes():
            raise forms.ValidationError(too_large(size))
        return text

    def clean(self):
        cleaned = super().clean()
        has_file, has_text = bool(cleaned.get("file")), bool(cleaned.get("text"))
        if has_file and has_text:
            raise forms.ValidationError("Give a file or pasted text, not both.")
        if not (has_file or has_text or self.errors):
            raise forms.ValidationError("Choose a text file or paste the article’s text.")
        if cleaned.get("outlet") and cleaned.get("new_outlet", "").strip():
            self.add_error("new_outlet", "Choose an existing outlet or name a new one, not both.")
        return cleaned

    def raw(self) -> bytes:
        """The text as received: the file's bytes, or the pasted text in UTF-8."""
        upload = self.cleaned_data["file"]
        if upload:
            # One byte more than allowed shows a file larger than it said it was.
            return upload.read(max_article_bytes() + 1)
        return self.cleaned_data["text"].encode("utf-8")

    def source_name(self) -> str:
        upload = self.cleaned_data["file"]
        return upload.name if upload else ""

    def outlet_key(self) -> str | None:
        """What `import_article` resolves an outlet from: an existing one's slug, a new
        one's name, or None for the outlet of the URL's domain."""
        outlet = self.cleaned_data["outlet"]
        return outlet.slug if outlet else (self.cleaned_data["new_outlet"].strip() or None)


class AddLinkForm(forms.Form):
    provision = forms.ModelChoiceField(
        queryset=Provision.objects.with_labels(),
        error_messages={
            "required": "Choose a provision.",
            "invalid_choice": "That provision does not exist (any more).",
        },
    )
    relation = forms.ChoiceField(
        choices=Evidence.Relation.choices, initial=Evidence.Relation.REPORTS
    )


class RelationForm(forms.Form):
    relation = forms.ChoiceField(choices=Evidence.Relation.choices)


class ProvisionFindForm(forms.Form):
    find = forms.CharField(max_length=MAX_SEARCH_LENGTH, required=False)


class ReviewDecisionForm(forms.Form):
    """One link or many to confirm or reject, from the review queue."""

    DECISIONS = {"confirm": Evidence.Status.CONFIRMED, "reject": Evidence.Status.REJECTED}

    action = forms.ChoiceField(choices=[("confirm", "Confirm"), ("reject", "Reject")])
    evidence = forms.ModelMultipleChoiceField(
        queryset=Evidence.objects.select_related("provision__treaty", "sentence"),
        error_messages={
            "required": "Select at least one link.",
            "invalid_choice": "A selected link no longer exists: %(value)s.",
            "invalid_pk_value": "“%(pk)s” is not a link id.",
        },
    )

    @property
    def status(self) -> str:
        return self.DECISIONS[self.cleaned_data["action"]]
