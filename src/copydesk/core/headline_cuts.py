"""The shorter forms of a headline's clause (`headlines.headline_from` picks among them): without a
manner word, without how something was said, without who a named person is, stopped before a phrase
that only says where, how or when."""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable

from copydesk.core.wording import _JOINING

_VERB = re.compile(
    r"\b(?:[a-z]+ed|is|are|was|were|will|would|has|have|had|says|said|won|wins|calls|urges|takes|took|gets|"
    r"got|makes|made|seeks|sought|faces|plans|vows|asks|tells|told|gives|gave|holds|held|meets|met|leaves|"
    r"left|runs|ran|backs|signs|drops|denies|defends|admits|rejects|warns|pleads|picks|files|loses|lost|"
    r"beats|beat|quits|resigns|apologizes|apologises|announces|approves|votes|opposes|supports|spent|sent|"
    r"paid|went|came|became|brought|bought|thought|found|kept|led|put|saw|set|sold|stood|struck|hit|cut|"
    r"fell|fought|grew|knew|let|meant|shot|shut|spoke|swore|threw|began|broke|chose|drew|rose|taught|wrote|"
    r"can|could|may|might|must|should|shall|pledges|promises|unveils|launches|endorses|blames|criticizes|"
    r"criticises|praises|accuses|sues|fires|hires|nominates|appoints|proposes|passes|blocks|offers|ends|"
    r"releases|reveals|confirms|agrees|refuses|declines|joins|orders|bans|allows|urges|rules|reaches)\b"
)
# How someone said it, before what they said ("said through a spokesman that"): left out where the
# headline would be too long with it.
_HOW_SAID = re.compile(
    r"\s+(?:through|via|in)\s+(?:a|an|his|her|their)\s+(?:spokes(?:man|woman|person)|statement|interview|"
    r"e-?mail|letter|post)(?:\s+(?:with|to)\s+[A-Z][\w.’'-]*(?:\s+[A-Z][\w.’'-]*)*)?(?=\s+that\b)"
)
# Where a long clause may stop and still tell what happened: before a phrase that only says where, how or
# when ("... in a phone interview", "... via Twitter", "... until the vote"). Never before "to", "for",
# "of", "on" or "over": those carry what the verb does ("pleaded guilty to ...", "voted for ...").
_TAIL = re.compile(
    r"\s+(?:(?:in|at|during|via|through|amid)\s+(?![a-z]+ing\b)(?=\S)"
    r"|(?:from|with|after|before|as part of)\s+"
    r"(?:a|an|the|his|her|their|its|this|that|one|federal|state|[A-Z])"
    r"|until|ever since|in the aftermath|in the wake|(?:relating|related|linked|tied) to|"
    r"and (?=(?:has|have|had|is|are|was|were|will|would|then|later)\b)"
    # a relation told of a thing just named ("a new ad ... that aims to make Iran an issue")
    r"|(?<=[a-z] )that (?=(?:aims|seeks|calls|would|could)\b)"
    # what a text holds ("talking points describing the Sept. 11 attack"): the text is told already
    r"|(?<=[a-z] )(?:describing|detailing|outlining|documenting|showing)\s)\b"
)
_ASIDE = re.compile(r"\s+(?:during|amid|after|before)\b")
# A verb still to come in the clause ("said the strike over pay at Bremmel would go on"), before any
# comma, "and" or a clause of its own ("if he would drop out"): the phrase before it is part of what was
# said, and a headline stopped there says nothing.
_CLAUSE_OF_ITS_OWN = _JOINING | frozenset("and if that who whom which when till where so as than".split())
_VERB_TO_COME = re.compile(
    rf"(?:(?!\b(?:{'|'.join(sorted(_CLAUSE_OF_ITS_OWN))})\b)[^,;])*?"
    r"\b(?:would|will|could|can|should|may|might|must|is|was|are|were|has|had|have)\b"
)
_ROUTE = re.compile(r"\s+(?:through|via|with|from|until|amid)\b")
# A word that says how much or how rather than what ("significantly raise", "closely divided",
# "vigorously defended": a manner the reporter judged); never a hedge ("likely", "allegedly") or a limit
# ("only", "nearly"), which change what is said.
_INTENSIFIER = re.compile(
    r"\s+(?:significantly|sharply|closely|swiftly|quickly|strongly|heavily|greatly|publicly|formally|"
    r"officially|repeatedly|just|now|vigorously|forcefully|fiercely|sternly|angrily|testily|defiantly|firmly)\b"
)
# Who someone is, before their name ("Real estate developer Ana Ruiz said", "Outgoing adviser Lee Park
# warned"): a headline names them; the article says who they are.
_DESCRIBED = re.compile(r"^((?:\S+\s+){1,5}?)((?:[A-Z][\w.’'-]+\s+){2,3})(?=[a-z])")
_OF_WORDS = frozenset("of for at in on to from with".split())
_NOT_A_ROLE = frozenset("a an the to that they he she it and or who which".split())
# A title and home state around a lawmaker's name ("Senator Harry Reid of Nevada said"): a headline
# names them; the article says who they are.
_TITLED = re.compile(
    r"^(?:Senator|Sen\.|Representative|Rep\.|Governor|Gov\.)\s+((?:[A-Z][\w.’'-]+\s+){1,2}[A-Z][\w’'-]+)"
    r"(?:\s+of\s+[A-Z][\w.’'-]+(?:\s+[A-Z][\w.’'-]+)?)?(?=\s+[a-z])"
)


