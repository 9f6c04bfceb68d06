"""A base model's shortening of one source sentence: the prompt that asks for it and the check it must pass.

Pure, like `copydesk.core.llm_draft`. A base model (Gemma 3 270M) cannot write a cited article, so the
GGUF writer lets the extractive writer choose, order and cite the sentences and asks the model to shorten
each one (`rewrite_prompt`); a shortening stands in for its source only when `rewrite_problem` finds
nothing wrong with it, else the source sentence stands.

A 270M base model cannot write a cited article as JSON: it copies the shape's placeholders, and held to
the shape by a JSON grammar it repeats one line as every sentence (Gemma 3 270M, 408 s a story on 2
cores). It does continue a pattern, so the prompt gives a few examples first. `rewrite_problem` refuses
any shortening that may say more than its source.
"""

from __future__ import annotations

import difflib
import re
from collections import Counter

from copydesk.core.llm_draft import defused
from copydesk.core.people import speakers
from copydesk.core.text import (
    STOPWORDS,
    fold,
    normalize_space,
    number_values,
    quotes,
    shown_numbers,
    term_spans,
    tokens,
)

REWRITE_PROMPT = """A news editor shortens each source sentence into one plain news sentence. Numbers, \
names and quotes are copied exactly; nothing is added.

Source: The company said on Monday that it would cut 1,200 jobs at its plant in Derby, which opened in \
1998, by the end of March.
Short: The company said it would cut 1,200 jobs at its Derby plant by the end of March.

Source: "We are very disappointed," said Anna Lee, a spokeswoman for the union, which represents about \
900 of the workers at the site.
Short: "We are very disappointed," said Anna Lee, a spokeswoman for the union.

Source: Police have not yet named the driver, a 34-year-old man from Leeds, who was taken to hospital \
with minor injuries after the crash on Friday night.
Short: Police have not named the 34-year-old driver, who was taken to hospital with minor injuries.

Source: """

# Words whose loss turns a claim into a fact, a condition into an event, or a denial into a statement.
KEEP_WORDS = frozenset(
    """said says say saying told tells according claim claims claimed claiming alleged allegedly allege
    reportedly reported reports report suspected suspect believed believes accused accuses denied denies
    could may might would if unless whether expected expects plan plans planned planning proposed proposes
    propose possible possibly likely unlikely potential potentially not no never nor none without""".split()
)

# Stopwords that still say who: "entered her home" shortened to "entered his home" changed whose home.
PRONOUNS = frozenset("he him his himself she her hers herself they them their theirs it its we our".split())


def _keep_words(text: str) -> Counter[str]:
    """The hedges, attributions and negations of a text, counted: "did not conclude ... but does not
    exonerate" has two; "hadn't" (either apostrophe) counts as "not"."""
    found = (w.lower() for w in tokens(text))
    return Counter(w for w in ("not" if re.search(r"n['’]t$", w) else w for w in found) if w in KEEP_WORDS)


# What may bound a cut: a comma, semicolon, colon, bracket or dash, or the sentence's own ends.
_BOUND_AFTER = re.compile(r"\W*?[,;:()\[\]—–]|\s+-{1,2}\s")
_BOUND_BEFORE = re.compile(r"(?:[,;:()\[\]—–]|\s-{1,2}\s)\W*$")


