"""A large, realistic and removable corpus for performance work (`generate_scale_data`).

Everything generated is marked so that it can be told apart from real data and removed:
treaties, outlets, parties, regions and weapon classes have slugs starting with `scale-`;
provisions belong to `scale-` treaties, articles to `scale-` outlets, sentences to those
articles, evidence to those sentences.

Use is skewed the way real use is (Zipf-like, weight 1/rank): a few regions, weapon classes,
outlets, measures and words are used far more than the rest, and a few provisions collect
most of the evidence. Article bodies are paragraphs of sentences drawn from a vocabulary of
English function words, the domain's words and made-up words whose English stem is the word
itself, so that full-text search finds a "common" and a "rare" word whose frequencies are
known (the summary names them).

On PostgreSQL the large tables (articles, sentences, evidence and the many-to-many tables)
are written with COPY through psycopg; elsewhere (SQLite, for the tests) with bulk_create.
Rows satisfy every constraint of the models: `article.body[start:end] == text` for every
sentence, a unique content hash per article, one evidence link per (sentence, provision),
provision articles within their treaty's article count.
"""

import hashlib
import itertools
import queue
import random
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, date, datetime, timedelta

from django.core.management.color import no_style
from django.db import connections, models, transaction

from articles.cleaning import PARAGRAPH_BREAK
from articles.models import Article, Outlet, Sentence
from evidence.models import Evidence
from treaties.models import Measure, Party, Provision, Region, Treaty, WeaponClass

PREFIX = "scale-"
# Above this many sentences a backend other than PostgreSQL is refused: SQLite would take
# hours, and the measurements this corpus is for are about PostgreSQL.
MAX_SENTENCES_WITHOUT_POSTGRESQL = 50_000
# Articles (with their sentences) generated and written per round trip.
CHUNK_ARTICLES = 2_000
# The evidence count the "detail with hundreds of evidence rows" provision is chosen near.
DETAIL_EVIDENCE_TARGET = 400


def _word_list(text: str) -> list[str]:
    return text.split()


# Most frequent first. The first group are English stop words (PostgreSQL's english
# configuration drops them from search vectors); then the domain's own words.
FUNCTION_WORDS = _word_list(
    "the of to and a in that is for on with as was by at from it be this said an has are "
    "have were which or its their would not but will been they had also after than over "
    "more into about against"
)
DOMAIN_WORDS = _word_list(
    "NATO Russia security missiles forces treaty troops Moscow Ukraine military "
    "Washington alliance nuclear weapons draft guarantees Europe talks Kremlin border "
    "demands proposal deployment officials expansion diplomats agreement exercises bases "
    "eastern members negotiations Putin Biden Lavrov Ryabkov Blinken Stoltenberg Brussels "
    "Geneva Poland Baltic Romania territory intermediate-range infrastructure sovereignty "
    "posture drills bombers warships aircraft deterrence escalation sanctions invasion "
    "buildup withdrawal commitments membership documents allies ministry spokesman envoy "
    "summit response ultimatum stability arms control verification satellites airspace "
    "flights"
)
# Made-up words: consonant-vowel syllables ending in vowel + consonant. The endings are
# chosen so that PostgreSQL's English stemmer leaves the word as it is ("kabomut").
_ONSETS = "bdfghklmnprstvz"
_VOWELS = "aeiou"
_LAST_VOWELS = "aou"
_CODAS = "bgkmpt"

STATUS_WEIGHTS = (
    (Evidence.Status.CONFIRMED, 6),
    (Evidence.Status.SUGGESTED, 3),
    (Evidence.Status.REJECTED, 1),
)
RELATION_WEIGHTS = (
    (Evidence.Relation.REPORTS, 6),
    (Evidence.Relation.QUOTES, 2),
    (Evidence.Relation.MENTIONS, 2),
)
# Measures by popularity: the benchmarks filter on `deployment`, the most used.
MEASURES_BY_USE = (
    Measure.DEPLOYMENT,
    Measure.PRINCIPLE,
    Measure.CONSULTATION,
    Measure.BASING,
    Measure.EXERCISES,
    Measure.NUCLEAR_POSTURE,
    Measure.MEMBERSHIP,
    Measure.FINAL_CLAUSE,
)
FIRST_DAY = date(2021, 12, 17)


class ScaleDataError(Exception):
    """The corpus cannot be generated as asked; the message says why, in one line."""


