"""Sentences that lean on the one before them in their report, printed right after it.

A sentence that does not read on its own ("But the congressman repeatedly declined to say whether the
picture was an image of him.", '"I'm getting whipsawed here," he told the plaintiffs' lawyer.') may
still be told when the sentence before it in its report is in the article: it comes right after that
sentence, as its report had it, and the reader has what it leans on.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence

from copydesk.core.candidates import Candidate
from copydesk.core.text import unquoted

Parts = list[tuple[str | None, list[int]]]

# A quotation that ends on a comma ('"... among their members,'"'): who said it is told after it, not before.
_SPEAKER_AFTER = re.compile(r",\s*['’\"”]+\s*$")
_SOMEONE = re.compile(r"\b(?:[Hh]e|[Ss]he|[Hh]im|[Hh]er|[Hh]is|[Hh]ers)\b")


def before_of(cands: Sequence[Candidate]) -> dict[int, int]:
    """For each candidate, the candidate its report tells just before it (a quotation told whole with
    its next line counts as the sentence before the one after that line)."""
    at = {(c.source, c.position): i for i, c in enumerate(cands)}
    at |= {(c.source, c.position + 1): i for i, c in enumerate(cands) if c.then is not None}
    out = {}
    for i, c in enumerate(cands):
        j = at.get((c.source, c.position - 1))
        if j is not None and j != i and cands[j].then is not c.passage:  # not the line `j` tells whole
            out[i] = j
    return out


def may_follow(
    i: int,
    cands: Sequence[Candidate],
    before: dict[int, int],
    chosen: Sequence[int],
    surnames: Collection[str],
) -> bool:
    """Whether candidate `i` leans on the sentence before it, which the article tells: not a sentence of
    one outlet's judgement (credited, "Fox News reported that but ..." would not read), nor one a later
    report supersedes, nor a quotation whose speaker comes after it; a "he" or "she" only after a
    sentence that names someone (one of `surnames`, or "he" or "she" again): "She said the building
    would be sold" after "The council voted to close the library" would stand for the council."""
    c = cands[i]
    j = before.get(i, -1)
    if c.alone or c.loaded or c.superseded or j not in chosen or _SPEAKER_AFTER.search(c.text):
        return False
    if not _SOMEONE.search(unquoted(c.text)):
        return True
    told = unquoted(cands[j].text)
    return bool(_SOMEONE.search(told)) or any(re.search(rf"\b{re.escape(s)}\b", told) for s in surnames)


def placed_after(dek: int, parts: Parts, follows: dict[int, int]) -> Parts:
    """The article's parts with each following sentence moved right after the one it follows (the dek's
    to the front of the lead), earlier ones first so that a run of three stays in order; one whose
    sentence is no longer in the article is left out."""
    out: Parts = [(h, [i for i in ms if i not in follows]) for h, ms in parts]
    for i in sorted(follows, key=lambda k: _depth(k, follows)):
        j = follows[i]
        if j == dek:
            out[0][1].insert(0, i)
            continue
        for _, members in out:
            if j in members:
                members.insert(members.index(j) + 1, i)
                break
    return out


def _depth(i: int, follows: dict[int, int]) -> int:
    depth = 0
    while i in follows:
        i, depth = follows[i], depth + 1
    return depth
