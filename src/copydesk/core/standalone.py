"""Whether a sentence cut from its report still reads on its own.

Pure, like the rest of `copydesk.core`: the extractive writer publishes only sentences that stand alone
(`stands_alone`), in an order where each leans only on what the article has told before it
(`told_in_order`); who the reports name is `copydesk.core.people`'s.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import regex

from copydesk.core.people import SAYS, People, lone_surnames
from copydesk.core.text import CAPITAL, quotes, unquoted

# Openers whose meaning depends on the sentence before them.
DANGLING = re.compile(
    r"^(?:he|she|it|they|this|that|these|those|his|her|its|their|there|but|and|or|so|however|another|"
    r"an? (?:second|third|fourth|fifth|further)|"
    r"[a-z]+ly,\s+(?:it|he|she|they|this|that|these|those)|"  # "Largely, it was meant to ..."
    r"(?:now|today|here),?\s+(?:it|he|she|they)\b|"  # "Now it has become a symbol ..." (not "Now that ...")
    r"for (?:example|instance)|in addition|as a result|at the same time|even so|nevertheless|likewise|"
    # what came before
    r"similarly|moreover|furthermore|in (?:turn|response|contrast|return|exchange)|by contrast|"
    r"(?:if|when|once|because|although|though|as|unless|until|while) "
    r"(?:it|they|he|she|this|that|these|those)|"
    r"(?:had|were|should) (?:it|they|he|she|we)\b|"  # "Had they been a couple, ...": who they are
    r"meanwhile|also|still|yet|instead|such|both|then|(?:soon|later|afterwards?)(?=,)|"  # "Soon, Capt. ..."
    r"the (?:move|decision|plan|deal|step|announcement|"
    r"remarks?|comments?|statement|talks|meeting|visit|trip|agreement|proposal|measure|change)|"
    r"the other|(?:until|by|since|even) then|after that|"  # "The other, Ofer Biton, ...": one was told
    r"one(?=,)|"  # "One, Diana Durand of Houston, was charged": one of those told before
    # "The latest candidate to learn the hard way was ...": the lesson, and the ones before, were told
    r"the (?:latest|newest|next) [a-z-]+ (?:to|who) [^.]*?\b(?:was|is) [A-Z]\w*|"
    r"(?:some|others|many|several|most) (?:[a-z]+ed|said|say|says)|"  # "Some grumbled": some of whom?
    r"the (?:journal|times|post|paper|newspaper|network|magazine)(?! of))\b",  # which one, told before
    re.IGNORECASE,
)


# What the sentence before told: a time ("for that day", "the same week") or a pair ("the more urgent of
# the two", "the latter").
TOLD_BEFORE = re.compile(
    r"\b(?:(?:that|the same) (?:day|week|month|night|morning|afternoon|evening)|of the (?:two|three)"
    r"|the (?:former|latter))\b"
    # "this approach", "those plans": a thing told before (not "this year", "those who")
    r"|\b(?:this|these|those) (?!(?:year|week|month|morning|afternoon|evening|weekend|summer|spring|autumn|"
    r"fall|winter|season|time|who|which|that|is|are|was|were|will|would|in|of|with|on|at|for|to)\b)[a-z]+"
    # "at such a supplier", "at that point": a thing told before ("such systems" may be in the sentence)
    # "made both Facebook postings": which two was told before (not "both parties", "both chambers")
    r"|\bboth (?!(?:of|parties|sides|chambers|houses|countries|teams|men|women|sexes|candidates|campaigns|"
    r"leaders|states|nations|governments|companies|families)\b)(?:[A-Z]\w+ )?[a-z]+s\b"
    r"|\bsuch an? [a-z]+|\b(?:in|at|for|of|from) such (?!as\b)[a-z]+s\b|\b(?:these|those) \d[\d,]*\s+[a-z]+"
    r"|\b(?:in|at|for|by|of|on|from|with|after|before|since|until|under|about|over|during) that "
    r"(?!(?:is|was|it|they|he|she|we|the|a|an)\b)[a-z]+"
    # "the figure behind it:": a clause that ends on a pronoun points back
    r"|\b(?:it|them)\s*[:;]"
    # "Asked, for instance, if ...": an instance of what came before; "For Beck, however, ...", "the White
    # House, in contrast, ...", "similar deftness", "a subsequent interview": set against what came before
    r"|,\s*for (?:instance|example)\b|,\s*however\b|\bin contrast\b|\bsimilar\b(?!\s+to\b)|\bsubsequent\b"
    # "Ginsburg agreed, saying ...": with whom? (not "agreed to", "agreed that", "agreed with Breyer")
    r"|\b(?:agreed|disagreed|concurred)(?=\s*[,.;])"
    # "told the Post", "according to the Times": which paper was told before
    r"|\b(?:to|told|by|in|from|according to) the (?-i:Post|Times|Journal|Globe|Tribune|Herald)\b"
    r"(?!\s+(?:of\b|(?-i:[A-Z])))"
    # "it was likely to happen tonight": what happens was told before
    r"|\bit\s+(?:[a-z]+\s+){0,3}?happen(?:s|ed)?\b"
    # "The cameraman replies ...", "The woman said ...": someone the report told of before, by no name
    r"|^the (?:man|woman|men|women|boy|girl|student|students|cameraman|camerawoman|interviewer|officer|"
    r"driver|victim|suspect|gunman|shooter|teenager|teen|couple|pair|duo)\b"
    r"(?!\s+(?:who|whose|in|at|from|with|of|behind|accused|named|identified|charged|killed|shot)\b)"
    # "One issue that may come up is the department's funding": come up where? (the hearing told before)
    r"|\b(?:may|might|could|will|is likely to|are likely to)\s+come\s+up\b"
    r"(?!\s+(?:at|in|during|before|when)\b)"
    # "... and Saul Anuzis also round out the list": the list's first names were told before
    r"|\brounds? out the (?:list|field|slate|top)\b|\brounding out the (?:list|field|slate|top)\b"
    # "NBC further notes ...", "the poll also found": more of what the report quoted just before
    r"|\b(?:further|also) (?:notes?|noted|reports?|reported|adds?|added|writes?|wrote|found|finds)\b"
    # opening on "Asked later in the day ...": the day of what; "At 7:16 p.m., ...": the hour of which day
    r"|^(?:asked )?(?:later|earlier) (?:in|that) the day\b|^at \d{1,2}(?::\d\d)?\s*[ap]\.?m\b",
    re.I,
)

# "it"/"its" (not "it is", "it would": often about nothing) with nothing before it in the sentence that it
# could stand for: no "the ...", "a ...", "their ..." and no name ("Campaigners gathered 4,000 signatures
# calling for it to be saved": the lido was named in the sentence before).
_IT = re.compile(
    r"\b(?:it|its)\b(?!\s+(?:is|was|would|will|has|had|seems|seemed|remains|takes|took|may|might|could|can)\b)",
    re.IGNORECASE,
)
_ANTECEDENT = regex.compile(
    rf"\b(?:the|a|an|this|that|these|those|its|his|her|their|our|each|every|one)\s+\w|(?<=\w\s){CAPITAL}\p{{Ll}}"
)


def _it_without_antecedent(text: str) -> bool:
    found = _IT.search(text)
    before = text[: found.start()] if found else ""
    if not before.strip():
        return False  # an opening "It" is DANGLING's
    if _ANTECEDENT.search(before):
        return False
    first = before.split()[0]
    if first.endswith(",") and first[:-1].lower().endswith("ly"):
        return True  # "Largely, it was meant to ...": an adverb, not a name
    return not (first[0].isupper() and not first.endswith("s"))  # "Hegseth said its", not "Analysts"


# "they"/"their" with nothing before it in the sentence that it could stand for: no plural ("Democrats",
# "officials"), no group ("the council", "the family"), no pair of names ("The intensity of their attacks
# showed ...": whose attacks was told in the sentence before).
_THEY = re.compile(r"\b(?:they|them|their|themselves)\b", re.IGNORECASE)
_MANY = regex.compile(
    r"\b\p{Lu}\p{Ll}+(?:ans|ats|ists|ers|ors|ives|ites)\b|(?-i:\b\p{Ll}{3,})(?<!ss)(?<!\b(?:this|thus|its|his|hers|was|has|is|does|yes|bus|gas|us|news|plus|less|always|"
    r"perhaps|whereas|across|various|previous|serious|famous|obvious|nervous|anxious|tremendous|us))s\b"
    r"|\b(?:people|men|women|children|police|staff|group|party|committee|council|administration|campaign|"
    r"government|family|team|company|court|board|panel|union|congress|senate|house|both|pair|couple|each|all|"
    r"crowd|audience|public|class|state|city|country|nation|town|"
    r"everyone|anyone|someone|who)\b|\band\b",
    regex.IGNORECASE,
)


def _they_without_antecedent(own: str, quoted: Sequence[str]) -> bool:
    """`own`: the reporter's words; `quoted`: the quotations, whose "these workers" may be who "their" is."""
    found = _THEY.search(own)
    if found is None or not own[: found.start()].strip():
        return False  # none, or an opening "They": DANGLING's
    before = own[: found.start()]
    if len(_NAME_RUN.findall(before)) >= 2:
        return False  # "Ted Cruz tried to paint Beto O'Rourke as ... in their final debate": the two named
    rest = own[found.end() :]
    if "," in rest and _MANY.search(rest.split(",", 1)[1]):
        return False  # "In their second debate, Ted Cruz and Beto O'Rourke ...": told after its clause
    before = before[:1].lower() + before[1:]  # "Officials said their ...": a sentence's first word
    return not _MANY.search(" ".join([before, *quoted]))


