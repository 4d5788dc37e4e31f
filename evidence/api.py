"""The JSON API over provisions with their reporting (editors may update a provision), the
articles with their sentences and links, the sentences, and the evidence (which editors may
create, update and delete)."""

from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.response import Response

from articles.filters import ArticleFilter
from articles.models import Article
from articles.selectors import article_list, articles_for_display
from articles.serializers import ArticleSerializer
from core.filters import SLUG_PATTERN
from core.viewsets import ProvisoViewSet
from evidence import selectors
from evidence.filters import EvidenceFilter, ReportedProvisionFilter, SentenceFilter
from evidence.serializers import (
    ArticleDetailSerializer,
    EvidenceSerializer,
    EvidenceWriteSerializer,
    ProvisionDetailSerializer,
    ReportedProvisionSerializer,
    SentenceSerializer,
)
from evidence.services import create_evidence, delete_evidence, update_evidence
from treaties.models import Provision
from treaties.serializers import ProvisionConflictSerializer, ProvisionUpdateSerializer
from treaties.services import ProvisionChanged, update_provision

ID_IN_URL = r"[0-9]{1,16}"


class ProvisionViewSet(ProvisoViewSet):
    """The provisions of both drafts, with who they bind, where, what weapons, their baseline
    and how many sources report them. A provision's detail lists its evidence sentences."""

    serializer_class = ReportedProvisionSerializer
    detail_serializer_class = ProvisionDetailSerializer
    write_serializer_class = ProvisionUpdateSerializer
    filterset_class = ReportedProvisionFilter
    list_selector = staticmethod(selectors.provision_list)
    lookup_field = "slug"
    lookup_value_regex = SLUG_PATTERN.strip("^$")
    csv_name = "provisions"

    def get_queryset(self):
        return selectors.provisions_for_display()

    def get_object(self):
        try:
            provision = selectors.provision_detail(slug=self.kwargs["slug"])
        except Provision.DoesNotExist:
            raise Http404("No such provision.") from None
        self.check_object_permissions(self.request, provision)
        return provision

    @extend_schema(
        request=ProvisionUpdateSerializer,
        responses={200: ProvisionDetailSerializer, 409: ProvisionConflictSerializer},
    )
    def update(self, request, *args, **kwargs):
        """Replace a provision's editable fields (editors only)."""
        return self._update(request, partial=False)

    @extend_schema(
        request=ProvisionUpdateSerializer,
        responses={200: ProvisionDetailSerializer, 409: ProvisionConflictSerializer},
    )
    def partial_update(self, request, *args, **kwargs):
        """Change some of a provision's editable fields (editors only)."""
        return self._update(request, partial=True)

    def _update(self, request, *, partial):
        provision = self.get_object()
        serializer = ProvisionUpdateSerializer(
            provision, data=request.data, partial=partial, context=self.get_serializer_context()
        )
        serializer.is_valid(raise_exception=True)
        changes = dict(serializer.validated_data)
        try:
            update_provision(
                provision=provision, expected_version=changes.pop("version"), **changes
            )
        except ProvisionChanged as conflict:
            return Response(
                {"detail": str(conflict), "current_version": conflict.current_version},
                status=status.HTTP_409_CONFLICT,
            )
        updated = selectors.provision_detail(slug=provision.slug)
        return Response(ProvisionDetailSerializer(updated, context=serializer.context).data)


class ArticleViewSet(ProvisoViewSet):
    """News articles; an article's detail lists its sentences with their evidence links."""

    serializer_class = ArticleSerializer
    detail_serializer_class = ArticleDetailSerializer
    filterset_class = ArticleFilter
    list_selector = staticmethod(article_list)
    lookup_value_regex = ID_IN_URL
    csv_name = "articles"

    def get_queryset(self):
        return articles_for_display()

    def get_object(self):
        try:
            article = selectors.article_detail(pk=int(self.kwargs["pk"]))
        except Article.DoesNotExist:
            raise Http404("No such article.") from None
        self.check_object_permissions(self.request, article)
        return article


class SentenceViewSet(ProvisoViewSet):
    """Sentences of the articles, with their offsets and the provisions they report."""

    serializer_class = SentenceSerializer
    filterset_class = SentenceFilter
    list_selector = staticmethod(selectors.sentence_list)
    lookup_value_regex = ID_IN_URL
    csv_name = "sentences"

    def get_queryset(self):
        return selectors.sentences_for_display()


class EvidenceViewSet(ProvisoViewSet):
    """Links from a sentence to a provision it reports, quotes or mentions, with a status:
    suggested, confirmed or rejected."""

    serializer_class = EvidenceSerializer
    write_serializer_class = EvidenceWriteSerializer
    filterset_class = EvidenceFilter
    list_selector = staticmethod(selectors.evidence_list)
    lookup_value_regex = ID_IN_URL
    csv_name = "evidence"

    def get_queryset(self):
        return selectors.evidence_for_display()

    def _shown(self, evidence, **kwargs):
        fresh = self.get_queryset().get(pk=evidence.pk)
        return Response(
            EvidenceSerializer(fresh, context=self.get_serializer_context()).data, **kwargs
        )

    @extend_schema(request=EvidenceWriteSerializer, responses={201: EvidenceSerializer})
    def create(self, request, *args, **kwargs):
        """Record a sentence as evidence for a provision (editors only)."""
        serializer = EvidenceWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        evidence = create_evidence(created_by=request.user, **serializer.validated_data)
        response = self._shown(evidence, status=status.HTTP_201_CREATED)
        response["Location"] = response.data["url"]
        return response

    @extend_schema(request=EvidenceWriteSerializer, responses=EvidenceSerializer)
    def update(self, request, *args, **kwargs):
        """Replace a piece of evidence (editors only)."""
        return self._update(request, partial=False)

    @extend_schema(request=EvidenceWriteSerializer, responses=EvidenceSerializer)
    def partial_update(self, request, *args, **kwargs):
        """Change some fields of a piece of evidence, e.g. confirm it (editors only)."""
        return self._update(request, partial=True)

    def _update(self, request, *, partial):
        evidence = self.get_object()
        serializer = EvidenceWriteSerializer(evidence, data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        update_evidence(evidence=evidence, **serializer.validated_data)
        return self._shown(evidence)

    @extend_schema(responses={204: None})
    def destroy(self, request, *args, **kwargs):
        """Delete a piece of evidence (editors only)."""
        delete_evidence(evidence=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)
