"""Text as the newsroom reads it: sentences with offsets, words, names, numbers, fingerprints.

Words and names are read in every script: a word is a run of letters (with the marks that accents
combine into, and apostrophes or hyphens inside), a name a run of words that start with a capital or
with a letter of a script that has no capitals ("Élise Ångström", "Đoković", "São Paulo", "习近平").
`regex` gives the Unicode letter classes that `re` lacks.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from functools import lru_cache

import pysbd
import regex

from copydesk.core.types import Passage

_WORD = regex.compile(r"\p{L}(?:[\p{L}\p{M}'’\-]*[\p{L}\p{M}])?")
# A term is a word or a number written with digits ("3,400", "4.8", "١٢"): what copies and cuts are
# compared by. Its words are exactly the words above.
_TERM = regex.compile(rf"{_WORD.pattern}|\p{{Nd}}+(?:[.,]\p{{Nd}}+)*")
_SPACE = re.compile(r"\s+")
# A run of capitalised words ("Shinjiro Koizumi", "China Coast Guard"), allowing "of"/"de" inside.
CAPITAL = r"[\p{Lu}\p{Lt}\p{Lo}]"
"""A capital, or a letter of a script without capitals: for the `regex` patterns that find names elsewhere."""
_CAPITAL = CAPITAL
_NAME = regex.compile(
    rf"(?<![\w\p{{M}}]){_CAPITAL}[\w\p{{M}}’'\-]*(?:\s+(?:of\s+|de\s+|the\s+)?{_CAPITAL}[\w\p{{M}}’'\-]*)*"
)
_NUMBER = re.compile(
    r"(?<![\w.])[$€£]?\d[\d,]*(?:\.\d+)?(?:\s*(?:percent|per cent|%))?"
    r"(?:\s+(?:thousand|million|billion|trillion)|(?<=\d)(?:m|mn|bn|tn)\b)?",
    re.IGNORECASE,
)
_SCALES = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
# Money written short: "$10m", "£3.1m", "€2bn" (without a currency sign, "19m" may be metres).
_SHORT_SCALES = {"m": 1e6, "mn": 1e6, "bn": 1e9, "tn": 1e12}
# What a sentence-opening name follows (after spaces): the end of a sentence, a quote, a colon.
_OPENERS = (".", "!", "?", '"', "“", ":")
_QUOTE = re.compile(r"[\"“]([^\"”]{3,})[\"”]")

STOPWORDS = frozenset(
    """a about above after again against all also am an and any are as at be because been before being
    below between both but by can could did do does doing down during each few for from further had
    has have having he her here hers herself him himself his how i if in into is it its itself just
    me more most my myself no nor not now of off on once only or other our ours ourselves out over
    own same she should so some such than that the their theirs them themselves then there these
    they this those through to too under until up very was we were what when where which while who
    whom why will with would you your yours yourself yourselves said says say told according new one
    two also year years mr ms mrs last first week weeks day days month months would could may might
    since still""".split()
)


# A dateline opens a report: where it was filed, in capitals ("WASHINGTON —", "NEW YORK (Reuters) -",
# "CAIRO, Egypt --", "WASHINGTON—"), or in any case before a news agency ("Washington (CNN) —"). It tells
# where the reporter was, not what happened, and is no part of a sentence moved into another article.
_DASH = r"\s*(?:--|[—–]-?|-(?=\s))\s*(?=[A-Z0-9\"“‘'])"
_DATELINE = re.compile(
    r"^(?:[A-Z][A-Z.'’]+(?:[ -][A-Z][A-Z.'’]+)*(?:,\s*[A-Z][\w.'’]*(?:\s+[A-Z][\w.'’]*){0,2})?"
    r"(?:\s*\([^()]{1,40}\))?"
    r"|[A-Z][\w.'’]+(?:\s+[A-Z][\w.'’]+){0,3}(?:,\s*[A-Z][\w.'’]*)?\s*\([A-Z][\w ]{1,20}\))" + _DASH
)


# A label an outlet sets before a paragraph: "Updated:", "UPDATE (3:40 p.m.):", "UPDATE 2:52 p.m. --",
# "Editor's note:". It tells when the outlet changed its page, not what happened.
_LABEL = re.compile(
    # not "Correction:" or "Editor's note:": what follows speaks of the outlet's own page ("An earlier
    # version misstated ..."), and the writer leaves the whole sentence out (wording.speaks_as_reporter)
    r"^(?:updated?|breaking|exclusive)\b[^\"“”]{0,24}?"
    r"(?:\s*:\s+|\s+(?:--|[—–])\s*)",
    re.IGNORECASE,
)
# A courtesy title before a name ("Mr. Jackson"): one outlet's style, which a page that mixes outlets
# would show beside the bare surname of another ("Mr. Jackson" beside "Jackson").
_COURTESY = regex.compile(rf"(?<!\b(?:Mr|Dr)\.\s+and\s+)\b(?:Mr|Mrs|Ms|Messrs|Mmes)\.\s+(?={CAPITAL})")
QUOTED = re.compile(r"[\"“][^\"”]*[\"”]")
"""A quotation in double marks, straight or curly: the speaker's words, which the rules read apart."""


