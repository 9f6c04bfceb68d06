"""A stream of invented reports for fault-injection tests: twenty events told by many outlets, written here.

Each event has a pool of sentences; each report takes a different few of them, so reports of one event share
facts (and are grouped) without being copies of each other (which dedupe would drop).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

OUTLETS = (
    "Harbour Ledger", "Northgate Times", "Valley Courier", "Ironbridge Post", "Saltmarsh Herald",
    "Copperfield Daily", "Eastwick Bulletin", "Ridgeway Journal", "Lantern Press", "Meadowlark News",
)  # fmt: skip


@dataclass(frozen=True)
class Event:
    key: str
    title: str
    sentences: tuple[str, ...]


EVENTS = (
    Event(
        "ferry",
        "Ferry Orla Grey runs aground off Skerrin Point with 212 passengers aboard",
        (
            "The ferry Orla Grey ran aground off Skerrin Point early on Tuesday with 212 passengers and 14 crew aboard.",
            "Coastguard crews from Dunhallow took all 212 passengers off the Orla Grey by lifeboat within four hours.",
            "Operator Skerrin Sound Lines said the Orla Grey had left Port Calder at 6:10 a.m. in thick fog.",
            "Nobody aboard the Orla Grey was seriously hurt, according to the Dunhallow coastguard station.",
            "Marine investigators from the Skerrin Safety Board will inspect the hull of the Orla Grey on Wednesday.",
            "Skerrin Sound Lines cancelled its remaining Port Calder sailings for the week.",
            "Passenger Mairead Quilty said the Orla Grey shuddered twice before the lights went out.",
            "Salvage tugs from Port Calder are expected to refloat the Orla Grey at high tide on Thursday.",
        ),
    ),
    Event(
        "museum",
        "Thieves take seven gold brooches from the Alderbury Museum",
        (
            "Thieves broke into the Alderbury Museum overnight and took seven gold brooches from its Saxon gallery.",
            "Alderbury police said the thieves cut through a skylight above the Saxon gallery shortly after 2 a.m.",
            "Museum director Imogen Faircloth said the seven brooches were insured for about 3.2 million pounds.",
            "The Alderbury Museum will stay closed to visitors until Saturday while detectives search the building.",
            "Detective Inspector Rowan Pask appealed for anyone who saw a grey van near Alderbury Museum to come forward.",
            "The brooches were found in a field near Alderbury in 1931 and have been on display since 1958.",
            "Imogen Faircloth said the Saxon gallery's alarm sounded but guards arrived four minutes later.",
            "Insurers Wexmoor Mutual have offered a reward of 50,000 pounds for the return of the seven brooches.",
        ),
    ),
    Event(
        "wildfire",
        "Wildfire near Cresthaven forces 4,800 residents to leave their homes",
        (
            "A wildfire in the hills above Cresthaven forced about 4,800 residents to leave their homes on Sunday.",
            "Firefighters said the Cresthaven blaze had burned 2,300 hectares of scrub and pine by Sunday evening.",
            "Fire chief Dolores Achterberg said strong easterly winds were pushing the Cresthaven fire toward farmland.",
            "Evacuation centres opened at the Cresthaven sports hall and at a school in nearby Bellmoor.",
            "Eleven water-bombing aircraft were fighting the Cresthaven fire, according to the regional fire service.",
            "No deaths have been reported from the Cresthaven wildfire, though three firefighters were treated for burns.",
            "Dolores Achterberg said rain forecast for Tuesday could help crews contain the Cresthaven blaze.",
            "The main road between Cresthaven and Bellmoor remains closed while crews work along the fire line.",
        ),
    ),
    Event(
        "chess",
        "Teenager Anouk Verbeek wins the Lisvane chess championship",
        (
            "Anouk Verbeek, 16, won the Lisvane international chess championship on Sunday, the youngest winner in its history.",
            "Anouk Verbeek beat grandmaster Tomasz Wierzba in the final round after 71 moves.",
            "The Lisvane championship drew 140 players from 38 countries to the town's conference centre.",
            "Anouk Verbeek finished with 8.5 points from 11 games, half a point ahead of Tomasz Wierzba.",
            "Her coach, Pieter Hollander, said Anouk Verbeek had prepared for the Lisvane event for six months.",
            "The Lisvane title carries a prize of 40,000 euros and a place in next year's candidates qualifier.",
            "Tomasz Wierzba said he underestimated Anouk Verbeek's endgame technique in the final game.",
            "Organisers said the Lisvane championship will return to the same venue next August.",
        ),
    ),
    Event(
        "satellite",
        "Kestrel-3 weather satellite reaches orbit after launch from Varnholm",
        (
            "The Kestrel-3 weather satellite reached orbit on Friday after launching from the Varnholm spaceport.",
            "The Varnholm Space Agency said Kestrel-3 separated from its rocket 54 minutes after lift-off.",
            "Kestrel-3 will watch storms over the northern Atlantic from an orbit about 830 kilometres high.",
            "Mission manager Henrike Dalsgaard said the Kestrel-3 solar panels unfolded as planned.",
            "The Kestrel-3 programme cost about 310 million euros, according to the Varnholm Space Agency.",
            "Forecasters expect the first Kestrel-3 images to reach weather services in about six weeks.",
            "Henrike Dalsgaard said two earlier Kestrel satellites were still working beyond their design life.",
            "The Varnholm spaceport plans four more launches before the end of the year.",
        ),
    ),
    Event(
        "bridge",
        "Tollmere Bridge shut after engineers find cracks in two steel supports",
        (
            "Engineers closed the Tollmere Bridge to all traffic on Monday after finding cracks in two of its steel supports.",
            "About 36,000 vehicles cross the Tollmere Bridge on a normal weekday, according to the county roads office.",
            "County engineer Bartholomew Oyelaran said the cracks were found during a routine inspection on Sunday.",
            "Drivers face a diversion of about 19 miles through Hedgefield while the Tollmere Bridge is closed.",
            "Bartholomew Oyelaran said repairs to the Tollmere Bridge supports could take at least three months.",
            "The Tollmere Bridge opened in 1974 and was last strengthened in 2009.",
            "Bus operator Greenline Coaches said its Tollmere services would run on the Hedgefield diversion.",
            "Businesses in Tollmere said the closure would cost them customers during the busiest season.",
        ),
    ),
    Event(
        "bank",
        "Brightwater Bank agrees to buy Fenwick Savings for 1.4 billion dollars",
        (
            "Brightwater Bank agreed on Wednesday to buy the regional lender Fenwick Savings for 1.4 billion dollars in cash.",
            "The Fenwick Savings deal would make Brightwater Bank the largest lender in the Calloway valley.",
            "Brightwater chief executive Ottoline Sharma said the Fenwick purchase would close in the second quarter.",
            "Fenwick Savings shares rose 23 percent after the Brightwater offer was announced.",
            "Brightwater Bank expects to close 17 overlapping Fenwick Savings branches within two years.",
            "Regulators must still approve the Brightwater takeover of Fenwick Savings.",
            "Ottoline Sharma said no Fenwick Savings customer accounts would change before the deal closes.",
            "Fenwick Savings was founded in 1889 and has about 310,000 customers.",
        ),
    ),
    Event(
        "vaccine",
        "Regulator approves Halvorsen Labs vaccine against tick-borne fever",
        (
            "The national medicines regulator approved a Halvorsen Labs vaccine against tick-borne fever on Thursday.",
            "Halvorsen Labs said its tick-borne fever vaccine prevented 91 percent of infections in a trial of 12,400 adults.",
            "The first doses of the Halvorsen vaccine will go to forestry workers and farmers in the spring.",
            "Halvorsen Labs chief scientist Agnieszka Rudzinska said two doses a month apart were needed.",
            "Tick-borne fever cases have risen fivefold in the northern provinces over the past decade.",
            "The regulator said the most common side effect of the Halvorsen vaccine was a sore arm.",
            "Agnieszka Rudzinska said Halvorsen Labs could make four million doses of the vaccine next year.",
            "Health officials will publish advice on who should get the tick-borne fever vaccine in March.",
        ),
    ),
    Event(
        "orchestra",
        "Pellham Symphony Orchestra musicians vote to strike over pay",
        (
            "Musicians of the Pellham Symphony Orchestra voted to strike over pay, their union said on Tuesday.",
            "The Pellham musicians' union said 88 of its 94 members voted in favour of a strike.",
            "The Pellham Symphony Orchestra's management offered a pay rise of 2 percent a year for three years.",
            "Union representative Cornelius Abernathy said the Pellham musicians had gone five years without a rise.",
            "The Pellham strike would cancel the orchestra's winter season of 22 concerts.",
            "Pellham Symphony Orchestra chair Philippa Stroud said the orchestra could not afford more than its offer.",
            "Cornelius Abernathy said the Pellham musicians would walk out on December 3 unless talks resumed.",
            "The Pellham Symphony Orchestra was founded in 1921 and plays at the Marlowe Hall.",
        ),
    ),
    Event(
        "flood",
        "River Wend bursts its banks and floods 600 homes in Ashcombe",
        (
            "The River Wend burst its banks on Saturday night and flooded about 600 homes in Ashcombe.",
            "The Wend rose 3.1 metres above its normal level at the Ashcombe gauge, the environment agency said.",
            "Soldiers helped carry sandbags to the Ashcombe market square on Sunday morning.",
            "Ashcombe mayor Gwendolyn Treharne said it was the worst flooding in the town since 1968.",
            "Rail services between Ashcombe and Kingsferry were suspended after water covered the line.",
            "The environment agency warned that the River Wend could rise again after more rain on Monday.",
            "Gwendolyn Treharne said the Ashcombe council would open an emergency fund for flooded households.",
            "Insurers said claims from the Ashcombe floods could exceed 40 million pounds.",
        ),
    ),
    Event(
        "election",
        "Mira Castellanos elected mayor of Port Severn by 412 votes",
        (
            "Mira Castellanos was elected mayor of Port Severn on Sunday, winning by 412 votes after a recount.",
            "Mira Castellanos took 50.4 percent of the vote against 49.6 percent for Anselm Drury.",
            "Turnout in the Port Severn mayoral election was 58 percent, the highest in two decades.",
            "Anselm Drury conceded on Monday morning after the Port Severn recount confirmed the result.",
            "Mira Castellanos promised to build 2,000 affordable homes in Port Severn within four years.",
            "Mira Castellanos will be the first woman to serve as mayor of Port Severn.",
            "Anselm Drury had served two terms on the Port Severn city council before running for mayor.",
            "The Port Severn city council will swear in Mira Castellanos on January 2.",
        ),
    ),
    Event(
        "airline",
        "Skylark Air grounds 19 jets for engine checks",
        (
            "Skylark Air grounded 19 of its jets on Friday for checks on their engines after a fault on one flight.",
            "The Skylark Air flight from Gorsemouth to Tarrow returned to Gorsemouth after a warning light came on.",
            "About 6,500 Skylark Air passengers had their flights cancelled on Friday and Saturday.",
            "Skylark Air operations director Leopold Manning said the engine checks would take about 48 hours.",
            "The aviation authority said it had asked Skylark Air for a report on the Gorsemouth incident.",
            "Skylark Air said passengers on cancelled flights could rebook for free or claim a full refund.",
            "Leopold Manning said the 19 grounded Skylark jets all carried engines from the same batch.",
            "Skylark Air flies to 44 destinations from its base at Gorsemouth airport.",
        ),
    ),
    Event(
        "zoo",
        "Kinloch Zoo welcomes the birth of a rare snow leopard cub",
        (
            "Kinloch Zoo announced the birth of a snow leopard cub, the first born there in 27 years.",
            "The Kinloch cub was born on October 12 to a seven-year-old snow leopard named Tashi.",
            "Keeper Ffion Llewellyn said the Kinloch cub weighed 520 grams at its first health check.",
            "Visitors will not see the Kinloch snow leopard cub until it is about three months old.",
            "Kinloch Zoo takes part in a European breeding programme for snow leopards.",
            "Ffion Llewellyn said Tashi had been a careful mother since the cub was born.",
            "Kinloch Zoo will ask the public to suggest a name for the snow leopard cub in January.",
            "Fewer than 7,000 snow leopards are thought to live in the wild.",
        ),
    ),
    Event(
        "mine",
        "Copper mine at Drennagh to reopen with 650 jobs",
        (
            "The copper mine at Drennagh will reopen next year with about 650 jobs, its new owner said on Monday.",
            "Greyfell Minerals bought the Drennagh copper mine for 210 million dollars in June.",
            "Greyfell Minerals chief executive Ignatius Ferreira said the Drennagh mine held copper for 18 more years.",
            "The Drennagh mine closed in 2016 when copper prices fell, putting 900 people out of work.",
            "Greyfell Minerals plans to produce about 60,000 tonnes of copper a year at Drennagh.",
            "Local councillor Aoife Brannigan said the Drennagh reopening would bring families back to the valley.",
            "Ignatius Ferreira said Greyfell would spend 95 million dollars on new equipment for the Drennagh mine.",
            "Environmental groups asked Greyfell Minerals to publish its plans for water at the Drennagh site.",
        ),
    ),
    Event(
        "rail",
        "Tunnel collapse halts freight on the Marrick rail line",
        (
            "Part of a tunnel roof collapsed on the Marrick rail line on Thursday, halting all freight trains on the route.",
            "Network operator Railspan said nobody was hurt in the collapse inside the Marrick tunnel.",
            "About 40 freight trains a day use the Marrick line between the port of Stonehaven and the inland terminal at Brackley.",
            "Railspan engineer Sunniva Holte said the Marrick tunnel was built in 1871 from brick and stone.",
            "Freight companies said they would move containers from Stonehaven by road while the Marrick line is shut.",
            "Sunniva Holte said Railspan could not yet say when the Marrick tunnel would reopen.",
            "The Marrick tunnel was inspected in April and no defects were found, Railspan said.",
            "Road hauliers warned of long queues on the Stonehaven road while the Marrick trains are stopped.",
        ),
    ),
    Event(
        "festival",
        "Quarrytown music festival cancelled after storm damages main stage",
        (
            "Organisers cancelled the Quarrytown music festival on Friday after a storm damaged its main stage.",
            "About 35,000 ticket holders were due at the Quarrytown festival site this weekend.",
            "Festival director Lysander Okafor said the main stage roof was torn away by winds of 70 mph.",
            "Quarrytown festival ticket holders will receive full refunds within 14 days, organisers said.",
            "Lysander Okafor said the Quarrytown festival would return next summer on the same weekend.",
            "Traders who had set up stalls at the Quarrytown site said they had lost thousands of pounds of stock.",
            "Police closed the road to the Quarrytown festival site while crews made the stage safe.",
            "The Quarrytown festival has been held every summer since 1995.",
        ),
    ),
    Event(
        "hospital",
        "New children's hospital opens in Westerby after six years of building",
        (
            "A new children's hospital opened in Westerby on Monday after six years of construction.",
            "The Westerby children's hospital has 180 beds and four operating theatres.",
            "Hospital chief executive Marguerite Oduya said the first patients arrived at Westerby at 8 a.m.",
            "The Westerby hospital cost 420 million pounds, 60 million more than first planned.",
            "Marguerite Oduya said the Westerby hospital would treat about 90,000 children a year.",
            "Children from the old Westerby infirmary were moved to the new building by ambulance over the weekend.",
            "The Westerby hospital's roof garden was designed with children from local schools.",
            "The old Westerby infirmary will be turned into housing, the council said.",
        ),
    ),
    Event(
        "whale",
        "Stranded humpback whale freed from sandbank at Gullane Sands",
        (
            "Rescuers freed a humpback whale that had been stranded on a sandbank at Gullane Sands for nine hours.",
            "The Gullane whale was about 11 metres long, marine rescue volunteers said.",
            "Marine rescue coordinator Thaddeus Mbeki said volunteers kept the Gullane whale wet with buckets of seawater.",
            "The rising tide lifted the humpback off the Gullane sandbank shortly after 7 p.m.",
            "Thaddeus Mbeki said the whale swam out to deeper water and was seen breaching near Gullane.",
            "More than 60 volunteers helped at Gullane Sands through the day.",
            "Humpback whales are rarely seen this close to the Gullane coast, according to marine biologists.",
            "Police asked spectators to stay off the Gullane sandbank during the rescue.",
        ),
    ),
    Event(
        "library",
        "Hollinsworth library reopens after a 9 million pound restoration",
        (
            "The Hollinsworth central library reopened on Saturday after a restoration that cost 9 million pounds.",
            "The Hollinsworth library closed three years ago when water damaged its Victorian reading room.",
            "Head librarian Cressida Vantongeren said 4,000 people visited the Hollinsworth library on its first day.",
            "The restored Hollinsworth reading room has 120 desks and a new glass roof.",
            "Cressida Vantongeren said the Hollinsworth library now opens until 9 p.m. on weekdays.",
            "The Hollinsworth restoration was paid for by the council and a heritage lottery grant.",
            "About 220,000 books were stored in a warehouse while the Hollinsworth library was closed.",
            "The Hollinsworth library was built in 1887 with money from a local mill owner.",
        ),
    ),
    Event(
        "marathon",
        "Kenyan runner Esther Wanjiru breaks the Dunmore marathon record",
        (
            "Esther Wanjiru broke the Dunmore marathon course record on Sunday, finishing in 2 hours 19 minutes 41 seconds.",
            "Esther Wanjiru took 68 seconds off the Dunmore women's record set in 2019.",
            "About 18,000 runners started the Dunmore marathon in cool and dry weather.",
            "Esther Wanjiru said she decided to push for the Dunmore record after 30 kilometres.",
            "The men's race at Dunmore was won by Haile Gebremariam in 2 hours 6 minutes 12 seconds.",
            "Dunmore marathon organisers said runners raised about 5 million pounds for charity.",
            "Haile Gebremariam said the wind along the Dunmore waterfront made the last miles hard.",
            "Esther Wanjiru won a bonus of 25,000 dollars for the Dunmore course record.",
        ),
    ),
)

# Stories no writer can publish: every report is only headlines and fragments, nothing that stands as a sentence.
UNWRITABLE = (
    Event(
        "live-quarry",
        "Live: Blackstone quarry blast",
        (
            "Blackstone quarry blast",
            "More soon",
            "Roads shut",
            "Updates to follow",
        ),
    ),
    Event(
        "live-gale",
        "Live: Ormsby pier gale",
        ("Ormsby pier gale", "Pier shut", "More soon", "Watch this space"),
    ),
    Event(
        "live-vote", "Live: Thistledown count", ("Thistledown count", "Counting", "Recount", "Result soon")
    ),
    Event("live-derby", "Live: Fenmoor derby", ("Fenmoor derby", "Kick-off", "Half-time", "Full-time")),
    Event("live-gala", "Live: Corrymore gala", ("Corrymore gala", "Doors open", "Speeches", "Fireworks")),
)


START = datetime(2026, 3, 2, 7, 0, tzinfo=UTC)


def report(event: Event, index: int, order: int) -> dict[str, str]:
    """The `index`-th outlet's report of `event`: four of its facts, starting from a different one."""
    pool = event.sentences
    steps = (0, 1, 3, 5) if index < len(pool) else (0, 2, 4, 6)
    picks = [pool[(index + step) % len(pool)] for step in steps]
    if event in UNWRITABLE:
        text = "\n\n".join(pool[index % len(pool) :] + pool[: index % len(pool)])
    else:
        text = " ".join(picks)
    outlet = OUTLETS[index % len(OUTLETS)]
    slug = outlet.lower().replace(" ", "-")
    return {
        "title": event.title if index % 2 == 0 else f"{event.title} ({outlet})",
        "text": text,
        "outlet": outlet,
        "url": f"https://{slug}.example/{event.key}/{index}",
        "published": (START + timedelta(minutes=7 * order)).isoformat(),
    }


def stream(per_event: int = 9, per_unwritable: int = 2) -> list[dict[str, str]]:
    """Reports of every event interleaved as they would arrive: one from each event in turn."""
    out: list[dict[str, str]] = []
    for index in range(max(per_event, per_unwritable)):
        for event in EVENTS:
            if index < per_event:
                out.append(report(event, index, len(out)))
        for event in UNWRITABLE:
            if index < per_unwritable:
                out.append(report(event, index, len(out)))
    return out


def jsonl(reports: list[dict[str, str]]) -> bytes:
    return "".join(json.dumps(r) + "\n" for r in reports).encode("utf-8")
