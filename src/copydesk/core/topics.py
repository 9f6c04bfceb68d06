"""Topics: a controlled vocabulary, the seventeen top-level subjects of the IPTC Media Topics, each
with a short description of our own, given to a story by meaning.

A story is given the topics whose description's embedding is closest to its centroid, those that
clear a threshold, at most a few (pipeline.find embeds the descriptions with the bundled model).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from copydesk.core.vectors import Vector


@dataclass(frozen=True)
class Topic:
    slug: str
    label: str
    description: str
    examples: tuple[str, ...] = ()
    """Headlines of our own of the kind the topic covers: embedded with the description, they place
    the topic among news texts (a list of subject words alone lands far from any report)."""


def _t(slug: str, label: str, description: str, *examples: str) -> Topic:
    return Topic(slug, label, description, examples)


TOPICS = (
    _t(
        "arts-culture-entertainment-media",
        "Arts, culture, entertainment and media",
        "Museums, galleries, films, music, books, theatre, television, newspapers and celebrities.",
        "Gallery reopens with a new exhibition of paintings",
        "Film festival crowns its best director",
        "Singer announces a farewell tour",
    ),
    _t(
        "conflict-war-peace",
        "Conflict, war and peace",
        "Armed forces, military deployments, missiles, defence ministers, wars, attacks and peace talks.",
        "Troops sent to the border as tensions rise",
        "Defence ministers agree on joint military drills",
        "Ceasefire talks resume after the attack",
    ),
    _t(
        "crime-law-justice",
        "Crime, law and justice",
        "Police investigations, arrests, courts, trials, judges, lawsuits, prisons, fraud and cybercrime.",
        "Police arrest a suspect after the robbery",
        "Judge sentences the former official to prison",
        "Fraud trial hears how millions were stolen",
    ),
    _t(
        "disaster-accident-emergency",
        "Disaster, accident and emergency incident",
        "Storms, floods, fires, earthquakes, crashes, collapses, rescues and emergency services.",
        "Earthquake leaves hundreds homeless",
        "Firefighters rescue residents from a burning building",
        "Train derails, injuring dozens of passengers",
    ),
    _t(
        "economy-business-finance",
        "Economy, business and finance",
        "Companies, markets, budgets, spending, taxes, factories, trade, banks, prices and profits.",
        "Carmaker cuts output as profits fall",
        "Shares slide as inflation rises",
        "Government spending plan costs billions",
    ),
    _t(
        "education",
        "Education",
        "Schools, universities, teachers, pupils, students, exams and education funding.",
        "Pupils sit their exams as schools reopen",
        "University raises tuition fees for students",
    ),
    _t(
        "environment",
        "Environment",
        "Wildlife, rivers, conservation, pollution, climate change, wildlife habitats and nature.",
        "Rare birds return to restored wetlands",
        "Pollution kills fish along the coast",
        "Climate targets missed as emissions rise",
    ),
    _t(
        "health",
        "Health",
        "Disease outbreaks, vaccination, hospitals, doctors, patients and public health.",
        "Flu cases rise as doctors urge vaccination",
        "Hospital waiting lists grow",
    ),
    _t(
        "human-interest",
        "Human interest",
        "Unusual people, animals and everyday stories that touch readers, anniversaries and curiosities.",
        "Woman celebrates her 105th birthday",
        "Lost dog walks 200 miles home",
    ),
    _t(
        "labour",
        "Labour",
        "Workers, trade unions, strikes, wages, pay disputes, employment and working conditions.",
        "Workers walk out as the union strikes over pay",
        "Nurses accept a new pay deal",
    ),
    _t(
        "lifestyle-leisure",
        "Lifestyle and leisure",
        "Travel, food, fashion, hobbies, gardening, holidays and how people spend their free time.",
        "Queues form for the new restaurant",
        "Holidaymakers flock to the coast for the weekend",
    ),
    _t(
        "politics",
        "Politics",
        "Governments, elections, parliaments, councils, ministers, policy, diplomacy and political parties.",
        "Parliament votes on the new law",
        "Minister briefs lawmakers on the plan",
        "Party wins the election",
        "Senator announces a run for president",
        "Candidates clash over the bill in a campaign debate",
    ),
    _t(
        "religion",
        "Religion",
        "Churches, faiths, religious leaders, worship, belief and religious festivals.",
        "Pope addresses pilgrims at Easter mass",
        "Mosque and church leaders hold joint prayers",
    ),
    _t(
        "science-technology",
        "Science and technology",
        "Research, scientists, discoveries, space, astronomy, computing and artificial intelligence.",
        "Telescope images reveal a new planet",
        "Scientists publish a discovery in a journal",
        "Tech firm unveils a new artificial intelligence model",
    ),
    _t(
        "society",
        "Society",
        "Communities, families, housing, poverty, migration, social services and equality.",
        "Families struggle with rising rents",
        "Migrants arrive as the shelter fills",
    ),
    _t(
        "sport",
        "Sport",
        "Football, matches, tournaments, players, teams, leagues, athletes and competitions.",
        "Striker scores twice as the team reaches the semi-final",
        "Champions win the league title",
    ),
    _t(
        "weather",
        "Weather",
        "Forecasts, rain, wind, snow, heatwaves, storms and the weather service's warnings.",
        "Forecasters warn of heavy snow and strong winds",
        "Heatwave brings record temperatures",
    ),
)
BY_SLUG = {topic.slug: topic for topic in TOPICS}


def assign_topics(vector: Vector, matrix: Vector, threshold: float, most: int) -> list[tuple[str, float]]:
    """The topics (slug, cosine) whose row of `matrix` is at least `threshold` from `vector`, best
    first, at most `most` (the rows of `matrix` are the topics in the order of TOPICS)."""
    scores = matrix @ np.asarray(vector, dtype=np.float32)
    order = np.argsort(-scores, kind="stable")[:most]
    return [(TOPICS[i].slug, float(scores[i])) for i in order if scores[i] >= threshold]