def cut_problem(text: str, source: str) -> str | None:
    """Why `text` is not its source with whole phrases cut out, or None when it is.

    A cut takes away a whole phrase: an opening one up to a comma, colon or dash ("WASHINGTON (AP) —",
    "Less than four months into his tenure,"), a closing one after a comma, or one set off on both sides
    ("Jane Doe, who has run the library since 2011, said"). Any other change is refused: a word
    reworded ("enters" to "entered"), or cut from inside a phrase, where it may have said whose or which
    thing it was ("his successor's sloppy record" to "his sloppy record", Gemma 3 270M on NeuS). An
    opening cut that is only capitalised words before a comma is the subject's name ("Jane Doe, the
    mayor, said"), not a phrase before it.
    """
    found = term_spans(source)
    kept = [text[start:end] for start, end in term_spans(text)]
    before = [fold(source[start:end]) for start, end in found]
    matcher = difflib.SequenceMatcher(None, before, [fold(w) for w in kept], autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            continue
        if op != "delete":
            return f"rewords: {' '.join(kept[j1:j2])[:40]}"
        start, end = found[i1][0], found[i2 - 1][1]
        opens, closes = i1 == 0, i2 == len(found)
        bound_after = closes or bool(_BOUND_AFTER.match(source, end))
        bound_before = opens or bool(_BOUND_BEFORE.search(source[:start]))
        name_only = all(source[at].isupper() for at, _ in found[i1:i2])
        if opens and bound_after and not (name_only and source[end:].lstrip().startswith(",")):
            continue
        if closes and bound_before:
            continue
        if bound_before and bound_after and not opens:
            continue
        return f"cuts inside a phrase: {source[start:end][:40]}"
    return None


def _one_line(text: str) -> str:
    """Source text for one line of a completion prompt: spaces normalised, fences and labels defused."""
    return defused(text).replace("\n", " ")


def rewrite_prompt(text: str) -> str:
    """The completion prompt asking a base model to shorten one source sentence; stop it at a newline."""
    return f"{REWRITE_PROMPT}{_one_line(text)}\nShort:"


def _forms(word: str) -> set[str]:
    """A word and the forms that count as the same word: plural, past and -ing endings, a 6-letter stem."""
    word = word.lower()
    out = {word, word.removesuffix("'s"), word.removesuffix("’s")}
    for ending in ("s", "es", "ed", "d", "ing"):
        if word.endswith(ending) and len(word) - len(ending) >= 3:
            stem = word[: -len(ending)]
            out.add(stem)
            if len(stem) >= 4 and stem[-1] == stem[-2]:  # "cutting", "planned"
                out.add(stem[:-1])
    if len(word) >= 7:
        out.add(word[:6])
    return out


def _vocabulary(text: str) -> set[str]:
    return {form for w in tokens(text) for form in _forms(w)}


def new_words(text: str, source: str) -> list[str]:
    """The words of `text` that `source` does not have in any form (stopwords but pronouns aside)."""
    known = _vocabulary(source)
    out: list[str] = []
    for word in tokens(text):
        lowered = word.lower()
        if (lowered in STOPWORDS and lowered not in PRONOUNS) or len(lowered) < 2 or lowered in out:
            continue
        if not _forms(word) & known:
            out.append(lowered)
    return out


def rewrite_problem(text: str, source: str) -> str | None:
    """Why a model's shortening of `source` may not stand in for it, or None when it may.

    It must be one sentence, no longer than its source, use no word the source lacks, quote only
    what the source quotes (word for word), keep every number, every hedge, attribution and negation
    the source has ("said", "could", "alleged", "not", ... as often as the source has them) and every
    speaker, and be its source with whole phrases cut out (`cut_problem`), nothing reworded. Dropping a
    number is refused because a small model drops one out of a range and joins what is left: "from a few
    million dollars for a gradual switch to $125m for a rapid, department-wide rebrand" became "from a few
    million dollars for a gradual, department-wide rebrand" (Gemma 3 270M, demo story).
    """
    text = normalize_space(text)
    if len(tokens(text)) < 3:
        return "not a sentence"
    if len(text) > len(normalize_space(source)) + 10:
        return "longer than its source"
    added = new_words(text, source)
    if added:
        return f"words not in the source: {', '.join(added[:5])}"
    plain = normalize_space(source).replace("“", '"').replace("”", '"')
    changed = [q for q in quotes(text) if q not in plain]
    if changed:
        return f"changes a quote: {changed[0][:40]}"
    lost = number_values(source) - number_values(text)
    if lost:
        return f"drops a number: {shown_numbers(lost)}"
    dropped = sorted((_keep_words(source) - _keep_words(text)).elements())
    if dropped:
        return f"drops {', '.join(dropped)}"
    gone = sorted(w for w in speakers(source) if not re.search(rf"\b{re.escape(w)}\b", text))
    if gone:
        return f"drops the speaker: {gone[0]}"
    return cut_problem(text, source)
