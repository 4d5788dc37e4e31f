"""The JSON API over the reporting: outlets, articles, sentences, and evidence (which editors
may create, update and delete)."""

from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.response import Response

from articles import selectors
from articles.filters import ArticleFilter, EvidenceFilter, OutletFilter, SentenceFilter
from articles.models import Article
from articles.serializers import (
    ArticleDetailSerializer,
    ArticleSerializer,
    EvidenceSerializer,
    EvidenceWriteSerializer,
    OutletSerializer,
    SentenceSerializer,
)
from articles.services import create_evidence, delete_evidence, update_evidence
from config.api import ProvisoViewSet

ID_IN_URL = r"[0-9]{1,16}"


class OutletViewSet(ProvisoViewSet):
    """News outlets whose articles the database holds."""

    serializer_class = OutletSerializer
    filterset_class = OutletFilter
    list_selector = staticmethod(selectors.outlet_list)
    lookup_field = "slug"
    lookup_value_regex = r"[-a-zA-Z0-9_]+"
    csv_name = "outlets"

    def get_queryset(self):
        return selectors.outlets_for_display()


class ArticleViewSet(ProvisoViewSet):
    """News articles; an article's detail lists its sentences with their evidence links."""

    serializer_class = ArticleSerializer
    detail_serializer_class = ArticleDetailSerializer
    filterset_class = ArticleFilter
    list_selector = staticmethod(selectors.article_list)
    lookup_value_regex = ID_IN_URL
    csv_name = "articles"

    def get_queryset(self):
        return selectors.articles_for_display()

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