def without_label(text: str) -> str:
    """A paragraph's sentence without the outlet's label before it ("UPDATE 2:52 p.m. -- Records show
    ..." -> "Records show ...")."""
    return text[m.end() :] if (m := _LABEL.match(text)) else text


def without_dateline(text: str) -> str:
    """A report's opening sentence without its dateline or label ("WASHINGTON — The court ..." -> "The
    court ...", "Updated: Rick Santorum ..." -> "Rick Santorum ...")."""
    text = without_label(text)
    found = _DATELINE.match(text)
    return text[found.end() :] if found else text


_DOTTED = re.compile(
    r"(?<![\w.])((?:[A-Z]\.){3,})(?=\s|[,;:)\"”’']|$)(?!\s+[A-Z][a-z])"
)  # not "J.R.R. Tolkien"


def undotted(text: str) -> str:
    """Acronyms of three letters or more as a page of several outlets writes them: "G.O.P." and
    "N.A.A.C.P." as "GOP" and "NAACP" beside another outlet's "GOP" ("U.S." stays); the full stop of a
    sentence that ends on one stays."""

    def plain(m: re.Match[str]) -> str:
        return m.group(1).replace(".", "") + ("." if m.end() == len(text) else "")

    return _DOTTED.sub(plain, text)


def unquoted(text: str, mark: str = " ") -> str:
    """The reporter's own words: each quotation replaced by `mark`."""
    return QUOTED.sub(mark, text)


def outside_quotes(text: str, change: Callable[[str], str]) -> str:
    """The text with `change` applied to the reporter's words only; quotations kept as written."""
    kept, cursor = [], 0
    for quoted in QUOTED.finditer(text):
        kept += [change(text[cursor : quoted.start()]), quoted.group(0)]
        cursor = quoted.end()
    return "".join([*kept, change(text[cursor:])])


def without_courtesy_titles(text: str) -> str:
    """The sentence with its names as a page of several outlets shows them, without "Mr.", "Mrs." or
    "Ms." (the surname alone), except inside a quotation, which keeps the speaker's words, and in "Mr. and
    Mrs. Lund", which needs both."""
    return outside_quotes(text, lambda part: _COURTESY.sub("", part))


# A space an outlet typed before a comma or colon ("bishops , theologians"): a slip the page does not copy.
_SPACE_BEFORE_MARK = re.compile(r"(?<=\w) +(?=[,;:](?:\s|$))")


def house_style(text: str) -> str:
    """A sentence or headline as the page shows it whatever its outlet's style: no courtesy titles, no
    full stops in acronyms ("Mr. Jackson of the G.O.P." -> "Jackson of the GOP"), no space before a comma
    ("bishops , theologians")."""
    return _SPACE_BEFORE_MARK.sub("", undotted(without_courtesy_titles(text)))


def normalize_space(text: str) -> str:
    """Collapse runs of whitespace and strip the ends."""
    return _SPACE.sub(" ", text).strip()