_NAME_RUN = regex.compile(rf"\b{CAPITAL}\p{{Ll}}[\w’'-]*(?:\s+{CAPITAL}[\w’'-]+)+")

# "<Name Name>[, role,] said ..." or "... said <role> <Name Name>"
_WROTE = rf"(?:{SAYS}|wrote|writes|write|stated|states|noted|explained|continued|insisted|declared|concluded)"
PRONOUN_SAYS = re.compile(rf"\b(?:he|she|they)\s+{_WROTE}\b|[\"”],?\s+it\s+{_WROTE}\b", re.IGNORECASE)
ATTRIBUTED = regex.compile(
    rf"{CAPITAL}[\w’'-]+ {CAPITAL}[\w’'-]+(?:, [^,]{{3,80}},)? {SAYS}\b"
    rf"|\b{SAYS} (?:[\p{{Ll}}-]+ ){{0,4}}{CAPITAL}[\w’'-]+ {CAPITAL}"
)


_ADDED = re.compile(
    r"[\"”],?\s+(?:\S+\s+){1,4}(?:added|continued|went on)\.?$"
    # "Obama continued, calling out Speaker John Boehner": what he said before, and what he says next
    r"|^(?:[A-Z][\w.’'-]*\s+){1,3}(?:continued|went on),"
)
# "he", "him", "his", "she", "her" in the reporter's words: whoever they stand for must be named in the
# sentence itself ("Asked whether he would run, Mr. Trump said ..."), else the reader meets "Polls show him
# beating ..." with "him" never named, or, once the sentence moves, takes him for someone else.
_PERSONAL = re.compile(r"\b(?:he|him|his|she|her|hers|himself|herself)\b", re.IGNORECASE)
_SOMEONE = regex.compile(
    rf"\b(?:Mr|Mrs|Ms|Dr)\.\s+{CAPITAL}|\b{CAPITAL}\p{{Ll}}+(?:\s+{CAPITAL}\.)?\s+{CAPITAL}\p{{Ll}}[\w’'-]*"
)


