"""The `extractive` writer: selects, orders and stitches source sentences, each citing itself.

Salience comes from agreement across sources, centrality in the story and position in the report.
Selection is maximal-marginal-relevance so no fact is said twice; the body is grouped by sub-topic
into sections whose headings name what sets them apart.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from copydesk.core.text import STOPWORDS, content_words, names, number_values, words
from copydesk.core.types import Draft, DraftSection, DraftSentence, Passage, SourceDoc
from copydesk.core.vectors import Vector, centroid, jaccard
from copydesk.core.verify import verify_sentence

WRITER_NAME = "extractive"

# Words too common in news to name a section by.
_GENERIC = frozenset(
    """monday tuesday wednesday thursday friday saturday sunday january february march april may june july
    august september october november december today yesterday tomorrow morning afternoon evening night
    officials official minister secretary spokesperson spokesman spokeswoman statement told added asked
    including called described people percent per cent time times part several many much well""".split()
)

# Openers whose meaning depends on the sentence before them.
_DANGLING = re.compile(
    r"^(?:he|she|it|they|this|that|these|those|his|her|its|their|there|but|and|or|so|however|"
    r"meanwhile|also|still|yet|instead|such|both|the (?:move|decision|plan|deal|step|announcement|"
    r"remarks?|comments?|statement|talks|meeting|visit|trip|agreement|proposal|measure|change))\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class WriterOptions:
    """Tuning of the extractive writer."""

    min_words: int = 8
    max_words: int = 55
    dek_max_words: int = 45
    lead_sentences: int = 2
    redundancy: float = 0.66
    """Two sentences closer than this in meaning say the same thing; only one is kept."""
    overlap: float = 0.4
    """Two sentences sharing this share of their content words say the same thing too."""
    lead_positions: int = 4
    """The dek comes from the reports' first two sentences, the lead from their first few."""
    corroboration: float = 0.8
    """A passage from another source this close (and verified) is cited as well."""
    agreement: float = 0.6


@dataclass
class _Candidate:
    passage: Passage
    vector: Vector
    source: int
    position: int
    salience: float = 0.0
    terms: frozenset[str] = frozenset()

    @property
    def text(self) -> str:
        return self.passage.text


def _eligible(text: str, options: WriterOptions) -> bool:
    n = len(text.split())
    if not options.min_words <= n <= options.max_words:
        return False
    if text.count('"') % 2 or text.count("“") != text.count("”"):
        return False  # a quote cut in half
    return text[0].isupper() or text[0] in "\"“'‘$0123456789"


def _stands_alone(text: str) -> bool:
    return not _DANGLING.match(text.lstrip("\"“‘'"))


def _candidates(
    sources: Sequence[SourceDoc], vectors: Sequence[npt.NDArray[np.float32]], options: WriterOptions
) -> list[_Candidate]:
    out = []
    for s, (doc, rows) in enumerate(zip(sources, vectors, strict=True)):
        for i, (passage, vec) in enumerate(zip(doc.passages, rows, strict=True)):
            if _eligible(passage.text, options):
                out.append(_Candidate(passage, vec, s, i, terms=frozenset(content_words(passage.text))))
    return out


def _score(cands: list[_Candidate], n_sources: int, options: WriterOptions) -> Vector:
    """Salience of each candidate; also returns the similarity matrix."""
    mat = np.stack([c.vector for c in cands])
    center = centroid(mat)
    sims = mat @ mat.T
    for i, c in enumerate(cands):
        others = {cands[j].source for j in np.nonzero(sims[i] >= options.agreement)[0]} - {c.source}
        agreement = len(others) / (n_sources - 1) if n_sources > 1 else 0.0
        position = 1.0 / (1.0 + 0.25 * c.position)
        c.salience = 0.5 * float(mat[i] @ center) + 0.3 * agreement + 0.2 * position
    return sims


def _redundant(i: int, chosen: list[int], cands: list[_Candidate], sims: Vector, options: WriterOptions) -> bool:
    """Whether candidate `i` says again what a chosen sentence says (in meaning, words or numbers)."""
    numbers = number_values(cands[i].text)
    for j in chosen:
        if sims[i, j] >= options.redundancy:
            return True
        if jaccard(cands[i].terms, cands[j].terms) >= options.overlap:
            return True
        if numbers and numbers <= number_values(cands[j].text) and sims[i, j] >= options.redundancy - 0.2:
            return True
    return False


