"""Match reasons in words and the strength of a match (pure functions, no engine)."""

from techport.search.hybrid import fuse, query_language, semantic_weight
from techport.search.reasons import MatchReason, reasons_for, shared_phrases, strength


def test_shared_phrases_are_whole_words_without_function_words_or_generic_ones():
    highlight = {
        "title.words": ["<mark>Máy sấy thăng hoa</mark> tích hợp <mark>bơm nhiệt cho trái cây</mark>"],
        "description.words": ["<mark>giải pháp</mark> và <mark>máy sấy</mark>, <mark>và các</mark> <mark>X</mark>"],
    }
    phrases = shared_phrases(highlight)
    assert phrases == ["Máy sấy thăng hoa", "bơm nhiệt", "trái cây"]
    assert all(len(phrase.split()) >= 2 for phrase in phrases)


def test_no_single_syllable_is_ever_a_reason():
    highlight = {"summary.words": ["<mark>thụ</mark> <mark>giảm</mark>, <mark>hòa</mark> và <mark>nhiệt</mark>"]}
    assert shared_phrases(highlight) == []


def test_across_languages_synonyms_marked_by_the_text_query_are_the_shared_words():
    highlight = {"title": ["<mark>Agricultural</mark> <mark>spraying</mark> <mark>drone</mark> with a tank"]}
    assert shared_phrases(highlight, english_document=True) == ["Agricultural spraying drone"]
    highlight = {
        "summary": [
            "Thiết bị <mark>bay</mark> <mark>không</mark> <mark>người</mark> <mark>lái</mark> và <mark>pin</mark>"
        ]
    }
    assert shared_phrases(highlight) == ["bay không người lái"]


def test_a_semantic_reason_when_texts_share_meaning_but_no_words():
    hit = {"_source": {"sectors": [], "trl": 5, "transfer_modes": []}, "highlight": {}, "matched_queries": []}
    assert reasons_for(None, hit, cosine=0.9) == [MatchReason("semantic", [0.9])]
    assert reasons_for(None, hit, cosine=0.7) == []


def test_the_floor_drops_what_shares_neither_words_nor_meaning():
    assert strength(0, 0.78, 0.4) is None
    assert strength(1, 0.80, 0.9) is None
    # Across languages the same subject scores lower cosines; what the texts share then counts.
    assert strength(1, 0.81, 0.5, same_language=False) == "partial"
    assert strength(3, 0.90, 1.0) == "strong"
    assert strength(2, 0.85, 0.5) == "good"
    assert strength(0, 0.87, 0.1) == "partial"
    # Without the semantic layer the text decides.
    assert strength(0, None, 0.3) is None
    assert strength(0, None, 0.5) == "partial"
    assert strength(4, None, 0.8) == "strong"
    assert strength(1, None, 0.3) == "partial"


def test_query_language_is_read_from_the_words():
    assert query_language("máy sấy cà phê") == "vi"
    assert query_language("may say ca phe") == "vi_unaccented"
    assert query_language("giong lua chiu man") == "vi_unaccented"
    assert query_language("coffee bean dryer") == "en"
    assert query_language("air quality monitoring") == "en"
    assert semantic_weight("may bom nuoc nang luong mat troi") == 0
    assert semantic_weight("coffee bean dryer") > semantic_weight("máy sấy cà phê")
    long_need = "We need a solar pump for drip irrigation of twelve hectares of durian with remote monitoring"
    assert semantic_weight(long_need) > semantic_weight("coffee bean dryer")


def test_fusion_lets_a_knn_only_hit_in_and_keeps_the_text_order_on_ties():
    assert fuse([1, 2, 3], [], 0.5) == [1, 2, 3]
    fused = fuse([1, 2, 3], [9, 3], 1.0)
    assert fused[0] == 3 and 9 in fused