# Who else did it, between a subject and what they did ("Romney joined several other Republicans in
# calling on Akin to ...", "joined a chorus of Republicans calling for ..."): the subject did it.
_JOINED = re.compile(
    r"\bjoined\s+(?:[\w’'-]+\s+){1,5}?(?:in\s+)?([a-z]+ing)\b(?=\s+(?:on|for|to|the|a|an|[A-Z]))"
)


def _did_it(clause: str) -> str:
    """The clause with its subject doing what it joined others in doing ("joined ... in calling on" ->
    "called on"); as it was where the verb has no simple past."""
    from lemminflect import getInflection, getLemma

    found = _JOINED.search(clause)
    if not found:
        return clause
    lemma = (getLemma(found.group(1), upos="VERB") or ("",))[0]
    past = getInflection(lemma, tag="VBD") if lemma and lemma != found.group(1) else ()
    return clause[: found.start()] + past[0] + clause[found.end() :] if past else clause


def undescribed(clause: str) -> str:
    """The clause without the words before a person's name that say who they are: a role ends on a
    lower-case noun and holds no verb, article or conjunction ("Outgoing White House economic adviser
    Larry Summers warned" -> "Larry Summers warned"); a lawmaker's title and home state likewise."""
    if titled := _TITLED.match(clause):
        return titled.group(1) + clause[titled.end() :]
    words = clause.split()
    for k in range(1, min(8, len(words))):  # the role's last word, tried nearest the start first
        rest = " ".join(words[k:])
        found = re.match(r"(?:[A-Z][\w.’'-]+\s+){2,3}(?=[a-z])", rest + " ")
        role = words[:k]
        if not found or not role[-1][:1].islower() or _VERB.search(" ".join(role) + " "):
            continue
        if role[-1].lower() in _OF_WORDS:
            continue  # "Secretary of State Marco Rubio": "of" opens the title's own object
        joined = [w for w, then in itertools.pairwise([*role, ""]) if not (w == "and" and then[:1].isupper())]
        if any(w.lower() in _NOT_A_ROLE for w in joined[1:]) or role[0].lower() in _NOT_A_ROLE - {"the"}:
            continue  # (two roles joined, "Attorney General and U.S. Senate candidate", are one)
        return rest
    return clause


# A title before a full name inside the clause ("asked former President Bill Clinton to talk to Rep. Joe
# Sestak"): a headline names them.
_INNER_TITLE = re.compile(
    r"(?<=[a-z] )(?:(?:former|then)[ -])?(?:[A-Z][a-z]+ )?(?:President|Sen\.|Senator|Rep\.|Representative|"
    r"Gov\.|Governor|Speaker|Secretary|Justice|Judge|Mayor)\s+(?=[A-Z][\w’'-]+\s+(?:[A-Z]\.\s+)?[A-Z][\w’'-]+)"
)


# An outlet's insert into a quotation before a name ('"[President Barack] Obama's war"'): the speaker's
# own words are without it.
_INSERTED = re.compile(r"\[[^\]]{1,40}\]\s+(?=[A-Z])")


def _untitled(clause: str) -> str:
    return _INSERTED.sub("", _INNER_TITLE.sub("", clause))


def shortenings(clause: str) -> list[str]:
    """The clause and its shorter forms, least cut first: without intensifiers, without who someone is
    before their name, and stopped before each phrase that only says where, how or when."""
    forms = [clause]
    from copydesk.core.wording import unjudged

    cuts: list[Callable[[str], str]] = [lambda t: _INTENSIFIER.sub("", t), lambda t: _HOW_SAID.sub("", t)]
    cuts += [_did_it, unjudged, undescribed, _untitled]
    for cut in cuts:
        forms += [cut(f) for f in forms if cut(f) != f]
    stops = []
    for form in forms:
        ends = [m.start() for m in _TAIL.finditer(form) if m.start() > 0]
        stops += [form[:end] for end in ends if not _VERB_TO_COME.match(form, end)]
        # a phrase that only says when or amid what, left out between two others ("divided during the
        # arguments in the case against ..." -> "divided in the case against ...")
        # (never one left saying how the aside went: "during a campaign swing with him through New
        # Hampshire" -> "through New Hampshire" would tell of the news itself)
        stops += [
            form[:a] + form[b:]
            for a, b in itertools.pairwise(ends)
            if _ASIDE.match(form, a) and not _ROUTE.match(form, b)
        ]
    return list(dict.fromkeys(forms + stops))
