"""The `extractive` writer: selects, orders and stitches source sentences, each citing itself.

Salience comes from agreement across sources, centrality in the story and position in the report.
Selection is maximal-marginal-relevance so no fact is said twice; the body is grouped by the part each
sentence plays (what happened, what comes next, reactions, background), and the details are headed by
the phrase (or name) that sets them apart, else "What happened".
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from copydesk.core.anaphora import untold
from copydesk.core.candidates import Candidate, candidates
from copydesk.core.continuation import before_of, may_follow, placed_after
from copydesk.core.lead import (
    make_headline,
    rank_openings,
    says_the_headline,
    second_telling,
    superseded_previews,
    title_words,
    titles_share,
)
from copydesk.core.people import People
from copydesk.core.second_reference import named_again
from copydesk.core.sections import sections_of, who_first
from copydesk.core.selection import (
    central_names,
    corroborated,
    pick,
    quoted_by_all,
    score,
    shared_numbers,
    tells_more,
)
from copydesk.core.standalone import leans_on_a_thing, told_in_order
from copydesk.core.text import content_words, house_style, lemmas, number_values, unquoted
from copydesk.core.types import Draft, DraftSection, DraftSentence, SourceDoc
from copydesk.core.vectors import Vector
from copydesk.core.verify import verify_sentence
from copydesk.core.wording import credited, named_inside, proper_words
from copydesk.errors import WriterError

WRITER_NAME = "extractive"
NEXT = 2
"""A sentence this close after another of its report in the same section follows it on the page."""


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
    novelty: float = 0.35
    """A sentence of which less than this share of words (as lemmas) is new to the article so far tells
    nothing new: "Akin said he would continue campaigning" after "I believe that we can win this"."""
    central_names: int = 2
    """Up to this many sentences beyond the body's budget, each naming what every report names and keeps
    coming back to (`central_names`), or giving a telling number every report gives (`shared_numbers`),
    where the article does not yet."""
    shared_quote: float = 0.1
    """Added to the salience of a sentence quoting words every other report quotes too (not the dek's);
    half of it where one other report of three or more does."""
    news_first: bool = True
    """A dek that previews ("will testify") gives way to a report's opening that tells what happened."""
    reading_order: bool = True
    """Leave out a sentence that, in the order the article is read, names someone by surname before their
    full name or opens on a letter or ruling not told of yet (`told_in_order`)."""
    second_reference: bool = True
    """Someone named in full before is named by surname after, without their title and aside again; an
    "also" before a deed the article has not told is left out (`second_reference`)."""
    context: bool = True
    """A sentence that leans on the one before it in its report may be told right after it, where the
    article tells that one (`continuation`)."""
    own_headline: bool = True
    """Make the headline from the dek rather than print one outlet's title."""
    neutral: bool = True
    """Keep one outlet's loaded wording out of the dek and lead, and credit it to the outlet elsewhere; leave
    out a question the reporter asks in the article's own voice."""


def _sentence(
    i: int,
    cands: list[Candidate],
    sims: Vector,
    options: WriterOptions,
    proper: frozenset[str] = frozenset(),
) -> DraftSentence:
    """A draft sentence citing its own passage and, where they say the same, other sources' too."""
    own = cands[i]
    citations = [own.passage] + ([own.then] if own.then else [])  # a quotation told whole cites both halves
    seen = {own.source}
    for j in np.argsort(-sims[i]):
        other = cands[int(j)]
        if other.source in seen or sims[i, j] < options.corroboration:
            continue
        if verify_sentence(own.text, [other.passage]).verified:
            citations.append(other.passage)
            seen.add(other.source)
    shown = house_style(own.text)  # "Mr. Jackson", "G.O.P." beside "Jackson", "GOP"
    if own.loaded and own.outlet:
        text = credited(shown, own.outlet, proper)
        return DraftSentence(text, tuple(citations), credit=text[: len(text) - len(shown)])
    return DraftSentence(shown, tuple(citations))


def _tells_in_body(fact: str | float, in_body: Callable[[Candidate], bool], c: Candidate) -> bool:
    """Whether `c` may be in the body and names `fact` (a name, or a number's value) in the reporter's
    words: not in a quotation, whose "did that in Newtown" leans on what the speaker was asked."""
    own = unquoted(c.text)
    return (fact in own if isinstance(fact, str) else fact in number_values(own)) and in_body(c)


def _order(group: list[int], cands: list[Candidate], lengths: list[int]) -> list[int]:
    """Report order within a section: where each sentence sat in its report, relatively; a sentence that
    followed another of the section in its report, a sentence or two after it, comes right after it
    (the next line of a quotation, what a poll found after the poll), not after another report's."""
    order = sorted(group, key=lambda i: (cands[i].position / lengths[cands[i].source], -cands[i].salience))
    out: list[int] = []
    for i in order:
        c = cands[i]
        near = [
            k
            for k, j in enumerate(out)
            if cands[j].source == c.source and 0 < c.position - cands[j].position <= NEXT
        ]
        at = near[-1] + 1 if near else len(out)
        while at < len(out) and cands[out[at]].source == c.source and cands[out[at]].position < c.position:
            at += 1  # after its report's own sentences that came before it
        out.insert(at, i)
    return out


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
    people = People(sources)
    # a name one report misspells ("Preibus" where the others write "Priebus") is not printed
    cands = [c for c in candidates(sources, vectors, options) if not people.slipped(c.text)]
    if not cands:
        n = sum(len(doc.passages) for doc in sources)
        raise WriterError(f"the sources hold no sentence fit to publish (of {n}: too short, long or cut off)")
    if not any(c.alone for c in cands):
        raise WriterError("no sentence in the sources reads on its own (each leans on one before it)")
    sims = score(cands, len(sources), options)
    if options.news_first and len(sources) > 1:
        corroborated(cands, sources, options)
    chosen: list[int] = []
    opening = options.lead_positions

    def introduced(c: Candidate) -> bool:
        """Whoever it names by surname alone, the article so far names in full; whatever it speaks of as
        known ("the bills"), or its report told just before ("The group sent a letter"), the article so
        far tells of."""
        told = [cands[i].text for i in chosen]
        if options.reading_order:
            if not people.mentions_introduced(c.text, told):
                return False
            article = " ".join([headline, *told]).lower()
            if leans_on_a_thing(c.text, article) or (c.things and untold(c.things, article)):
                return False
        return not c.by_surname or people.introduced(c.text, told)

    titles = title_words(sources)
    titled = titles_share(sources, titles)
    ranked = rank_openings(cands, sims, options, people, titled)
    top = [ranked[0] if ranked else max(range(len(cands)), key=lambda i: cands[i].salience)]
    headline, made_from = make_headline([*top, *ranked[1:]], cands, sims, sources, options, people, titles)
    dek = [second_telling(ranked, cands, sims, made_from, headline) if ranked else top[0]]
    chosen.extend(dek)
    # the page tells better elsewhere: what the headline says (printed below the dek, it says it twice),
    # and what an earlier report said would happen where the dek tells it happened
    # (unless it tells what the titles name and the headline's cut left out: "... and has sent
    # investigators to Hawaii")
    if made_from is not None and made_from != dek[0] and says_the_headline(cands[made_from].text, headline):
        cands[made_from].superseded = not (lemmas(cands[made_from].text) - lemmas(headline)) & titled
    for i in superseded_previews(dek[0], cands, sims, sources):
        cands[i].superseded = True
    if options.news_first and len(sources) > 1:
        quoted_by_all(cands, sources, options)
    news = lemmas(headline)

    before = before_of(cands) if options.context else {}
    index = {id(c): i for i, c in enumerate(cands)}
    someone = people.people_named() | people.full.keys()

    def follows(c: Candidate) -> bool:
        """It leans on the sentence before it in its report, which the article tells: it comes right
        after it, whoever it names by surname named in full by then."""
        if not may_follow(index[id(c)], cands, before, chosen, someone):
            return False
        told = [cands[i].text for i in chosen]
        named = not c.by_surname or people.introduced(c.text, told)
        return named and people.mentions_introduced(c.text, told)

    # the lead tells more than the headline: not the headline's source again in its fuller words
    def in_lead(c: Candidate) -> bool:
        if c.position < opening and follows(c) and tells_more(c, news, options, titled):
            return True
        opens = c.position < opening and c.alone and not (c.loaded or c.superseded)
        return opens and introduced(c) and tells_more(c, news, options, titled)

    lead = pick(cands, sims, chosen, options.lead_sentences, options, in_lead)
    budget = body_budget(len(sources), sum(c.alone for c in cands), options)

    # a report's first sentence retells the event the dek tells: the body takes what follows
    def in_body(c: Candidate) -> bool:
        if follows(c):
            return tells_more(c, news, options, titled)
        told_after = c.position > 0 and c.alone and not c.superseded
        return told_after and introduced(c) and tells_more(c, news, options, titled)

    body = pick(cands, sims, chosen, budget, options, in_body, before)

    # what every report names and keeps coming back to ("Newtown"), and the telling numbers every report
    # gives ("all 42 Senate Republicans"), where the article has not told them yet
    def told(fact: str | float) -> bool:
        if isinstance(fact, str):
            return any(fact in text for text in [headline, *(cands[i].text for i in chosen)])
        return fact in number_values(headline).union(*(cands[i].numbers for i in chosen))

    wanted: list[str | float] = (
        [*central_names(sources), *shared_numbers(sources)] if options.central_names else []
    )
    for fact in wanted:
        if len(body) >= budget + options.central_names:
            break
        if not told(fact):
            body += pick(cands, sims, chosen, 1, options, functools.partial(_tells_in_body, fact, in_body))
    lengths = [max(1, len(doc.passages)) for doc in sources]
    proper = proper_words([p.text for doc in sources for p in doc.passages], named_inside(sources))

    def sentence(i: int) -> DraftSentence:
        return _sentence(i, cands, sims, options, proper)

    lead_order = sorted(lead, key=lambda i: (cands[i].position, -cands[i].salience))
    parts: list[tuple[str | None, list[int]]] = [(None, lead_order)]
    taken = set(content_words(headline)) | set(content_words(cands[dek[0]].text))
    texts = [c.text for c in cands]
    if len(body) < options.headings_from:  # no headings shown: the reports' own order, not hidden roles
        parts.append((None, people.after_introduction(_order(body, cands, lengths), texts)))
    else:
        for heading, members in sections_of(body, texts, taken):
            parts.append((heading, people.after_introduction(_order(members, cands, lengths), texts)))
    who_first(parts, texts, " ".join([headline, *(texts[i] for i in [*dek, *lead_order])]))
    parts = _outlets_section(parts, cands)
    # each sentence that leans on the one before it in its report, right after it
    following = {i: before[i] for i in chosen if not cands[i].alone and i in before}
    parts = placed_after(dek[0], parts, following)
    if options.reading_order:
        reading = [dek[0], *(i for _, members in parts for i in members)]
        keep = told_in_order([texts[i] for i in reading], people, headline)
        dropped = {i for i, ok in zip(reading, keep, strict=True) if not ok and i not in following}
        parts = [(h, [i for i in ms if i not in dropped]) for h, ms in parts]
        parts = placed_after(dek[0], parts, following)  # with the sentence it follows, if left out
    if sum(len(members) for _, members in parts[1:]) < options.headings_from:
        parts = [parts[0], *((None, ms) for _, ms in parts[1:] if ms)]
    sections = [
        DraftSection(heading, _paragraphs([sentence(i) for i in members]))
        for n, (heading, members) in enumerate(parts)
        if members or n == 0
    ]
    draft = Draft(
        headline=house_style(headline),
        dek=sentence(dek[0]),
        sections=tuple(sections),
        writer=WRITER_NAME,
    )
    # named in full once, by surname after: "Mark Sheridan, a partner with ..., said" introduces him twice
    return named_again(draft, people.named_once()) if options.second_reference else draft


OUTLETS_HEADING = "How each outlet reported it"


def _outlets_section(
    parts: list[tuple[str | None, list[int]]], cands: list[Candidate]
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