def _pick(
    cands: list[_Candidate],
    sims: Vector,
    chosen: list[int],
    count: int,
    options: WriterOptions,
    allow: Callable[[_Candidate], bool],
) -> list[int]:
    """Add up to `count` allowed candidates by maximal marginal relevance; returns the new ones."""
    picked: list[int] = []
    for _ in range(count):
        best, best_score = -1, -math.inf
        for i, c in enumerate(cands):
            if i in chosen or not allow(c) or _redundant(i, chosen, cands, sims, options):
                continue
            penalty = max((float(sims[i, j]) for j in chosen), default=0.0)
            score = c.salience - 0.3 * penalty
            if score > best_score:
                best, best_score = i, score
        if best < 0:
            break
        chosen.append(best)
        picked.append(best)
    return picked


def _group(indices: list[int], sims: Vector, cands: list[_Candidate], k: int) -> list[list[int]]:
    """Sub-topics: spherical k-means seeded by salience then spread (deterministic), no lone sentence."""
    seeds = [max(indices, key=lambda i: cands[i].salience)]
    while len(seeds) < min(k, len(indices)):
        seeds.append(min((i for i in indices if i not in seeds), key=lambda i: max(sims[i, j] for j in seeds)))
    centers = [cands[i].vector for i in seeds]
    groups: list[list[int]] = []
    for _ in range(6):
        groups = [[] for _ in centers]
        for i in indices:
            groups[int(np.argmax([float(cands[i].vector @ c) for c in centers]))].append(i)
        groups = [g for g in groups if g]
        centers = [centroid(np.stack([cands[i].vector for i in g])) for g in groups]
    while len(groups) > 1 and min(len(g) for g in groups) < 2:
        lone = min(range(len(groups)), key=lambda g: len(groups[g]))
        single = groups.pop(lone)
        target = max(range(len(groups)), key=lambda g: float(np.mean([sims[single[0], j] for j in groups[g]])))
        groups[target].extend(single)
    return groups


_TOKEN = re.compile(r"[A-Za-z][A-Za-z'’\-]*[A-Za-z]")


def _terms(text: str) -> set[str]:
    """What a heading can be made of: names, two-word phrases and single content words."""
    found = {n for n in names(text) if len(n) > 2 and n.lower() not in _GENERIC}
    tokens = _TOKEN.findall(text)
    for a, b in zip(tokens, tokens[1:], strict=False):
        pair = {a.lower(), b.lower()}
        if a[0].isupper() and b[0].isupper():
            continue  # a name, already found whole
        if not pair & (STOPWORDS | _GENERIC) and len(a) > 2 < len(b):
            found.add(f"{a.lower()} {b.lower()}")
    found.update(w for w in content_words(text) if w not in _GENERIC and len(w) > 3)
    return found


def _heading(group: list[int], others: list[list[int]], cands: list[_Candidate], taken: set[str]) -> str:
    """Name the group by the names and phrases that set it apart from the rest of the story."""
    inside: Counter[str] = Counter()
    outside: Counter[str] = Counter()
    for counter, members in ((inside, group), (outside, [i for g in others for i in g])):
        for i in members:
            counter.update(_terms(cands[i].text))

    def weight(term: str) -> float:
        bonus = 0.6 if " " in term else 0.3 if term[0].isupper() else -0.3
        return inside[term] - 0.8 * outside[term] + bonus

    ranked = sorted((t for t in inside if t.lower() not in taken and inside[t] > 1), key=lambda t: (-weight(t), t))
    chosen: list[str] = []
    for term in ranked:
        if any(set(words(term)) & set(words(c)) for c in chosen):
            continue
        chosen.append(term)
        if len(chosen) == 2 or " " in chosen[0]:
            break
    taken.update(w for c in chosen for w in words(c))
    return " and ".join(c[0].upper() + c[1:] for c in chosen) or "Background"


