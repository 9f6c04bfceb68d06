"""Hard cases for grouping, written here: events on one subject close in time, and one event told two ways.

Each report is (gold event, outlet, hours after the first, title, text). The places, unions, councils and
people are invented.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

FIRST = datetime(2026, 3, 2, 6, 0, tzinfo=UTC)  # a Monday

Report = tuple[str, str, int, str, str]

DOCK_STRIKES: list[Report] = [
    (
        "strike-brannock",
        "Harbour Ledger",
        0,
        "Dock workers walk out at Port Brannock over pay",
        "About 1,900 dock workers at Port Brannock walked out on Monday after talks on pay broke down, the "
        "Kestland Dockers' Union said. Cranes stood idle and container ships queued off the Brannock breakwater. "
        "The union said the strike would last five days unless the Brannock Harbour Company raised its 4% offer. "
        "Union organiser Talia Venn said members had not had a rise in line with prices for three years.",
    ),
    (
        "strike-brannock",
        "Northgate Times",
        2,
        "Port Brannock strike halts container traffic",
        "Container traffic at Port Brannock came to a halt on Monday as 1,900 members of the Kestland Dockers' "
        "Union began a five-day strike. The Brannock Harbour Company said it was disappointed and that its offer "
        "of 4% was fair. Twelve ships were waiting at anchor by midday, according to harbour officials. "
        "Talia Venn, the union's organiser at Brannock, said pickets would stay at the gates all week.",
    ),
    (
        "strike-brannock",
        "Valley Courier",
        4,
        "Ships wait at anchor as Brannock dockers strike",
        "Twelve container ships were waiting at anchor off Port Brannock on Monday as dock workers began a "
        "five-day strike over pay. The Kestland Dockers' Union, which represents 1,900 workers at the port, "
        "rejected a 4% offer from the Brannock Harbour Company last week. Retailers warned that shelves could "
        "empty if the stoppage ran into next week. Pickets gathered at the Brannock gates before dawn.",
    ),
    (
        "strike-brannock",
        "Ironbridge Post",
        7,
        "Brannock harbour company says strike will cost millions",
        "The Brannock Harbour Company said on Monday that the dock strike at Port Brannock would cost it about "
        "2 million crowns a day. Its chief executive, Oskar Lindqvist, urged the Kestland Dockers' Union to "
        "return to talks over the 4% pay offer. The 1,900 striking workers say pay has fallen behind prices. "
        "No talks have been scheduled, the company said.",
    ),
    (
        "ballot-ostry",
        "Saltmarsh Herald",
        27,
        "Ostry port workers to vote on strike action",
        "Dock workers at the port of Ostry will vote on strike action over pay, the Haven Workers' Federation "
        "said on Tuesday. The ballot of 640 members opens on Thursday and closes in two weeks. The federation "
        "said the Ostry Port Authority's offer of 3.5% fell short of rising living costs. No date for a walkout "
        "has been set. Federation secretary Mirko Dahl said members in Ostry were watching events elsewhere.",
    ),
]

STORMS: list[Report] = [
    (
        "flood-elmsford",
        "Copperfield Daily",
        30,
        "Flash floods swamp Elmsford after thunderstorm",
        "A thunderstorm dropped 70 millimetres of rain on Elmsford in two hours on Tuesday evening, flooding "
        "about 140 homes along the River Tain. Firefighters rescued 23 people from cars stranded on the Mill "
        "Road underpass. The Elmsford council opened the town hall as a shelter for families forced out by water.",
    ),
    (
        "flood-elmsford",
        "Eastwick Bulletin",
        33,
        "Elmsford homes flooded as River Tain bursts its banks",
        "About 140 homes in Elmsford were flooded on Tuesday when the River Tain burst its banks after a "
        "thunderstorm. Fire crews pulled 23 people from cars on the Mill Road underpass. Resident Ines Carrow "
        "said water reached her kitchen worktops within twenty minutes. The town hall is sheltering families.",
    ),
    (
        "hail-tarrow",
        "Ridgeway Journal",
        31,
        "Hailstorm flattens crops across the Tarrow Valley",
        "A hailstorm with stones the size of golf balls flattened barley and fruit crops across the Tarrow "
        "Valley on Tuesday afternoon. The Tarrow Growers' Association said about 2,600 hectares were damaged and "
        "losses could pass 9 million crowns. Orchard owner Bastian Roe said his cherry harvest was gone.",
    ),
    (
        "hail-tarrow",
        "Lantern Press",
        35,
        "Tarrow Valley farmers count cost of hail",
        "Farmers in the Tarrow Valley were counting losses on Tuesday night after hail destroyed crops on about "
        "2,600 hectares. The Tarrow Growers' Association asked the agriculture ministry for emergency aid, "
        "putting the damage above 9 million crowns. Greenhouses near Velling had their roofs smashed.",
    ),
]

COUNCIL_VOTES: list[Report] = [
    (
        "vote-harwick",
        "Meadowlark News",
        50,
        "Harwick council votes to close two branch libraries",
        "Harwick borough council voted 21 to 14 on Wednesday to close the Eastfield and Copse Lane libraries "
        "to save 410,000 crowns a year. Council leader Ruth Abara said the borough could no longer afford "
        "seven branches. Campaigners who had collected 6,000 signatures said they would seek a judicial review.",
    ),
    (
        "vote-harwick",
        "Harbour Ledger",
        53,
        "Harwick library closures approved despite petition",
        "Councillors in Harwick approved the closure of the Eastfield and Copse Lane branch libraries on "
        "Wednesday by 21 votes to 14. The saving of 410,000 crowns a year was needed to balance the budget, "
        "leader Ruth Abara said. A petition of 6,000 signatures had asked the council to keep both open.",
    ),
    (
        "vote-dunmere",
        "Northgate Times",
        51,
        "Dunmere council approves bus lane on Station Road",
        "Dunmere city council voted 30 to 9 on Wednesday to build a bus lane along Station Road at a cost of "
        "2.4 million crowns. Transport chair Felix Oduya said buses on the route were running 12 minutes late "
        "at peak times. Shop owners on Station Road said losing parking spaces would cost them customers.",
    ),
    (
        "vote-dunmere",
        "Valley Courier",
        55,
        "Station Road bus lane gets Dunmere council backing",
        "A 2.4 million crown bus lane on Station Road won the backing of Dunmere city council on Wednesday, by "
        "30 votes to 9. Felix Oduya, who chairs the transport committee, said work would start in June. "
        "Traders on Station Road opposed the plan, which removes 48 parking spaces.",
    ),
]

WIRE_AND_COLUMN: list[Report] = [
    (
        "bridge-marrow",
        "Ironbridge Post",
        74,
        "Marrow Bridge closed after inspectors find cracked girders",
        "The Marrow Bridge in Lisford was closed to all traffic on Thursday after inspectors found cracks in "
        "two of its steel girders, the Lisford transport authority said. About 38,000 vehicles cross the "
        "bridge each day. Diversions through the city centre will add up to 40 minutes to journeys, the "
        "authority said. Engineer Petra Hollis said repairs would take at least three months.",
    ),
    (
        "bridge-marrow",
        "Saltmarsh Herald",
        76,
        "Lisford's Marrow Bridge shut for three months over cracks",
        "Lisford's Marrow Bridge, which carries about 38,000 vehicles a day, will stay shut for at least three "
        "months after cracks were found in two steel girders, the city's transport authority said on Thursday. "
        "Drivers face diversions of up to 40 minutes. Engineer Petra Hollis said the cracks were found during "
        "a routine inspection.",
    ),
    (
        "bridge-marrow",
        "Lantern Press",
        80,
        "Opinion: the Marrow Bridge closure was years in the making",
        "Nobody in Lisford should be surprised that the Marrow Bridge has been closed with cracked girders. "
        "For a decade the city's transport authority put off the repairs that its own engineers asked for, "
        "and now 38,000 drivers a day will pay for it with diversions of up to 40 minutes. The three months "
        "of repairs that engineer Petra Hollis expects are the price of years of patching. Lisford needs a "
        "plan for its bridges, not another apology.",
    ),
]

# Two strikes on one day at two ports, by two unions: the same kind of event, told in the same words.
SAME_DAY_STRIKES: list[Report] = [
    (
        "strike-kelmouth",
        "Copperfield Daily",
        74,
        "Kelmouth dockers strike over night shifts",
        "About 1,200 dock workers at Kelmouth walked out on Thursday over new night-shift rotas, the Coastal "
        "Transport Union said. Loading stopped at the container terminal and three ships were turned away. "
        "Union steward Anneli Ruud said the rotas had been imposed without talks.",
    ),
    (
        "strike-kelmouth",
        "Ridgeway Journal",
        76,
        "Kelmouth port at a standstill as 1,200 walk out",
        "The port of Kelmouth came to a standstill on Thursday as 1,200 members of the Coastal Transport Union "
        "struck over night-shift rotas. Steward Anneli Ruud said members would return only when the rotas were "
        "withdrawn. Three ships were diverted to other ports.",
    ),
    (
        "strike-sarvik",
        "Eastwick Bulletin",
        75,
        "Sarvik port workers stage strike over safety",
        "Some 800 workers at the port of Sarvik stopped work on Thursday after a crane collapse injured two "
        "colleagues, the Harbour Crafts Guild said. Guild chairman Piet Olander said the stoppage would last "
        "until inspectors had checked every crane at the port.",
    ),
    (
        "strike-sarvik",
        "Meadowlark News",
        78,
        "Crane collapse sparks walkout at Sarvik",
        "Work stopped at Sarvik on Thursday when 800 members of the Harbour Crafts Guild walked out over "
        "safety, a day after a crane collapse left two workers injured. Piet Olander, the guild's chairman, "
        "said no one would go back until every crane at Sarvik had been inspected.",
    ),
]

# One subject, two events two days apart: a minister questioned over a contract, then resigning over it.
MINISTER: list[Report] = [
    (
        "questioned-marn",
        "Northgate Times",
        4,
        "Transport minister Ilse Marn defends ferry contract before MPs",
        "Transport Minister Ilse Marn on Monday defended her ministry's decision to award a 140 million crown "
        "ferry contract to Corvane Marine without a tender. Questioned for three hours by the transport "
        "committee, Marn said the old ferries were unsafe and could not wait for a tender.",
    ),
    (
        "questioned-marn",
        "Saltmarsh Herald",
        6,
        "MPs grill Marn over Corvane ferry deal",
        "Members of parliament's transport committee pressed Transport Minister Ilse Marn on Monday over the "
        "Corvane Marine ferry contract, awarded without a tender. Committee chair Jonas Pell said the ministry "
        "had not explained why no other shipyard was asked. Marn said she would publish the safety reports.",
    ),
    (
        "resigned-marn",
        "Lantern Press",
        54,
        "Transport minister Ilse Marn resigns over ferry contract",
        "Transport Minister Ilse Marn resigned on Wednesday after the national audit office found that the "
        "Corvane Marine ferry contract had broken procurement rules. Prime Minister Alva Renstrom accepted her "
        "resignation and named deputy minister Tomas Hale in her place.",
    ),
    (
        "resigned-marn",
        "Ironbridge Post",
        57,
        "Marn quits as auditors condemn Corvane ferry deal",
        "Ilse Marn quit as transport minister on Wednesday, hours after auditors said the award of the Corvane "
        "Marine ferry contract without a tender broke procurement rules. Tomas Hale, her deputy, takes over "
        "the ministry, Prime Minister Alva Renstrom said.",
    ),
]

CASES = {
    "dock strikes": DOCK_STRIKES,
    "storms": STORMS,
    "council votes": COUNCIL_VOTES,
    "wire and column": WIRE_AND_COLUMN,
    "strikes on one day": SAME_DAY_STRIKES,
    "minister": MINISTER,
}


def row(report: Report, number: int) -> dict[str, str]:
    """A report as a line of ingest's JSONL, with its gold event under `story`."""
    event, outlet, hours, title, text = report
    slug = outlet.lower().replace(" ", "-")
    return {
        "title": title,
        "text": text,
        "outlet": outlet,
        "url": f"https://{slug}.example/cases/{event}/{number}",
        "published": (FIRST + timedelta(hours=hours)).isoformat(),
        "story": event,
    }
