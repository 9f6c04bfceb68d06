"""A reporter's judgement or loaded wording, which an article credits to its outlet or leaves out.

"Budget numbers actually show spending ballooned", "Steele drew fierce criticism", "the embattled
senator": words that say how the reporter sees it, not what happened. Outside quotes (a speaker's own
words are theirs, and the quote names them), such a sentence is one outlet's telling: the extractive
writer keeps it out of the dek and the lead and, in the body, credits it ("Fox News reported that ...").

The lexicon is written by hand, by kind (verbs of attack and scorn, dramatic nouns, loaded adjectives,
the reporter's own certainty or doubt), not taken from any annotated set; `copydesk eval stories`
measures it against the spans BASIL's annotators marked.

Beside the lexicon, rules find kinds of judgement by their shape (`KINDS`): a question the reporter asks
in the article's own voice, an impression of someone's mind ("appeared unmoved"), a characterisation
("one of the few missteps", "a setback for", "underscores"), the reporter's stance ("effectively",
"of course"), understatement ("less than thrilled"), evaluative adjectives and the language of combat
("fired back", "came under fire"). Each word list is written from the kind, not read off a data set.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from copydesk.core.text import STOPWORDS, names, without_dateline
from copydesk.core.types import SourceDoc

# Each entry is a word start; an entry ending in "-" takes any ending ("slam-": slams, slammed, slamming).
_ATTACK = """slam- blast- lambast- ripped ripping rip rips railed railing rails excoriat- berat- chid-
    scold- mock-
    derid- deride- skewer- torched torching hammer- savag- bash- lashed lashing pounc- bristl- scoff- sneer-
    fumed fuming seeth- stormed storming grumbl- whined whining gloat- tout- boast- brag- caved cave caves
    flip-flop- backpedal- dodg- stonewall- snub- rebuff- spurn- dismissive smear- demoniz- demonis- vilif-
    decried decries decrying assail- pummel- clobber- trashed trashing shredded gutted gutting rammed
    railroaded scrambl- dangl- peddl- spew- ranted ranting harangu- complain- insist- claimed claiming
    admitted admits admitting acknowledg- confess- conced- vow- threaten- demanded demanding begged
    begging hailed hailing
    prais- applaud- laud- cheered toppl- seized-on seize-on seizing-on shied-away shy-away dominat-
    struggled-to wasted-no-time""".split()
_DRAMA = """uproar firestorm furor furore outrage- onslaught maelstrom chaos chaotic debacle fiasco meltdown
    bombshell scandal- showdown war-of-words tirade diatribe screed rant broadside crusade witch-hunt
    cover-up power-grab gaffe- blunder- fury furious frenzy- tumult turmoil chorus-of conspiracy-theor-
    payback retribution head-to-head battle""".split()
_LOADED = """fierce- ferocious scathing stinging blistering withering harsh- sharp- stunning shocking
    astonishing
    jaw-dropping staggering whopping massive huge sweeping draconian radical- extreme- extremist- far-left
    far-right ultra- hard-line hardline- notorious- infamous- controversial embattled beleaguered disgraced
    bombastic provocative incendiary inflammatory gaffe-prone testy frosty bitter- dismal disastrous
    dangerous toxic appalling outrageous bogus sham phony phoney absurd ridiculous laughable shameful
    disgraceful- egregious reckless cynical- brazen- blatant- defiant- stubborn- adamant- vigorous- forceful-
    unabashed- unapologetic- so-called self-styled self-titled obscure powerful prestigious rising-star
    silly silli- lame dumb- stupid- hapless feckless spineless complicit evasive novice facetious- sarcastic-
    smug smugly smugness angrily testily nonchalant- blithe- breezy breezily cavalier- flippant-""".split()
# The reporter's picture of a rebuke, a scolding told as a scene ("a knuckle-rapping", "a dressing-down").
_SCOLDING = """knuckle-rapp- tongue-lash- dressing-down wrist-slap- slap-on-the-wrist woodshed-
    earful""".split()
_CERTAINTY = """actually clearly obviously apparently supposedly purportedly allegedly erroneously falsely
    wrongly dubiously conveniently ironically tellingly notably surprisingly unsurprisingly predictably
    remarkably merely simply technically""".split()

LEXICON: tuple[str, ...] = tuple(_ATTACK + _DRAMA + _LOADED + _SCOLDING + _CERTAINTY)


def _pattern(entry: str) -> str:
    word = re.escape(entry.rstrip("-")).replace(r"\-", "[- ]")
    return rf"{word}\w*" if entry.endswith("-") else word


def _words(entries: Iterable[str]) -> re.Pattern[str]:
    return re.compile(r"\b(?:" + "|".join(_pattern(e) for e in entries) + r")\b", re.IGNORECASE)


# Evaluative adjectives and adverbs beyond the lexicon: size or moment inflated, harm or shame asserted,
# a quality judged (dull, petty, inept), a person's temperament labelled; and labels for people that
# judge them ("strongman", "cronies"; not the trade's plain "tycoon" or "mogul"); conduct scorned by a
# compound ("finger-pointing", "grandstanding").
_EVALUATIVE = """enormous tremendous colossal monumental gigantic immense mammoth unprecedented
    dramatic- drastic- extraordinar- incredibl- unbelievabl- spectacular- sensational- explosive
    devastating crushing resounding damning damaging humiliat- embarrass- troubling troublesome disturbing
    alarming dire grim bleak tedious frivolous petty trivial pointless misguided ill-advised ill-conceived
    heavy-handed overzealous botched bungl- inept incompetent clueless hypocrit- shameless audacious
    brash fiery heated combative pugnacious belligerent contentious divisive polariz- polaris-
    acrimon- rancor- vitriol- venom- nasty vicious ardent- fervent- zealous- staunch- diehard die-hard
    rabid firebrand maverick outspoken lavish- cushy plush hefty paltry meager meagre measly scant lively
    stiff bizarre surreal shameful- outrageous- callous- heartless- ruthless- cruel cruelly arrogant-
    gleeful- furious- beloved restive
    strongman strongmen kingpin- bigwig- fat-cat- honcho- crony cronies henchm-
    apparatchik- ideologue- demagogu- zealot- provocateur- agitator- rabble-rous- gadfly
    hand-wringing saber-rattling sabre-rattling finger-pointing mud-slinging mudslinging arm-twisting
    navel-gazing grandstand- posturing fear-monger- fearmonger- scaremonger- name-calling bomb-throw-
    chest-thumping head-scratching eyebrow-raising do-nothing drumbeat groundbreaking stark
    starkest""".split()
# The reporter's own stance on what is told: certainty, interpretation ("effectively"), an aside.
_STANCE = """effectively essentially in-effect arguably ostensibly basically of-course needless-to-say
    to-be-sure in-reality in-truth undoubtedly undeniably unquestionably indisputably admittedly
    curiously oddly strangely fittingly mercifully thankfully sadly unfortunately fortunately luckily alas
    pointedly conspicuously famously it-should-be-noted worth-noting in-essence in-other-words in-short
    at-its-core at-bottom put-simply simply-put the-upshot the-bottom-line""".split()
# Conflict told as combat or sport, and conflict dramatised as a spectacle.
_COMBAT = """fired-back fire-back fires-back firing-back shot-back hit-back hits-back hitting-back hit-out
    hits-out took-aim take-aim takes-aim taking-aim swipe- doubl-down double-down doubles-down dug-in
    digging-in dig-in under-fire cried-foul crying-foul cry-foul cries-foul upped-the-ante ups-the-ante
    raising-the-ante gauntlet hot-seat warpath on-the-offensive circl-the-wagons under-the-bus
    political-football knives-out fell-flat backfir- kerfuffle brouhaha dust-up spat feud- tiff
    fray waded-into wade-into wades-into wading-into sounded-the-alarm threw-cold-water
    poured-cold-water tug-of-war tugs-of-war cross-hairs crosshairs stoke stokes stoked stoking
    clinging-to clings-to clung-to cling-to""".split()

# A question the reporter asks: a question mark with no quotation before it (a speaker's question in a
# quote ends inside it, or runs on to it: "... is in violation" of the act?).
_QUESTION = re.compile(r"^[^“”]*\?")
_AFTER_APPEAR = """in on at before with alongside together for as onstage briefly live via during after
    outside inside here there again twice once frequently regularly often repeatedly publicly
    a an the this that his her their its last next""".split()
# An impression of someone's mind or mood: "seemed eager", "appeared unmoved", "appears visibly
# irritated". Appearing somewhere ("appeared in court", "appeared Tuesday") is not one, nor a hedge on a
# fact ("appears to have been filmed", "appears to be in his 20s").
_IMPRESSION = re.compile(
    r"\b(?:[Ss]eem(?:s|ed|ingly)?|[Aa]ppear(?:s|ed)?(?!\s+to\s+(?:be|have)\b)(?=\s+(?!(?:"
    + "|".join(_AFTER_APPEAR)
    + r")\b)[a-z]))\b(?:\s+[a-z]+)?"
)
# One case told as a kind of its own ("one of the few missteps"), the news scored as a win or a loss for
# one side ("a setback for"), or its meaning read into it ("underscores", "raises questions about", and
# the analyst's present: "the dispute mirrors the broader disagreement").
_CHARACTERISATION = re.compile(
    r"\bone of the (?:few|rare|most|least|worst|best|biggest|greatest|toughest|boldest|strangest|"
    r"ugliest|nastiest|bitterest|fiercest|harshest|finest|brightest|sharpest)\b"
    r"|\ban? (?:[a-z]+ )?(?:blow|setback|rebuke|embarrassment|black eye|boon|boost|coup|headache|triumph|"
    r"humiliation|victory|defeat) (?:to|for)\b"
    r"|\bunderscor\w*|\b(?:reflects|mirrors|symboli[sz]es) the\b|\ba symbol of\b|\bemblematic of\b"
    r"|\bepitomi[sz]\w*|\bspeaks volumes\b|\ba testament to\b"
    r"|\ba far cry from\b|\ba (?:stark |sobering |telling )?reminder (?:of|that)\b|\ba sign (?:of|that)\b"
    r"|\b(?:raise[sd]?|raising) (?:\w+ ){0,2}questions (?:about|over|as to)\b"
    r"|\b(?:cast|casts|casting) (?:\w+ )?(?:doubt|a shadow|a pall)\b|\bcall(?:s|ed|ing)? into question\b"
    r"|\blay(?:s|ing)? bare\b|\blaid bare\b"
    # a fight's images for a political standing: "on the political ropes", "Republicans smell an opening"
    r"|\bon the (?:[a-z]+ )?ropes\b|\bsmell(?:s|ed|ing)? (?:an opening|blood)\b"
    # who gains whatever happens: "A Labrador bid helps all parties regardless of the outcome"
    r"|\bregardless of (?:the|its|their) outcome\b|\bwin-win\b|\bno-win\b"
    # someone's life told as a story arc: "yet another chapter in the downward spiral of his career"
    r"|\b(?:yet )?another chapter in\b|\bthe latest chapter in\b|\bdownward spiral\b|\bfall from grace\b"
    # what keeps a story going, read by the reporter: "details appear to be keeping the story alive"
    r"|\bkeep(?:s|ing)? the (?:story|controversy|scandal) alive\b|\bthe tenor of\b"
    # one speech or act scored against another: "Beck's stood out for his demand"
    r"|\b(?:stood|stands|stand) out (?:for|as)\b",
    re.IGNORECASE,
)
# The reporter's own forecast of what might follow, told as a condition and a modal with no one to say
# it ("If the court were to side with the states, every such law could be undone").
_SPECULATION = re.compile(
    r"^(?:If|Were|Should|Unless)\b(?![^“”\"]*\b(?:said|says|say|according|argued|argues|told|believes?)\b)"
    r"[^“”\"]*,[^“”\"]*\b(?:could|would|might)\b"
)
# Understatement and sarcasm: "less than thrilled", "no stranger to", "hardly surprising".
_UNDERSTATEMENT = re.compile(
    r"\bless than (?!expected|estimated|forecast|projected|predicted|anticipated|planned|budgeted|"
    r"required|needed|allowed|promised|reported)[a-z]+(?:ed|ic|ive|ous|ful|able|ible|ant|ent|ar|ing)\b"
    r"|\bno stranger to\b|\bnot exactly\b|\bhardly\b|\bscarcely\b|\bto put it mildly\b"
    r"|\bto say the least\b|\bso much for\b|\bnot one to\b",
    re.IGNORECASE,
)

# Mock seriousness in title case mid-sentence ("don't make faces at Very Serious public events"): the
# reporter's sarcasm (not "the Very Rev. Ana Ruiz", a title).
_SARCASM = re.compile(r"(?<=[a-z,;] )(?:Very|Really|Extremely|Totally|Deeply|Super) (?!Rev\b)[A-Z][a-z]+")

_RULES: dict[str, re.Pattern[str]] = {
    "lexicon": _words(LEXICON),
    "question": _QUESTION,
    "impression": _IMPRESSION,
    "characterisation": _CHARACTERISATION,
    "stance": _words(_STANCE),
    "understatement": _UNDERSTATEMENT,
    "evaluative": _words(_EVALUATIVE),
    "combat": _words(_COMBAT),
    "speculation": _SPECULATION,
    "sarcasm": _SARCASM,
}
KINDS: tuple[str, ...] = tuple(_RULES)
"""The kinds of judgement `judgement` looks for, each a rule of its own."""

# A quote is the speaker's: straight or curly double quotes (one left open runs to the end), and curly
# single ones whose closing mark is no apostrophe (as in a possessive).
_QUOTED = re.compile(r"[\"“][^\"”]*(?:[\"”]|$)|‘[^‘’]*’(?!\w)")


def asks(text: str) -> bool:
    """Whether the reporter asks a question in the article's own voice ("Why, then, did the council
    wait?"): no outlet can be said to have "reported that" a question, so the sentence is left out."""
    return bool(_QUESTION.search(_QUOTED.sub(" “” ", text)))


