"""The served OpenAPI document names every write operation, with its token and examples."""

from techport.search.openapi import openapi_document

WRITE_OPERATIONS = {
    ("/listings", "post"),
    ("/listings/{id}", "get"),
    ("/listings/{id}", "patch"),
    ("/listings/{id}/submit", "post"),
    ("/listings/{id}/withdraw", "post"),
    ("/listings/{id}/renew", "post"),
    ("/organisations/{slug}/listings", "get"),
}


def test_the_served_document_is_the_one_schemathesis_reads(client):
    assert client.get("/api/v1/openapi.json").get_json() == openapi_document()


def test_write_operations_need_a_bearer_token_and_carry_examples():
    document = openapi_document()
    assert document["components"]["securitySchemes"]["bearerAuth"] == {
        **document["components"]["securitySchemes"]["bearerAuth"],
        "type": "http",
        "scheme": "bearer",
    }
    for path, method in WRITE_OPERATIONS:
        operation = document["paths"][path][method]
        assert operation["security"] == [{"bearerAuth": []}]
        assert {"401", "429"} <= set(operation["responses"])
    upsert = document["paths"]["/listings"]["post"]
    assert upsert["requestBody"]["content"]["application/json"]["example"]["external_id"]
    assert upsert["responses"]["422"]["content"]["application/json"]["example"]["error"]["fields"]
