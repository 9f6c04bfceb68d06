"""Headlines taken from a source's title: without the outlet's name or a label such as "Analysis:"."""

from __future__ import annotations

import re
from collections.abc import Sequence

from copydesk.core.dates import DAY_TOLD
from copydesk.core.headline_cuts import _NOT_A_ROLE, _VERB, shortenings, undescribed
from copydesk.core.text import unquoted
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
    # "will speak with members Monday evening in which he is expected to ...": the relation's preposition too
    r",?\s+(?:in|on|at|of|for|to|with|by|from|during|under)\s+(?:which|whom)\s"
    r"|\s*[;:]|\s+(?:—|–|--)\s*|,\s+but\s|,?\s+(?:after|while|amid|because|saying|although|though|when|despite|"
    r"which|whose|where|even as|in a move)\s|,?\s+and\s+(?=[a-z]+ing\b)"
    r"|,\s+and\s+(?=(?:that|it|this)\s+[a-z]+\b)"  # ", and that could ...": a new clause
    r"|(?<!\bthose)(?<!\banyone)(?<!\bpeople)(?<!\bothers),?\s+who\s",  # "those who plan to ..." is one
)
# An opening phrase that sets the scene rather than telling the news ("In a speech on Monday, ...").
_SCENE = re.compile(
    r"^(?:in|at|on|after|when|as|while|despite|with|for|following|amid|although|if|since|before|during|"
    r"asked|speaking|updated)\b",
    re.I,
)


# "Joining a chorus of bishops, ...", "Batting down allegations ..., ": a participle's phrase first
_PARTICIPLE = re.compile(r"^[A-Z][a-z]+ing\s+(?:a|an|the|his|her|their|its|down|up|out|off|back|into|with)\b")


def _after_scene(text: str) -> str:
    """What follows a scene-setting phrase: after its first comma, or after the list it ends on ("Joining
    a chorus of bishops, theologians, priests and lay leaders, nearly 90 faculty ...")."""
    parts = text.split(",")
    for k in range(1, min(5, len(parts) - 1)):
        if len(parts[k].split()) > 4 or parts[k].strip()[:1].isupper():
            break
        if re.search(r"\b(?:and|or)\s", parts[k]):
            return ",".join(parts[k + 1 :]).strip()
    return ",".join(parts[1:]).strip()


def opens_on_scene(text: str) -> bool:
    """Whether a sentence opens on a phrase that sets the scene ("Following ..., ") before its subject."""
    if "," not in text:
        return False
    if _PARTICIPLE.match(text):
        from lemminflect import getAllLemmas

        word = text.split()[0].lower()
        return bool(getAllLemmas(word).get("VERB", (word,))[0] != word)  # "Joining" (join), not "Sterling"
    return bool(_SCENE.match(text))


_WHEN = DAY_TOLD
_APPOSITIVE = re.compile(
    r"(?<=[A-Za-z.)]),\s+(?:the|a|an|who|which|[a-z]+ of|(?:Democrat|Republican|Independent) of)\b"
    r"[^,;:\"“”]{2,120},(?=\s+[a-z])"
)
# Who someone is, then their name, between commas, opening the clause.
_ROLE_FIRST = re.compile(
    r"^((?:[Tt]he\s+)?[A-Za-z][\w.’'-]*(?:\s+[\w.’'-]+){0,5}),\s+((?:[A-Z][\w.’'-]+\s+){1,3}[A-Z][\w’'-]+),"
    r"(?=\s+[a-z])"
)
_LOOSE_END = frozenset(
    """to the a an of and or that for with by in on at from its his her their almost very more most also
    not never just than those these this them it he she they we who""".split()
)


MAX_WORDS = 20
"""A headline of Copydesk's own is a dek's main clause of at most this many words."""

# A comma inside a number ("$750,000") is no clause's end, nor one in a list of up to three words a
# side that ends in "and" or "or" ("Elected officials, civic leaders and business groups spoke out").
_NUMBER_COMMA = re.compile(r"(?<=\d),(?=\d{3}\b)")
# Nor one between two adjectives before their noun ("swift, negative reactions", "an unpaid, advisory
# post"): lemminflect's lexicon says which words are adjectives.
_PAIR = re.compile(r"\b([a-z]+), ([a-z]+)(?= [a-z]+)")


def _without_adjective_commas(text: str) -> str:
    from lemminflect import getAllLemmas

    def plain(m: re.Match[str]) -> str:
        both = all("ADJ" in getAllLemmas(w) for w in m.groups())
        return f"{m.group(1)} {m.group(2)}" if both else m.group(0)

    return _PAIR.sub(plain, text)