# The reporter in the first person, outside quotations: "Fields told us", "as we reported".
_FIRST_PERSON = re.compile(
    r"\b(?:us|we|our|me|my)\b|(?<![\w.-])I(?:['’](?:m|ve|d)|\s+(?:am|was|have|had|think|believe|said|asked|"
    r"told|spoke|met|saw|heard|found|wrote|reported|will|would|could))\b"
)


# The outlet speaking of its own page: "An earlier version of this article misstated ...".
_OWN_PAGE = re.compile(
    r"\b(?:this|our) (?:article|story|report|post|page)\b|\bcorrection\s*:|\beditor['’]s note\b", re.I
)


def speaks_as_reporter(text: str) -> bool:
    """Whether the reporter speaks in the first person in the article's own voice ("Chauncy Fields told
    us after ...") or of the outlet's own page ("An earlier version of this article ..."): no other
    article can say it, so the sentence is left out. The U.S. is no "us"."""
    own = _QUOTED.sub(" “” ", text)
    return bool(_FIRST_PERSON.search(own.replace("U.S.", "")) or _OWN_PAGE.search(own))


def judgement(text: str, kinds: Iterable[str] = KINDS) -> str | None:
    """The first loaded word or judgement the reporter's own words (outside quotes) carry, if any: a
    word of the lexicon, or the words of a kind (`KINDS`) found by its shape; a question the reporter
    asks is given whole."""
    own = _QUOTED.sub(" “” ", text)  # the quote's place kept: a question after it is the speaker's
    first = _first_found(own, kinds)
    return first.group(0).strip() if first else None


