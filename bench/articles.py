"""Invented news articles for load benchmarks: varied events, places, figures and dates, as pages.

Nothing here comes from a real story or from the shared benchmarks; a seeded generator
combines templates so that every page is distinct and the pipeline has facts to find.
"""

from __future__ import annotations

import html
import random
from datetime import date, timedelta

TOWNS = [
    "Varlen",
    "Ostrova",
    "Kemmer Bay",
    "Dalsk",
    "Port Arvel",
    "Minsa",
    "Tolbridge",
    "Seren",
    "Halvik",
    "Ruda",
]
REGIONS = ["the northern province", "the coastal region", "the eastern district", "the river valley"]
COUNTRIES = [("Ukraine", "Russia"), ("Israel", "Lebanon"), ("Sudan", "Chad"), ("Armenia", "Azerbaijan")]
OFFICIALS = ["Governor Ilse Marten", "Mayor Tomas Reyl", "Police chief Anna Oberg", "Minister Karl Dessen"]
NUMBER_WORDS = ["two", "three", "four", "five", "six", "seven", "eight", "nine", "eleven", "a dozen"]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]

EVENTS = [
    (
        "Drone strike hits {town}",
        "A drone strike on {town} killed {n} people and wounded at least {m} others on {day}, "
        "{official} said.",
    ),
    (
        "Floods sweep {town}",
        "Floods in {town} left {n} people dead and {m} missing after days of heavy rain, "
        "{official} said on {day}.",
    ),
    (
        "Ferry sinks off {town}",
        "A ferry carrying {p} passengers sank off {town} on {day}; {n} bodies were recovered "
        "and {m} people are missing.",
    ),
    (
        "Factory fire in {town}",
        "A fire at a chemical plant near {town} killed {n} workers and injured {m} on {day}, "
        "{official} said.",
    ),
    (
        "{a} and {b} swap prisoners",
        "{a} and {b} exchanged {p} prisoners of war on {day}, the second swap this year.",
    ),
    (
        "Earthquake strikes {region}",
        "An earthquake in {region} killed {n} people and injured more than {m} on {day}, {official} said.",
    ),
]
FOLLOW_UPS = [
    "Rescue teams worked through the night in {town}, and officials warned the toll could rise.",
    "Residents described hearing a loud blast before dawn; several buildings were damaged.",
    "The last such incident in {region}, in {year}, killed about {old} people.",
    "{official} said an investigation had been opened and promised support to the families.",
    "Aid groups said hospitals in {town} were short of blood and medicine.",
    "Talks between {a} and {b} are expected to resume next week.",
    "Schools in {town} will stay closed until Friday, the local council said.",
]


def invent(index: int, seed: int = 7) -> dict:
    """Article number ``index``: a title, a publication date and a few paragraphs of text."""
    rng = random.Random(seed * 100_003 + index)
    a, b = rng.choice(COUNTRIES)
    published = date(2025, 1, 1) + timedelta(days=rng.randrange(300))
    values = {
        "town": rng.choice(TOWNS),
        "region": rng.choice(REGIONS),
        "official": rng.choice(OFFICIALS),
        "day": rng.choice(WEEKDAYS),
        "n": rng.choice(NUMBER_WORDS + [str(rng.randrange(12, 90))]),
        "m": rng.randrange(3, 140),
        "p": rng.randrange(20, 400),
        "old": rng.randrange(20, 300),
        "year": rng.randrange(1990, 2020),
        "a": a,
        "b": b,
    }
    title, lead = rng.choice(EVENTS)
    body = [lead] + rng.sample(FOLLOW_UPS, k=rng.randrange(3, 6))
    body.append(f"(Report {index} from {values['town']}.)")  # every page distinct
    return {
        "title": title.format(**values),
        "published_at": published.isoformat(),
        "paragraphs": [paragraph.format(**values) for paragraph in body],
    }


def as_page(article: dict) -> str:
    """A small news page around the article."""
    paragraphs = "".join(f"<p>{html.escape(p)}</p>" for p in article["paragraphs"])
    title = html.escape(article["title"])
    return (
        f"<html><head><meta charset='utf-8'><title>{title} | The Example Courier</title>"
        f"<meta property='article:published_time' content='{article['published_at']}T07:00:00Z'></head>"
        f"<body><nav><a href='/'>Home</a></nav><article><h1>{title}</h1>{paragraphs}</article>"
        "<footer>© The Example Courier</footer></body></html>"
    )