# Someone the sentence names before a pronoun: a name before its description ("Kerry, also a Democrat,"),
# or a role ("the vice president ... bombarding him", "A young Republican congressional aide resigned after
# her post ...").
_ROLE = (
    r"(?:president|governor|senator|congressman|congresswoman|mayor|speaker|secretary|chairman|chairwoman|"
    r"leader|candidate|nominee|spokes(?:man|woman)|official|aide|lawyer|judge|justice|star|actor|actress|singer|"
    r"minister|officer|director|pope|king|queen)\b"
)
_NAMED_OR_ROLE = regex.compile(
    rf"(?:^|\s){CAPITAL}\p{{Ll}}+(?<!ers|ors|ans|ists|ies)(?=,\s)"
    rf"|\b[Tt]he (?:vice )?{_ROLE}|\b[Aa]n? (?:[\w-]+ ){{0,3}}?{_ROLE}"
)


def names_nobody_it_speaks_of(unquoted: str) -> bool:
    """A personal pronoun in the reporter's words with no one named in the sentence it could stand for."""
    if not _PERSONAL.search(unquoted):
        return False
    # a lone capitalised word may be a surname ("Reid, after all, ... his"), not a plural ("Polls show him")
    # ("Asked why he ..." names nobody either)
    lone = [w for w in lone_surnames(unquoted) if not w.endswith(("s", "ed", "ing"))]
    named = [m.start() for m in _SOMEONE.finditer(unquoted)] + [unquoted.find(w) for w in lone]
    named += [m.start() for m in _NAMED_OR_ROLE.finditer(unquoted)]
    if not named:
        return True
    # named after the pronoun: "When he arrived, Lund said ..." tells who he is after its clause; "The
    # only candidate he confirmed speaking with was Barney Frank" does not (he is someone told before)
    first, at = _PERSONAL.search(unquoted).start(), min(named)  # type: ignore[union-attr]
    if at < first:
        return False
    # the clause ends and the name opens the next one ("When he arrived, Lund said"); a name further on
    # in that clause is no subject ("In 1970, with his deferment in jeopardy, he landed a spot in the
    # Marine Reserve")
    between = unquoted[first:at]
    return "," not in between or bool(between.rsplit(",", 1)[1].strip())


