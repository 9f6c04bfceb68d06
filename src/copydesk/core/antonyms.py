"""Opposites: a sentence that says the contrary of its sources with one word ("fell" for "rose").

Every number and name of such a sentence stands in its passages and it stays close in meaning (an
opposite sits near its word in an embedding), so neither the other rules nor the similarity see it.
The pairs are the project's own list of opposites that news reports turn on: movement, outcome,
decision, order in time, direction, and relations that a changed word reverses.
"""

from __future__ import annotations

from copydesk.core.text import words

# Each pair: the forms of one word, then the forms of its opposite.
_PAIRS = (
    ("rise rises rose risen rising", "fall falls fell fallen falling"),
    ("increase increases increased increasing", "decrease decreases decreased decreasing"),
    ("gain gains gained", "lose loses lost losing loss losses"),
    ("win wins won winning", "lose loses lost losing"),
    ("victory", "defeat"),
    ("approve approves approved approval", "reject rejects rejected rejection"),
    ("accept accepts accepted", "reject rejects rejected"),
    ("support supports supported", "oppose opposes opposed"),
    ("allow allows allowed", "ban bans banned forbid forbids forbade"),
    ("open opens opened reopen reopens reopened", "closes closed shut shuts"),
    ("higher highest", "lower lowest"),
    ("more", "fewer"),
    ("above", "below"),
    ("start starts started begin begins began", "end ends ended finish finished"),
    ("expand expands expanded grow grows grew", "shrink shrinks shrank contract contracted"),
    ("strengthen strengthened stronger", "weaken weakened weaker"),
    ("convict convicts convicted conviction", "acquit acquits acquitted acquittal"),
    ("guilty", "innocent"),
    ("buy buys bought", "sell sells sold"),
    ("import imports imported", "export exports exported"),
    ("succeed succeeds succeeded success", "fail fails failed failure"),
    ("confirm confirms confirmed", "deny denies denied"),
    ("include includes included", "exclude excludes excluded"),
    ("positive", "negative"),
    ("majority", "minority"),
    ("maximum", "minimum"),
    ("north northern", "south southern"),
    ("east eastern", "west western"),
    ("earlier earliest", "later latest"),
    ("largest biggest", "smallest"),
    ("legal", "illegal"),
    ("public", "private"),
    ("domestic", "foreign"),
    ("men man male", "women woman female"),
    ("husband", "wife"),
    ("father", "mother"),
    ("son sons", "daughter daughters"),
    ("brother brothers", "sister sisters"),
    ("dead", "alive"),
    ("killed", "injured wounded"),
    ("arrested", "released freed"),
    ("raise raises raised", "cut cuts lower lowers lowered"),
    # More of the turns a summary takes: forms the pairs above lacked, and pairs of the same kinds.
    ("including", "excluding"),
    ("profit profits profitable earnings", "loss losses"),
    ("inside indoors", "outside outdoors"),
    ("entry enter enters entered", "exit exits exited"),
    ("arrive arrives arrived arrival", "depart departs departed departure"),
    ("add adds added", "remove removes removed"),
    ("agree agrees agreed", "disagree disagrees disagreed"),
    ("like likes liked", "dislike dislikes disliked"),
    ("love loves loved", "hate hates hated"),
    ("happy", "sad unhappy"),
    ("strong", "weak"),
    ("hot hotter", "cold colder"),
    ("full", "empty"),
    ("always", "never"),
    ("success successful", "unsuccessful"),
    ("likely", "unlikely"),
    ("able", "unable"),
    ("possible", "impossible"),
    ("legal", "illegal"),
    ("accept accepted", "decline declined refuse refused"),
    ("agreement", "disagreement"),
    ("sooner", "later"),
    ("remember remembers remembered", "forget forgets forgot forgotten"),
    ("borrow borrows borrowed", "lend lends lent"),
    ("pass passes passed", "fail fails failed"),
    ("upgrade upgrades upgraded", "downgrade downgrades downgraded"),
    ("overestimate overestimated", "underestimate underestimated"),
    ("surplus", "deficit"),
    ("asset assets", "liability liabilities"),
    ("revenue revenues income", "expense expenses expenditure"),
    ("bullish", "bearish"),
    ("boost boosts boosted", "reduce reduces reduced"),
    ("improve improves improved improvement", "worsen worsens worsened deteriorate deteriorated"),
)

_OPPOSITES: dict[str, frozenset[str]] = {}
for _one, _other in _PAIRS:
    for _forms, _opposite in ((_one.split(), _other.split()), (_other.split(), _one.split())):
        for _form in _forms:
            _OPPOSITES[_form] = _OPPOSITES.get(_form, frozenset()) | frozenset(_opposite)


# Words of one kind that a sentence tells one of where its sources tell another ("pink paint" for
# "yellow paint"): each word of a kind stands against the others. Names of days and months are
# capitalised, and the rules check names already. Not units of time: passages give several together
# ("24 hours a day"), and on the other SummEdits domains a unit absent from the passages where they
# give another was as often in a supported summary as in an unsupported one.
_KINDS = (
    "red orange yellow green blue purple violet pink brown black white grey gray silver gold golden",
    "spring summer autumn winter",
    "gold silver bronze",
)
_MATES: dict[str, frozenset[str]] = {}
for _kind in _KINDS:
    for _word in _kind.split():
        _MATES[_word] = _MATES.get(_word, frozenset()) | frozenset(_kind.split()) - {_word}
# A word and its plural are one word of the kind: "weeks" is no other kind-mate of "week".
for _word in list(_MATES):
    _MATES[_word] -= {_word + "s", _word.removesuffix("s")}


def _parts(text: str) -> set[str]:
    """Folded words, a hyphenated one also as its parts ("one-year" -> "one", "year")."""
    return {part for word in words(text) for part in (word, *word.split("-")) if part}


def opposite_problem(text: str, support: str) -> str | None:
    """A word of the sentence absent from the passages whose opposite they use ("fell" where they say
    "rose"), or where they use another word of its kind that the sentence does not ("pink" where they
    say "yellow"), as a reason; None when there is none."""
    said, sourced = _parts(text), _parts(support)
    for word in sorted(said - sourced):
        found = sorted(_OPPOSITES.get(word, frozenset()) & sourced)
        if found and not (_OPPOSITES[word] & said):
            return f"says {word!r} where the sources say {found[0]!r}"
        other = sorted((_MATES.get(word, frozenset()) & sourced) - said)
        if other:
            return f"says {word!r} where the sources say {other[0]!r}"
    return None
