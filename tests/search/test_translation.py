"""The glossary's Vietnamese rendition of English queries (techport.search.translation)."""

from techport.search.translation import vietnamese_rendition


def test_english_terms_become_their_vietnamese_equivalents_longest_first():
    assert vietnamese_rendition("air quality monitoring") == "chất lượng không khí giám sát"
    assert vietnamese_rendition("Freeze drying fruit") == "sấy thăng hoa"


def test_plurals_and_hyphens_find_the_glossary_terms():
    assert "máy bơm" in vietnamese_rendition("solar-powered irrigation pumps")
    assert "năng lượng mặt trời" in vietnamese_rendition("solar-powered irrigation pumps")


def test_words_outside_the_glossary_give_nothing():
    assert vietnamese_rendition("quarterly board minutes") == ""
    assert vietnamese_rendition("") == ""