def stands_alone(text: str) -> bool:
    """No opener that leans on the sentence before, no quotation without its speaker, and no "he" whose
    person the sentence does not name."""
    if text[0] in '"“' and text.rstrip()[-1] in '"”' and not ATTRIBUTED.search(text):
        return False
    if PRONOUN_SAYS.search(text):
        return False  # '"...," he said': who he is was told in another sentence
    if _ADDED.search(text):
        return False  # '"Yes, the council can help," Lund added.': added to what he said before
    own = unquoted(text)  # a speaker's own "this" is theirs
    if TOLD_BEFORE.search(own) or _it_without_antecedent(own) or _they_without_antecedent(own, quotes(text)):
        return False  # "a similar timetable for that day": which day was told before
    if names_nobody_it_speaks_of(unquoted(text, " , ")):  # a quotation ends a clause too
        return False
    return not DANGLING.match(text.lstrip("\"“‘'"))


# "The letter says ...", "The ruling allows ...": a thing the report told of before; the article must
# have told of it too.
_THE_THING = re.compile(
    r"^The (letter|report|ruling|memo|statement|lawsuit|suit|video|ad|advertisement|decision|measure|"
    r"proposal|plan|bill|order|complaint|resolution|review|study|poll|survey|remarks|comments|announcement|"
    r"incident|episode|exchange|request|effort|vote|e-mails|emails|documents|cover|meeting|hearing|"
    r"interview|speech|deal|agreement|investigation|probe|verdict|indictment|"
    r"group|organization|organisation|coalition|panel|company|firm)\b"  # "The group sent a letter": which
    # "The bill for the whole scheme ...", "The report by the inspector ...": it says which one itself
    r"(?!\s+(?:of|for|to|that|which|by|from|on|in|against|over|about|into|with|issued|released|published)\b)"
)