@dataclass(frozen=True)
class Sizes:
    treaties: int = 500
    provisions: int = 10_000
    articles: int = 100_000
    sentences: int = 2_000_000
    evidence: int = 200_000

    def scaled(self, factor: float) -> "Sizes":
        if factor <= 0:
            raise ScaleDataError(f"the scale factor must be positive, not {factor}")
        values = asdict(self)
        return Sizes(**{name: max(1, round(value * factor)) for name, value in values.items()})

    def check(self) -> None:
        for name, value in asdict(self).items():
            if value < 1:
                raise ScaleDataError(f"--{name} must be at least 1, not {value}")
        if self.provisions < self.treaties:
            raise ScaleDataError("every treaty needs a provision: --provisions < --treaties")
        if self.sentences < self.articles:
            raise ScaleDataError("every article needs a sentence: --sentences < --articles")
        if self.evidence > self.sentences * self.provisions // 2:
            raise ScaleDataError("too much evidence for the sentences and provisions asked for")

    # The vocabulary grows with the corpus, within bounds.
    @property
    def outlets(self) -> int:
        return max(3, min(2_000, self.articles // 300))

    @property
    def regions(self) -> int:
        return max(12, self.treaties // 3)

    @property
    def weapon_classes(self) -> int:
        return max(6, self.treaties // 12)

    @property
    def parties(self) -> int:
        return max(8, self.treaties // 5)

    @property
    def words(self) -> int:
        # Roughly one distinct word per 40 running words, as in news text of this size.
        return max(2_000, min(1_500_000, self.sentences * 18 // 40))


@dataclass
class Summary:
    """What was generated, how long it took, and the values the benchmarks use."""

    seed: int
    sizes: dict
    counts: dict = field(default_factory=dict)
    seconds: dict = field(default_factory=dict)
    common_word: str = ""
    common_word_sentences: int = 0
    rare_word: str = ""
    rare_word_sentences: int = 0
    detail_provision: str = ""
    detail_provision_evidence: int = 0
    busiest_provision: str = ""
    busiest_provision_evidence: int = 0
    top_treaty: str = ""
    top_region: str = ""
    top_region_provisions: int = 0
    median_region_provisions: float = 0
    top_weapon_class: str = ""
    top_outlet: str = ""
    search_vector_checked: bool = False

    def as_dict(self) -> dict:
        return asdict(self)


# --- Choosing with a skew -------------------------------------------------------------


class Zipf:
    """Items chosen with weight 1/rank: the first is chosen most, the last least."""

    def __init__(self, items: Sequence, rng: random.Random, exponent: float = 1.0):
        if not items:
            raise ScaleDataError("nothing to choose from")
        self.items = list(items)
        self.rng = rng
        self.cum_weights = list(
            itertools.accumulate(1 / rank**exponent for rank in range(1, len(self.items) + 1))
        )

    def one(self):
        return self.rng.choices(self.items, cum_weights=self.cum_weights)[0]

    def many(self, k: int) -> list:
        return self.rng.choices(self.items, cum_weights=self.cum_weights, k=k)

    def distinct(self, k: int) -> list:
        k = min(k, len(self.items))
        chosen: dict = {}
        while len(chosen) < k:
            for item in self.many(k - len(chosen)):
                chosen.setdefault(item, None)
        return list(chosen)[:k]


def letters(number: int, width: int) -> str:
    """`number` in base 26 with the letters a–z, `width` letters: 0 -> "aaa" (width 3)."""
    out = []
    for _ in range(width):
        number, digit = divmod(number, 26)
        out.append(chr(ord("a") + digit))
    return "".join(reversed(out))


def width_for(count: int) -> int:
    width = 1
    while 26**width < count:
        width += 1
    return max(width, 3)


def made_up_words(count: int, rng: random.Random, exclude: set[str]) -> list[str]:
    """`count` distinct made-up words, shorter ones first (short words are the common ones)."""
    words: list[str] = []
    seen = set(exclude)
    syllables = 2
    while len(words) < count:
        stems = [a + b for a in _ONSETS for b in _VOWELS]
        last = [a + b + c for a in _ONSETS for b in _LAST_VOWELS for c in _CODAS]
        space = len(stems) ** (syllables - 1) * len(last)
        wanted = min(count - len(words), space)
        for number in rng.sample(range(space), wanted):
            number, tail = divmod(number, len(last))
            parts = [last[tail]]
            for _ in range(syllables - 1):
                number, stem = divmod(number, len(stems))
                parts.append(stems[stem])
            word = "".join(reversed(parts))
            if word not in seen:
                seen.add(word)
                words.append(word)
        syllables += 1
    return words


# --- Text ---------------------------------------------------------------------------


class Prose:
    """Sentences, titles and article texts drawn from a Zipf-skewed vocabulary of `size`
    words: function words first, then the domain's words, then made-up words."""

    def __init__(self, size: int, rng: random.Random, *, seed: int = 1):
        self.rng = rng
        exclude = {w.lower() for w in FUNCTION_WORDS + DOMAIN_WORDS}
        invented = made_up_words(max(0, size - len(exclude)), random.Random(seed), exclude)
        self.vocabulary = FUNCTION_WORDS + DOMAIN_WORDS + invented
        self.invented = set(invented)
        self.words = Zipf(self.vocabulary, rng)
        self.content_words = Zipf(DOMAIN_WORDS + invented, rng)

    def sentence(self, length: int | None = None) -> str:
        """One sentence: 8 to 28 words, a capital, perhaps a comma, a full stop."""
        length = length or self.rng.randint(8, 28)
        words = self.words.many(length)
        if length > 10:
            words[self.rng.randrange(3, length - 3)] += ","
        first = words[0]
        words[0] = first[0].upper() + first[1:]
        return " ".join(words) + "."

    def heading(self, shortest: int = 4, longest: int = 9) -> str:
        return " ".join(self.content_words.many(self.rng.randint(shortest, longest)))

    def body(self, sentences: list[str]) -> tuple[str, list[tuple[int, int]]]:
        """The body (paragraphs of one to four sentences) and each sentence's (start, end)."""
        paragraphs, spans = [], []
        offset = 0
        index = 0
        while index < len(sentences):
            size = self.rng.randint(1, 4)
            paragraph = sentences[index : index + size]
            for text in paragraph:
                spans.append((offset, offset + len(text)))
                offset += len(text) + 1
            offset += len(PARAGRAPH_BREAK) - 1
            paragraphs.append(" ".join(paragraph))
            index += size
        return PARAGRAPH_BREAK.join(paragraphs), spans

    def article_file(self, sentence_count: int, *, url: str, published: date) -> str:
        """An article file as `import_articles` reads it: title, date and URL header lines,
        then the paragraphs (for the import benchmark)."""
        body, _ = self.body([self.sentence() for _ in range(sentence_count)])
        return f"{self.heading().title()}\n{published:%Y%m%d}\n{url}\n{body}\n"


# --- Writing rows ---------------------------------------------------------------------


class RowWriter:
    """Writes plain row tuples to a model's table: COPY on PostgreSQL, bulk_create elsewhere."""

    def __init__(self, using: str):
        self.connection = connections[using]
        self.using = using
        self.copy = self.connection.vendor == "postgresql"

    def write(self, model, columns: Sequence[str], rows: Iterable[tuple]) -> int:
        """`columns` are attnames (`article_id`); returns the number of rows written."""
        if self.copy:
            return self._copy(model, columns, rows)
        objects = [model(**dict(zip(columns, row, strict=True))) for row in rows]
        model._base_manager.using(self.using).bulk_create(objects, batch_size=500)
        return len(objects)

    def _copy(self, model, columns, rows) -> int:
        self.connection.ensure_connection()
        return self._copy_on(self.connection.connection, model, columns, rows)

    def _copy_on(self, raw_connection, model, columns, rows) -> int:
        """COPY on the psycopg connection itself (which may be used from another thread).

        Columns the caller does not name get their field's default, as bulk_create would
        give them: a field added to the model later does not break the generator."""
        from psycopg.types.json import Jsonb

        defaults = _defaults_not_in(model, columns)
        columns = [*columns, *defaults]
        json_positions = [
            index
            for index, attname in enumerate(columns)
            if isinstance(_field(model, attname), models.JSONField)
        ]
        quote = self.connection.ops.quote_name
        names = ", ".join(quote(_field(model, attname).column) for attname in columns)
        sql = f"COPY {quote(model._meta.db_table)} ({names}) FROM STDIN"
        filler = tuple(defaults.values())
        count = 0
        with raw_connection.cursor() as cursor, cursor.copy(sql) as copy:
            for row in rows:
                row = (*row, *filler)
                if json_positions:
                    row = list(row)
                    for index in json_positions:
                        row[index] = None if row[index] is None else Jsonb(row[index])
                copy.write_row(row)
                count += 1
        return count

    def next_id(self, model) -> int:
        latest = model._base_manager.using(self.using).aggregate(top=models.Max("pk"))["top"]
        return (latest or 0) + 1

    def reset_sequences(self, models_: Sequence) -> None:
        statements = self.connection.ops.sequence_reset_sql(no_style(), models_)
        with self.connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)

    def pipeline(self) -> "Pipeline":
        """A writer that, on PostgreSQL, writes each batch on a second thread while the caller
        makes the next one, so that generating text and PostgreSQL's work on the rows
        (search vectors, indexes) overlap. Elsewhere it writes at once."""
        return Pipeline(self)


class Pipeline:
    def __init__(self, writer: RowWriter):
        self.writer = writer
        self.written: Counter = Counter()
        self.error: BaseException | None = None
        self.thread = None
        if writer.copy:
            writer.connection.ensure_connection()
            self.raw = writer.connection.connection
            self.queue: queue.Queue = queue.Queue(maxsize=2)
            self.thread = threading.Thread(target=self._run, name="scale-data-copy", daemon=True)
            self.thread.start()

    def _run(self) -> None:
        while (job := self.queue.get()) is not None:
            if self.error is None:
                model, columns, rows = job
                try:
                    self.written[model] += self.writer._copy_on(self.raw, model, columns, rows)
                except BaseException as error:  # handed to the caller's thread
                    self.error = error

    def write(self, model, columns: Sequence[str], rows: list[tuple]) -> None:
        if self.error is not None:
            raise self.error
        if self.thread is None:
            self.written[model] += self.writer.write(model, columns, rows)
        else:
            self.queue.put((model, columns, rows))

    def close(self) -> Counter:
        """Wait for every batch to be written; returns rows written per model."""
        if self.thread is not None:
            self.queue.put(None)
            self.thread.join()
        if self.error is not None:
            raise self.error
        return self.written


def _field(model, attname: str) -> models.Field:
    for model_field in model._meta.concrete_fields:
        if model_field.attname == attname:
            return model_field
    raise LookupError(f"{model.__name__} has no field {attname!r}")


def _defaults_not_in(model, columns: Sequence[str]) -> dict:
    """{attname: default} of the fields with a default that `columns` leaves out."""
    return {
        model_field.attname: model_field.get_default()
        for model_field in model._meta.concrete_fields
        if model_field.attname not in columns
        and model_field.has_default()
        and not model_field.primary_key
    }


# --- The generator --------------------------------------------------------------------


def has_scale_data(using: str = "default") -> bool:
    return (
        Treaty.objects.using(using).filter(slug__startswith=PREFIX).exists()
        or Outlet.objects.using(using).filter(slug__startswith=PREFIX).exists()
    )


def check_backend(sizes: Sizes, using: str = "default") -> None:
    vendor = connections[using].vendor
    if vendor != "postgresql" and sizes.sentences > MAX_SENTENCES_WITHOUT_POSTGRESQL:
        raise ScaleDataError(
            f"{sizes.sentences:,} sentences on {vendor}: corpora of more than "
            f"{MAX_SENTENCES_WITHOUT_POSTGRESQL:,} sentences need PostgreSQL "
            "(set DATABASE_URL=postgres://…), or ask for fewer with --scale"
        )


class Generator:
    def __init__(
        self,
        sizes: Sizes,
        *,
        seed: int = 1,
        using: str = "default",
        log: Callable[[str], None] = lambda message: None,
    ):
        self.sizes = sizes
        self.seed = seed
        self.using = using
        self.log = log
        self.rng = random.Random(seed)
        self.writer = RowWriter(using)
        self.summary = Summary(seed=seed, sizes=asdict(sizes))
        self.now = datetime.now(UTC)

    # Timing of the phases, for the summary.
    def _phase(self, name: str, started: float) -> float:
        now = time.perf_counter()
        self.summary.seconds[name] = round(now - started, 2)
        self.log(f"  {name}: {now - started:.1f} s")
        return now

    def run(self) -> Summary:
        started = time.perf_counter()
        self.sizes.check()
        check_backend(self.sizes, self.using)
        with transaction.atomic(using=self.using):
            if self.writer.copy:
                with connections[self.using].cursor() as cursor:
                    # Faster bulk load for this transaction only.
                    cursor.execute("SET LOCAL synchronous_commit = off")
                    cursor.execute("SET LOCAL maintenance_work_mem = '512MB'")
            phase = time.perf_counter()
            self._vocabulary()
            phase = self._phase("vocabulary", phase)
            self._treaties_and_provisions()
            phase = self._phase("treaties and provisions", phase)
            self._plan_evidence()
            phase = self._phase("evidence plan", phase)
            self._articles_and_sentences()
            phase = self._phase("articles and sentences", phase)
            self._evidence()
            phase = self._phase("evidence", phase)
            self.writer.reset_sequences([Article, Sentence, Evidence])
        # Committing checks the deferred foreign keys of every row written.
        phase = self._phase("commit", phase)
        if self.writer.copy and not connections[self.using].in_atomic_block:
            # Statistics for the planner, and the visibility map that index-only scans
            # need: what a database that has been running a while would have.
            with connections[self.using].cursor() as cursor:
                for model in (Article, Sentence, Evidence, Provision, Treaty, Outlet):
                    cursor.execute(f"VACUUM (ANALYZE) {model._meta.db_table}")
                for through in self._through_models():
                    cursor.execute(f"VACUUM (ANALYZE) {through._meta.db_table}")
            phase = self._phase("vacuum analyze", phase)
        self._choose_benchmark_values()
        self._phase("summary", phase)
        self.summary.seconds["total"] = round(time.perf_counter() - started, 2)
        return self.summary

    @staticmethod
    def _through_models():
        return (
            Provision.regions.through,
            Provision.weapon_classes.through,
            Provision.bound_parties.through,
            Provision.related.through,
            Treaty.parties.through,
        )

    # Vocabulary: the existing (seed) rows first, then generated ones up to the sizes asked.

    def _vocabulary(self) -> None:
        rng, db = self.rng, self.using
        self.parties = self._extend(
            Party,
            self.sizes.parties,
            lambda i, code: Party(
                slug=f"{PREFIX}party-{code}",
                name=f"Scale party {code.upper()}",
                kind=Party.Kind.STATE,
            ),
        )
        self.regions = self._extend(
            Region,
            self.sizes.regions,
            lambda i, code: Region(
                slug=f"{PREFIX}region-{code}",
                name=f"Scale region {code.upper()}",
                kind=rng.choices(
                    [Region.Kind.COUNTRY, Region.Kind.GROUP, Region.Kind.ZONE], [75, 15, 10]
                )[0],
            ),
        )
        countries = [r.pk for r in self.regions if r.kind == Region.Kind.COUNTRY]
        members = []
        for region in self.regions:
            if region.slug.startswith(PREFIX) and region.kind != Region.Kind.COUNTRY:
                for member in rng.sample(countries, min(len(countries), rng.randint(3, 10))):
                    members.append((region.pk, member))
        self.writer.write(Region.members.through, ("from_region_id", "to_region_id"), members)

        classes = self._extend(
            WeaponClass,
            self.sizes.weapon_classes,
            lambda i, code: WeaponClass(
                slug=f"{PREFIX}weapon-{code}", name=f"Scale weapon class {code.upper()}"
            ),
        )
        # A tree: some generated classes go under an earlier class.
        for index, weapon_class in enumerate(classes):
            if weapon_class.slug.startswith(PREFIX) and index and rng.random() < 0.4:
                weapon_class.parent_id = classes[rng.randrange(index)].pk
                WeaponClass.objects.using(db).filter(pk=weapon_class.pk).update(
                    parent_id=weapon_class.parent_id
                )
        self.weapon_classes = classes

        width = width_for(self.sizes.outlets)
        outlets = [
            Outlet(
                slug=f"{PREFIX}outlet-{letters(i, width)}",
                name=f"Scale Outlet {letters(i, width).upper()}",
                domain=f"{letters(i, width)}.scale.example",
            )
            for i in range(self.sizes.outlets)
        ]
        self.outlets = Outlet.objects.using(db).bulk_create(outlets)
        # Zipf order: shuffled once, so that the most used is not always the first made.
        for rows in (self.parties, self.regions, self.weapon_classes, self.outlets):
            rng.shuffle(rows)

    def _extend(self, model, total: int, make) -> list:
        existing = list(model.objects.using(self.using).exclude(slug__startswith=PREFIX))
        wanted = max(0, total - len(existing))
        width = width_for(wanted)
        made = model.objects.using(self.using).bulk_create(
            [make(i, letters(i, width)) for i in range(wanted)]
        )
        if any(row.pk is None for row in made):  # backends that return no ids
            made = list(model.objects.using(self.using).filter(slug__startswith=PREFIX))
        return sorted(existing, key=lambda row: row.slug) + made

    # Treaties and provisions (bulk_create: thousands of rows), then their m2m rows.

    def _treaties_and_provisions(self) -> None:
        rng, db, sizes = self.rng, self.using, self.sizes
        self.prose = Prose(sizes.words, rng, seed=self.seed)
        parties = Zipf(self.parties, rng)
        regions = Zipf(self.regions, rng)
        weapon_classes = Zipf(self.weapon_classes, rng)
        measures = Zipf(MEASURES_BY_USE, rng)

        per_treaty = _spread(sizes.provisions, sizes.treaties, rng)
        width = width_for(sizes.treaties)
        treaties, layouts, treaty_parties = [], [], []
        for index, count in enumerate(per_treaty):
            code = letters(index, width)
            layout = _article_layout(count, rng)
            layouts.append(layout)
            proposer = parties.one()
            handed_over = FIRST_DAY - timedelta(days=rng.randrange(0, 3_650))
            treaties.append(
                Treaty(
                    slug=f"{PREFIX}{code}",
                    title=f"Scale draft treaty {code.upper()} on "
                    + " ".join(self.prose.content_words.many(rng.randint(3, 6))),
                    short_title=f"Scale {code.upper()}",
                    proposer=proposer,
                    article_count=layout[-1][0] + rng.randint(0, 2),
                    handed_over=handed_over,
                    published=handed_over + timedelta(days=rng.randint(0, 30)),
                    status=rng.choices(list(Treaty.Status), [90, 7, 3])[0],
                    source_url=f"https://treaties.scale.example/{code}",
                    description="Generated by generate_scale_data: not a real treaty.",
                )
            )
            treaty_parties.append({proposer.pk, *(p.pk for p in parties.distinct(3))})
        treaties = Treaty.objects.using(db).bulk_create(treaties)
        if any(t.pk is None for t in treaties):
            treaties = list(Treaty.objects.using(db).filter(slug__startswith=PREFIX))
        self.writer.write(
            Treaty.parties.through,
            ("treaty_id", "party_id"),
            ((t.pk, p) for t, ps in zip(treaties, treaty_parties, strict=True) for p in ps),
        )

        provisions = []
        for treaty, layout in zip(treaties, layouts, strict=True):
            for article, paragraph in layout:
                measure = measures.one()
                has_baseline = rng.random() < 0.2
                provisions.append(
                    Provision(
                        treaty=treaty,
                        article=article,
                        paragraph=paragraph,
                        # bulk_create skips save(), which names a provision by its parts.
                        slug=Provision.slug_of(treaty.slug, article, paragraph),
                        title=self.prose.heading()[:200].capitalize(),
                        summary=" ".join(self.prose.sentence() for _ in range(2)),
                        measure=measure,
                        baseline_date=FIRST_DAY - timedelta(days=rng.randrange(0, 9_000))
                        if has_baseline
                        else None,
                        baseline_note="As on the baseline date." if has_baseline else "",
                    )
                )
        provisions = Provision.objects.using(db).bulk_create(provisions, batch_size=2_000)
        if any(p.pk is None for p in provisions):
            provisions = list(
                Provision.objects.using(db)
                .filter(treaty__slug__startswith=PREFIX)
                .order_by("treaty__slug", "article", "paragraph")
            )
        self.treaties = treaties
        self.provisions = provisions

        region_rows, class_rows, party_rows, no_region = [], [], [], []
        for provision in provisions:
            general = provision.measure in (Measure.PRINCIPLE, Measure.FINAL_CLAUSE)
            if general and rng.random() < 0.7:
                no_region.append(provision.pk)
            else:
                for region in regions.distinct(rng.randint(1, 4)):
                    region_rows.append((provision.pk, region.pk))
            for weapon_class in weapon_classes.distinct(rng.choice((0, 0, 1, 1, 2, 3))):
                class_rows.append((provision.pk, weapon_class.pk))
            for party in parties.distinct(rng.randint(1, 3)):
                party_rows.append((provision.pk, party.pk))
        for chunk in _chunks(no_region, 900):
            Provision.objects.using(db).filter(pk__in=chunk).update(no_region=True)
        self.writer.write(Provision.regions.through, ("provision_id", "region_id"), region_rows)
        self.writer.write(
            Provision.weapon_classes.through, ("provision_id", "weaponclass_id"), class_rows
        )
        self.writer.write(Provision.bound_parties.through, ("provision_id", "party_id"), party_rows)
        # Parallel provisions: a few pairs, stored both ways as Django does for "self".
        related = set()
        for _ in range(len(provisions) // 20):
            a, b = rng.sample(provisions, 2) if len(provisions) > 1 else (None, None)
            if a is not None and a.treaty_id != b.treaty_id:
                related.update({(a.pk, b.pk), (b.pk, a.pk)})
        self.writer.write(
            Provision.related.through, ("from_provision_id", "to_provision_id"), sorted(related)
        )
        region_use = Counter(region for _, region in region_rows)
        self._region_use = region_use
        self._class_use = Counter(weapon_class for _, weapon_class in class_rows)
        self.summary.counts.update(
            treaties=len(treaties),
            provisions=len(provisions),
            provision_regions=len(region_rows),
            provision_weapon_classes=len(class_rows),
            provision_parties=len(party_rows),
            related_pairs=len(related) // 2,
        )

    # Evidence is planned before the sentences exist, so that the words of confirmed
    # evidence sentences can be counted as the sentences are made.

    def _plan_evidence(self) -> None:
        rng, sizes = self.rng, self.sizes
        self.sentence_counts = _spread(sizes.sentences, sizes.articles, rng)
        # The provisions most reported are spread over the treaties.
        order = [p.pk for p in self.provisions]
        rng.shuffle(order)
        provisions = Zipf(order, rng)
        links: dict[tuple[int, int], None] = {}
        while len(links) < sizes.evidence:
            for provision in provisions.many(sizes.evidence - len(links)):
                links.setdefault((rng.randrange(sizes.sentences), provision), None)
        self.links = sorted(links)
        statuses = [s for s, _ in STATUS_WEIGHTS]
        status_weights = [w for _, w in STATUS_WEIGHTS]
        self.link_status = rng.choices(statuses, status_weights, k=len(self.links))
        # The rare word is chosen among the words of these sentences: confirmed evidence of
        # provisions with no more evidence than most, so that a search for it measures the
        # search and not the cost of counting a provision with thousands of evidence rows.
        per_provision = Counter(provision for _, provision in self.links)
        usual = sorted(per_provision.values())[int(0.9 * (len(per_provision) - 1))]
        confirmed = [
            (sentence, provision)
            for (sentence, provision), status in zip(self.links, self.link_status, strict=True)
            if status == Evidence.Status.CONFIRMED
        ]
        heavy = {s for s, p in self.links if per_provision[p] > usual}
        self.confirmed_sentences = {s for s, _ in confirmed if s not in heavy} or {
            s for s, _ in confirmed
        }

    def _articles_and_sentences(self) -> None:
        rng, sizes = self.rng, self.sizes
        article_id = self.writer.next_id(Article)
        sentence_id = self.writer.next_id(Sentence)
        self.first_sentence_id = sentence_id
        outlets = Zipf(self.outlets, rng)
        document_frequency: Counter = Counter()
        in_confirmed: set[str] = set()
        article_columns = (
            "id",
            "outlet_id",
            "title",
            "url",
            "published",
            "language",
            "source_name",
            "note",
            "raw",
            "body",
            "content_hash",
            "version",
            "previous_version_id",
            "imported_at",
        )
        sentence_columns = ("id", "article_id", "position", "text", "start", "end")
        hashes: set[str] = set()
        sentence_index = 0
        pipeline = self.writer.pipeline()
        outlet_use: Counter = Counter()
        progress_every = max(1, sizes.articles // 10)
        for chunk_start in range(0, sizes.articles, CHUNK_ARTICLES):
            article_rows, sentence_rows = [], []
            for index in range(chunk_start, min(sizes.articles, chunk_start + CHUNK_ARTICLES)):
                outlet = outlets.one()
                outlet_use[outlet.slug] += 1
                sentences = []
                for _ in range(self.sentence_counts[index]):
                    text = self.prose.sentence()
                    words = set(text.lower().replace(",", "").rstrip(".").split())
                    document_frequency.update(words)
                    if sentence_index in self.confirmed_sentences:
                        in_confirmed.update(words)
                    sentences.append(text)
                    sentence_index += 1
                body, spans = self.prose.body(sentences)
                content_hash = hashlib.sha256(body.encode("utf-8")).hexdigest()
                if content_hash in hashes:  # next to impossible; fail loudly, never silently
                    raise ScaleDataError("two generated articles have the same text; change --seed")
                hashes.add(content_hash)
                title = self.prose.heading().title()
                published = FIRST_DAY + timedelta(days=min(1_500, int(rng.expovariate(1 / 150))))
                url = f"https://{outlet.domain}/{published:%Y/%m}/story-{index}"
                raw = f"{title}\n{published:%Y%m%d}\n{url}\n{body}\n"
                article_rows.append(
                    (
                        article_id,
                        outlet.pk,
                        title[:500],
                        url,
                        published,
                        "en",
                        f"scale-{index}.txt",
                        "Generated by generate_scale_data: not real reporting.",
                        raw,
                        body,
                        content_hash,
                        1,
                        None,
                        self.now,
                    )
                )
                for position, (text, (start, end)) in enumerate(zip(sentences, spans, strict=True)):
                    sentence_rows.append((sentence_id, article_id, position, text, start, end))
                    sentence_id += 1
                article_id += 1
                if (index + 1) % progress_every == 0:
                    self.log(f"    {index + 1:,} articles, {sentence_index:,} sentences")
            pipeline.write(Article, article_columns, article_rows)
            pipeline.write(Sentence, sentence_columns, sentence_rows)
        written = pipeline.close()
        self.document_frequency = document_frequency
        self.in_confirmed = in_confirmed
        self.outlet_use = outlet_use
        self.summary.counts.update(
            outlets=len(self.outlets), articles=written[Article], sentences=written[Sentence]
        )

    def _evidence(self) -> None:
        rng = self.rng
        relations = [r for r, _ in RELATION_WEIGHTS]
        relation_weights = [w for _, w in RELATION_WEIGHTS]
        evidence_id = self.writer.next_id(Evidence)
        columns = (
            "id",
            "sentence_id",
            "provision_id",
            "relation",
            "status",
            "score",
            "note",
            "created_by_id",
            "created_at",
            "updated_at",
        )

        def rows():
            for offset, ((sentence, provision), status) in enumerate(
                zip(self.links, self.link_status, strict=True)
            ):
                suggested = status == Evidence.Status.SUGGESTED
                yield (
                    evidence_id + offset,
                    self.first_sentence_id + sentence,
                    provision,
                    rng.choices(relations, relation_weights)[0],
                    status,
                    round(rng.uniform(0.3, 0.99), 3) if suggested else None,
                    "",
                    None,
                    self.now,
                    self.now,
                )

        self.summary.counts["evidence"] = self.writer.write(Evidence, columns, rows())

    # The values the benchmarks need, chosen from what was generated.

    def _choose_benchmark_values(self) -> None:
        summary = self.summary
        per_provision = Counter(provision for _, provision in self.links)
        slugs = {p.pk: p.slug for p in self.provisions}
        busiest, busiest_count = per_provision.most_common(1)[0]
        detail, detail_count = min(
            per_provision.items(), key=lambda item: (abs(item[1] - DETAIL_EVIDENCE_TARGET), item[0])
        )
        summary.busiest_provision = slugs[busiest]
        summary.busiest_provision_evidence = busiest_count
        summary.detail_provision = slugs[detail]
        summary.detail_provision_evidence = detail_count

        frequency = self.document_frequency
        domain = {w.lower() for w in DOMAIN_WORDS}
        common = max(sorted(domain), key=lambda word: frequency[word])
        invented = self.prose.invented
        candidates = sorted(w for w in self.in_confirmed if w in invented)
        if candidates:
            rare = min(candidates, key=lambda word: (frequency[word], word))
        else:  # a tiny corpus without confirmed evidence
            rare = min(sorted(invented & set(frequency)), key=lambda word: frequency[word])
        summary.common_word, summary.common_word_sentences = common, frequency[common]
        summary.rare_word, summary.rare_word_sentences = rare, frequency[rare]
        if self.writer.copy and _has_search_vector(self.using):
            # The search's own count, by stem, which is what a search will find.
            with connections[self.using].cursor() as cursor:
                for attribute, word in (("common", common), ("rare", rare)):
                    cursor.execute(
                        "SELECT count(*) FROM articles_sentence "
                        "WHERE search_vector @@ plainto_tsquery('english', %s)",
                        [word],
                    )
                    setattr(summary, f"{attribute}_word_sentences", cursor.fetchone()[0])
            summary.search_vector_checked = True

        treaty_use = Counter(p.treaty_id for p in self.provisions)
        top_treaty = max(self.treaties, key=lambda t: (treaty_use[t.pk], -t.pk))
        summary.top_treaty = top_treaty.slug
        regions = {r.pk: r.slug for r in self.regions}
        if self._region_use:
            top_region, top_count = self._region_use.most_common(1)[0]
            summary.top_region, summary.top_region_provisions = regions[top_region], top_count
            uses = sorted(self._region_use.get(pk, 0) for pk in regions)
            summary.median_region_provisions = _median(uses)
        classes = {c.pk: c.slug for c in self.weapon_classes}
        if self._class_use:
            summary.top_weapon_class = classes[self._class_use.most_common(1)[0][0]]
        summary.top_outlet = self.outlet_use.most_common(1)[0][0]


def _has_search_vector(using: str) -> bool:
    with connections[using].cursor() as cursor:
        cursor.execute(
            "SELECT 1 FROM information_schema.columns "
            "WHERE table_name = 'articles_sentence' AND column_name = 'search_vector'"
        )
        return cursor.fetchone() is not None


def _spread(total: int, buckets: int, rng: random.Random) -> list[int]:
    """`total` split into `buckets` counts of at least 1 each, unevenly, summing exactly."""
    base, extra = divmod(total, buckets)
    counts = [base + (i < extra) for i in range(buckets)]
    rng.shuffle(counts)
    for i in range(buckets):
        j = rng.randrange(buckets)
        moved = rng.randint(0, max(0, min(counts[i] - 1, base // 2 + 1)))
        counts[i] -= moved
        counts[j] += moved
    return counts


def _article_layout(count: int, rng: random.Random) -> list[tuple[int, int]]:
    """(article, paragraph) of `count` provisions: most articles are one provision
    (paragraph 0); some are split into numbered paragraphs."""
    layout: list[tuple[int, int]] = []
    article = 0
    while len(layout) < count:
        article += 1
        left = count - len(layout)
        paragraphs = rng.choice((0, 0, 0, 2, 3, 4)) if left > 1 else 0
        if paragraphs > left:
            paragraphs = left if left > 1 else 0
        if paragraphs:
            layout.extend((article, p) for p in range(1, paragraphs + 1))
        else:
            layout.append((article, 0))
    return layout


def _chunks(items: list, size: int) -> Iterable[list]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _median(values: list[int]) -> float:
    middle = len(values) // 2
    if len(values) % 2:
        return float(values[middle])
    return (values[middle - 1] + values[middle]) / 2


def generate(sizes: Sizes, *, seed: int = 1, using: str = "default", log=None) -> Summary:
    return Generator(sizes, seed=seed, using=using, log=log or (lambda message: None)).run()


# --- Removing it ----------------------------------------------------------------------


def clear(using: str = "default") -> dict[str, int]:
    """Delete every generated row (and only those); returns rows deleted per table."""
    connection = connections[using]
    quote = connection.ops.quote_name

    def table(model) -> str:
        return quote(model._meta.db_table)

    pattern = PREFIX + "%"
    scale_outlets = f"SELECT id FROM {table(Outlet)} WHERE slug LIKE %s"
    scale_articles = f"SELECT id FROM {table(Article)} WHERE outlet_id IN ({scale_outlets})"
    scale_sentences = f"SELECT id FROM {table(Sentence)} WHERE article_id IN ({scale_articles})"
    scale_treaties = f"SELECT id FROM {table(Treaty)} WHERE slug LIKE %s"
    scale_provisions = f"SELECT id FROM {table(Provision)} WHERE treaty_id IN ({scale_treaties})"
    scale_regions = f"SELECT id FROM {table(Region)} WHERE slug LIKE %s"
    scale_classes = f"SELECT id FROM {table(WeaponClass)} WHERE slug LIKE %s"
    scale_parties = f"SELECT id FROM {table(Party)} WHERE slug LIKE %s"
    region_through = table(Provision.regions.through)
    class_through = table(Provision.weapon_classes.through)
    party_through = table(Provision.bound_parties.through)
    related_through = table(Provision.related.through)
    treaty_parties = table(Treaty.parties.through)
    evidence = table(Evidence)
    classes = table(WeaponClass)
    statements = [
        ("evidence", f"DELETE FROM {evidence} WHERE sentence_id IN ({scale_sentences})", 1),
        ("evidence", f"DELETE FROM {evidence} WHERE provision_id IN ({scale_provisions})", 1),
        ("sentences", f"DELETE FROM {table(Sentence)} WHERE article_id IN ({scale_articles})", 1),
        (
            "articles",
            f"UPDATE {table(Article)} SET previous_version_id = NULL "
            f"WHERE previous_version_id IN ({scale_articles})",
            1,
        ),
        ("articles", f"DELETE FROM {table(Article)} WHERE outlet_id IN ({scale_outlets})", 1),
        ("outlets", f"DELETE FROM {table(Outlet)} WHERE slug LIKE %s", 1),
        ("links", f"DELETE FROM {region_through} WHERE provision_id IN ({scale_provisions})", 1),
        ("links", f"DELETE FROM {class_through} WHERE provision_id IN ({scale_provisions})", 1),
        ("links", f"DELETE FROM {party_through} WHERE provision_id IN ({scale_provisions})", 1),
        (
            "links",
            f"DELETE FROM {related_through} WHERE from_provision_id IN ({scale_provisions}) "
            f"OR to_provision_id IN ({scale_provisions})",
            2,
        ),
        ("provisions", f"DELETE FROM {table(Provision)} WHERE treaty_id IN ({scale_treaties})", 1),
        ("links", f"DELETE FROM {treaty_parties} WHERE treaty_id IN ({scale_treaties})", 1),
        ("treaties", f"DELETE FROM {table(Treaty)} WHERE slug LIKE %s", 1),
        ("links", f"DELETE FROM {region_through} WHERE region_id IN ({scale_regions})", 1),
        (
            "links",
            f"DELETE FROM {table(Region.members.through)} WHERE from_region_id IN "
            f"({scale_regions}) OR to_region_id IN ({scale_regions})",
            2,
        ),
        ("regions", f"DELETE FROM {table(Region)} WHERE slug LIKE %s", 1),
        ("links", f"DELETE FROM {class_through} WHERE weaponclass_id IN ({scale_classes})", 1),
        ("weapon_classes", f"UPDATE {classes} SET parent_id = NULL WHERE slug LIKE %s", 1),
        ("weapon_classes", f"DELETE FROM {classes} WHERE slug LIKE %s", 1),
        ("links", f"DELETE FROM {party_through} WHERE party_id IN ({scale_parties})", 1),
        ("links", f"DELETE FROM {treaty_parties} WHERE party_id IN ({scale_parties})", 1),
        (
            "links",
            f"DELETE FROM {table(Party.members.through)} WHERE from_party_id IN "
            f"({scale_parties}) OR to_party_id IN ({scale_parties})",
            2,
        ),
        ("parties", f"DELETE FROM {table(Party)} WHERE slug LIKE %s", 1),
    ]
    deleted: Counter = Counter()
    with transaction.atomic(using=using), connection.cursor() as cursor:
        for name, sql, repeats in statements:
            cursor.execute(sql, [pattern] * repeats)
            if not sql.startswith("UPDATE"):
                deleted[name] += max(cursor.rowcount, 0)
    return dict(deleted)
