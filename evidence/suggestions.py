"""Suggested evidence links: which sentences of an article may report which provisions.

Each provision is described by one text: its title and summary, the names and aliases of
the parties it binds, the regions it covers and the weapon classes it restricts, and the
sentences of other articles already confirmed to report it (positive examples, so the
method learns how the news words what the summary says in our own words). A sentence is
scored against every provision by two similarities:

- TF-IDF cosine between the sentence and the provision's text (words);
- vocabulary cosine between the vocabulary entries the sentence names ("intermediate-range
  missiles", "Georgia", "drills") and those of the provision, each entry weighted by how
  few provisions share its names, so "Russia" (bound by nearly every provision) counts for
  nothing and "intermediate-range missiles" (two provisions) for much.

The vocabulary raises a word match and never makes one on its own: measured on the seed
corpus, sentences that only name the parties ("the US", "Moscow") are background far more
often than evidence. A provision is suggested for a sentence when the score reaches the
threshold and is among the sentence's best few. The words behind a suggestion are kept in
`matched_terms`, so an editor sees why it was made.
"""

import math
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from django.db import transaction
from simple_history.utils import bulk_create_with_history
from sklearn.feature_extraction.text import TfidfVectorizer

from articles.models import Article, Sentence
from evidence.models import Evidence
from treaties.models import Party, Provision, Region, WeaponClass

# Typographic apostrophes and quotes read as their plain forms, in texts and in aliases.
_PLAIN_PUNCTUATION = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "–": "-", "—": "-"})
# How many of a suggestion's shared words are kept to explain it.
MAX_EXPLAINING_WORDS = 5


@dataclass(frozen=True)
class Tuning:
    """The knobs of the method. The defaults were chosen with `evaluate_suggestions` on the
    seed corpus, where they reach a held-out precision of 0.82 and a recall of 0.81."""

    threshold: float = 0.22
    top_k: int = 3
    vocabulary_weight: float = 0.1


DEFAULT_TUNING = Tuning()


@dataclass(frozen=True)
class Term:
    """A vocabulary entry (party, region or weapon class) and the names news reports use."""

    key: str
    names: tuple[str, ...]
    pattern: re.Pattern = field(compare=False)

    @classmethod
    def of(cls, key: str, names: Iterable[str]) -> "Term":
        names = tuple(dict.fromkeys(n.translate(_PLAIN_PUNCTUATION) for n in names if n))
        return cls(key=key, names=names, pattern=_names_pattern(names))

    def found_in(self, text: str) -> str | None:
        """The name as written in `text`, or None if the text does not name the entry."""
        match = self.pattern.search(text)
        return match.group(0) if match else None


@dataclass
class ProvisionProfile:
    """What a sentence is compared with: one provision's text and vocabulary."""

    provision_id: int
    text: str
    terms: dict[str, Term]


@dataclass(frozen=True)
class Candidate:
    """A provision a sentence may report, with the score and the words that made it."""

    sentence_index: int
    provision_id: int
    score: float
    matched_terms: list[str]


def provision_profiles(*, excluding_article_ids: Iterable[int] = ()) -> list[ProvisionProfile]:
    """Every provision's profile, with the confirmed evidence of all articles but the given
    ones as examples. A fixed number of queries, whatever the number of provisions."""
    provisions = Provision.objects.order_by("pk").prefetch_related(
        "bound_parties", "regions__members", "weapon_classes"
    )
    weapon_classes = {w.pk: w for w in WeaponClass.objects.all()}
    parents = {pk: w.parent_id for pk, w in weapon_classes.items()}
    examples = defaultdict(list)
    confirmed = (
        Evidence.objects.confirmed()
        .exclude(sentence__article__in=list(excluding_article_ids))
        .order_by("sentence__article", "sentence__position")
        .values_list("provision_id", "sentence__text")
    )
    for provision_id, text in confirmed:
        examples[provision_id].append(text)

    profiles = []
    for provision in provisions:
        entries: list[tuple[str, Party | Region | WeaponClass]] = [
            ("party", party) for party in provision.bound_parties.all()
        ]
        for region in provision.regions.all():
            # A group or zone is reported by its members' names too ("Georgia" for the
            # former Soviet states).
            entries += [("region", place) for place in [region, *region.members.all()]]
        for weapon in provision.weapon_classes.all():
            # A class is reported by its ancestors' names too: "missiles" for the
            # ground-launched intermediate-range ones.
            ancestors = _with_ancestors(weapon.pk, parents)
            entries += [("weapon", weapon_classes[pk]) for pk in ancestors]
        terms = {}
        for kind, entry in entries:
            key = f"{kind}:{entry.slug}"
            terms[key] = Term.of(key, [entry.name, *entry.aliases])
        names = " ".join(" ".join(term.names) for term in terms.values())
        text = " ".join([provision.title, provision.summary, names, *examples[provision.pk]])
        profiles.append(ProvisionProfile(provision.pk, text.translate(_PLAIN_PUNCTUATION), terms))
    return profiles