_LIST_COMMA = re.compile(r"(?<=[a-z]),(?=\s+(?:[a-z][\w’'-]*\s+){1,3}(?:and|or)\s+[a-z])")
# A phrase set between commas inside the main clause that only says how or where ("Ravi Lund, in an
# interview, said ...", "Ana Ruiz, armed with a chart, blamed ...").
_INSERT = re.compile(
    r",\s+(?:in|at|during|speaking|writing|armed|once|standing|flanked|surrounded)\b[^,;:\"“”]{2,100},(?=\s+[a-z])"
)
# When, beyond the weekday: "later this month", "earlier this week".
_WHEN_MORE = re.compile(
    r"\s+(?:(?:later|earlier)\s+)?(?:this|last|next)\s+(?:week|weekend|month|year|morning|afternoon|evening)\b"
    r"(?![’']s)"
)
_SPEECH_END = re.compile(
    r"\b(?:said|says|told|tells|warned|warns|announced|announces|added|stated|argued|insisted|wrote|asked|"
    r"explained|noted|confirmed|revealed)$"
)


# An aside between two dashes: what it says is not the news.
_DASH_ASIDE = re.compile(r"\s+(?:—|–|--)\s+[^—–]{1,150}?\s+(?:—|–|--)\s+")


def _main_clause(dek: str) -> str | None:
    """The dek's main clause without scene-setting, asides, party labels or the day; None for a quote."""
    text = re.sub(r"[.!?]([”\"])$", r"\1", dek.strip().rstrip(".!?"))  # 'that we apprehend.”
    if text[:1] in "\"“‘'":
        return None  # someone's words need their speaker
    # "Setting the tone for the 112th Congress — in which every bill must ... — members began ...": the
    # aside ends the scene-setting opener where one comes before it
    if opens_on_scene(scene := _DASH_ASIDE.sub(", ", text, count=1)):
        text = scene
    if opens_on_scene(text):
        text = _after_scene(text)
    text = _APPOSITIVE.sub("", text, count=1)  # "Ravi Lund, the council leader, said ..."
    if (named := _ROLE_FIRST.match(text)) and not _verb(named.group(1)):
        text = named.group(2) + text[named.end() :]  # "the council leader, Ravi Lund, said ..."
    text = _INSERT.sub("", text, count=1)
    text = _without_subject_relative(text)
    text = re.sub(
        r"\s*\((?:[RDI]|[RDI]-[A-Z][\w.]*)\)", "", text
    )  # "Asa Hutchinson (R-Ark.)": the party label
    # "..., a decision the mayor criticised", "..., calling it a betrayal": the main clause comes before
    text = re.sub(r",\s+(?:a|an|the|which|who|according|as|effectively|[a-z]+ing)\b.*$", "", text)
    end = _CLAUSE_END.search(text)
    if end and _BUT_CLAUSE.match(text, end.start()):
        # "Netanyahu has said he'll steer clear of the election, but he stars in a new ad": the news is
        # what follows "but", told of the subject by name; else there is no headline in the sentence
        after = _what_follows_but(text[: end.start()], text[end.start() :])
        return _WHEN_MORE.sub("", _WHEN.sub("", after)).strip() if after else None
    clause = text[: end.start()] if end else text
    clause = re.sub(r",([”\"])$", r"\1", clause)  # 'a “phony theology,”' cut before ", saying ..."
    return _WHEN_MORE.sub("", _WHEN.sub("", clause)).strip()


# The subject's relative clause, up to the comma before the main verb ("The official who first disclosed
# ..., and in doing so ignited ..., denied ..."): a subject of at most six words, no verb of its own.
_SUBJECT_WHO = re.compile(r"^((?:[\w.’'-]+\s+){1,6}?)(?:who|which)\s")


def _without_subject_relative(text: str) -> str:
    """The text without the relative clause that says which one its subject is, where the main verb
    follows it after a comma ("The official who ..., denied ..." -> "The official denied ...")."""
    from lemminflect import getAllLemmas

    found = _SUBJECT_WHO.match(text)
    if not found or _verb(found.group(1)) or found.group(1).split()[0].lower() not in {"the", "a", "an"}:
        return text
    for comma in re.finditer(r",\s+([a-z]+)\s", text[found.end() :]):
        word = comma.group(1)
        if _VERB.fullmatch(word) and "VERB" in getAllLemmas(word):  # "denied", not "and" or "saying"
            return found.group(1) + text[found.end() + comma.start(1) :]
    return text


