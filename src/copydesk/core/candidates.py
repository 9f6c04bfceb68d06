"""The extractive writer's candidates: each source sentence it may publish, with what is read of it.

A sentence is a candidate when it may be published at all (`eligible`: whole, not too short or long, no
text planted for a model); what the page shows of it (`Candidate.text`) is the source's sentence without
its dateline, label or evident slip (`mended`), and what the rules read of it (whether it stands alone,
names someone by surname, carries one outlet's judgement, quotes, what it speaks of as known) is read
once, here.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt

from copydesk.core.anaphora import known_things
from copydesk.core.dates import WEEKDAYS
from copydesk.core.people import lone_surnames
from copydesk.core.standalone import stands_alone
from copydesk.core.text import (
    content_words,
    number_values,
    outside_quotes,
    quotes,
    unquoted,
    without_dateline,
    without_label,
)
from copydesk.core.types import Passage, SourceDoc
from copydesk.core.unloading import unloaded
from copydesk.core.vectors import Vector
from copydesk.core.verify import gives_instructions, verify_sentence
from copydesk.core.wording import asks, judgement, speaks_as_reporter

if TYPE_CHECKING:
    from copydesk.core.extractive import WriterOptions

DATELINE_POSITIONS = 3
"""A dateline opens a report's text, which may start with a line or two before it (a kicker, a byline)."""


@dataclass
class Candidate:
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
    superseded: bool = False
    """Whether the page tells it better elsewhere: the headline says it, or the dek tells as done what
    it says will happen."""
    everyone_quotes: bool = False
    """Whether every other report quotes words it quotes: the line the event turns on."""
    things: frozenset[str] = frozenset()
    """What the sentence speaks of as known because its report told it just before ("the group")."""
    then: Passage | None = None
    """The next passage, told with this one: the rest of a quotation that turns what it said."""

    @property
    def text(self) -> str:
        return self.shown or self.passage.text


# A source's evident slip: a plain word doubled ("came came"; not "Bora Bora", "had had" or "sworn in
# in"), or a speech verb on both sides of a name ('"...," said Akin said of ...'). Mended where the page
# shows the sentence: one of the two left out, so that the sentence still says only what its source says.
_DOUBLED = re.compile(r"\b([A-Za-z]+)(?=(\s+)([a-z]+)\b(?![’'-]))")  # not "one in five five-year-olds"
_SAID_TWICE = re.compile(r"([\"”],?\s+said\s+(?:[A-Z][\w.’'-]*\s+){1,2})said\b")
_MAY_DOUBLE = frozenset("that had is in no very many bye so".split())  # "sworn in in January"


# "more ... then any of the others": a comparison's "than" typed as "then".
_THEN = re.compile(
    r"(\b(?:more|less|fewer|better|worse|rather|greater|larger|smaller|higher|lower)\b[^;:,!?]*?)"
    r"(?<!\band)(?<!\bbut)(?<!\bor)\s+then(?=\s+(?:any|anyone|anything|ever|expected|usual|before|the\s+other|other)\b)"
)


def mended(text: str) -> str:
    """The sentence without its source's evident slip, outside quotations (a speaker's "many, many" is
    theirs)."""
    text = _SAID_TWICE.sub(lambda m: m.group(1).rstrip() + " ", text).replace("  ", " ")
    return outside_quotes(text, lambda part: _THEN.sub(r"\1 than", _undoubled(part)))


# "the $750,000", "the 100 pages": a sum or count its report gave before, spoken of as known.
_THE_SUM = re.compile(
    r"\b[Tt]he\s+(\$?\d[\d,.]*\d|\$?\d)(?![\d,-]|\.\d)(?!\s*(?:s|th|st|nd|rd)\b)"
    # "the 60 votes needed", "the $5 million that": which ones the sentence says itself
    r"(?!(?:\s+(?:million|billion|trillion))?\s+\w+\s+(?:needed|required|necessary|that|which|who|set)\b)"
)


