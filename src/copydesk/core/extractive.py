"""The `extractive` writer: selects, orders and stitches source sentences, each citing itself.

Salience comes from agreement across sources, centrality in the story and position in the report.
Selection is maximal-marginal-relevance so no fact is said twice; the body is grouped by the part each
sentence plays (what happened, what comes next, reactions, background), and the details are headed by
the phrase (or name) that sets them apart, else "What happened".
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from copydesk.core.anaphora import LOOK_BACK, known_things, untold
from copydesk.core.lead import make_headline, rank_openings, second_telling
from copydesk.core.sections import sections_of
from copydesk.core.standalone import People, leans_on_a_thing, lone_surnames, stands_alone, told_in_order
from copydesk.core.text import (
    STOPWORDS,
    content_words,
    lemmas,
    names,
    number_values,
    quotes,
    telling_numbers,
    undotted,
    without_courtesy_titles,
    without_dateline,
    without_label,
)
from copydesk.core.types import Draft, DraftSection, DraftSentence, Passage, SourceDoc
from copydesk.core.vectors import Vector, centroid
from copydesk.core.verify import gives_instructions, verify_sentence
from copydesk.core.wording import asks, credited, judgement, proper_words, speaks_as_reporter
from copydesk.errors import WriterError

WRITER_NAME = "extractive"
DATELINE_POSITIONS = 3


@dataclass(frozen=True)
class WriterOptions:
    """Tuning of the extractive writer."""

    min_words: int = 8
    max_words: int = 55
    dek_max_words: int = 45
    lead_sentences: int = 2
    redundancy: float = 0.66
    """Two sentences closer than this in meaning say the same thing; only one is kept."""
    overlap: float = 0.5
    """When this share of the shorter sentence's content words is in the other, they say the same thing."""
    lead_positions: int = 4
    """The dek comes from the reports' first two sentences, the lead from their first few."""
    same_number: float = 0.3
    """Two sentences giving the same telling number ("28,500", "$10m") say the same thing when their
    meanings are within this much of `redundancy`."""
    corroboration: float = 0.8
    """A passage from another source this close (and verified) is cited as well."""
    agreement: float = 0.6
    fit_length: bool = True
    """Fit the body's length to the story (`body_budget`) rather than fill 9 sentences for every story."""
    max_body: int = 14
    headings_from: int = 10
    """A body of fewer sentences reads as one piece, as a short news report does: no section headings
    (a heading over two or three sentences names them badly more often than it helps)."""
    shared_facts: float = 0.1
    """Salience added to a sentence carrying three or more of the names and numbers every report gives."""
    retold: float = 0.7
    """A body sentence carrying this share of the headline's words (as lemmas) tells its news again."""
    shared_quote: float = 0.1
    """Added to the salience of a sentence quoting words every other report quotes too (not the dek's)."""
    news_first: bool = True
    """A dek that previews ("will testify") gives way to a report's opening that tells what happened."""
    reading_order: bool = True
    """Leave out a sentence that, in the order the article is read, names someone by surname before their
    full name or opens on a letter or ruling not told of yet (`told_in_order`)."""
    own_headline: bool = True
    """Make the headline from the dek rather than print one outlet's title."""
    neutral: bool = True
    """Keep one outlet's loaded wording out of the dek and lead, and credit it to the outlet elsewhere; leave
    out a question the reporter asks in the article's own voice."""


@dataclass
class _Candidate:
    passage: Passage
    vector: Vector
    source: int
    position: int
    salience: float = 0.0
    terms: frozenset[str] = frozenset()
    numbers: frozenset[float] = frozenset()
    alone: bool = True
    """Whether it reads without the sentence before it (`stands_alone`)."""
    by_surname: bool = False
    """Whether it names someone by surname alone ("said Harkin", "Rudd pounced")."""
    shown: str = ""
    """What the article prints when it is not the whole passage: a report's opening without its dateline."""
    quoted: frozenset[str] = frozenset()
    """Its quotations of three words or more, lower-cased: a quote is told once."""
    loaded: bool = False
    """Whether the reporter's own words carry a judgement or loaded word (`wording.judgement`): one
    outlet's telling, kept out of the dek and the lead and credited to its outlet in the body."""
    outlet: str = ""
    things: frozenset[str] = frozenset()
    """What the sentence speaks of as known because its report told it just before ("the group")."""

    @property
    def text(self) -> str:
        return self.shown or self.passage.text