@lru_cache(maxsize=1)
def _segmenter() -> pysbd.Segmenter:
    return pysbd.Segmenter(language="en", clean=False)


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans (start, end) in `text`, paragraph by paragraph, trimmed of whitespace."""
    spans: list[tuple[int, int]] = []
    for para in re.finditer(r"[^\n]+(?:\n(?!\s*\n)[^\n]+)*", text):
        base, cursor = para.start(), 0
        body = para.group(0)
        for piece in _segmenter().segment(body):
            piece = piece.strip()
            if not piece:
                continue
            at = body.find(piece, cursor)
            if at < 0:  # pysbd normalised something; fall back to the cursor
                at = cursor
            within = spans and spans[-1][0] >= base  # the paragraph's sentence before
            before = text[spans[-1][0] : spans[-1][1]] if within else ""
            if (
                within
                and (
                    (piece[:1].isupper() and _TITLE_END.search(before))
                    or piece[:1] in ",;:)"  # "sent Ryan, R-Wis." | ", a letter": a label's stop ends nothing
                    # "HARTFORD, Conn. — Connecticut ...": a dateline's state before its dash
                    or piece.startswith(("—", "–", "--"))
                    or (piece[:1].islower() and _ABBREVIATION_END.search(before))
                    or (piece[:1].isdigit() and _BEFORE_NUMBER_END.search(before))  # "the post-Sept. 11 law"
                )
            ):
                spans[-1] = (spans[-1][0], base + at + len(piece))  # "former Cong." | "Rob Simmons ..."
            else:
                spans.append((base + at, base + at + len(piece)))
            cursor = at + len(piece)
    return spans


# A title before a name, which the segmenter may take for a sentence's end ("either former Cong. Rob
# Simmons", "Det. Insp. Ruiz"); never "Jr." or "St.", which do end sentences.
_TITLE_END = re.compile(
    r"\b(?:Cong|Sen|Sens|Rep|Reps|Gov|Gen|Lt|Col|Sgt|Capt|Cmdr|Adm|Rev|Fr|Prof|Dr|Mr|Mrs|Ms|Messrs|Det|Insp|"
    r"Supt|Atty|Sec|Amb|Gens|Cpl|Pvt|Maj|Brig)\.$"
)


# A month's or a number's abbreviation, which a number follows ("post-Sept. 11", "No. 2"): the segmenter
# may take its stop for a sentence's end.
_BEFORE_NUMBER_END = re.compile(r"\b(?:Jan|Feb|Mar|Apr|Aug|Sep|Sept|Oct|Nov|Dec|No|Nos)\.$")


# An abbreviation the segmenter may take for a sentence's end before a lower-case word ("R-Wis. and",
# "D.C. on Monday"): a party label, initials or a short capitalised abbreviation.
_ABBREVIATION_END = re.compile(r"(?:\b[RDI]-[A-Z][\w.]*|\b(?:[A-Z]\.){2,}|\b[A-Z][a-z]{0,3})\.$")


def tokens(text: str) -> list[str]:
    """The words of a text as written, in any script: the product's one word tokeniser."""
    return list(_WORD.findall(text))


MAX_PASSAGES = 300
"""The sentences of one report the writer reads, from its start. A news report has far fewer (BASIL's
longest, 60); without a bound, one 990,000-character article (under the ingest cap) took 234 s to
write, embedding 8,400 sentences, while every other story waited."""
READ_CHARS = 150_000
"""Characters split into sentences: enough for MAX_PASSAGES sentences of 500 characters each."""


def read_passages(source_id: int, text: str) -> tuple[Passage, ...]:
    """A report's sentences as the writer reads them: citable passages, the first MAX_PASSAGES."""
    spans = split_sentences(text[:READ_CHARS])
    if len(text) > READ_CHARS:
        spans = spans[:-1]  # the last one may be cut where the reading stopped
    return tuple(Passage(source_id, start, end, text[start:end]) for start, end in spans[:MAX_PASSAGES])


def term_spans(text: str) -> list[tuple[int, int]]:
    """Where each term (word or number) of a text starts and ends."""
    return [m.span() for m in _TERM.finditer(text)]


def fold(word: str) -> str:
    """A word as compared: case-folded, a curly apostrophe read as a straight one (one word either way)."""
    return word.casefold().replace("’", "'")


def terms(text: str) -> list[str]:
    """Folded words and numbers, in order."""
    return [fold(t) for t in _TERM.findall(text)]


def words(text: str) -> list[str]:
    """Folded word tokens (case-folded, one apostrophe)."""
    return [fold(w) for w in _WORD.findall(text)]


def word_at(text: str, at: int) -> str:
    """The word that starts at `at` (spaces skipped), as written; "" where none does."""
    rest = text[at:]
    found = _WORD.match(text, at + len(rest) - len(rest.lstrip()))
    return found.group(0) if found else ""