# The same inside a sentence, after "the", "that", "this", "these" or "those" ("any of the bills could
# come up", "that information"), with the nouns that stand for something told before: what was said
# (criticism, questions, allegations), a text (platform, theory).
_THAT_THING = regex.compile(
    # "Akin's ad": a possessive speaks of a made thing as known too (not of what someone said: "Reid's
    # comments" stand for what the article told him saying)
    r"\b(?:(?:[Tt]he|[Tt]hat|[Tt]his|[Tt]hese|[Tt]hose)\s+|\p{Lu}[\w-]+['’]s\s+(?=(?:ad|video|letter|memo|"
    r"pictures|photos|photographs|images|tape|recording|lawsuit|e-mails|emails)\b))"
    # "the March incident", "the recent remarks": a month or "recent" does not say which
    r"(?:(?:January|February|March|April|May|June|July|August|September|October|November|December|recent|"
    r"latest|earlier|previous|two|three|four)\s+)?"
    r"(letters?|attack|leaders|cache|ruling|memo|lawsuit|video|ad|decision|measure|article|event|interview|speech|hearing|"
    r"proposal|plan|bills|resolution|remarks|comments|announcement|incident|episode|exchange|request|"
    r"e-mails|emails|documents|deal|agreement|investigation|probe|verdict|indictment|criticism|questions|"
    r"platform|theory|information|allegations?|accusations?|claims?|legislation|move|changes|list|panel|"
    r"task force|commission|pictures|photos|photographs|images|tape|recording|matter|"
    # "..., the aide said": someone told of before by role alone
    r"aide|spokesman|spokeswoman|spokesperson|adviser|advisor)\b"
    r"(?!\s+(?:of|for|to|that|which|by|from|on|in|against|over|about|into|with|issued|released|published|"
    r"he|she|they|it|we|I|you|known|called|dubbed|titled|named)\b)(?!\s+\p{Lu})"
)
# Someone who "also" did something: the article must have told of them before.
_ALSO = regex.compile(rf"^((?:{CAPITAL}[\w’'.-]*\s+){{0,3}}{CAPITAL}[\w’'-]*)\s+also\s+\p{{Ll}}")
# Words that tell of one thing: "the measure" after "the bill" is told of.
_KINDS = (
    "bill bills measure legislation proposal law resolution amendment plan",
    "lawsuit suit challenge case complaint",
    "comments remarks statement words",
    "video footage clip tape recording pictures photos photographs images",
    "report review study article story",
    "event rally meeting gathering hearing speech interview appearance",
    "allegations allegation accusations accusation claims claim charges",
    "letter letters memo",
    "e-mails emails documents cache",
    "investigation probe inquiry",
    "panel task_force commission committee board",
    "aide spokesman spokeswoman spokesperson adviser advisor",
    "attack assault raid bombing shooting",
)
_ALIKE = {
    word.replace("_", " "): [w.replace("_", " ") for w in kind.split()]
    for kind in _KINDS
    for word in kind.split()
}


_FORMS = r"(?:s|es|d|ed|ing)?\b"


def leans_on_a_thing(text: str, told: str) -> str | None:
    """The thing a sentence speaks of as known ("the bills", "that information") that neither the
    article before it (`told`, lower-cased) nor the sentence before that word names; None if none."""
    own = unquoted(text)
    if (also := _ALSO.match(own)) and also.group(1).split()[-1].lower() not in told:
        return str(also.group(0))  # "Politico also reports ...": also, beside what it reported before
    for m in _THAT_THING.finditer(own):
        before = told + " " + own[: m.start()].lower()
        alike = _ALIKE.get(m.group(1).lower(), [m.group(1).lower()])
        # the thing, or its deed, as a word of its own ("legislation", "raided"; not "the state legislative
        # committee", "his law firm" or "lawmakers")
        if not any(re.search(rf"\b{re.escape(w.rstrip('s'))}{_FORMS}(?!\s+firm)", before) for w in alike):
            return str(m.group(0))
    return None


def opens_on_a_thing(text: str) -> bool:
    """Whether a sentence opens on a letter, ruling or report that must have been told of before it."""
    return bool(_THE_THING.match(text))


def told_in_order(texts: Sequence[str], people: People, headline: str = "") -> list[bool]:
    """For an article's sentences in reading order (dek first), whether each may stand where it is:
    whoever it names by surname alone is named in full before it (or in it), and the letter, ruling or
    report it opens on ("The ruling allows ...") was told of before. Sections are ordered by role after
    the sentences are chosen, so a full name chosen first may still be printed after its surname."""
    told = [headline] if headline else []
    keep = []
    for n, text in enumerate(texts):
        thing = _THE_THING.match(text)
        seen = " ".join(told).lower()
        ok = n == 0 or (
            people.introduced(text, told)
            and people.mentions_introduced(text, told)
            and not (thing and not re.search(rf"\b{thing.group(1)}", seen))
            and leans_on_a_thing(text, seen) is None
        )
        keep.append(ok)
        if ok:
            told.append(text)
    return keep