# A source's evident slip: a plain word doubled ("came came"; not "Bora Bora", "had had" or "sworn in
# in"), or a speech verb on both sides of a name ('"...," said Akin said of ...'). Mended where the page
# shows the sentence: one of the two left out, so that the sentence still says only what its source says.
_DOUBLED = re.compile(r"\b([A-Za-z]+)(?=(\s+)([a-z]+)\b)")
_SAID_TWICE = re.compile(r"([\"”],?\s+said\s+(?:[A-Z][\w.’'-]*\s+){1,2})said\b")
_MAY_DOUBLE = frozenset("that had is in no very many bye so".split())  # "sworn in in January"


def mended(text: str) -> str:
    """The sentence without its source's evident slip, outside quotations (a speaker's "many, many" is
    theirs)."""
    text = _SAID_TWICE.sub(lambda m: m.group(1).rstrip() + " ", text).replace("  ", " ")
    out, cursor = [], 0
    for quoted in [*re.finditer(r"[\"“][^\"”]*[\"”]", text), None]:
        stop = quoted.start() if quoted else len(text)
        part = text[cursor:stop]
        while (m := next((d for d in _DOUBLED.finditer(part) if _slip(d)), None)) is not None:
            part = part[: m.end(1)] + part[m.end(3) :]
        out.append(part + (quoted.group(0) if quoted else ""))
        cursor = quoted.end() if quoted else stop
    return "".join(out)


def _slip(m: re.Match[str]) -> bool:
    return m.group(1).lower() == m.group(3) and m.group(3) not in _MAY_DOUBLE


def eligible(text: str, options: WriterOptions) -> bool:
    """Whether the writer may publish this sentence (length, whole quotes, a full stop, no planted text)."""
    n = len(text.split())
    if not options.min_words <= n <= options.max_words:
        return False
    if text.count('"') % 2 or text.count("“") != text.count("”"):
        return False  # a quote cut in half
    if gives_instructions(text):
        return False  # planted text addressed to a model: data, never published
    if not text.rstrip().endswith((".", "!", "?", '"', "”", "’", "'", ")")):
        return False  # cut off ("... into") or a label before a list ("... a committee:")
    return text[0].isupper() or text[0] in "\"“'‘$0123456789"


def quoted_words(text: str) -> frozenset[str]:
    """A sentence's quotations of three words or more, as compared: each run of four words in them (a
    quotation cut differently by two outlets shares them: "rise to the occasion"), lower-cased, without
    punctuation; a quotation of three words whole."""
    runs: set[str] = set()
    for q in quotes(text):
        said = [w.strip(" ,.;:!?\"“”‘’'") for w in q.lower().split()]
        said = [w for w in said if w]
        if len(said) == 3:
            runs.add(" ".join(said))
        runs.update(" ".join(said[k : k + 4]) for k in range(len(said) - 3))
    return frozenset(runs)


def _candidates(
    sources: Sequence[SourceDoc], vectors: Sequence[npt.NDArray[np.float32]], options: WriterOptions
) -> list[_Candidate]:
    out = []
    for s, (doc, rows) in enumerate(zip(sources, vectors, strict=True)):
        for i, (passage, vec) in enumerate(zip(doc.passages, rows, strict=True)):
            if eligible(passage.text, options):
                # A dateline opens the report's text, which may start with a line or two before it
                # (a kicker, a byline): only there, so that capitals and a dash later are left alone.
                shown = without_dateline if i < DATELINE_POSITIONS else without_label
                text = mended(shown(passage.text))  # no dateline, label or slip of the source's
                if options.neutral and (asks(text) or speaks_as_reporter(text)):
                    continue  # the reporter's own question or "told us": one outlet's voice, left out
                out.append(
                    _Candidate(
                        passage, vec, s, i, terms=frozenset(content_words(text)),
                        numbers=frozenset(number_values(text)), alone=stands_alone(text),
                        by_surname=bool(lone_surnames(text)), shown=text if text != passage.text else "",
                        loaded=options.neutral and judgement(text) is not None, outlet=doc.outlet,
                        quoted=quoted_words(text),
                        things=known_things(text, [p.text for p in doc.passages[max(0, i - LOOK_BACK) : i]]),
                    )
                )  # fmt: skip
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


def _facts(text: str) -> set[str]:
    """A sentence's names and telling numbers, as comparable keys."""
    found = {n.casefold() for n in names(text, initial=False) if len(n) > 2}
    return found | {f"{v:g}" for v in telling_numbers(frozenset(number_values(text)))}


