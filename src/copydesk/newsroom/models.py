"""What the newsroom stores: outlets, source articles, stories, and the revisions published for them."""

from __future__ import annotations

import numpy as np
from django.conf import settings
from django.db import models
from django.db.models import F

from copydesk.core.vectors import Vector


class Outlet(models.Model):
    """A publisher of source articles."""

    name = models.CharField(max_length=200, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Feed(models.Model):
    """A feed the operator follows, with its polling state."""

    url = models.URLField(max_length=2000, unique=True)
    title = models.CharField(max_length=500, blank=True)
    site_url = models.URLField(max_length=2000, blank=True)
    outlet = models.ForeignKey(Outlet, null=True, blank=True, on_delete=models.SET_NULL, related_name="feeds")
    added_at = models.DateTimeField()
    etag = models.CharField(max_length=500, blank=True)
    last_modified = models.CharField(max_length=100, blank=True)
    last_polled = models.DateTimeField(null=True, blank=True)
    last_status = models.CharField(
        max_length=40, blank=True, help_text="ok, not-modified, or the error kind."
    )
    last_error = models.TextField(blank=True)
    error_count = models.PositiveIntegerField(default=0, help_text="Failures in a row, for backoff.")
    interval = models.PositiveIntegerField(
        default=3600, help_text="Seconds between polls, from the feed's rhythm."
    )
    next_poll = models.DateTimeField(db_index=True)

    class Meta:
        ordering = ["url"]

    def __str__(self) -> str:
        return self.title or self.url


class Story(models.Model):
    """One event, reported by one or more source articles, with the articles written about it."""

    slug = models.SlugField(max_length=120, unique=True)
    created_at = models.DateTimeField()
    last_seen = models.DateTimeField(null=True, db_index=True, help_text="Date of its newest source article.")
    centroid = models.BinaryField(null=True, help_text="Unit mean of its articles' embeddings (float32).")
    names = models.JSONField(
        default=list, help_text="Names its articles share, for grouping and relatedness."
    )
    size = models.PositiveIntegerField(default=0)
    current = models.ForeignKey(
        "Revision", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    needs_writing = models.BooleanField(default=True, db_index=True)
    write_error = models.TextField(
        blank=True,
        help_text="Why its last write failed (nothing publishable in its sources, or a bug); it is "
        "tried again when its sources change. Empty once a write succeeds.",
    )
    write_failed_at = models.DateTimeField(null=True, blank=True, help_text="When its last write failed.")
    related = models.ManyToManyField("self", through="RelatedStory", symmetrical=False, blank=True)
    merged_into = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Set when an editor moved all its articles to another story: its page sends readers there.",
    )
    related_key = models.CharField(
        max_length=32,
        blank=True,
        default="",
        editable=False,
        help_text="Digest of the centroid and names its related links were last ranked with; empty when it "
        "has none. A story whose digest no longer matches is ranked again (pipeline.relate).",
    )
    found_revision = models.IntegerField(
        null=True,
        blank=True,
        editable=False,
        help_text="The revision whose entities, topics and timeline are stored (pipeline.find); a story "
        "whose current revision differs is read again.",
    )
    # Nullable, so that SQLite adds the column in place: remaking the table would break migration
    # 0011's triggers, which name it.
    vector_seq = models.BigIntegerField(
        null=True,
        blank=True,
        db_index=True,
        editable=False,
        help_text="Raised whenever its centroid or publication changes, so that search's vector index "
        "takes in only what changed (newsroom.vectors).",
    )

    class Meta:
        ordering = ["-last_seen", "-id"]
        verbose_name_plural = "stories"

    def __str__(self) -> str:
        return self.current.headline if self.current else self.slug

    def vector(self) -> Vector | None:
        return np.frombuffer(self.centroid, dtype=np.float32) if self.centroid else None


class SourceArticle(models.Model):
    """An article as read from a source; its text is what published sentences cite."""

    url = models.URLField(max_length=2000, unique=True, null=True, blank=True)
    outlet = models.ForeignKey(
        Outlet, null=True, blank=True, on_delete=models.PROTECT, related_name="articles"
    )
    title = models.CharField(max_length=500)
    text = models.TextField()
    published = models.DateTimeField(null=True, blank=True, db_index=True)
    language = models.CharField(max_length=20, blank=True)
    author = models.CharField(max_length=300, blank=True)
    fingerprint = models.CharField(
        max_length=64, unique=True, help_text="sha256 of the normalised title and text."
    )
    ingested_at = models.DateTimeField()
    embedding = models.BinaryField(null=True, help_text="Embedding of title and lead (float32).")
    names = models.JSONField(default=list, help_text="Capitalised names in its title and text.")
    story = models.ForeignKey(
        Story, null=True, blank=True, on_delete=models.SET_NULL, related_name="articles"
    )
    feed = models.ForeignKey(Feed, null=True, blank=True, on_delete=models.SET_NULL, related_name="articles")
    guid = models.CharField(
        max_length=2000, blank=True, help_text="The feed entry's id (its feed's own: matched only within it)."
    )
    minhash = models.BinaryField(null=True, help_text="MinHash signature of the text, for near-duplicates.")
    passage_vectors = models.BinaryField(
        null=True, help_text="Embeddings of its sentences (float32 rows), stored at first write."
    )
    placed_by_editor = models.BooleanField(
        default=False, help_text="An editor chose its story; the grouping never moves it."
    )

    class Meta:
        ordering = ["published", "id"]
        # An entry id is unique only within its feed (two feeds may both number entries from 1).
        indexes = [models.Index(fields=["feed", "guid"], name="article_feed_entry")]

    def __str__(self) -> str:
        return self.title

    @property
    def outlet_name(self) -> str:
        return self.outlet.name if self.outlet else "Unknown outlet"


class Duplicate(models.Model):
    """Another outlet's copy of a stored article (the same wire copy): recorded, not stored twice."""

    article = models.ForeignKey(SourceArticle, on_delete=models.CASCADE, related_name="duplicates")
    outlet = models.ForeignKey(Outlet, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    url = models.URLField(max_length=2000, blank=True)
    title = models.CharField(max_length=500)
    kind = models.CharField(max_length=20, help_text="url, exact or near.")
    similarity = models.FloatField(default=1.0)
    seen_at = models.DateTimeField()

    class Meta:
        ordering = ["article", "id"]
        constraints = [models.UniqueConstraint(fields=["article", "url"], name="one_record_per_copy")]


class Revision(models.Model):
    """One published version of a story's article."""

    story = models.ForeignKey(Story, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField()
    created_at = models.DateTimeField()
    headline = models.CharField(max_length=500)
    writer = models.CharField(max_length=100)
    note = models.CharField(max_length=500, blank=True)
    sources = models.ManyToManyField(SourceArticle, related_name="revisions")
    sentence_count = models.PositiveIntegerField(default=0)
    verified_count = models.PositiveIntegerField(default=0)
    withheld_count = models.PositiveIntegerField(default=0)
    differences = models.JSONField(
        default=list,
        help_text="Quantities the sources disagree on: [{what, values: [{value, sources: [id]}]}].",
    )

    class Meta:
        ordering = ["story", "-number"]
        constraints = [models.UniqueConstraint(fields=["story", "number"], name="one_number_per_revision")]

    def __str__(self) -> str:
        return f"{self.headline} (r{self.number})"

    def shown_sentences(self) -> SentenceQuerySet:
        """Its sentences that readers may see: the verified ones, dek first, in reading order."""
        return self.sentences.shown()  # type: ignore[attr-defined,no-any-return]

    def summary(self) -> str:
        """One sentence to stand for it (home page, related boxes): the dek, else the first verified
        sentence, else nothing. A withheld dek is never it."""
        first = self.shown_sentences().first()
        return first.text if first else ""


class Section(models.Model):
    """A part of a revision: the lead (no heading) or a headed section."""

    revision = models.ForeignKey(Revision, on_delete=models.CASCADE, related_name="sections")
    position = models.PositiveIntegerField()
    heading = models.CharField(max_length=200, null=True, blank=True)

    class Meta:
        ordering = ["revision", "position"]


class SentenceQuerySet(models.QuerySet["Sentence"]):
    def shown(self) -> SentenceQuerySet:
        """What readers may see of a story, wherever it appears: verified sentences only, dek first."""
        return self.filter(verified=True).order_by(
            F("section__position").asc(nulls_first=True), "paragraph", "position"
        )


class Sentence(models.Model):
    """One sentence of a revision. The dek has no section; withheld sentences are kept, not shown
    (read them for readers through `Sentence.objects.shown()` / `Revision.shown_sentences()`)."""

    revision = models.ForeignKey(Revision, on_delete=models.CASCADE, related_name="sentences")
    section = models.ForeignKey(
        Section, null=True, blank=True, on_delete=models.CASCADE, related_name="sentences"
    )
    paragraph = models.PositiveIntegerField(default=0)
    position = models.PositiveIntegerField()
    text = models.TextField()
    verified = models.BooleanField(default=False)
    withheld_reason = models.CharField(max_length=500, blank=True)

    objects = SentenceQuerySet.as_manager()

    class Meta:
        ordering = ["revision", "section__position", "paragraph", "position"]


class Citation(models.Model):
    """A sentence's reference to the passage of a source article it rests on."""

    sentence = models.ForeignKey(Sentence, on_delete=models.CASCADE, related_name="citations")
    source = models.ForeignKey(SourceArticle, on_delete=models.PROTECT, related_name="citations")
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    quote = models.TextField()

    class Meta:
        ordering = ["sentence", "id"]


class Correction(models.Model):
    """An editor's move of one article between stories, kept as the record of who decided what."""

    KINDS = [("move", "moved to another story"), ("split", "split into a new story")]

    at = models.DateTimeField()
    editor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    kind = models.CharField(max_length=10, choices=KINDS)
    article = models.ForeignKey(SourceArticle, on_delete=models.CASCADE, related_name="corrections")
    from_story = models.ForeignKey(
        Story, null=True, blank=True, on_delete=models.SET_NULL, related_name="corrections_out"
    )
    to_story = models.ForeignKey(
        Story, null=True, blank=True, on_delete=models.SET_NULL, related_name="corrections_in"
    )

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.article} {self.get_kind_display()}"


class RelatedStory(models.Model):
    """A ranked link from a story to a related one."""

    story = models.ForeignKey(Story, on_delete=models.CASCADE, related_name="related_links")
    other = models.ForeignKey(Story, on_delete=models.CASCADE, related_name="+")
    rank = models.PositiveIntegerField()
    score = models.FloatField()

    class Meta:
        ordering = ["story", "rank"]
        constraints = [models.UniqueConstraint(fields=["story", "other"], name="one_link_per_pair")]


class PageStamp(models.Model):
    """A token that changes, by database trigger, whenever what some pages show changes (`site`: the
    newsroom's stories; `thoughts:<slug>`: one story's thoughts). Kept pages are used only while the
    tokens they were rendered under still stand (newsroom.pagecache)."""

    name = models.CharField(max_length=200, primary_key=True)
    token = models.BigIntegerField()
    changed_at = models.FloatField(help_text="Unix time of the last change.")


class Entity(models.Model):
    """A person, place or organisation that published stories name (core.entities)."""

    KINDS = [("person", "person"), ("place", "place"), ("organisation", "organisation")]

    kind = models.CharField(max_length=20, choices=KINDS)
    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200)

    class Meta:
        ordering = ["kind", "name"]
        constraints = [models.UniqueConstraint(fields=["kind", "slug"], name="one_entity_per_slug")]

    def __str__(self) -> str:
        return self.name


class StoryEntity(models.Model):
    """A published story's mention of an entity, found in its current revision (pipeline.find)."""

    story = models.ForeignKey(Story, on_delete=models.CASCADE, related_name="entities")
    entity = models.ForeignKey(Entity, on_delete=models.CASCADE, related_name="stories")
    mentions = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["story", "-mentions", "entity"]
        constraints = [models.UniqueConstraint(fields=["story", "entity"], name="one_mention_row")]
        # an entity's page lists its newest stories first
        indexes = [models.Index(fields=["entity", "story"], name="entity_stories")]


class StoryTopic(models.Model):
    """A published story's topic from the controlled vocabulary (core.topics), by meaning."""

    story = models.ForeignKey(Story, on_delete=models.CASCADE, related_name="topics")
    topic = models.CharField(max_length=60)
    score = models.FloatField()

    class Meta:
        ordering = ["story", "-score"]
        constraints = [models.UniqueConstraint(fields=["story", "topic"], name="one_topic_row")]
        # a topic's page lists its newest stories first
        indexes = [models.Index(fields=["topic", "story"], name="topic_stories")]


class TimelineLink(models.Model):
    """A later story that continues an earlier one: same subject, a later event (pipeline.find)."""

    earlier = models.ForeignKey(Story, on_delete=models.CASCADE, related_name="continued_by")
    later = models.ForeignKey(Story, on_delete=models.CASCADE, related_name="continues")
    score = models.FloatField()

    class Meta:
        ordering = ["earlier", "later"]
        constraints = [models.UniqueConstraint(fields=["earlier", "later"], name="one_timeline_link")]
