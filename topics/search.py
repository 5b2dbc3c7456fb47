"""Search of the topics in Chinese: titles, descriptions, and what the stage apps register
(research findings, consensus points, minutes).

Each topic has one search document (`TopicSearchDocument`): its texts, and the same texts cut
into words by jieba (`cut_for_search`, which also gives the shorter words inside a long
one, so 电梯 finds 加装电梯). On PostgreSQL the words are a `tsvector` with a GIN index and
a query is the AND of its words, ranked with `ts_rank`; elsewhere (SQLite) every word of the
query must occur in the words, and a title match ranks first. The documents are written
after the commit of the service that changed a text (`document_refresh`), and all at once
by `documents_rebuild` (`manage.py search_rebuild`).
"""

import re
from collections import defaultdict
from collections.abc import Callable, Iterable

import jieba
from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection, transaction
from django.db.models import Case, F, IntegerField, Q, QuerySet, Value, When
from django.utils.html import escape
from django.utils.safestring import mark_safe

from core.figures import committee_changed
from core.workflow import after_commit

from .models import Topic, TopicSearchDocument

jieba.setLogLevel(60)  # jieba reports its dictionary loading on the root logger otherwise

# A source gives (topic_id, text) for the topics asked: a stage's texts for the search.
_sources: list[Callable[[list[int]], Iterable[tuple[int, str]]]] = []

WORD = re.compile(r"\w", re.UNICODE)
SNIPPET = 40  # characters either side of the first match


def register_source(source: Callable[[list[int]], Iterable[tuple[int, str]]]) -> None:
    _sources.append(source)


def words_of(text: str) -> list[str]:
    """The words of a text as the search knows them, lower-case, without punctuation."""
    return [word.lower() for word in jieba.cut_for_search(text) if WORD.search(word)]


def query_words(query: str) -> list[str]:
    """The words a query asks for, each once, in order (precise mode: 加装电梯 → 加装, 电梯)."""
    seen = []
    for word in jieba.cut(query):
        word = word.strip().lower()
        if WORD.search(word) and word not in seen:
            seen.append(word)
    return seen


def document_refresh(topic: Topic) -> None:
    """Write the topic's search document again once the current transaction commits."""
    after_commit(_document_write, topic.pk, topic.committee_id)


def _document_write(topic_id: int, committee_id: int) -> None:
    with transaction.atomic():
        documents_rebuild([topic_id])
        committee_changed(committee_id)  # the cached counts of searches are recounted


def documents_rebuild(topic_ids: Iterable[int] | None = None, *, batch=2000) -> int:
    """(Re)write the search documents of these topics (all when None); returns how many."""
    ids = list(topic_ids) if topic_ids is not None else None
    pending = Topic.objects.order_by("pk").values_list("pk", flat=True)
    if ids is not None:
        pending = pending.filter(pk__in=ids)
    all_ids = list(pending)
    for start in range(0, len(all_ids), batch):
        _rebuild_batch(all_ids[start : start + batch])
    return len(all_ids)


def _rebuild_batch(ids: list[int]) -> None:
    texts = defaultdict(list)
    for pk, title, description in Topic.objects.filter(pk__in=ids).values_list(
        "pk", "title", "description"
    ):
        texts[pk] += [title, description]
    for source in _sources:
        for topic_id, text in source(ids):
            if text:
                texts[topic_id].append(text)
    documents = []
    for pk, parts in texts.items():
        text = "\n".join(parts)
        documents.append(
            TopicSearchDocument(topic_id=pk, text=text, words=" ".join(words_of(text)))
        )
    TopicSearchDocument.objects.bulk_create(
        documents,
        update_conflicts=True,
        unique_fields=["topic"],
        update_fields=["text", "words"],
    )
    if connection.vendor == "postgresql":
        TopicSearchDocument.objects.filter(topic_id__in=ids).update(
            vector=SearchVector("words", config="simple")
        )


def search(topics: QuerySet, query: str) -> QuerySet:
    """The topics that match every word of the query, the best first (`search_rank`).
    A query without words leaves the topics as they are."""
    words = query_words(query)
    if not words:
        return topics
    if connection.vendor == "postgresql":
        asked = SearchQuery(
            " & ".join("'{}'".format(word.replace("'", "''")) for word in words),
            config="simple",
            search_type="raw",
        )
        return topics.filter(search_document__vector=asked).annotate(
            search_rank=SearchRank(F("search_document__vector"), asked),
            search_text=F("search_document__text"),
        )
    matching = Q()
    for word in words:
        matching &= Q(search_document__words__icontains=word)
    in_title = Q()
    for word in words:
        in_title |= Q(title__icontains=word)
    return topics.filter(matching).annotate(
        search_text=F("search_document__text"),
        search_rank=Case(
            When(in_title, then=Value(1)), default=Value(0), output_field=IntegerField()
        ),
    )


def highlight(text: str, words: list[str], *, snippet=False) -> str:
    """The text, escaped, with the query's words marked (<mark>); a snippet around the first
    match when asked."""
    if not words:
        return escape(text)
    pattern = re.compile(
        "|".join(re.escape(word) for word in sorted(words, key=len, reverse=True)), re.IGNORECASE
    )
    if snippet:
        found = pattern.search(text)
        if found is None:
            return ""
        start, end = max(found.start() - SNIPPET, 0), found.end() + SNIPPET
        text = (
            ("…" if start else "")
            + text[start:end].replace("\n", " ")
            + ("…" if end < len(text) else "")
        )
    pieces, last = [], 0
    for found in pattern.finditer(text):
        pieces += [escape(text[last : found.start()]), f"<mark>{escape(found.group())}</mark>"]
        last = found.end()
    pieces.append(escape(text[last:]))
    return mark_safe("".join(pieces))


def mark_matches(topics: Iterable[Topic], query: str) -> None:
    """Give each topic of a page of results its title and a snippet of the text that matched,
    with the query's words marked (`marked_title`, `marked_snippet`)."""
    words = query_words(query)
    for topic in topics:
        topic.marked_title = highlight(topic.title, words)
        text = getattr(topic, "search_text", "") or ""
        body = text.split("\n", 1)[1] if "\n" in text else ""  # the title is shown already
        topic.marked_snippet = highlight(body, words, snippet=True)