def _corroborated(cands: list[_Candidate], sources: Sequence[SourceDoc], options: WriterOptions) -> None:
    """Raise the salience of sentences that carry what every report gives (names, numbers): the news that
    all the outlets agree on ranks above one outlet's colour."""
    per_source = [_facts(" ".join(p.text for p in doc.passages)) for doc in sources]
    shared = set.intersection(*per_source)
    if not shared:
        return
    for c in cands:
        carried = len(_facts(c.text) & shared)
        c.salience += options.shared_facts * min(carried, 3) / 3


def _quoted_by_all(cands: list[_Candidate], sources: Sequence[SourceDoc], options: WriterOptions) -> None:
    """Raise the salience of sentences quoting words that every other report quotes too: the line the
    event turns on ("exit the Senate race"), which a reader expects to find. Not for the dek, which tells
    what happened in the reporter's words."""
    quoted = [quoted_words(" ".join(p.text for p in doc.passages)) for doc in sources]
    for c in cands:
        if c.quoted and all(c.quoted & q for k, q in enumerate(quoted) if k != c.source):
            c.salience += options.shared_quote


def retells(text: str, news: frozenset[str], options: WriterOptions) -> bool:
    """Whether a sentence tells the headline's news (`news`, its lemmas) again: nearly all its words, in
    any form ("will challenge ... for the position of majority leader" under "Lund challenges ... for
    majority leader"). A headline of under five words says too little to tell."""
    return len(news) >= 5 and len(news & lemmas(text)) >= options.retold * len(news)


def _redundant(
    i: int, chosen: list[int], cands: list[_Candidate], sims: Vector, options: WriterOptions
) -> bool:
    """Whether candidate `i` says again what a chosen sentence says (in meaning, words or numbers)."""
    numbers = cands[i].numbers
    telling = telling_numbers(numbers)
    told = frozenset().union(*(cands[j].numbers for j in chosen)) if numbers else frozenset()
    quoted = cands[i].quoted
    for j in chosen:
        if quoted & cands[j].quoted:
            return True  # the same words quoted twice ("try showing a little class")
        if sims[i, j] >= options.redundancy:
            return True
        if _overlap(cands[i].terms, cands[j].terms) >= options.overlap:
            return True
        theirs = cands[j].numbers
        if numbers and numbers <= told and sims[i, j] >= options.redundancy - 0.2:
            return True  # "17 of the 23 cases": the 23 in the dek, the 17 in the lead, in other words
        if telling & theirs and sims[i, j] >= options.redundancy - options.same_number:
            return True  # "28,500 U.S. troops" told twice in other words
    return False


def _overlap(a: frozenset[str], b: frozenset[str]) -> float:
    return len(a & b) / min(len(a), len(b)) if a and b else 0.0


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