def unreferred(text: str, before: Sequence[str]) -> str:
    """The sentence without "the" before a sum or count that its report gave in a sentence before
    (`before`): "used the $750,000 in campaign money" -> "used $750,000 in campaign money", which says
    the same without pointing back to a sentence the article may not carry. Quotations are left alone."""
    if not _THE_SUM.search(text):
        return text  # most sentences: the report before is not read
    told = " ".join(before)

    def plain(part: str) -> str:
        return _THE_SUM.sub(lambda m: m.group(1) if m.group(1) in told else m.group(0), part)

    shown = outside_quotes(text, plain)
    return shown[0].upper() + shown[1:] if shown != text and text[:1].isupper() else shown


def _undoubled(part: str) -> str:
    while (m := next((d for d in _DOUBLED.finditer(part) if _slip(d)), None)) is not None:
        part = part[: m.end(1)] + part[m.end(3) :]
    return part


def _slip(m: re.Match[str]) -> bool:
    return m.group(1).lower() == m.group(3) and m.group(3) not in _MAY_DOUBLE


def misspelt_day(text: str) -> bool:
    """Whether the text misspells a weekday ("said Wednedsay"): a source's slip the page must not copy, nor
    read as a name or a day."""
    for word in re.findall(r"\b[A-Z][a-z]{5,9}\b", text):
        low = word.lower().removesuffix("s")  # "Sundays"
        if low not in WEEKDAYS and any(SequenceMatcher(None, low, day).ratio() >= 0.8 for day in WEEKDAYS):
            return True
    return False


# A live blog's update opens on its hour: "7:19 p.m. -- ", "UPDATE 3:40 PM ET:"
_UPDATE_STAMP = re.compile(
    r"^(?:UPDATE:?\s*)?\d{1,2}:\d{2}\s*(?:[ap]\.?m\.?|[AP]M)?(?:\s*[A-Z]{2,3})?\s*(?:--|—|–|:)", re.I
)


# What someone said, its subject dropped: "told NBC News in an interview that plans to decide by June"
_NO_SUBJECT = re.compile(
    r"\b(?:told|said|says|tells|added)\b[^.;:]{0,60}?\bthat (?:plans|intends|hopes|wants|expects|aims) to\b"
)


def eligible(text: str, options: WriterOptions) -> bool:
    """Whether the writer may publish this sentence (length, whole quotes, a full stop, no planted text)."""
    n = len(text.split())
    if not options.min_words <= n <= options.max_words:
        return False
    if text.count('"') % 2 or text.count("“") != text.count("”"):
        return False  # a quote cut in half
    if gives_instructions(text) or misspelt_day(text) or _NO_SUBJECT.search(unquoted(text)):
        return False  # planted text addressed to a model: data, never published; a source's slip
    if not text.rstrip().endswith((".", "!", "?", '"', "”", "’", "'", ")")):
        return False  # cut off ("... into") or a label before a list ("... a committee:")
    if _UPDATE_STAMP.match(text):
        return False  # "7:19 p.m. -- The Post now reports ...": a live update, told as of its hour
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


# The speaker's next words turn what they just said ('"The First Amendment protects freedom of religion,"
# said Manley. "Senator Reid respects that but thinks the mosque should be built someplace else."'): the
# first half alone may say the opposite of what they meant.
_TURN = re.compile(
    r"^[\"“](?:(?:but|however|yet|still|instead)\b|what (?:we|i)\b"
    r"|[^\"”]{0,40}?\b(?:that|this|it),?\s+(?:but|yet)\b)",  # "Senator Reid respects that but thinks ..."
    re.I,
)


def _rest_of_quote(after: str) -> bool:
    """Whether a sentence is only quoted words (no speaker of its own): the same speaker goes on."""
    return after.lstrip()[:1] in '"“' and not re.search(r"[A-Za-z]", unquoted(after))


def half_said(text: str, after: str) -> bool:
    """Whether a quotation is the first half of what its speaker said, the report's next sentence quoting
    them turning it ("but", "however", "What we take issue with ...")."""
    return bool(quotes(text)) and bool(_TURN.match(after.lstrip()))


