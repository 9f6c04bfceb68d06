"""What grouping reads of an article: the text its vector stands for (title and lead), its words weighted
by how rare they are among recent articles (tf-idf), and the telling numbers and weekdays of its opening.
Pure."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from copydesk.core.dates import told_months, told_weekdays
from copydesk.core.places import lead_places
from copydesk.core.text import content_words, number_values, telling_numbers

Terms = Mapping[str, float]
"""Words and their weights: a sparse vector."""


LEAD_CHARS = 600
"""An article's vector stands for its title and this much of its opening."""
WORDS_CHARS = 3000
"""Its words are counted over its title and a longer stretch of its opening."""


def lead_text(title: str, text: str) -> str:
    """What an article's vector is computed from."""
    return f"{title}. {text[:LEAD_CHARS]}"


def words_text(title: str, text: str) -> str:
    """What an article's words are counted from."""
    return f"{title}. {text[:WORDS_CHARS]}"


@dataclass(frozen=True)
class NameRarity:
    """How rare each name or word is among recent articles: document frequencies, read as idf."""

    counts: Mapping[str, int]
    articles: int

    def idf(self, term: str) -> float:
        return math.log((self.articles + 1) / (self.counts.get(term, 0) + 1))

    @classmethod
    def of(cls, documents: Iterable[Iterable[str]]) -> NameRarity:
        """Counts over documents, each given by its terms (repeats within a document count once)."""
        counts: Counter[str] = Counter()
        total = 0
        for terms in documents:
            counts.update(set(terms))
            total += 1
        return cls(counts, total)


def words(text: str) -> Counter[str]:
    """The words that carry meaning in a text (an article's title and opening), with their counts."""
    return Counter(content_words(text))


def weigh(counts: Mapping[str, int], rarity: NameRarity) -> dict[str, float]:
    """Word counts as a unit tf-idf vector: (1 + log count) * idf, scaled to length 1."""
    raw = {t: (1.0 + math.log(c)) * rarity.idf(t) for t, c in counts.items() if c > 0}
    norm = math.sqrt(sum(w * w for w in raw.values()))
    return {t: w / norm for t, w in raw.items() if w > 0} if norm > 0 else {}


def shared_terms(article: Terms, story: Terms) -> float:
    """Mean cosine of the article's weighted words with the story's articles' (0 to 1)."""
    if len(article) > len(story):
        article, story = story, article
    return sum(w * story.get(t, 0.0) for t, w in article.items())


def lead_numbers(title: str, text: str) -> frozenset[float]:
    """The telling numbers of an article's title and opening: not a small count, a day or a year."""
    return frozenset(telling_numbers(number_values(lead_text(title, text))))


DAY_CHARS = 300
"""A report's own day is read in its title and this much of its opening: the lead says when its event
happened; further down a report recalls the days of earlier events."""


def lead_days(title: str, text: str) -> frozenset[int]:
    """The weekdays on which an article's title and opening say its event happened (`told_weekdays`)."""
    return told_weekdays(f"{title}. {text[:DAY_CHARS]}")


def lead_months(title: str, text: str) -> frozenset[int]:
    """The months an article's title and opening say its figures or events belong to (`told_months`)."""
    return told_months(f"{title}. {text[:DAY_CHARS]}")


Lead = tuple[frozenset[str], frozenset[float], frozenset[int], frozenset[int]]


def lead_signals(title: str, text: str) -> Lead:
    """What grouping reads of an article's title and opening to keep two events apart, in the order
    `clustering.ArticleProfile` takes them: the places it names, its telling numbers, the weekdays and the
    months it tells."""
    return lead_places(text), lead_numbers(title, text), lead_days(title, text), lead_months(title, text)