# "..., but he stars in ...", "..., but not before ...": a clause of its own after "but" carries the news
_BUT_CLAUSE = re.compile(r",\s+but\s+(?:not before|he|she|they|it|we|the|a|an|his|her|their|its|[A-Z])")
_NAME_FIRST = re.compile(r"^((?:[A-Z][\w.’'-]*\s+){0,5}[A-Z][\w’'-]+)\s+(?=[a-z])")


def _what_follows_but(before: str, after: str) -> str | None:
    """The clause after "but" with its "he" or "she" given the name of the subject before it
    ("Benjamin Netanyahu stars in a new ad ..."); None where the subject is no person's name or the
    clause does not open on "he" or "she"."""
    pronoun = re.match(r",\s+but\s+(?:he|she)\s+(?=[a-z])", after)
    named = _NAME_FIRST.match(undescribed(before))
    if not pronoun or not named or named.group(1).split()[0].lower() in _NOT_A_ROLE:
        return None
    rest = after[pronoun.end() :]
    clause = f"{named.group(1)} {rest}"
    end = _CLAUSE_END.search(clause)
    return clause[: end.start()] if end else clause


_ADJECTIVE = re.compile(r"\b(?:the|a|an|his|her|its|their)\s+[a-z]+ed\b", re.IGNORECASE)
# A form that stops on a sum or just after a short relative clause's verb has lost what completes it.
_CUT_SHORT = re.compile(r"[$€£]?\d[\d,.]*$|\b(?:that|which|who)\s+(?:\S+\s+)?\S+$")


def _verb(text: str) -> bool:
    """Whether the text holds a verb; "the classified version" holds none."""
    return bool(_VERB.search(_ADJECTIVE.sub(" ", text)))


def _fits(clause: str) -> bool:
    """Whether a clause reads as a headline: a verb, 5 to MAX_WORDS words, one clause (no comma), not
    stopped on a loose word or before what someone said, quotes closed."""
    kept = clause.split()
    if (
        _without_adjective_commas(_LIST_COMMA.sub("", _NUMBER_COMMA.sub("", clause))).count(",")
        or not 5 <= len(kept) <= MAX_WORDS
        or _SCENE.match(clause)
        or "[" in clause  # "[President Barack] Obama's": an outlet's insert into a quotation
    ):
        return False
    if kept[-1].lower() in _LOOSE_END or kept[-1].endswith(("ly", "ing")) or not _verb(clause):
        return False
    own = unquoted(clause, " “said” ")  # a quotation holds what was said
    if _CUT_SHORT.search(own):
        return False  # "spent $750,000" (in what?), "the position that became open" (when?)
    if _SPEECH_END.search(clause) or not _verb(own.rsplit(" that ", 1)[-1]):
        return False  # "said that the plan": what was said is cut off
    if not _verb(re.split(r"\s(?:that|which|who)\s", clause, maxsplit=1)[0]):
        return False  # "A lawsuit that would be the largest": its own verb was cut off
    return not (clause.count('"') % 2 or clause.count("“") != clause.count("”"))


# A noun that says what was tried, which the clause completes later with "to ..." ("efforts by Nuland in
# the days after the attack to strip out references"): a form that keeps the noun and loses the "to"
# tells of efforts to do nothing.
# ("his bid for Senate" has its aim already)
_PURPOSE = re.compile(r"\b(?:efforts?|attempts?|bids?|plans?)\b(?!\s+(?:for|of)\s)(?!.*\bto\s)")


def _lost_purpose(form: str, sentence: str) -> bool:
    """Whether the form keeps a noun of trying whose "to ..." the sentence gives only after the cut."""
    if not _PURPOSE.search(form):
        return False
    end = " ".join(form.split()[-3:])
    at = sentence.find(end)
    return at >= 0 and re.search(r"\bto\s+[a-z]+", sentence[at + len(end) :]) is not None


# "The dueling running mates turn the debate into ...": people described, never named, and nothing else named
_UNNAMED = re.compile(r"[Tt]he\s(?:[a-z-]+\s){0,3}[a-z]+s\s[^A-Z]*$")
# "The latest candidate to learn the hard way was Representative Bruce Braley": who, kept for the end,
# is the news; the headline would be the reporter's riddle
_TEASER = re.compile(
    r"[Tt]he (?:latest|last|newest|next|first|only) (?:[a-z-]+ ){1,3}(?:to|who) .*\b(?:was|is)\b"
)


