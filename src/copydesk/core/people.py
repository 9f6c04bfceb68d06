"""Who a story's reports name and who speaks in a sentence: the people the sources name in full
(`People`), a surname used alone (`lone_surnames`) and a sentence's speakers (`speakers`).

Pure, like the rest of `copydesk.core`: the extractive writer names someone by surname alone only after
the article has named them in full; the GGUF writer's check keeps every speaker of a source sentence.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Sequence
from difflib import SequenceMatcher

import regex

from copydesk.core.dates import MONTHS, WEEKDAYS
from copydesk.core.text import CAPITAL, STOPWORDS, names, unquoted
from copydesk.core.types import SourceDoc

SAYS = r"(?:said|says|told|warned|urged|called|argued|added|criticised|criticized|welcomed)"

# Last words of the names of places and firms ("Tollan Island warned", "Bluewake Lines said"); bodies
# ("Committee", "Party") `people_named` leaves out already (`_BODIES`)
_NOT_SURNAMES = frozenset(
    """island islands port city town county state river valley lake bay street road square harbour harbor
    bridge hall center centre lines news times post press association security service group union company
    network""".split()
)
_GROUPS = ("ans", "ats", "ists", "ives", "ites")  # "Republicans", "Democrats"; not "Sellers"
# Words the name reader can take for a surname ("the 112th Congress", "House Democrat", "Obama Monday"): a
# body, a party, a day or a month, never someone
_BODIES = frozenset(
    """Congress Senate House Court Party Committee Administration Department University College Council
    Commission Agency Board Bureau Office Ministry Parliament Assembly Legislature Government
    Pentagon Kremlin Vatican Democrat Republican Independent""".split()
) | {day.capitalize() for day in (*WEEKDAYS, *MONTHS)}


class People:
    """Who the sources name in full ("Sue Harkin"): a sentence naming someone by surname alone ("said
    Harkin", "Rudd pounced") is published only when the article names them in full too."""

    def __init__(self, sources: Sequence[SourceDoc]) -> None:
        self.full: dict[str, set[str]] = {}
        self.passages = [p.text for doc in sources for p in doc.passages]
        self._alone: frozenset[str] | None = None
        self.reports = [" ".join(p.text for p in doc.passages) for doc in sources]
        self._spelled: dict[str, str] | None = None
        self._slips: frozenset[str] | None = None
        for passage in (p for doc in sources for p in doc.passages):
            for name in names(passage.text):
                parts = name.split(" of ")[0].split()  # "Peter DeFazio of Oregon": Peter DeFazio
                # "Substitute Liam Rudd" opening a sentence: "Liam Rudd"; "Father Reese" names no one in full
                if len(parts) > 1 and parts[-2].rstrip(".") not in _TITLES:
                    self.full.setdefault(parts[-1], set()).add(" ".join(parts[-2:]))

    def introduced(self, text: str, article: Sequence[str]) -> bool:
        """Whether each person `text` names by surname alone is given in full in `text` or the `article`."""
        honoured = {m.removesuffix("’s").removesuffix("'s") for m in _HONORIFIC.findall(text)}
        for bare in lone_surnames(text):
            known = self.full.get(bare)
            if known and not any(full in other for other in (text, *article) for full in known):
                return False
            if not known and bare in honoured:
                return False  # "Mr. Nadler", never named in full in any source: who he is stays untold
        return True

    def people_named(self) -> frozenset[str]:
        """Surnames the sources use for someone on their own: as speaker or subject ("Reid said", "said
        Reid", "Mr. Reid"), and given in full somewhere ("Harry Reid")."""
        if self._alone is None:
            alone = {w for p in self.passages for w in lone_surnames(p)}
            # "the 112th Congress", "House Republicans": a body or a group, not someone's surname
            text = " ".join(self.passages)
            self._alone = frozenset(
                w
                for w in alone & self.full.keys()
                if w not in _BODIES
                and not w.endswith(_GROUPS)
                # "in Japan": a place the sources speak of, not a person
                and not re.search(rf"\b(?:in|across) {re.escape(w)}\b(?![’'])", text)
            )
        return self._alone

    def named_once(self) -> dict[str, set[str]]:
        """The people the sources name by surname alone (`people_named`) with the one full name they give
        them; a surname two people share ("Liz Cheney", "Mary Cheney") is left out."""
        speaking = {m.group(2) for p in self.passages for m in _LONE_SPEAKER.finditer(p)} | {
            m.group(1) for p in self.passages for m in _SAYS_LONE.finditer(p)
        }
        honoured = {
            h.removesuffix("’s").removesuffix("'s") for p in self.passages for h in _HONORIFIC.findall(p)
        }
        return {  # someone: the sources give the surname alone as speaker or "Mr. ..."; not "Tollan Island"
            s: self.full[s]
            for s in self.people_named() & (speaking | honoured)
            if len(self.full[s]) == 1 and s.lower() not in _NOT_SURNAMES
        }

    def spelled_out(self) -> dict[str, str]:
        """The acronyms some reports use and spell out ("ARB" and "Accountability Review Board"), each with
        its words, where not every report uses it: those every report uses ("CPAC") readers know."""
        if self._spelled is None:
            self._spelled = {}
            found = {m.group(0) for report in self.reports for m in _ACRONYM.finditer(report)}
            for acronym in sorted(found):
                using = sum(bool(re.search(rf"\b{acronym}\b", report)) for report in self.reports)
                if using == len(self.reports) > 1:
                    continue
                words = r"\s+(?:of\s+|the\s+|and\s+|for\s+|on\s+)*".join(rf"{c}[\w’'-]+" for c in acronym)
                spelled = re.search(rf"\b{words}\b", " ".join(self.reports))
                if spelled:
                    self._spelled[acronym] = spelled.group(0)
        return self._spelled

    def slips(self) -> frozenset[str]:
        """Names and words the reports misspell (`misspelt`)."""
        if self._slips is None:
            self._slips = misspelt(self.reports)
        return self._slips

    def slipped(self, text: str) -> bool:
        """Whether `text` spells a name as only a slip of one report does (`slips`)."""
        return bool(self.slips()) and any(w in self.slips() for w in _CAPITALISED_WORD.findall(text))

    def _acronyms_introduced(self, own: str, text: str, article: Sequence[str]) -> bool:
        """Whether each acronym `text` uses outside quotes (`own`) that the reports spell out ("The ARB ...
        mentions") is spelled out, or used, in `text` or the `article` before it."""
        for m in _ACRONYM.finditer(own):
            words = self.spelled_out().get(m.group(0))
            if words and words not in text and not any(m.group(0) in t or words in t for t in article):
                return False
        return True

    def mentions_introduced(self, text: str, article: Sequence[str]) -> bool:
        """Whether every person `text` mentions by surname alone anywhere outside quotes ("interrupting
        Ryan", "Obama's decision"), not only as speaker or subject, is given in full before; and every
        acronym the reports spell out (`_acronyms_introduced`)."""
        own = unquoted(text)
        if not self._acronyms_introduced(own, text, article):
            return False
        for m in regex.finditer(rf"\b{CAPITAL}[\w’'-]+", own):
            word = m.group(0).removesuffix("’s").removesuffix("'s").rstrip("’'")  # "Sellers' description"
            if word not in self.people_named():
                continue
            before = own[: m.start()].split()
            if before and before[-1][:1].isupper() and before[-1][-1:].isalpha():
                continue  # "Paul Ryan", "President Obama": named here
            if re.match(r"\s+(?:administration|campaign|camp|era|aides|team|presidency)\b", own[m.end() :]):
                continue  # "the Obama administration" names a government, not the person
            if not any(full in other for other in (text, *article) for full in self.full[word]):
                return False
        return True

    def after_introduction(self, order: list[int], texts: Sequence[str]) -> list[int]:
        """`order` with each sentence naming someone by surname alone moved after the first one of them
        that names them in full, when that one comes later."""
        out = list(order)
        for i in order:
            for bare in lone_surnames(texts[i]) & self.full.keys():
                if any(full in texts[i] for full in self.full[bare]):
                    continue
                at = out.index(i)
                later = [j for j in out[at + 1 :] if any(full in texts[j] for full in self.full[bare])]
                if later and not any(any(f in texts[j] for f in self.full[bare]) for j in out[:at]):
                    out.remove(i)
                    out.insert(out.index(later[0]) + 1, i)
        return out


SLIP_LIKENESS = 0.8
"""How alike (difflib's ratio) a rare spelling of a name must be to a common one to be a slip of it."""
# A capitalised word of five letters or more: what a slip of a name is looked for in
_CAPITALISED_WORD = regex.compile(rf"\b{CAPITAL}\p{{Ll}}{{4,}}\b")


def misspelt(reports: Sequence[str]) -> frozenset[str]:
    """Capitalised words of five letters or more that a report misspells: one report's rare spelling of a
    name beside one of the same length, nearly the same, that other reports use twice as often or more
    ("Cowen" beside "Cowan"); both spellings, one letter changed or two swapped, where neither is that
    common ("Preibus" twice in one report, "Priebus" once in another; "Lindsay" and "Lindsey": which is
    right is unsure; a changed last letter makes another word, "Staten" and "States"). Not a word the
    reports also write in lower case ("While" beside "White"), nor a day or a month."""
    counts: Counter[str] = Counter()
    where: dict[str, set[int]] = {}
    for k, report in enumerate(reports):
        for word in _CAPITALISED_WORD.findall(unquoted(report)):
            counts[word] += 1
            where.setdefault(word, set()).add(k)
    text = " ".join(reports)
    lower = set(regex.findall(r"\b\p{Ll}{5,}\b", text))
    names = [w for w in counts if w not in _BODIES and w.lower() not in STOPWORDS and w.lower() not in lower]
    slips: set[str] = set()
    for w in (w for w in names if counts[w] <= 2 and len(where[w]) == 1):
        for v in names:
            if not (v[0] == w[0] and len(v) == len(w) and v != w and where[v] - where[w]):
                continue
            if SequenceMatcher(None, w, v).ratio() < SLIP_LIKENESS:
                continue
            if counts[v] >= max(3, 2 * counts[w]):
                slips.add(w)
            elif counts[v] <= 3 and (sorted(v) == sorted(w) or (len(w) >= 6 and _one_changed(v, w))):
                slips.update((w, v))
    return frozenset(slips)


def _one_changed(a: str, b: str) -> bool:
    """One letter changed, not the last."""
    return sum(x != y for x, y in zip(a, b, strict=True)) == 1 and a[-1] == b[-1]


# "ARB", "SB 1062"; two letters ("US", "UN") are read as known
_ACRONYM = re.compile(r"\b[A-Z]{3,6}\b")
_LONE_SPEAKER = regex.compile(rf"(?:(\S+)\s+)?({CAPITAL}[\w’'-]+),?\s+{SAYS}\b")
# "the NRSC said Schumer should": searched apart, as the speech verb may end a speaker before it
_SAYS_LONE = regex.compile(rf"\b{SAYS}\s+({CAPITAL}[\w’'-]+)\b(?!\s+{CAPITAL})")
# "Mr. Steele", "Ms. Lerner's": the style of some outlets after the first full mention
_ABBREVIATED_TITLES = ("Mr", "Mrs", "Ms", "Dr", "Rev", "Capt", "Sgt", "Lt", "Det")
_WORD_TITLES = (
    "Father", "Reverend", "Bishop", "Cardinal", "Rabbi", "Imam", "Pastor",
    "Captain", "Sergeant", "Lieutenant", "Detective", "Officer",  # "Captain Johnson, whose agency ..."
)  # fmt: skip
_TITLES = frozenset(_ABBREVIATED_TITLES + _WORD_TITLES)
_HONORIFIC = regex.compile(
    rf"\b(?:(?:{'|'.join(_ABBREVIATED_TITLES)})\.|{'|'.join(_WORD_TITLES)})\s+({CAPITAL}[\w’'-]+)\b"
    rf"(?!\s+{CAPITAL})"  # "Father Thomas Reese" names him in full
)
# not in a quote: the speaker's words
# "McMahon, the CEO of ..., is": a subject that an aside follows
_LONE_SUBJECT = regex.compile(rf"^({CAPITAL}[\w’'-]+?)(?:['’]s)?(?:\s+\p{{Ll}}|,\s)")
# "Grimm's liaison to Pinto's followers": someone's, after a plain word
_LONE_POSSESSIVE = regex.compile(rf"(?<=\b\p{{Ll}}+\s)({CAPITAL}[\w’'-]+)['’]s\b")


@functools.lru_cache(maxsize=4096)  # asked again for each candidate at every pick
def lone_surnames(text: str) -> frozenset[str]:
    """People named by one word as speaker or subject: "Tolley said", "said Harkin", "Rudd pounced",
    "Rudd's goal" (not "Graham Tolley said"). Only words that the sources use as someone's surname count
    (`People`): "Analysts said" and "Corvane shares rose" name nobody."""
    found = set()
    for m in _LONE_SPEAKER.finditer(text):
        before, name = m.groups()
        if name.lower() not in STOPWORDS and not (before and before[0].isupper() and before[-1].isalpha()):
            found.add(name)  # not "The added complexity"
    found.update(_SAYS_LONE.findall(text))
    if (subject := _LONE_SUBJECT.match(text)) and subject.group(1).lower() not in STOPWORDS:  # not "The"
        found.add(subject.group(1))
    found.update(m.removesuffix("’s").removesuffix("'s") for m in _HONORIFIC.findall(text))
    found.update(_LONE_POSSESSIVE.findall(unquoted(text)))
    return frozenset(found - {"Mr", "Mrs", "Ms", "Dr"})


_SAYING = r"(?:said|says|say|told|tells|announced|announces|warned|warns|argued|argues|claimed|claims|added)"
_CAPITALISED = rf"{CAPITAL}[\w’'.-]*"
_SPEAKER_BEFORE = regex.compile(rf"({_CAPITALISED}(?:\s+{_CAPITALISED})*)[\"”]?\s*,?\s+{_SAYING}\b")
_SPEAKER_AFTER = regex.compile(
    rf"\b{_SAYING}\s+(?:[\p{{Ll}}-]+\s+){{0,3}}({_CAPITALISED}(?:\s+{_CAPITALISED})*)"
)
# "Rep. Anthony Weiner, in an interview with Fox News, said ...": the subject an aside interrupts speaks
_ASIDE_BEFORE_SAYING = regex.compile(
    rf"^(?:{_CAPITALISED}\s+)*?({_CAPITALISED}(?:\s+{_CAPITALISED})*),\s[^,\"“”]*,\s+{_SAYING}\b"
)
_NOT_SPEAKERS = frozenset(
    """monday tuesday wednesday thursday friday saturday sunday today yesterday on in at the a an
    this that it he she they we i""".split()
)


def speakers(text: str) -> set[str]:
    """Who a sentence says is speaking, by surname: "Alan Dershowitz said" and "said driver Mick Aldridge"
    give Dershowitz and Aldridge. A shortening must keep them: Gemma 3 270M cut "Alan Dershowitz said on
    'Tucker Carlson Tonight' that ..." to "'Tucker Carlson Tonight' said that ...", giving the words to a
    TV show."""
    found = set()
    if (aside := _ASIDE_BEFORE_SAYING.match(text)) and text.split()[0].lower() not in STOPWORDS:
        found.add(aside.group(1).split()[-1].strip(".,"))
    for pattern in (_SPEAKER_BEFORE, _SPEAKER_AFTER):
        for m in pattern.finditer(text):
            if pattern is _SPEAKER_BEFORE and "," in m.group(0)[len(m.group(1)) :]:
                continue  # "..., in an interview with Fox News, said": the aside's end is no speaker
            last = m.group(1).split()[-1].strip(".,")
            if last.lower() not in _NOT_SPEAKERS and len(last) > 1:
                found.add(last)
    return found
