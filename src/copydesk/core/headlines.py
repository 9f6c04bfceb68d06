"""Headlines taken from a source's title: without the outlet's name or a label such as "Analysis:"."""

from __future__ import annotations

import re
from collections.abc import Sequence

from copydesk.core.types import SourceDoc

_LABEL = re.compile(
    r"^(?:analysis|opinion|explainer|exclusive|live|update|breaking|watch|comment)\s*[:|-]\s*", re.I
)


def clean_headline(title: str, outlet: str) -> str:
    """A source title without its outlet boilerplate ("... - Outlet", "Outlet | ...")."""
    parts = [p.strip() for p in re.split(r"\s+[|–—-]\s+", title)]
    kept = [p for p in parts if p and p.lower() != outlet.lower()]
    return max(kept, key=len) if kept else title.strip()


def source_headline(source: SourceDoc) -> str:
    """The headline of the report the dek comes from, cleaned of labels and outlet boilerplate."""
    title = _LABEL.sub("", clean_headline(source.title, source.outlet))
    return title[:1].upper() + title[1:]


# Where a dek's main clause ends: a dash, a colon, or a word that opens a clause of its own.
_CLAUSE_END = re.compile(
    r"\s*[;:]|\s+(?:—|–|--)\s*|,\s+but\s|,?\s+(?:after|while|amid|because|saying|although|though|when|despite|"
    r"which|who|whose|where|even as|in a move)\s|,?\s+and\s+(?=[a-z]+ing\b)",
)
# An opening phrase that sets the scene rather than telling the news ("In a speech on Monday, ...").
_SCENE = re.compile(
    r"^(?:in|at|on|after|when|as|while|despite|with|for|following|amid|although|if|since|before|during|"
    r"asked|speaking|updated)\b",
    re.I,
)
_WHEN = re.compile(
    r"\s+(?:(?:late|early)\s+)?(?:on\s+)?(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
    r"(?:\s+(?:morning|afternoon|evening|night))?\b|\s+(?:yesterday|today|tonight|last night)\b",
)
_VERB = re.compile(
    r"\b(?:[a-z]+ed|is|are|was|were|will|would|has|have|had|says|said|won|wins|calls|urges|takes|took|gets|"
    r"got|makes|made|seeks|sought|faces|plans|vows|asks|tells|told|gives|gave|holds|held|meets|met|leaves|"
    r"left|runs|ran|backs|signs|drops|denies|defends|admits|rejects|warns|pleads|picks|files|loses|lost|"
    r"beats|beat|quits|resigns|apologizes|apologises|announces|approves|votes|opposes|supports)\b"
)
_APPOSITIVE = re.compile(
    r"(?<=[A-Za-z.)]),\s+(?:the|a|an|who|which|[a-z]+ of)\b[^,;:\"“”]{2,120},(?=\s+[a-z])"
)
_LOOSE_END = frozenset(
    """to the a an of and or that for with by in on at from its his her their almost very more most also
    not never just than those these this them it he she they we who""".split()
)


MAX_WORDS = 18
"""A headline of Copydesk's own is a dek's main clause of at most this many words."""


def headline_from(dek: str) -> str | None:
    """A headline of Copydesk's own from the dek (the sentence the reports' openings agree on most): its
    main clause without the day ("Harwick's council voted to close the Eastgate library in June"), or
    None when that is not a headline (a quote, a clause with commas, too short or long, no verb, cut on a
    loose word)."""
    text = dek.strip().rstrip(".!?")
    if text[:1] in "\"“‘'":
        return None  # someone's words need their speaker
    if _SCENE.match(text) and "," in text:
        text = text.split(",", 1)[1].strip()
    text = _APPOSITIVE.sub("", text, count=1)  # "Ravi Lund, the council leader, said ..."
    text = re.sub(
        r"\s*\((?:[RDI]|[RDI]-[A-Z][\w.]*)\)", "", text
    )  # "Asa Hutchinson (R-Ark.)": the party label
    # "..., a decision the mayor criticised", "..., calling it a betrayal": the main clause comes before
    text = re.sub(r",\s+(?:a|an|the|which|who|according|[a-z]+ing)\b.*$", "", text)
    end = _CLAUSE_END.search(text)
    clause = _shorter(_WHEN.sub("", text[: end.start()] if end else text).strip())
    kept = clause.split()
    if "," in clause or not 5 <= len(kept) <= MAX_WORDS or _SCENE.match(clause):
        return None
    if kept[-1].lower() in _LOOSE_END or kept[-1].endswith("ly") or not _VERB.search(clause):
        return None
    if clause.count('"') % 2 or clause.count("“") != clause.count("”"):
        return None
    return clause[0].upper() + clause[1:]


# Where a long main clause may stop and still say what happened: before a phrase that only says when
# ("has been criticised ever since he ...", "... until the vote"). Not before a participle: "a letter
# vowing to block all bills" cut to "a letter" leaves out the news.
_MODIFIER = re.compile(r"\s+(?:until|ever since|in the aftermath|in the wake)\b")


def _shorter(clause: str) -> str:
    """The clause within MAX_WORDS, stopping before its last qualifying phrase that leaves enough words;
    else as it was."""
    if len(clause.split()) <= MAX_WORDS:
        return clause
    for m in reversed(list(_MODIFIER.finditer(clause))):
        before = clause[: m.start()].split()
        told = clause[: m.start()].rsplit(" that ", 1)[-1]  # what "said that ..." goes on to say
        if 5 <= len(before) <= MAX_WORDS and _VERB.search(told):
            return clause[: m.start()]
    return clause


_SEO = re.compile(r"[?!]|^\w+(?:\s\w+)?\s*:|\b(?:watch|video|photos?|what we know|here's|you need)\b", re.I)


def fairest_title(sources: Sequence[SourceDoc], dek: str) -> str:
    """When Copydesk cannot make its own headline: the title that tells what the dek tells in the most
    words the other titles share, least one-sided (no judgement word) and least shaped for search
    engines (no question, exclamation, "Label:" or "what we know")."""
    from copydesk.core.text import content_words
    from copydesk.core.wording import judgement

    cleaned = [source_headline(s) for s in sources]
    told = set(content_words(dek))

    def score(k: int) -> tuple[int, int, int]:
        mine = set(content_words(cleaned[k]))
        shared = sum(len(mine & set(content_words(t))) for j, t in enumerate(cleaned) if j != k)
        fair = -(judgement(cleaned[k]) is not None) - bool(_SEO.search(cleaned[k]))
        return fair, len(mine & told) + shared, -k

    return cleaned[max(range(len(cleaned)), key=score)] if cleaned else ""