def _first_found(own: str, kinds: Iterable[str] = KINDS) -> re.Match[str] | None:
    found = [m for m in (_RULES[k].search(own) for k in kinds) if m]
    return min(found, key=lambda m: m.start(), default=None)


def judgement_at(text: str) -> tuple[int, int] | None:
    """Where in the text the first judgement `judgement` finds lies (start, end), quotes masked in place."""
    own = _QUOTED.sub(lambda m: "“" + " " * (len(m.group(0)) - 2) + "”" if len(m.group(0)) > 1 else " ", text)
    first = _first_found(own)
    if first is None:
        return None
    word = first.group(0)
    return first.start() + len(word) - len(word.lstrip()), first.end() - (len(word) - len(word.rstrip()))


def unjudged(form: str) -> str:
    """The form without a reporter's judging adjective before its noun ("vetoed a controversial bill" ->
    "vetoed a bill", "a massive lawsuit" -> "a lawsuit"): the thing stays, the verdict on it goes."""
    from lemminflect import getAllLemmas

    word = judgement(form)
    if not word or " " in word or "ADJ" not in getAllLemmas(word.lower()):
        return form
    found = re.search(rf"\b(?:(a|an)\s+)?{re.escape(word)}\s+(?=[a-z])", form)
    if not found:
        return form
    rest = form[found.end() :]
    article = found.group(1) and ("an " if rest[:1] in "aeiou" else "a ")
    return form[: found.start()] + (article or "") + rest


