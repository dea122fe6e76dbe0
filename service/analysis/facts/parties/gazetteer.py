"""Known actors (countries, their capitals and organs, international bodies, armed groups) as a lookup.

The tables are data (``../countries.tsv``, shared with the prisoners step, and ``organizations.jsonl``,
``party_words.json`` beside this module); ISO codes and official names come from pycountry.
Everything here is built once per process.
"""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pycountry
import spacy
from spacy.matcher import PhraseMatcher
from spacy.vocab import Vocab

DATA = Path(__file__).parent
_lock = threading.Lock()
_matchers: dict[int, tuple[Vocab, PhraseMatcher]] = {}


@dataclass(frozen=True)
class Actor:
    """A real-world actor the gazetteer knows; ``id`` is the ISO alpha-2 code for countries."""

    name: str
    type: str
    id: str | None = None


@dataclass(frozen=True)
class Entry:
    """One surface form: the actor it names and how (name, demonym, capital, seat, organ)."""

    actor: Actor
    form: str


def _split(cell: str) -> list[str]:
    return [part.strip() for part in cell.split("|") if part.strip()]


def _country_rows() -> list[list[str]]:
    lines = (DATA.parent / "countries.tsv").read_text(encoding="utf-8").splitlines()
    return [line.split("\t") for line in lines if line.strip() and not line.startswith("#")]


def _add(table: dict[str, Entry], surface: str, entry: Entry) -> None:
    """First entry wins, so a curated name is never overridden by a later, vaguer one.

    Typographic apostrophes are added as variants ("People’s Defence Force")."""
    for form in {surface, surface.replace("'", "\u2019")}:
        table.setdefault(form, entry)
        if form.startswith("the "):
            table.setdefault(form[4:], entry)


def _country_entries(table: dict[str, Entry]) -> None:
    """Curated forms first, pycountry's official names after, so "Congo" stays the curated one."""
    official: list[tuple[str, Entry]] = []
    for code, name, demonyms, capitals, seats, others in _country_rows():
        actor = Actor(name=name, type="country", id=code)
        for form, surfaces in (
            ("name", [name, *_split(others)]),
            ("demonym", _split(demonyms)),
            ("capital", _split(capitals)),
            ("seat", _split(seats)),
        ):
            for surface in surfaces:
                _add(table, surface, Entry(actor, form))
        record = pycountry.countries.get(alpha_2=code)
        for key in ("name", "official_name", "common_name"):
            value = getattr(record, key, None)
            if value and "," not in value:
                official.append((value, Entry(actor, "name")))
    for surface, entry in official:
        _add(table, surface, entry)


def _organization_entries(table: dict[str, Entry], countries: dict[str, Actor]) -> None:
    for line in (DATA / "organizations.jsonl").read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        row = json.loads(line)
        state = row.get("state")
        if state:
            entry = Entry(countries[state], "organ")
        else:
            entry = Entry(Actor(name=row["name"], type=row["type"]), "name")
        for surface in (row["name"], *row.get("aliases", ())):
            _add(table, surface, entry)


@lru_cache(maxsize=1)
def entries() -> dict[str, Entry]:
    """Every known surface form (case-sensitive) → its entry."""
    table: dict[str, Entry] = {}
    _country_entries(table)
    countries = {e.actor.id: e.actor for e in table.values() if e.actor.id}
    _organization_entries(table, countries)
    return table


@lru_cache(maxsize=1)
def folded_entries() -> dict[str, Entry]:
    """Known surface forms by their case-folded form, for lookups of text the matcher did not see."""
    table: dict[str, Entry] = {}
    for surface, entry in entries().items():
        table.setdefault(surface.casefold(), entry)
    return table


def lookup(surface: str) -> Entry | None:
    """The entry for ``surface`` (exact first, then case-folded, without a leading "the")."""
    text = " ".join(surface.split())
    text = text[4:] if text.lower().startswith("the ") else text
    return entries().get(text) or folded_entries().get(text.casefold())


@lru_cache(maxsize=1)
def words() -> dict[str, frozenset[str]]:
    """The word lists of ``party_words.json`` as sets."""
    raw = json.loads((DATA / "party_words.json").read_text(encoding="utf-8"))
    return {key: frozenset(value) for key, value in raw.items() if not key.startswith("_")}


def matcher(vocab: Vocab) -> PhraseMatcher:
    """A phrase matcher over every known surface form, compiled once per vocabulary."""
    with _lock:
        cached = _matchers.get(id(vocab))
        if cached is None or cached[0] is not vocab:
            tokenizer = spacy.blank("en", vocab=vocab).tokenizer
            built = PhraseMatcher(vocab, attr="ORTH")
            built.add("ACTOR", list(tokenizer.pipe(sorted(entries()))))
            cached = _matchers[id(vocab)] = (vocab, built)
        return cached[1]