def _sentence(i: int, cands: list[_Candidate], sims: Vector, options: WriterOptions) -> DraftSentence:
    """A draft sentence citing its own passage and, where they say the same, other sources' too."""
    own = cands[i]
    citations = [own.passage]
    seen = {own.source}
    for j in np.argsort(-sims[i]):
        other = cands[int(j)]
        if other.source in seen or sims[i, j] < options.corroboration:
            continue
        if verify_sentence(own.text, [other.passage]).verified:
            citations.append(other.passage)
            seen.add(other.source)
    return DraftSentence(own.text, tuple(citations))


def clean_headline(title: str, outlet: str) -> str:
    """A source title without its outlet boilerplate ("... - Outlet", "Outlet | ...")."""
    parts = [p.strip() for p in re.split(r"\s+[|–—-]\s+", title)]
    kept = [p for p in parts if p and p.lower() != outlet.lower()]
    return max(kept, key=len) if kept else title.strip()


_LABEL = re.compile(r"^(?:analysis|opinion|explainer|exclusive|live|update|breaking|watch|comment)\s*[:|-]\s*", re.I)


def _headline(source: SourceDoc) -> str:
    """The headline of the report the dek comes from, cleaned of labels and outlet boilerplate."""
    title = _LABEL.sub("", clean_headline(source.title, source.outlet))
    return title[:1].upper() + title[1:]


def _order(group: list[int], cands: list[_Candidate], lengths: list[int]) -> list[int]:
    """Report order within a section: where each sentence sat in its report, relatively."""
    return sorted(group, key=lambda i: (cands[i].position / lengths[cands[i].source], -cands[i].salience))


def _paragraphs(sentences: list[DraftSentence], size: int = 3) -> tuple[tuple[DraftSentence, ...], ...]:
    return tuple(tuple(sentences[i : i + size]) for i in range(0, len(sentences), size))


def write_extractive(
    sources: Sequence[SourceDoc],
    vectors: Sequence[npt.NDArray[np.float32]],
    options: WriterOptions | None = None,
) -> Draft:
    """Write a story's article from its sources.

    `vectors[k]` holds one unit row per passage of source k. The headline is the title of the report
    whose first sentence makes the best dek: the most salient account of what happened.
    """
    options = options or WriterOptions()
    cands = _candidates(sources, vectors, options)
    if not cands:
        raise ValueError("the sources hold no sentence fit to publish")
    sims = _score(cands, len(sources), options)
    chosen: list[int] = []
    opening = options.lead_positions

    def dek_fit(c: _Candidate) -> bool:
        return c.position == 0 and _stands_alone(c.text) and len(c.text.split()) <= options.dek_max_words

    dek = _pick(cands, sims, chosen, 1, options, dek_fit) or _pick(cands, sims, chosen, 1, options, _any)
    lead = _pick(cands, sims, chosen, options.lead_sentences, options,
                 lambda c: c.position < opening and _stands_alone(c.text))
    budget = min(14, 3 + 2 * len(sources))
    body = _pick(cands, sims, chosen, budget, options, lambda c: _stands_alone(c.text))
    lengths = [max(1, len(doc.passages)) for doc in sources]
    lead_order = sorted(lead, key=lambda i: (cands[i].position, -cands[i].salience))
    sections = [DraftSection(None, _paragraphs([_sentence(i, cands, sims, options) for i in lead_order]))]
    k = 3 if len(body) >= 9 else 2 if len(body) >= 4 else 1
    groups = _group(body, sims, cands, k) if body else []
    groups.sort(key=lambda g: -max(cands[i].salience for i in g))
    headline = _headline(sources[cands[dek[0]].source])
    taken = set(content_words(headline)) | set(content_words(cands[dek[0]].text))
    for g, group in enumerate(groups):
        rest = groups[:g] + groups[g + 1 :]
        heading = _heading(group, rest, cands, taken) if len(groups) > 1 else None
        ordered = [_sentence(i, cands, sims, options) for i in _order(group, cands, lengths)]
        sections.append(DraftSection(heading, _paragraphs(ordered)))
    return Draft(
        headline=headline,
        dek=_sentence(dek[0], cands, sims, options),
        sections=tuple(sections),
        writer=WRITER_NAME,
    )


def _any(c: _Candidate) -> bool:
    return True