# Words that join a clause to what follows: never a name at a sentence's start.
_JOINING = frozenset(
    "though although while whereas because since unless until once whether despite amid after before".split()
)
_NEVER_A_NAME = frozenset("former then others many some most several outgoing incoming acting late".split())
# A sentence's first word that is never a name after "reported that": capitalised before a name ("Former
# GOP candidate ..."), or a function word ("Though the debate ..."), whatever a quotation or a title
# elsewhere in the story capitalised.
_PLAIN_OPENERS = _NEVER_A_NAME | _JOINING | STOPWORDS
_KEEP_CAPITAL = re.compile(r"^(?:I\b|[A-Z][a-z]*[A-Z]|[A-Z]\.|(?:Mr|Mrs|Ms|Dr|Sen|Rep|Gov|Gen|Lt|Sgt|St)\.)")


def capitalised_inside(texts: Sequence[str]) -> frozenset[str]:
    """The words the texts capitalise inside a sentence, after a plain word or a comma ("the Liberals"),
    where no sentence's start does it for them."""
    return frozenset(w for t in texts for w in _INSIDE.findall(t))


_INSIDE = re.compile(r"(?<=[a-z,] )[A-Z][a-z][\w’'-]*")


def named_inside(sources: Sequence[SourceDoc]) -> frozenset[str]:
    """The words of the names the reports give, but for function words ("The" of "The Washington Post")
    and for a sentence's first word when it is a word of the lexicon no report capitalises inside a
    sentence ("Today Connecticut veterans ...", "WASHINGTON—Joining a chorus ...": neither "Today" nor
    "Joining" is a name; "Mark" of "attorney Mark Sheridan" is)."""
    from lemminflect import getAllLemmas

    texts = [without_dateline(p.text) for doc in sources for p in doc.passages]
    inside = capitalised_inside(texts)
    found: set[str] = set()
    for text in texts:
        for n in names(text, False):
            words = n.split()
            if text.startswith(n) and words[0] not in inside and getAllLemmas(words[0].lower()):
                words = words[1:]
            found.update(w for w in words if w.lower() not in STOPWORDS)
    return frozenset(found)


