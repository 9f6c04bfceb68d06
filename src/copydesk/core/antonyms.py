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
)

_OPPOSITES: dict[str, frozenset[str]] = {}
for _one, _other in _PAIRS:
    for _forms, _opposite in ((_one.split(), _other.split()), (_other.split(), _one.split())):
        for _form in _forms:
            _OPPOSITES[_form] = _OPPOSITES.get(_form, frozenset()) | frozenset(_opposite)


def opposite_problem(text: str, support: str) -> str | None:
    """A word of the sentence absent from the passages whose opposite they use ("fell" where they say
    "rose"), as a reason; None when there is none."""
    said, sourced = set(words(text)), set(words(support))
    for word in sorted(said - sourced):
        found = sorted(_OPPOSITES.get(word, frozenset()) & sourced)
        if found and not (_OPPOSITES[word] & said):
            return f"says {word!r} where the sources say {found[0]!r}"
    return None