def _sentence(
    i: int,
    cands: list[_Candidate],
    sims: Vector,
    options: WriterOptions,
    proper: frozenset[str] = frozenset(),
) -> DraftSentence:
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
    shown = undotted(without_courtesy_titles(own.text))  # "Mr. Jackson", "G.O.P." beside "Jackson", "GOP"
    if own.loaded and own.outlet:
        text = credited(shown, own.outlet, proper)
        return DraftSentence(text, tuple(citations), credit=text[: len(text) - len(shown)])
    return DraftSentence(shown, tuple(citations))


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
    whose first sentence makes the best dek: the most salient account of what happened. WriterError
    when the sources hold nothing publishable: the story waits for sources that do.
    """
    options = options or WriterOptions()
    cands = _candidates(sources, vectors, options)
    if not cands:
        n = sum(len(doc.passages) for doc in sources)
        raise WriterError(f"the sources hold no sentence fit to publish (of {n}: too short, long or cut off)")
    if not any(c.alone for c in cands):
        raise WriterError("no sentence in the sources reads on its own (each leans on one before it)")
    sims = _score(cands, len(sources), options)
    if options.news_first and len(sources) > 1:
        _corroborated(cands, sources, options)
    chosen: list[int] = []
    opening = options.lead_positions

    people = People(sources)

    def introduced(c: _Candidate) -> bool:
        """Whoever it names by surname alone, the article so far names in full; whatever it speaks of as
        known ("the bills"), the article so far tells of."""
        told = [cands[i].text for i in chosen]
        if options.reading_order and not people.mentions_introduced(c.text, told):
            return False
        if options.reading_order and leans_on_a_thing(c.text, " ".join([headline, *told]).lower()):
            return False
        return not c.by_surname or people.introduced(c.text, told)

    def told_of(c: _Candidate) -> bool:
        """Whatever its report told just before and it speaks of as known ("The group sent a letter"),
        the article so far tells of. For the body: a lead sentence retells its report's opening."""
        told = " ".join([headline, *(cands[i].text for i in chosen)]).lower()
        return not (options.reading_order and c.things and untold(c.things, told))

    ranked = rank_openings(cands, sims, options, people)
    top = [ranked[0] if ranked else max(range(len(cands)), key=lambda i: cands[i].salience)]
    headline, made_from = make_headline([*top, *ranked[1:]], cands, sims, sources, options, people)
    dek = [second_telling(ranked, cands, sims, made_from) if ranked else top[0]]
    chosen.extend(dek)
    if options.news_first and len(sources) > 1:
        _quoted_by_all(cands, sources, options)
    lead = _pick(
        cands,
        sims,
        chosen,
        options.lead_sentences,
        options,
        lambda c: c.position < opening and c.alone and not c.loaded and introduced(c) and told_of(c),
    )
    budget = body_budget(len(sources), sum(c.alone for c in cands), options)
    news = lemmas(headline)

    # a report's first sentence retells the event the dek tells: the body takes what follows
    body = _pick(
        cands,
        sims,
        chosen,
        budget,
        options,
        lambda c: (
            c.position > 0 and c.alone and introduced(c) and told_of(c) and not retells(c.text, news, options)
        ),
    )
    lengths = [max(1, len(doc.passages)) for doc in sources]
    proper = proper_words(
        [p.text for doc in sources for p in doc.passages],
        frozenset(
            w
            for doc in sources
            for p in doc.passages
            for n in names(p.text, False)
            for w in n.split()
            if w.lower() not in STOPWORDS  # "The" of "The Washington Post" is no name
        ),
    )

    def sentence(i: int) -> DraftSentence:
        return _sentence(i, cands, sims, options, proper)

    lead_order = sorted(lead, key=lambda i: (cands[i].position, -cands[i].salience))
    parts: list[tuple[str | None, list[int]]] = [(None, lead_order)]
    taken = set(content_words(headline)) | set(content_words(cands[dek[0]].text))
    texts = [c.text for c in cands]
    for heading, members in sections_of(body, texts, taken):
        parts.append((heading, people.after_introduction(_order(members, cands, lengths), texts)))
    parts = _outlets_section(parts, cands)
    if options.reading_order:
        reading = [dek[0], *(i for _, members in parts for i in members)]
        keep = told_in_order([texts[i] for i in reading], people, headline)
        dropped = {i for i, ok in zip(reading, keep, strict=True) if not ok}
        parts = [(h, [i for i in ms if i not in dropped]) for h, ms in parts]
    if sum(len(members) for _, members in parts[1:]) < options.headings_from:
        parts = [parts[0], *((None, ms) for _, ms in parts[1:] if ms)]
    sections = [
        DraftSection(heading, _paragraphs([sentence(i) for i in members]))
        for n, (heading, members) in enumerate(parts)
        if members or n == 0
    ]
    return Draft(
        headline=undotted(without_courtesy_titles(headline)),
        dek=sentence(dek[0]),
        sections=tuple(sections),
        writer=WRITER_NAME,
    )


OUTLETS_HEADING = "How each outlet reported it"


def _outlets_section(
    parts: list[tuple[str | None, list[int]]], cands: list[_Candidate]
) -> list[tuple[str | None, list[int]]]:
    """Sentences credited to their outlet (one outlet's loaded wording or judgement), when two outlets or
    more have them, gathered in a last section: each outlet's telling together, in its report's order."""
    body = [i for heading, members in parts if heading is not None for i in members]
    credited = [i for i in body if cands[i].loaded and cands[i].outlet]
    if len({cands[i].source for i in credited}) < 2:
        return parts
    kept = [(h, [i for i in ms if h is None or i not in credited]) for h, ms in parts]
    own = sorted(credited, key=lambda i: (cands[i].source, cands[i].position))
    return [(h, ms) for h, ms in kept if ms or h is None] + [(OUTLETS_HEADING, own)]


def body_budget(reports: int, usable: int, options: WriterOptions) -> int:
    """How many sentences the body may take: more reports, more to tell (three for each report beyond
    the first), and never more than a third of the sentences that read on their own, so that a story of
    two short reports is not padded to the length of one told at length by thirty."""
    if not options.fit_length:
        return min(14, 3 + 2 * reports)
    return max(2, min(options.max_body, 2 + 3 * (reports - 1), usable // 3))