def proper_words(texts: Sequence[str], named: frozenset[str]) -> frozenset[str]:
    """The words a credited sentence keeps capitalised after "reported that": `named` (the names found
    inside sentences) and any capitalised word the texts never write in lower case that is no English
    word ("Washington" at the start of a sentence), but for function words ("The", "In")."""
    from lemminflect import getAllLemmas

    lower = {w for t in texts for w in re.findall(r"\b[a-z][\w’'-]*", t)}
    capital = {w for t in texts for w in re.findall(r"\b[A-Z][\w’'-]*", t)}
    # capitalised inside a sentence, after a plain word, and never in lower case: a name, even
    # one the lexicon knows ("Republicans are challenging ..." where "House Republicans" is told)
    inside = capitalised_inside(texts)
    # a word of the English lexicon capitalised only where a sentence starts is a plain word
    # ("Bombastic conservative host ..."); a word it does not know is taken for a name ("Harwick")
    return named | frozenset(
        w
        for w in capital
        if w.lower() not in lower
        and w.lower() not in STOPWORDS
        and (w in inside or w in _CAPITAL_WORDS or not getAllLemmas(w.lower()))
    )


# words of the lexicon that news writes with a capital wherever they stand: parties and bodies
_CAPITAL_WORDS = frozenset(
    "Republican Republicans Democrat Democrats Democratic Senate Congress Catholic Catholics".split()
)


def credited(text: str, outlet: str, proper: frozenset[str] = frozenset()) -> str:
    """The sentence credited to its outlet: "Fox News reported that the senator ...". Its first word
    keeps its capital when it is a name: one of `proper` (the words the story's reports capitalise
    inside a sentence), "I", an acronym or an initial."""
    first = text.split(maxsplit=1)[0] if text.split() else ""
    bare = first.strip("\"“‘'.,;:").removesuffix("'s").removesuffix("’s")
    plain = bare.lower() in _PLAIN_OPENERS
    if first[:1].isupper() and (plain or bare not in proper) and not _KEEP_CAPITAL.match(first):
        text = text[0].lower() + text[1:]
    return f"{_named(outlet)} reported that {text}"


def _named(outlet: str) -> str:
    """An outlet as a sentence names it: "The New York Times", "Fox News"."""
    if re.search(r"\b(?:Times|Post|Journal|Guardian|Telegraph|Independent|Economist|Hill)$", outlet):
        return outlet if outlet.startswith("The ") else f"The {outlet}"
    return outlet