def rank_candidates(
    sentences: Sequence[str],
    profiles: Sequence[ProvisionProfile],
    tuning: Tuning = DEFAULT_TUNING,
) -> list[Candidate]:
    """The provisions each sentence may report, best first within a sentence; pure: no
    database access, so the evaluation can run it on held-out articles."""
    if not sentences or not profiles:
        return []
    texts = [s.translate(_PLAIN_PUNCTUATION) for s in sentences]
    words = _word_similarity(texts, profiles)
    vocabulary, named = _vocabulary_similarity(texts, profiles)
    scores = words.similarity * (1 + tuning.vocabulary_weight * vocabulary)

    candidates = []
    for index, row in enumerate(scores):
        best = [j for j in np.argsort(-row, kind="stable")[: tuning.top_k] if row[j] > 0]
        for j in best:
            if row[j] < tuning.threshold:
                break
            profile = profiles[j]
            shared_names = [name for key, name in named[index].items() if key in profile.terms]
            candidates.append(
                Candidate(
                    sentence_index=index,
                    provision_id=profile.provision_id,
                    score=round(float(row[j]), 4),
                    matched_terms=_explanation(shared_names, words.shared_words(index, j)),
                )
            )
    return candidates


@transaction.atomic
def suggest_links(*, article: Article, tuning: Tuning = DEFAULT_TUNING) -> list[Evidence]:
    """Store the article's candidate links as `suggested` evidence, and return them.

    A (sentence, provision) pair that has evidence already, whatever its status, is never
    suggested again: a rejected suggestion stays rejected. The examples are the confirmed
    evidence of other articles only, so an article never learns from itself.
    """
    sentences = list(Sentence.objects.filter(article=article).order_by("position"))
    if not sentences:
        return []
    profiles = provision_profiles(excluding_article_ids=[article.pk])
    existing = set(
        Evidence.objects.filter(sentence__article=article).values_list(
            "sentence_id", "provision_id"
        )
    )
    suggestions = []
    for candidate in rank_candidates([s.text for s in sentences], profiles, tuning):
        sentence = sentences[candidate.sentence_index]
        if (sentence.pk, candidate.provision_id) in existing:
            continue
        evidence = Evidence(
            sentence=sentence,
            provision_id=candidate.provision_id,
            relation=Evidence.Relation.REPORTS,
            status=Evidence.Status.SUGGESTED,
            score=candidate.score,
            matched_terms=candidate.matched_terms,
        )
        # The sentence and provision were just read, and the pair was checked against the
        # existing evidence above: validating them again would cost queries per row.
        evidence.full_clean(
            exclude=["sentence", "provision"], validate_unique=False, validate_constraints=False
        )
        suggestions.append(evidence)
    if suggestions:
        bulk_create_with_history(suggestions, Evidence)
    return suggestions


@dataclass
class _WordSimilarity:
    similarity: np.ndarray
    sentence_vectors: Any
    provision_vectors: Any
    feature_names: np.ndarray

    def shared_words(self, sentence_index: int, profile_index: int) -> list[str]:
        """The words the sentence and the provision share, most telling first."""
        contribution = self.sentence_vectors[sentence_index].multiply(
            self.provision_vectors[profile_index]
        )
        _, columns = contribution.nonzero()
        weights = contribution.toarray().ravel()
        ranked = sorted(columns, key=lambda c: (-weights[c], self.feature_names[c]))
        return [str(self.feature_names[c]) for c in ranked[:MAX_EXPLAINING_WORDS]]


