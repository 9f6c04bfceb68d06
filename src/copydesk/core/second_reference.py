"""Someone the article has named in full is named by surname after that, as a newspaper does: "Mark Sheridan,
a partner with Patton Boggs, said" a sentence after "Mark Sheridan, the campaign's lawyer, confirmed"
introduces him twice, and readers count it as a fact told twice. Later sentences lose the title before
the name ("Spokesman", "Rep.", "New Jersey Gov.") and the aside after it (", D-Wash.,", ", a partner with
...,"), keep the surname, and stand only where the shorter sentence still verifies against its passages.
Quotations are the speaker's and are never changed. Likewise an "also" that points at a deed the page never
told ("Jackson's wife, Sandi, also accompanied him", moved away from the family told before it) is left out.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import replace
from functools import partial

from copydesk.core.text import lemmas, outside_quotes
from copydesk.core.types import Draft, DraftSection, DraftSentence
from copydesk.core.verify import verify_sentence

# Words before a name that say who someone is: titles and offices ("Senate Majority Leader", "U.S.
# Attorney", "Gov."), and up to two capitalised words before them that say where ("New Jersey Gov.").
_TITLES = frozenset(
    """President Vice Sen. Senator Rep. Representative Gov. Governor Lt. Mayor Speaker Leader Majority
    Minority Whip House Senate Republican Democratic Democrat GOP Secretary State Attorney General Justice
    Chief Judge Spokesman Spokeswoman Press Chairman Chairwoman Chair Director Adviser Advisor Sheriff Gen.
    Col. Sgt. Capt. Dr. Mr. Mrs. Ms. Rev. Former Prime Minister Commissioner Councilman Councilwoman
    Councillor Councilor Ambassador Deputy Assistant Acting Senior Committee Chancellor Treasurer
    Comptroller Officer Captain Commander Admiral Professor Coach U.S. Federal District Budget Homeland
    Security Defense Affairs Intelligence National Council Counsel Special""".split()
)
# Titles that go on a second mention whether or not the article told them; an office ("Majority Whip",
# "Spokesman") goes only where the article has told it.
_COURTESY = frozenset(
    """President Sen. Senator Rep. Representative Gov. Governor Mr. Mrs. Ms. Dr. Rev. Lt. Gen. Col. Sgt.
    Capt.""".split()
)
_PLACE_WORD = re.compile(r"(?:[A-Z][a-z]+|[A-Z]\.(?:[A-Z]\.)+)$")
# Words after which a name opens a phrase of its own ("said Ana Ruiz", "and Lee Park").
_AFTER_WORDS = frozenset(
    """said says told asked and or but with by from to for of on at in as that than when after before
    against between like including according""".split()
)
_NOT_TITLES = frozenset("The A An In On At For But And As If When While After Before By With From".split())
# Who someone is, after the name: a party label, or an aside that opens on an article or "who", up to the
# comma before the sentence goes on in lower case.
_ASIDE = re.compile(
    r"(?:\s*\((?:[RDI]|[RDI]-[A-Z][\w.]*)\)"
    r"|,\s+(?:[RDI]-[A-Z][\w.]*|(?:a|an|the|who)\b[^,;:\"“”()]{1,120}"
    r"|(?:Democrat|Republican|Independent) of [A-Z][\w.]*(?: [A-Z][\w.]*)?),(?=\s+[a-z])"
    r"|\s+of [A-Z][a-z.]+(?: [A-Z][a-z.]+)?(?=[\s,.]))"  # "Rick Perry of Texas"
)


def _shorter(text: str, full: str, surname: str, told: str) -> str:
    """`text` (the reporter's words, no quotation) with each mention of `full` named by `surname`, without
    its titles, and without its aside where the article has `told` every name in it."""
    for m in reversed(list(re.finditer(rf"\b{re.escape(full)}\b", text))):
        start, end = m.start(), m.end()
        words = text[:start].split()
        if words and _role_goes_on(words[-1]):
            continue  # "real estate tycoon Donald Trump": a role in lower case goes whole or not at all
        titles = 0
        while titles < min(5, len(words)) and words[-1 - titles] in _TITLES:
            titles += 1
        places = 0
        while titles and places < 2 and titles + places < len(words):
            word = words[-1 - titles - places]
            if word in _NOT_TITLES or not _PLACE_WORD.match(word):
                break
            places += 1
        if titles + places < len(words) and places:
            places = 0 if _PLACE_WORD.match(words[-1 - titles - places]) else places  # a longer name
        titles += places
        if titles < len(words) and _role_goes_on(words[-1 - titles]):
            continue  # "three term Texas Governor Rick Perry" too
        said = told.lower()
        if any(w not in _COURTESY and w.lower() not in said for w in words[len(words) - titles :]):
            continue  # "House Majority Whip Kevin McCarthy": his post, not told before, stays with his name
        if titles:
            start = len(" ".join(words[:-titles])) + (1 if len(words) > titles else 0)
        possessive = text[end : end + 2] in ("'s", "’s")
        aside = None if possessive else _ASIDE.match(text, end)
        if aside and all(w in told for w in re.findall(r"\b[A-Z][\w.’'-]+", aside.group(0))):
            end = aside.end()  # who they are was told; a firm or a place not yet told stays
        text = text[:start] + surname + text[end:]
    return text


def _role_goes_on(word: str) -> bool:
    """Whether a word before a name or its title still says who someone is ("tycoon Donald Trump", "three
    term Texas Governor"), not what was done to them ("subpoenaed New Jersey Gov. Chris Christie's")."""
    from lemminflect import getAllLemmas

    kinds = getAllLemmas(word)
    said_of = "NOUN" in kinds or "ADJ" in kinds or not kinds  # a verb alone is a deed
    return word[:1].islower() and word not in _AFTER_WORDS and said_of


# Someone who "also" did a thing, after their name and who they are ("Jackson's wife, Sandi, also
# accompanied him"): in its report someone did it first; moved, the sentence points at nothing told. Not
# in a relative clause, whose "also" adds to what the sentence itself tells ("Cowan, who also served as
# counsel").
_ALSO_DID = re.compile(
    r"(?<=[,\w])(?<!\bwho)(?<!\bwhich)(?<!\bthat)\s+also(?=\s+([a-z]+ed)\s+(?:(?:his|her|their|its|the|a|an)\s+)?([a-z]+)?)"
)


def without_also(claim: str, told: str) -> str:
    """`claim` (the reporter's words, no quotation) without an "also" before a deed (or its object) the
    article has not `told`: what the sentence says stands without it, and it no longer points at what the
    page never gave."""
    for m in reversed(list(_ALSO_DID.finditer(claim))):
        if lemmas(" ".join(filter(None, m.groups()))) & lemmas(told):
            continue
        claim = claim[: m.start()] + claim[m.end() :]
    return claim


def named_again(draft: Draft, full: Mapping[str, set[str]]) -> Draft:
    """The draft with everyone named in full in the dek or an earlier sentence named by surname in the
    sentences after (`full`: surname -> the one full name the sources give for someone they also name by
    surname alone, `people.People.named_once`), and without an "also" that points at a deed never told
    (`without_also`)."""
    told = ""
    out: list[DraftSentence] = []
    for sentence in draft.sentences():
        text = claim = sentence.claim
        for surname, names in full.items():
            for name in names:
                if name in told and name in claim:
                    claim = outside_quotes(claim, partial(_shorter, full=name, surname=surname, told=told))
        claim = outside_quotes(claim, partial(without_also, told=told))
        if claim != text and verify_sentence(claim, sentence.citations).verified:
            sentence = replace(sentence, text=sentence.credit + claim)
        out.append(sentence)
        told += " " + sentence.text
    it = iter(out[1:])
    sections = tuple(
        DraftSection(s.heading, tuple(tuple(next(it) for _ in p) for p in s.paragraphs))
        for s in draft.sections
    )
    return replace(draft, dek=out[0], sections=sections)