def headline_from(dek: str, keep: frozenset[str] = frozenset(), plain: bool = False) -> str | None:
    """A headline of Copydesk's own from a report's opening sentence: its main clause without the day
    ("Harwick's council voted to close the Eastgate library in June"), shortened where it is long by
    leaving out only what says where, how or how much, or who a named person is. Of the forms that read
    as a headline, the one keeping most of `keep` (words the reports share), then the longest; with
    `plain`, only forms without a reporter's judgement ("vigorously defended" -> "defended"). None when
    no form does (a quote, a clause with commas, no verb, cut on a loose word)."""
    from copydesk.core.text import content_words
    from copydesk.core.wording import judgement

    clause = _main_clause(dek)
    if clause is None:
        return None

    def shared(form: str) -> int:  # who someone is counts for nothing: what the reports share does
        return len(keep & set(content_words(undescribed(form))))

    # a form that leaves out most of what the reports share has cut the news ("queued to be among the first")
    forms = [
        f
        for f in shortenings(clause)
        if _fits(f)
        and 3 * shared(f) >= shared(clause)
        and not _lost_purpose(f, dek)
        and not (plain and judgement(f))  # "vigorously defended": the form without the reporter's word
        and not _UNNAMED.match(f)
        and not _TEASER.match(f)
    ]
    if not forms:
        return None
    best = max(forms, key=lambda f: (shared(f), len(f.split())))
    return best[0].upper() + best[1:]


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


# Words before a past-tense verb that make it no simple past: "has said", "was expected", "to be".
_AUXILIARY = frozenset(
    "has have had was were is are be been being to will would could should may might".split()
)
# A capitalised word for a group of people ("Republicans", "Democrats", "Lawmakers") takes a plural verb.
_GROUP = re.compile(r"(?:ans|ats|ists|ers|ors|ives)$")
_PREPOSITIONS = frozenset("in of at from for with on by near across".split())
_GROUP_BEFORE = frozenset("House Senate GOP Republican Democratic Congressional State Party Tea".split())


def present_tense(headline: str) -> str:
    """The headline's main verb in the present tense, as headlines tell what happened ("Former councillor
    Asa Brandt pleaded guilty ..." -> "... pleads guilty ..."); as it was when no simple past is found
    after its subject."""
    from lemminflect import getInflection, getLemma

    words = headline.split()
    for k in range(1, len(words)):
        word, before = words[k], words[k - 1]
        if any(w.lower() in _AUXILIARY or w.lower().endswith(("n't", "n’t")) for w in (word, before)):
            return headline  # "was expected", "has said", "hasn't": no simple past to tell in the present
        if k + 1 < len(words) and words[k + 1] == "by":
            continue  # "talking points obtained by ...": a participle of the subject
        if not word.isalpha() or not word.islower() or before.endswith("ly"):
            continue
        if _ADJECTIVE.search(f"{before} {word}"):
            continue  # "the classified version": part of the subject
        lemma = (getLemma(word, upos="VERB") or ("",))[0]
        if not lemma or lemma == word or word not in getInflection(lemma, tag="VBD"):
            continue
        subject = words[:k]
        # the subject's noun: before "of", "in", "by" ..., and before a participle ("Papers obtained by")
        phrase = next((subject[:n] for n, w in enumerate(subject) if n and w in _PREPOSITIONS), subject)
        at = next(
            (n for n in range(len(phrase) - 1, -1, -1) if not phrase[n].endswith("ed")), len(phrase) - 1
        )
        head = phrase[at].strip("\"“”‘’',")
        # "Republicans", "House Democrats" take a plural verb; "Larry Summers", a first name before, does not
        named = at > 0 and phrase[at - 1][:1].isupper() and phrase[at - 1] not in _GROUP_BEFORE
        group = bool(_GROUP.search(head)) and not named
        plural = "and" in subject or (
            head.endswith("s") and not head.endswith("ss") and (head.islower() or group)
        )
        tag = "VBP" if plural else "VBZ"
        form = getInflection(lemma, tag=tag)
        rest = words[k + 1 :]
        # "rose and spoke of": the verb joined to it is told in the present too ("rises and speaks of")
        if len(rest) > 1 and rest[0] == "and" and rest[1].isalpha() and rest[1].islower():
            other = (getLemma(rest[1], upos="VERB") or ("",))[0]
            if other and other != rest[1] and rest[1] in getInflection(other, tag="VBD"):
                rest = ["and", (getInflection(other, tag=tag) or (rest[1],))[0], *rest[2:]]
        return " ".join([*subject, form[0], *rest]) if form else headline
    return headline
