"""Bad or odd input to the event coder: no crash, no invented event, unknown where unknown."""

from __future__ import annotations

import pytest

from geo.events import code_event
from geo.events.fatalities import count_deaths
from geo.records import Mention, Sentence


def _code(text: str, name: str, **context):
    start = text.index(name)
    sentence = Sentence(100, 100 + len(text), text)
    mention = Mention("r", 100 + start, 100 + start + len(name), name, name, sentence)
    return code_event(mention, **context)


@pytest.mark.parametrize(("text", "name"), [
    ("Aleppo, Idlib and Hama.", "Idlib"),  # no verb
    ("Aleppo", "Aleppo"),
    ("قصفت الطائرات الروسية مدينة حلب يوم الجمعة", "حلب"),  # Arabic: no English trigger
    ("Les rebelles sont entrés dans Alep vendredi.", "Alep"),  # French
    ("The weather in Aleppo was cold and sunny on Friday.", "Aleppo"),
    ("Aleppo, Syria's second-largest city, is famous for its soap.", "Aleppo"),
])  # fmt: skip
def test_no_event_is_invented(text, name):
    coding = _code(text, name)
    assert coding.event_type is None and coding.actor1 is None and coding.event_flags == ()


def test_a_list_of_forty_villages_taken_codes_each_village_alike():
    villages = [f"Village{n}" for n in range(40)]
    text = f"Rebels captured {', '.join(villages[:-1])} and {villages[-1]} on Monday."
    codings = {_code(text, v).sub_event_type for v in villages}
    assert codings == {"Non-state actor overtakes territory"}
    assert {_code(text, v).actor1_side for v in villages} == {"opposition"}


def test_a_list_of_forty_villages_with_no_event_words_is_context():
    text = "The district includes " + ", ".join(f"Village{n}" for n in range(40)) + "."
    assert all(_code(text, f"Village{n}").event_type is None for n in range(40))


def test_a_quote_inside_a_quote_keeps_the_innermost_source():
    text = ("“Residents told us ‘rebels captured Saraqib at dawn’,” a SOHR spokesman said, "
            "according to Reuters.")
    coding = _code(text, "Saraqib")
    assert coding.sub_event_type == "Non-state actor overtakes territory"
    assert coding.claimant_kind in {"local", "monitor"}


def test_an_event_with_no_named_actor_says_unknown_not_a_guess():
    coding = _code("Airstrikes hit Saraqib on Monday.", "Saraqib", outlet="Test Wire")
    assert coding.sub_event_type == "Air/drone strike"
    assert coding.actor1 is None and coding.actor1_side == "unknown"
    assert (coding.claimant, coding.claimant_kind, coding.claim_start) == (
        "Test Wire", "outlet", None)


def test_an_unknown_speaker_has_no_guessed_kind():
    coding = _code("Rebels captured Saraqib, Ghani said.", "Saraqib")
    assert coding.claimant == "Ghani" and coding.claimant_kind is None


@pytest.mark.parametrize(("text", "deaths"), [
    ("At least 12 civilians were killed and 46 wounded in the strikes.", 12),
    ("Dozens of people were killed.", 12),
    ("Hundreds of fighters died in the battle.", 100),
    ("At least 40 civilians had been killed or injured.", None),  # deaths and injuries as one
    ("Five people were wounded.", None),  # injuries are not coded
    ("Four civilians, including two students, were killed.", 4),
    ("Between 7 and 10 soldiers were killed.", 7),  # the lowest figure
])  # fmt: skip
def test_fatalities_are_counted_the_acled_way(text, deaths):
    assert count_deaths(text) == deaths


def test_a_negated_event_is_flagged():
    coding = _code("Rebels did not enter Hama on Friday.", "Hama")
    assert "negated" in coding.event_flags


def test_a_threat_is_flagged_as_intent():
    coding = _code("HTS vowed to capture Hama within days.", "Hama")
    assert "intent" in coding.event_flags
