"""The development node behaves as production Elasticsearch does for what Techport relies on."""

import pytest
from elasticsearch import Elasticsearch, helpers

from techport.search.analysis import (
    EXACT_ANALYZER,
    FOLDED_ANALYZER,
    FOLDED_SEARCH_ANALYZER,
    analysis_settings,
    folded_text_field,
)

COFFEE_DRYER = "Máy sấy cà phê năng lượng mặt trời"


def create_index(es: Elasticsearch, name: str) -> str:
    es.indices.create(
        index=name,
        settings={"number_of_shards": 1, "number_of_replicas": 0, "analysis": analysis_settings()},
        mappings={"properties": {"title": folded_text_field(), "kind": {"type": "keyword"}}},
    )
    return name


def tokens(es: Elasticsearch, index: str, analyzer: str, text: str) -> list[str]:
    return [token["token"] for token in es.indices.analyze(index=index, analyzer=analyzer, text=text)["tokens"]]


def titles(es: Elasticsearch, index: str, query: dict) -> list[str]:
    return [hit["_source"]["title"] for hit in es.search(index=index, query=query)["hits"]["hits"]]


def test_node_reports_its_version(es):
    versions = {node["version"] for node in es.nodes.info(node_id="_local")["nodes"].values()}
    assert versions == {"8.19.21"}


def test_query_without_diacritics_finds_vietnamese_title(es, index_name):
    index = create_index(es, f"{index_name}-listings")
    es.index(index=index, id="1", document={"title": COFFEE_DRYER}, refresh=True)
    es.index(index=index, id="2", document={"title": "Quy trình nhân giống lan rừng"}, refresh=True)

    assert titles(es, index, {"match": {"title": "may say ca phe"}}) == [COFFEE_DRYER]
    assert titles(es, index, {"match": {"title": {"query": "máy sấy cà phê", "operator": "and"}}}) == [COFFEE_DRYER]


def test_d_with_stroke_folds_to_d(es, index_name):
    index = create_index(es, f"{index_name}-listings")
    assert tokens(es, index, FOLDED_ANALYZER, "Đồng Nai đất đỏ") == ["dong", "nai", "dat", "do"]
    es.index(index=index, id="1", document={"title": "Giống điều cho đất đỏ Đồng Nai"}, refresh=True)
    assert titles(es, index, {"match": {"title": {"query": "giong dieu dong nai", "operator": "and"}}}) == [
        "Giống điều cho đất đỏ Đồng Nai"
    ]


def test_exact_subfield_keeps_diacritics(es, index_name):
    index = create_index(es, f"{index_name}-listings")
    assert tokens(es, index, EXACT_ANALYZER, "Cà Phê") == ["cà", "phê"]


def test_synonyms_apply_at_search_time(es, index_name):
    index = create_index(es, f"{index_name}-listings")
    es.index(index=index, id="1", document={"title": "Máy bay không người lái phun thuốc trừ sâu"}, refresh=True)
    assert "drone" in tokens(es, index, FOLDED_SEARCH_ANALYZER, "UAV")
    assert titles(es, index, {"match": {"title": "drone"}}) == ["Máy bay không người lái phun thuốc trừ sâu"]


def test_bulk_indexing_of_a_thousand_documents(es, index_name):
    index = create_index(es, f"{index_name}-bulk")
    actions = (
        {"_index": index, "_id": str(number), "_source": {"title": f"Công nghệ số {number}", "kind": "offer"}}
        for number in range(1000)
    )
    indexed, errors = helpers.bulk(es, actions, chunk_size=250)
    es.indices.refresh(index=index)

    assert (indexed, errors) == (1000, [])
    assert es.count(index=index)["count"] == 1000
    assert es.count(index=index, query={"match": {"title": "cong nghe so 999"}})["count"] >= 1


def test_alias_swap_moves_search_to_the_new_index_in_one_call(es, index_name):
    alias = f"{index_name}-listings"
    old_index = create_index(es, f"{alias}-v1")
    new_index = create_index(es, f"{alias}-v2")
    es.index(index=old_index, id="1", document={"title": "Bản cũ"}, refresh=True)
    es.index(index=new_index, id="1", document={"title": "Bản mới"}, refresh=True)
    es.indices.put_alias(index=old_index, name=alias)

    es.indices.update_aliases(
        actions=[{"remove": {"index": old_index, "alias": alias}}, {"add": {"index": new_index, "alias": alias}}]
    )

    assert list(es.indices.get_alias(name=alias)) == [new_index]
    assert titles(es, alias, {"match_all": {}}) == ["Bản mới"]


# Token streams that production Elasticsearch documents for these requests, in the reference pages of
# the asciifolding, stemmer and kstem filters; the development node must give the same tokens.
PRODUCTION_ANALYZE_EXAMPLES = [
    ({"tokenizer": "standard", "filter": ["asciifolding"], "text": "açaí à la carte"}, ["acai", "a", "la", "carte"]),
    (
        {
            "tokenizer": "standard",
            "filter": [{"type": "asciifolding", "preserve_original": True}],
            "text": "açaí à la carte",
        },
        ["acai", "açaí", "a", "à", "la", "carte"],
    ),
    (
        {"tokenizer": "standard", "filter": ["stemmer"], "text": "the foxes jumping quickly"},
        ["the", "fox", "jump", "quickli"],
    ),
    (
        {
            "tokenizer": "standard",
            "filter": [{"type": "stemmer", "language": "light_english"}],
            "text": "the foxes jumping quickly",
        },
        ["the", "fox", "jump", "quick"],
    ),
]


@pytest.mark.parametrize(("request_body", "expected_tokens"), PRODUCTION_ANALYZE_EXAMPLES)
def test_analyze_matches_production_elasticsearch(es, request_body, expected_tokens):
    response = es.indices.analyze(**request_body)
    assert [token["token"] for token in response["tokens"]] == expected_tokens


def test_folding_analyzer_output_matches_production_components(es, index_name):
    """The project's folding analyzer equals the same request made with production's standard components."""
    index = create_index(es, f"{index_name}-listings")
    text = "Máy sấy cà phê năng lượng mặt trời – Đại học Bách khoa"
    standard_components = es.indices.analyze(tokenizer="standard", filter=["lowercase", "asciifolding"], text=text)
    project_analyzer = es.indices.analyze(index=index, analyzer=FOLDED_ANALYZER, text=text)
    assert project_analyzer["tokens"] == standard_components["tokens"]
    assert [token["token"] for token in project_analyzer["tokens"]] == [
        "may",
        "say",
        "ca",
        "phe",
        "nang",
        "luong",
        "mat",
        "troi",
        "dai",
        "hoc",
        "bach",
        "khoa",
    ]