def lemmas(text: str) -> frozenset[str]:
    """A text's content words as their dictionary forms ("challenges", "challenging" -> "challenge";
    "couples" -> "couple"), from lemminflect's tables: the same news told in other forms of its words."""
    return frozenset(_lemma(w) for w in content_words(text))


@lru_cache(maxsize=65536)
def _lemma(word: str) -> str:
    from lemminflect import getLemma

    if word.endswith("'s"):
        return _lemma(word[:-2])  # "harwick's" is Harwick's, not a plural of "harwick'"
    for pos in ("VERB", "NOUN"):
        found = getLemma(word, upos=pos)
        if found and found[0] != word:
            return str(found[0])
    return word


def content_words(text: str) -> list[str]:
    """Lower-cased words that carry meaning (no stopwords, no single letters)."""
    return [w for w in words(text) if len(w) > 1 and w not in STOPWORDS]


def _name_runs(text: str) -> Iterator[tuple[int, int, str, bool]]:
    """Each capitalised run as (start, end, name, lone opener): a sentence's first word is dropped when it
    is a stopword ("The China Coast Guard" -> "China Coast Guard"); a lone opener may be a plain word."""
    cursor = 0  # where the previous name ended
    for m in _NAME.finditer(text):
        name = m.group(0).strip("’'-")
        start = m.start() + m.group(0).index(name) if name else m.start()
        # Only the gap since the previous name is looked at (a name never ends in an opener), so the
        # text is read once: slicing everything before each name grew with the square of the text.
        gap, cursor = text[cursor : m.start()].rstrip(), m.end()
        opening = m.start() == 0 or gap.endswith(_OPENERS)
        lone = False
        if opening:
            first, _, rest = name.partition(" ")
            if first.lower() in STOPWORDS:
                name, start = rest, start + len(first) + 1
            elif not rest:
                lone = True
        if name and name.lower() not in STOPWORDS:
            yield start, start + len(name), name, lone


def name_spans(text: str) -> list[tuple[int, int, str]]:
    """The names `names(text)` finds, each where it stands: (start, end, name), in reading order.

    `text[start:end]` is the name, except that whitespace inside a name is written as one space."""
    return [(start, end, normalize_space(name)) for start, end, name, _ in _name_runs(text)]


def names(text: str, initial: bool = True) -> set[str]:
    """Capitalised names in a text.

    A capitalised word opening a sentence may be a plain word ("Forecasters warned"); with
    `initial=False` such a lone word counts only when the text also capitalises it mid-sentence.
    """
    found: set[str] = set()
    openers: set[str] = set()
    for _, _, name, lone in _name_runs(text):
        if lone and not initial:
            openers.add(name)
        else:
            found.add(name)
    inside = {word for n in found for word in n.split()}
    return found | (openers & inside)


def telling_numbers(numbers: Iterable[float]) -> set[float]:
    """The numbers that tell one fact from another: not a small count, a day of the month or a year."""
    return {n for n in numbers if not (n.is_integer() and (n < 32 or 1900 <= n <= 2100))}


def number_values(text: str) -> set[float]:
    """Numbers in a text as values: '3,400' and '3400' and '3.4 thousand' are all 3400.0, and '$10m' and
    '$10 million' both 10000000.0."""
    values: set[float] = set()
    for m in _NUMBER.finditer(text):
        token = m.group(0).lower()
        digits = re.search(r"\d[\d,]*(?:\.\d+)?", token)
        if not digits:
            continue
        value = float(digits.group(0).replace(",", ""))
        for scale, factor in _SCALES.items():
            if token.endswith(scale):
                value *= factor
        short = token[digits.end() :]
        if short in _SHORT_SCALES and token[0] in "$€£":
            value *= _SHORT_SCALES[short]
        values.add(round(value, 6))
    return values


def shown_numbers(values: Iterable[float]) -> str:
    """Values for a message, smallest first and written out whole: "4.8, 125000000"."""
    return ", ".join(f"{n:.15g}" for n in sorted(values))


def quotes(text: str) -> list[str]:
    """The words inside double quotation marks."""
    return [normalize_space(q) for q in _QUOTE.findall(text)]


def fingerprint(title: str, text: str) -> str:
    """A content fingerprint that ignores case, punctuation, spacing and Unicode form."""
    folded = unicodedata.normalize("NFKC", f"{title}\n{text}")
    canonical = " ".join(terms(folded))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()
