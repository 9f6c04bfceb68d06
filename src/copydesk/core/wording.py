"""A reporter's judgement or loaded wording, which an article credits to its outlet or leaves out.

"Budget numbers actually show spending ballooned", "Steele drew fierce criticism", "the embattled
senator": words that say how the reporter sees it, not what happened. Outside quotes (a speaker's own
words are theirs, and the quote names them), such a sentence is one outlet's telling: the extractive
writer keeps it out of the dek and the lead and, in the body, credits it ("Fox News reported that ...").

The lexicon is written by hand, by kind (verbs of attack and scorn, dramatic nouns, loaded adjectives,
the reporter's own certainty or doubt), not taken from any annotated set; `copydesk eval stories`
measures it against the spans BASIL's annotators marked.
"""

from __future__ import annotations

import re

# Each entry is a word start; an entry ending in "-" takes any ending ("slam-": slams, slammed, slamming).
_ATTACK = """slam- blast- lambast- ripped ripping rip rips railed railing rails excoriat- berat- chid-
    scold- mock-
    derid- deride- skewer- torched torching hammer- savag- bash- lashed lashing pounc- bristl- scoff- sneer-
    fumed fuming seeth- stormed storming grumbl- whined whining gloat- tout- boast- brag- caved cave caves
    flip-flop- backpedal- dodg- stonewall- snub- rebuff- spurn- dismissive smear- demoniz- demonis- vilif-
    decried decries decrying assail- pummel- clobber- trashed trashing shredded gutted gutting rammed
    railroaded scrambl- dangl- peddl- spew- ranted ranting harangu- complain- insist- claimed claiming
    admitted admits admitting conced- vow- threaten- demanded demanding begged begging hailed hailing
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
    disgraceful egregious reckless cynical brazen- blatant- defiant- stubborn- adamant- vigorous- forceful-
    unabashed- unapologetic- so-called self-styled self-titled obscure powerful prestigious rising-star
    silly silli- lame dumb- stupid- hapless feckless spineless complicit evasive novice facetious- sarcastic-
    smug- angrily testily""".split()
_CERTAINTY = """actually clearly obviously apparently supposedly purportedly allegedly erroneously falsely
    wrongly dubiously conveniently ironically tellingly notably surprisingly unsurprisingly predictably
    remarkably merely simply technically""".split()

LEXICON: tuple[str, ...] = tuple(_ATTACK + _DRAMA + _LOADED + _CERTAINTY)


def _pattern(entry: str) -> str:
    word = re.escape(entry.rstrip("-")).replace(r"\-", "[- ]")
    return rf"{word}\w*" if entry.endswith("-") else word


_JUDGEMENT = re.compile(r"\b(?:" + "|".join(_pattern(e) for e in LEXICON) + r")\b", re.IGNORECASE)
_QUOTED = re.compile(r"[\"“][^\"”]*(?:[\"”]|$)")


def judgement(text: str) -> str | None:
    """The first loaded word or judgement the reporter's own words (outside quotes) carry, if any."""
    found = _JUDGEMENT.search(_QUOTED.sub(" ", text))
    return found.group(0) if found else None


_KEEP_CAPITAL = re.compile(r"^(?:I\b|[A-Z][a-z]*[A-Z]|[A-Z]\.)")


def credited(text: str, outlet: str, proper: frozenset[str] = frozenset()) -> str:
    """The sentence credited to its outlet: "Fox News reported that the senator ...". Its first word
    keeps its capital when it is a name: one of `proper` (the words the story's reports capitalise
    inside a sentence), "I", an acronym or an initial."""
    first = text.split(maxsplit=1)[0] if text.split() else ""
    bare = first.strip("\"“‘'.,;:").removesuffix("'s").removesuffix("’s")
    if first[:1].isupper() and bare not in proper and not _KEEP_CAPITAL.match(first):
        text = text[0].lower() + text[1:]
    return f"{_named(outlet)} reported that {text}"


def _named(outlet: str) -> str:
    """An outlet as a sentence names it: "The New York Times", "Fox News"."""
    if re.search(r"\b(?:Times|Post|Journal|Guardian|Telegraph|Independent|Economist|Hill)$", outlet):
        return outlet if outlet.startswith("The ") else f"The {outlet}"
    return outlet