QUOTE_SPAN = 6
"""Sentences a quotation opened and not closed may run on before the rest is taken for the reporter's
again (a stray mark must not silence a whole report)."""


def inside_quotations(texts: Sequence[str]) -> list[bool]:
    """For a report's sentences in order, whether each lies wholly inside a quotation that an earlier
    sentence opened ('post provides the following commentary:' | '“Expect more of this.' | 'A hard,
    progressive left captured ...'): a blogger's words, not the reporter's, though no mark is in it."""
    out, open_for = [], 0
    for text in texts:
        out.append(open_for > 0)
        opens, closes = text.count("“"), text.count("”")
        straight = text.count('"') % 2
        if open_for:
            open_for = 0 if closes > opens or straight else open_for - 1
        elif opens > closes or straight:
            open_for = QUOTE_SPAN
    return out


def introduced_blocks(passages: Sequence[Passage]) -> list[bool]:
    """For a report's sentences in order, whether each lies in a paragraph that a sentence ending on a
    colon introduces ("a set of response points were circulated by Democrats:" | "-Here are the facts:
    ... Today's story unfortunately distorts ...") or in a bulleted line: someone else's text, though no
    mark is in it. A paragraph starts where more than a space lies between two sentences."""
    out, block = [], False
    for k, passage in enumerate(passages):
        if k and passage.start - passages[k - 1].end > 1:  # a new paragraph
            block = passages[k - 1].text.rstrip().endswith(":")
        out.append(block or passage.text.lstrip()[:1] in "-•*")
    return out


def candidates(
    sources: Sequence[SourceDoc], vectors: Sequence[npt.NDArray[np.float32]], options: WriterOptions
) -> list[Candidate]:
    out = []
    for s, (doc, rows) in enumerate(zip(sources, vectors, strict=True)):
        texts = [p.text for p in doc.passages]
        within = inside_quotations(texts)
        listed = introduced_blocks(doc.passages)
        for i, (passage, vec) in enumerate(zip(doc.passages, rows, strict=True)):
            if within[i] or listed[i]:
                continue  # the middle of someone's quoted words (or a list a colon introduced): not the
                # reporter's, and its speaker and marks are elsewhere
            if eligible(passage.text, options):
                # A dateline opens the report's text, which may start with a line or two before it
                # (a kicker, a byline): only there, so that capitals and a dash later are left alone.
                shown = without_dateline if i < DATELINE_POSITIONS else without_label
                text = mended(shown(passage.text))  # no dateline, label or slip of the source's
                text = unreferred(text, texts[:i])
                if options.neutral and (asks(text) or speaks_as_reporter(text)):
                    continue  # the reporter's own question or "told us": one outlet's voice, left out
                if (
                    options.neutral
                    and i < options.lead_positions  # an opening, which may lead: further down, a sentence
                    # whose verdict is one outlet's reading of events is credited to it whole
                    and judgement(text)
                    and (plain := unloaded(text))
                    and eligible(plain, options)
                    and verify_sentence(plain, [passage]).verified
                ):
                    # "Arpaio, known for his controversial stances, endorsed": the verdict cut (verified
                    # against its passage: cutting "LA County's infamous Public Health Director" would run
                    # two names into one the passage never gives)
                    text = plain
                after = (texts[i + 1 :] or [""])[0]
                then = None
                if half_said(text, after) and _rest_of_quote(after) and eligible(f"{text} {after}", options):
                    text, then = f"{text} {mended(after)}", doc.passages[i + 1]  # the quote whole, turn too
                out.append(
                    Candidate(
                        passage, vec, s, i, terms=frozenset(content_words(text)),
                        numbers=frozenset(number_values(text)), then=then,
                        alone=stands_alone(text) and not (then is None and half_said(text, after)),
                        by_surname=bool(lone_surnames(text)), shown=text if text != passage.text else "",
                        loaded=options.neutral and judgement(text) is not None, outlet=doc.outlet,
                        quoted=quoted_words(text),
                        things=known_things(text, texts[:i]),
                    )
                )  # fmt: skip
    return out
