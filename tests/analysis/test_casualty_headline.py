"""The trained headline model: which figures it chooses among, and how its output is shaped."""

from __future__ import annotations

import pytest

from service.analysis.facts import casualties
from service.analysis.facts.casualties import headline
from service.analysis.model import Context
from service.analysis.nlp import parse


def _facts(text: str, title: str | None = None):
    context = Context(text=text, title=title)
    items = casualties.extract(parse(text), context)
    return casualties.headline_figures(items, context)


def _values(text: str, kind: str, title: str | None = None) -> list:
    context = Context(text=text, title=title)
    items = casualties.extract(parse(text), context)
    figures = headline.title_figures(title)
    cues = headline.cue_counts(title, text)
    options = headline.candidates(kind, items, casualties.totals(items), figures, len(text), cues)
    return [c.value for c in options]


@pytest.mark.parametrize(
    ("title", "text", "kind", "expected"),
    [
        # every stated figure, and "no figure" first
        (
            None,
            "Three people were killed on Monday. A fourth man died in hospital on Tuesday.",
            "killed",
            {None, 3},
        ),
        # the headline's own figure, which the body never states
        (
            "2 dead, 5 hurt in overnight shooting",
            "Police said a gunman opened fire at a party.",
            "injured",
            {5},
        ),
        # victims counted sentence by sentence add up
        (None, "A woman was shot dead in her car. Her brother was also killed.", "killed", {2}),
        # a death no figure states ("a fatal shooting") offers one
        (
            "Police seek gunman in fatal shooting",
            "Officers were called to the street late Friday.",
            "killed",
            {1},
        ),
    ],
)
def test_candidates_cover_the_figures_a_story_can_give(title, text, kind, expected):
    values = _values(text, kind, title)
    assert values[0] is None
    assert expected <= set(values)
    assert len(values) == len(set(values)) <= headline.MAX_CANDIDATES


@pytest.mark.parametrize(
    ("title", "text", "absent"),
    [
        # a running total of the war is not the story's figure
        (None, "Gunmen wounded six soldiers on Tuesday. The war has killed 150,000 since 2014.", 150000),
        # nor a figure of an earlier attack the story recalls
        (None, "A bomb killed two people on Monday, a year after an attack in 2023 killed 40.", 40),
    ],
)
def test_figures_stated_only_for_other_events_are_no_candidates(title, text, absent):
    assert absent not in _values(text, "killed", title)


def test_every_candidate_has_one_value_per_feature():
    text = "Two people were killed and four were wounded when a man opened fire, police said."
    context = Context(text=text)
    items = casualties.extract(parse(text), context)
    cues = headline.cue_counts(None, text)
    for kind in headline.MODELLED_KINDS:
        for option in headline.candidates(kind, items, casualties.totals(items), {}, len(text), cues):
            assert len(option.features) == len(headline.FEATURES)


def test_title_figures_read_the_headline():
    assert headline.title_figures("3 killed, 2 wounded in shooting at bus stop") == {
        "killed": [3],
        "injured": [2],
    }
    assert headline.title_figures("") == {}
    assert headline.title_figures(None) == {}


def test_totals_come_with_calibrated_confidences():
    items, totals, confidence = _facts(
        "A 19-year-old man was killed and two women were wounded in a shooting early Sunday, police said."
    )
    assert set(confidence) == set(headline.MODELLED_KINDS)
    assert all(0.0 <= value <= 1.0 for value in confidence.values())
    assert all(c.confidence is None or 0.0 <= c.confidence <= 1.0 for c in items)
    assert [c.kind for c in items if c.role == "main"].count("killed") <= 1


def test_calibration_steps_are_monotonic():
    model = headline.model()
    assert model is not None, "the committed model files load"
    for which in ("total", "figure"):
        ys = model.calibration[which]["y"]
        assert ys == sorted(ys)
        assert model.calibrated(0.0, which) <= model.calibrated(1.0, which)


@pytest.mark.parametrize(
    "text",
    [
        "One man was killed. Later, two more victims died, bringing the toll to three.",
        "Earlier in the week, two other shootings left three people injured. A boy was wounded on Friday.",
        "A woman was shot dead in her car. Her brother was also killed, and a neighbour was hurt.",
    ],
)
def test_when_the_model_overrules_the_rules_main_marks_its_figure(text):
    context = Context(text=text)
    found = casualties.extract(parse(text), context)
    rules = casualties.totals(found)
    items, totals, _ = casualties.headline_figures(found, context)
    for kind in headline.MODELLED_KINDS:
        main = [c.count for c in items if c.kind == kind and c.role == "main"]
        if totals[kind] != rules[kind]:
            stated = any(c.count == totals[kind] for c in items if c.kind == kind)
            assert main == ([totals[kind]] if stated and totals[kind] is not None else [])


def test_without_the_model_the_rules_totals_stand(monkeypatch):
    monkeypatch.setattr(headline, "_loaded", [None])
    text = "Two people were killed and three were injured in the crash."
    items, totals, confidence = _facts(text)
    assert totals == casualties.totals(items)
    assert confidence == {}


@pytest.mark.parametrize(
    ("text", "killed"),
    [
        # the attacker who dies in the sentence that counts his victims is one more dead
        (
            "Deputies believe the man wounded the boy and killed the boy's younger sister, "
            "then took his own life.",
            2,
        ),
        (
            "A gunman who killed a store clerk on Sunday night was himself shot dead by officers "
            "minutes later.",
            2,
        ),
        ("A teenager who shot and killed two classmates later died of a self-inflicted gunshot wound.", 3),
        # a child who shot himself is one death, not two
        ("Deputies said the toddler, 3, found a loaded pistol in a drawer and fatally shot himself.", 1),
    ],
)
def test_an_attacker_who_kills_himself_is_counted_with_his_victims(text, killed):
    _, totals, _ = _facts(text)
    assert totals["killed"] == killed
