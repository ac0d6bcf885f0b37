"""The public-benchmark evaluator: its scoring on tiny hand-made cases, and regression floors
on the first GeoWebNews articles when the (GPL-3.0, not shipped) corpora are present."""

from __future__ import annotations

import pytest

from bench import public_benchmarks as pb

GOLD_SETS = {"literal": pb.GWN_LITERAL, "all": pb.GWN_ALL}


def _article(gold: tuple[pb.GoldToponym, ...]) -> pb.Article:
    return pb.Article("t-1", "Shelling hit Aleppo and Idlib; Moscow said it struck Homs.", gold)


def test_overlaps_is_half_open() -> None:
    assert pb.overlaps(0, 5, 4, 9)
    assert pb.overlaps(2, 3, 0, 10)
    assert not pb.overlaps(0, 5, 5, 9)  # touching spans share no character
    assert not pb.overlaps(6, 9, 0, 6)


def test_accuracy_at_counts_errors_up_to_the_threshold() -> None:
    assert pb.accuracy_at([0.0, 160.9, 161.0, 161.1]) == pytest.approx(0.75)
    assert pb.accuracy_at([5.0, 50.0], 10.0) == pytest.approx(0.5)
    assert pb.accuracy_at([]) == 0.0


def test_haversine_km_known_distance() -> None:
    # Aleppo to Damascus is about 310 km as the crow flies.
    assert pb.haversine_km(36.2021, 37.1343, 33.5138, 36.2765) == pytest.approx(310, abs=10)
    assert pb.haversine_km(10.0, 20.0, 10.0, 20.0) == 0.0


def test_in_theatre_box() -> None:
    assert pb.in_theatre(36.2, 37.1)  # Aleppo
    assert not pb.in_theatre(55.75, 37.6)  # Moscow
    assert not pb.in_theatre(None, None)


def test_best_match_prefers_placed_then_larger_overlap() -> None:
    gold = pb.GoldToponym(10, 20, "x" * 10, "Literal", 1.0, 1.0)
    unplaced = pb.Predicted(10, 20, "x")
    small = pb.Predicted(18, 25, "y", lat=0.0, lon=0.0)
    large = pb.Predicted(8, 19, "z", lat=0.0, lon=0.0)
    assert pb.best_match(gold, [unplaced, small, large]) is large
    assert pb.best_match(gold, [unplaced]) is unplaced
    assert pb.best_match(gold, [pb.Predicted(0, 10, "w")]) is None


def test_score_article_recall_precision_resolution_and_literal() -> None:
    gold = (
        pb.GoldToponym(13, 19, "Aleppo", "Literal", 36.20, 37.13),
        pb.GoldToponym(24, 29, "Idlib", "Literal", 35.93, 36.63),
        pb.GoldToponym(31, 37, "Moscow", "Metonymic", 55.75, 37.62),
        pb.GoldToponym(53, 57, "Homs", "Literal", 34.73, 36.71),
    )
    predicted = [
        pb.Predicted(13, 19, "Aleppo", lat=36.20, lon=37.13),  # exact
        pb.Predicted(24, 29, "Idlib", lat=33.0, lon=40.0),  # ~400 km off
        pb.Predicted(31, 37, "Moscow", literal=False, lat=55.75, lon=37.62),
        pb.Predicted(0, 8, "Shelling"),  # a false positive, unresolved
    ]
    scores = pb.CorpusScores("gwn", {name: pb.SetScores() for name in GOLD_SETS})
    pb.score_article(scores, _article(gold), predicted, GOLD_SETS)

    literal, every = scores.sets["literal"], scores.sets["all"]
    assert (literal.gold, literal.found) == (3, 2)  # Homs missed
    assert (every.gold, every.found) == (4, 3)
    assert scores.precision == pytest.approx(3 / 4)
    assert pb.accuracy_at(literal.errors) == pytest.approx(0.5)  # Aleppo right, Idlib wrong
    assert pb.accuracy_at(every.errors) == pytest.approx(2 / 3)
    assert literal.theatre_gold == 3 and literal.theatre_found == 2
    assert (scores.literal_agree, scores.literal_total) == (3, 3)
    kinds = sorted(row["kind"] for row in scores.details)
    assert kinds == ["false_positive", "misplaced", "miss"]


def test_adjectival_forms_are_told_from_names() -> None:
    assert pb.is_adjectival("Turkish", "Turkey")
    assert pb.is_adjectival("Syrian", "Syria")
    assert pb.is_adjectival("German", "Germany")
    assert not pb.is_adjectival("Aleppo", "Aleppo")
    assert not pb.is_adjectival("Manhattan", "New York")
    assert not pb.is_adjectival("U.S.", "United States")


def test_details_path_must_stay_out_of_the_repository(tmp_path) -> None:
    assert pb.check_details_path(tmp_path / "d.json") == (tmp_path / "d.json").resolve()
    assert pb.check_details_path(pb.DETAILS_DIR / "d.json").is_relative_to(pb.DETAILS_DIR)
    with pytest.raises(ValueError):
        pb.check_details_path(pb.REPO_ROOT / "tests" / "d.json")


GWN_PATH = pb.benchmarks_dir() / pb.GWN_FILE


@pytest.mark.skipif(not GWN_PATH.exists(), reason="public benchmarks not available")
def test_first_geowebnews_articles_meet_floors() -> None:
    """Floors ~10 points under what the geoparser scored when this test was written
    (20 articles: literal recall 0.37, precision 0.89, Acc@161 0.79, area-aware 0.91)."""
    from geo.pipeline import open_geoparser

    articles = pb.load_gwn(GWN_PATH)
    assert len(articles) == 200
    scores = pb.evaluate("gwn", articles, open_geoparser(), limit=20)
    literal, every = scores.sets["literal"], scores.sets["all"]
    assert scores.articles == 20
    assert literal.recall >= 0.26
    assert every.recall >= 0.22
    assert scores.precision >= 0.78
    assert len(every.errors) >= 50
    assert pb.accuracy_at(every.errors) >= 0.69
    assert pb.ratio(every.area_hits, len(every.errors)) >= 0.80
    assert pb.ratio(scores.literal_agree, scores.literal_total) >= 0.60
