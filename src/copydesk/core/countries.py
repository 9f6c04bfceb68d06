"""Countries told another way than by their name: by their people's adjective ("the Romanian prime
minister" for "Romania's prime minister") or by a city in them ("activists in London" for "U.K.
activists"). A report names one country all three ways; the verifier lets a sentence name it any of them
when its sources name it one way, and no other country.
"""

from __future__ import annotations

import re

from copydesk.core.text import tokens

# Endings of a people's adjective after its country's name ("Russia" -> "Russian", "China" -> "Chinese",
# "Israel" -> "Israeli"), the country's last vowel dropped or not ("Ukraine" -> "Ukrainian").
_PEOPLE_ENDINGS = ("ian", "ean", "an", "n", "ese", "ish", "i", "")

# Each country's names and adjectives, and capitals and large cities that news names for it: the
# project's own short list, '|' between names.
_COUNTRIES = {
    "U.K.|UK|United Kingdom|Britain|Great Britain|British|England|English": "London|Manchester|Birmingham",
    "Scotland|Scottish": "Edinburgh|Glasgow",
    "Wales|Welsh": "Cardiff",
    "Ireland|Irish": "Dublin",
    "France|French": "Paris|Marseille|Lyon",
    "Germany|German": "Berlin|Munich|Hamburg|Frankfurt",
    "Italy|Italian": "Rome|Milan|Naples",
    "Spain|Spanish": "Madrid|Barcelona",
    "Portugal|Portuguese": "Lisbon",
    "Netherlands|Dutch": "Amsterdam",
    "Belgium|Belgian": "Brussels",
    "Austria|Austrian": "Vienna",
    "Switzerland|Swiss": "Zurich|Geneva|Bern",
    "Sweden|Swedish": "Stockholm",
    "Norway|Norwegian": "Oslo",
    "Denmark|Danish": "Copenhagen",
    "Finland|Finnish": "Helsinki",
    "Poland|Polish": "Warsaw",
    "Greece|Greek": "Athens",
    "Turkey|Turkish": "Ankara|Istanbul",
    "Russia|Russian": "Moscow",
    "Ukraine|Ukrainian": "Kyiv|Kiev|Kharkiv",
    "China|Chinese": "Beijing|Shanghai",
    "Japan|Japanese": "Tokyo|Osaka",
    "South Korea|South Korean": "Seoul",
    "North Korea|North Korean": "Pyongyang",
    "India|Indian": "Delhi|Mumbai",
    "Pakistan|Pakistani": "Islamabad|Karachi|Lahore",
    "Afghanistan|Afghan": "Kabul",
    "Iran|Iranian": "Tehran",
    "Iraq|Iraqi": "Baghdad",
    "Syria|Syrian": "Damascus",
    "Saudi Arabia|Saudi": "Riyadh",
    "Egypt|Egyptian": "Cairo",
    "Nigeria|Nigerian": "Lagos|Abuja",
    "Kenya|Kenyan": "Nairobi",
    "South Africa|South African": "Johannesburg|Pretoria",
    "Australia|Australian": "Canberra|Sydney|Melbourne",
    "Canada|Canadian": "Ottawa|Toronto|Montreal|Vancouver",
    "Mexico|Mexican": "Mexico City",
    "Brazil|Brazilian": "Brasilia|Rio de Janeiro",
    "Argentina|Argentine|Argentinian": "Buenos Aires",
}
_PLACED: dict[str, tuple[str, ...]] = {
    name.casefold().replace(".", ""): tuple(city.casefold() for city in cities.split("|"))
    for names, cities in _COUNTRIES.items()
    for name in names.split("|")
}


def people_of(place: str, word: str) -> bool:
    """Whether `word` is the people's adjective of `place` ("Romanian" of "Romania", "Italian" of
    "Italy", "German" of "Germany")."""
    place, word = place.casefold(), word.casefold()
    if len(place) < 4 or len(word) < len(place) - 1:
        return False
    for ending in _PEOPLE_ENDINGS:
        if word.endswith(ending):
            base = word[: len(word) - len(ending)]
            dropped = place[-1] in ("aeoy" if ending else "y")  # "Germany" -> "German" only with a "y"
            if (base == place and ending) or (base == place[:-1] and dropped):
                return True
    return False


def country_stands(name: str, support: str) -> bool:
    """A one-word name that stands as its people's adjective in the sources, or an adjective whose
    country they name ("Romania's" on "the Romanian prime minister", "Ukrainian" on "Ukraine"), or a
    country whose city they name ("U.K." on "activists in London")."""
    bare = re.sub(r"['’]s$", "", name)
    cities = _PLACED.get(bare.casefold().replace(".", ""), ())
    folded = support.casefold()  # some sources are lower-cased
    if any(re.search(rf"\b{re.escape(city)}\b", folded) for city in cities):
        return True
    if not bare.isalpha():
        return False
    capitalised = {re.sub(r"['’]s$", "", w) for w in tokens(support) if w[:1].isupper()}
    return any(people_of(bare, w) or people_of(w, bare) for w in capitalised)
