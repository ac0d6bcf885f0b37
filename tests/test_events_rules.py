"""Rule classes the held-out reports taught (issue 8): each as a user would read the card.

Written in words of our own, not copied from the held-out sets: a nominalised event's
doer after "of", a source's own people ("SOHR activists"), a source named in the sentence
before ("the source added"), an attribution that trails its event versus a new statement
after it, the report's own correspondent, "took over" and counted strikes.
"""

from __future__ import annotations

from geo.events import code_event
from geo.events.coder import clear_caches
from geo.records import Mention, Sentence


def _code(text: str, name: str, *, before: str = "", outlet: str = "Test Outlet"):
    clear_caches()
    body = before + text
    offset = len(before)
    start = offset + text.index(name)
    sentence = Sentence(offset, offset + len(text), text)
    mention = Mention("r", start, start + len(name), name, name, sentence)
    return code_event(mention, outlet=outlet, before=body[:offset])


def test_the_doer_of_a_withdrawal_follows_of():
    coding = _code("The monitor documented the withdrawal of regime forces from Saraqib.",
                   "Saraqib")
    assert coding.sub_event_type == "Non-violent transfer of territory"
    assert coding.actor1_side == "government"


def test_the_fall_of_a_town_is_not_done_by_what_follows_of():
    coding = _code("Residents celebrated the fall of the regime in Saraqib.", "Saraqib")
    assert coding.actor1_side != "government"


def test_a_monitors_activists_speak_for_the_monitor():
    coding = _code("SOHR activists reported that rebels took control of Saraqib.", "Saraqib")
    assert (coding.claimant, coding.claimant_kind) == ("SOHR", "monitor")
    assert coding.sub_event_type == "Non-state actor overtakes territory"


def test_the_source_added_is_the_source_of_the_sentence_before():
    before = "A military source said the army had repelled an attack near Hama. "
    coding = _code("The source added that the army shelled rebel positions in Saraqib.",
                   "Saraqib", before=before)
    assert coding.claimant_kind == "belligerent"
    assert coding.claim_start == len(before)  # the words highlighted are this sentence's


def test_the_source_added_with_no_source_before_stays_unknown():
    coding = _code("The source added that the army shelled rebel positions in Saraqib.",
                   "Saraqib", before="It was a cold day. ")
    assert coding.claimant_kind is None and coding.claimant == "unnamed source"


def test_an_attribution_after_the_event_words_attributes_them():
    coding = _code("Russian warplanes bombed Saraqib on Friday, the observatory said.",
                   "Saraqib")
    assert coding.claimant_kind == "monitor"


def test_a_new_statement_after_the_event_words_does_not_attribute_them():
    coding = _code("Crowds celebrated in Saraqib after the rebels announced that Assad "
                   "had fled.", "Saraqib")
    assert coding.claimant_kind == "outlet"
    assert coding.actor1_side == "civilians"
    relative = _code("Explosions were heard in Saraqib, where residents said two depots "
                     "burned.", "Saraqib")
    assert relative.claimant_kind == "outlet"


def test_the_reports_own_correspondent_is_the_outlet():
    coding = _code("Our correspondent said rebels had taken over Saraqib.", "Saraqib",
                   outlet="Enab Baladi")
    assert (coding.claimant, coding.claimant_kind) == ("Enab Baladi", "outlet")
    assert coding.sub_event_type == "Non-state actor overtakes territory"


def test_another_outlets_correspondent_is_that_outlet():
    coding = _code("An AFP correspondent said rebels had taken over Saraqib.", "Saraqib")
    assert coding.claimant_kind == "media"
    own = _code("An AFP correspondent said rebels had taken over Saraqib.", "Saraqib",
                outlet="AFP")
    assert (own.claimant, own.claimant_kind) == ("AFP", "outlet")


def test_counted_strikes_at_a_place_are_air_strikes_beside_a_party_only():
    war = _code("Israel's military said it had carried out 300 strikes in Syria.", "Syria")
    assert war.sub_event_type == "Air/drone strike" and war.actor1_side == "israel"
    labour = _code("Dock workers held strikes in Marseille over pay.", "Marseille")
    assert labour.event_type is None


def test_an_earthquake_that_struck_is_no_air_strike():
    coding = _code("Two earthquakes have struck Saraqib, officials said.", "Saraqib")
    assert coding.event_type is None