def _word_similarity(texts: list[str], profiles: Sequence[ProvisionProfile]) -> _WordSimilarity:
    # Word pairs too: "eastward expansion" and "military bases" say more than their words.
    vectorizer = TfidfVectorizer(stop_words="english", sublinear_tf=True, ngram_range=(1, 2))
    documents = [profile.text for profile in profiles]
    try:
        # The words and their weights come from the provisions alone: what tells provisions
        # apart does not depend on the article, and an article that keeps repeating its
        # subject does not thereby weaken it.
        provision_vectors = vectorizer.fit_transform(documents)
    except ValueError:
        # The provisions hold nothing but stop words: no word can tell them apart.
        empty = np.zeros((len(texts), len(profiles)))
        return _WordSimilarity(empty, None, None, np.array([]))
    sentence_vectors = vectorizer.transform(texts)
    similarity = (sentence_vectors @ provision_vectors.T).toarray()
    return _WordSimilarity(
        similarity, sentence_vectors, provision_vectors, vectorizer.get_feature_names_out()
    )


def _vocabulary_similarity(
    texts: list[str], profiles: Sequence[ProvisionProfile]
) -> tuple[np.ndarray, list[dict[str, str]]]:
    """Cosine over vocabulary entries, and, per sentence, the entries it names (key → the
    name as written).

    An entry weighs log(provisions / provisions with an entry of the same name): the region
    Russia shares its name with the party Russia, which nearly every provision binds, so
    naming Russia tells the provisions apart no better than naming the party does.
    """
    terms = {key: term for profile in profiles for key, term in profile.terms.items()}
    provisions_by_name = defaultdict(set)
    for index, profile in enumerate(profiles):
        for term in profile.terms.values():
            for name in term.names:
                provisions_by_name[name.lower()].add(index)
    weight = {
        key: math.log(
            len(profiles) / len(set().union(*(provisions_by_name[n.lower()] for n in term.names)))
        )
        for key, term in terms.items()
    }
    named = [
        {key: as_written for key, term in terms.items() if (as_written := term.found_in(text))}
        for text in texts
    ]
    similarity = np.zeros((len(texts), len(profiles)))
    norms = [math.sqrt(sum(weight[k] ** 2 for k in profile.terms)) for profile in profiles]
    for i, found in enumerate(named):
        sentence_norm = math.sqrt(sum(weight[k] ** 2 for k in found))
        if not sentence_norm:
            continue
        for j, profile in enumerate(profiles):
            shared = sum(weight[k] ** 2 for k in found if k in profile.terms)
            if shared:
                similarity[i, j] = shared / (sentence_norm * norms[j])
    return similarity, named


def _explanation(names: list[str], words: list[str]) -> list[str]:
    """Vocabulary names first, then the shared words; each once, and none that a longer
    entry already says ("missiles" in "intermediate-range missiles", "soviet" in "soviet
    states")."""
    entries = list(dict.fromkeys([*names, *words]))
    plain = [f" {entry.lower().replace('-', ' ')} " for entry in entries]
    return [
        entry
        for entry, said in zip(entries, plain, strict=True)
        if not any(said != other and said in other for other in plain)
    ]


def _with_ancestors(pk: int, parents: dict[int, int | None]) -> list[int]:
    chain: list[int] = []
    current: int | None = pk
    while current is not None and current not in chain:
        chain.append(current)
        current = parents.get(current)
    return chain


def _names_pattern(names: Sequence[str]) -> re.Pattern:
    """One regex finding any of `names` as whole words. Acronyms ("US", "U.S.", "INF")
    match in their own case only, so "us" is not the United States; other names in any
    case."""
    acronyms = [n for n in names if _is_acronym(n)]
    words = [n for n in names if not _is_acronym(n)]
    parts = []
    # Longest first, so that "intermediate-range missiles" wins over "intermediate-range".
    if acronyms:
        parts.append("|".join(re.escape(n) for n in sorted(acronyms, key=len, reverse=True)))
    if words:
        alternatives = "|".join(re.escape(n) for n in sorted(words, key=len, reverse=True))
        parts.append(f"(?i:{alternatives})")
    if not parts:
        return re.compile(r"(?!)")  # no name: matches nothing
    return re.compile(rf"(?<!\w)(?:{'|'.join(parts)})(?!\w)")


def _is_acronym(name: str) -> bool:
    letters = [c for c in name if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)
