"""The saved search's query looks for its words in the same fields as the search page it links to."""

from techport.alerts.matching import AlertQuery, alert_body
from techport.search.query import text_fields


def words_fields(text: str) -> list[str]:
    clauses = alert_body(AlertQuery.of(text, {}), [1, 2])["query"]["bool"]["filter"]
    return next(clause["multi_match"]["fields"] for clause in clauses if "multi_match" in clause)


def test_a_vietnamese_alert_skips_the_english_stemmed_fields_as_search_does():
    for text in ("máy sấy cà phê", "may say ca phe", "solar pump controller"):
        assert words_fields(text) == text_fields(text), text
    assert not any(".en" in name for name in words_fields("máy sấy cà phê"))
    assert any(".en" in name for name in words_fields("solar pump controller"))
