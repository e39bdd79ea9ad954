//! The Swagger 2.0 conversion, construct by construct.

use super::*;

#[test]
fn a_whole_document_takes_its_three_zero_form() {
    let document = json!({
        "swagger": "2.0",
        "info": {"title": "Pets", "version": "1"},
        "host": "api.example.com", "basePath": "/v1/", "schemes": ["http", "https"],
        "consumes": ["application/json"], "produces": ["application/json"],
        "securityDefinitions": {
            "key": {"type": "apiKey", "name": "X-Key", "in": "header"},
            "oauth": {"type": "oauth2", "flow": "application", "tokenUrl": "https://t", "scopes": {"r": "read"}}
        },
        "parameters": {"limit": {"name": "limit", "in": "query", "type": "integer"}},
        "responses": {"NotFound": {"description": "missing", "schema": {"$ref": "#/definitions/Error"}}},
        "paths": {"/pets/{id}": {
            "parameters": [{"name": "id", "in": "path", "required": true, "type": "string"}],
            "get": {
                "operationId": "getPet",
                "parameters": [
                    {"$ref": "#/parameters/limit"},
                    {"name": "tags", "in": "query", "type": "array", "items": {"type": "string"}, "collectionFormat": "multi"}
                ],
                "responses": {
                    "200": {"description": "ok", "schema": {"$ref": "#/definitions/Pet"},
                            "headers": {"X-Rate": {"type": "integer"}}},
                    "404": {"$ref": "#/responses/NotFound"}
                }
            },
            "put": {
                "parameters": [{"name": "pet", "in": "body", "required": true, "schema": {"$ref": "#/definitions/Pet"}}],
                "responses": {"204": {"description": "done"}}
            },
            "post": {
                "consumes": ["multipart/form-data"],
                "parameters": [
                    {"name": "photo", "in": "formData", "type": "file", "required": true},
                    {"name": "note", "in": "formData", "type": "string"}
                ],
                "responses": {"200": {"description": "ok", "schema": {"type": "file"}}}
            }
        }},
        "definitions": {
            "Pet": {"type": "object", "discriminator": "kind", "properties": {"name": {"type": "string", "x-nullable": true}}},
            "Error": {"type": "object"}
        }
    });
    let (converted, warnings) = convert(&document);
    assert!(warnings.is_empty(), "{warnings:?}");
    assert_eq!(converted["openapi"], "3.0.3");
    assert_eq!(
        converted["servers"],
        json!([{"url": "https://api.example.com/v1"}, {"url": "http://api.example.com/v1"}])
    );
    let get = &converted["paths"]["/pets/{id}"]["get"];
    assert_eq!(get["parameters"][0], json!({"$ref": "#/components/parameters/limit"}));
    assert_eq!(
        get["parameters"][1],
        json!({"name": "tags", "in": "query", "style": "form", "explode": true,
               "schema": {"type": "array", "items": {"type": "string"}}})
    );
    assert_eq!(
        get["responses"]["200"]["content"]["application/json"]["schema"],
        json!({"$ref": "#/components/schemas/Pet"})
    );
    assert_eq!(get["responses"]["200"]["headers"]["X-Rate"], json!({"schema": {"type": "integer"}}));
    assert_eq!(get["responses"]["404"], json!({"$ref": "#/components/responses/NotFound"}));
    assert_eq!(
        converted["paths"]["/pets/{id}"]["parameters"][0],
        json!({"name": "id", "in": "path", "required": true, "schema": {"type": "string"}})
    );
    let put = &converted["paths"]["/pets/{id}"]["put"]["requestBody"];
    assert_eq!(
        put,
        &json!({"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Pet"}}}, "required": true})
    );
    let post = &converted["paths"]["/pets/{id}"]["post"];
    assert_eq!(
        post["requestBody"]["content"]["multipart/form-data"]["schema"],
        json!({"type": "object", "required": ["photo"], "properties": {
            "photo": {"type": "string", "format": "binary"}, "note": {"type": "string"}}})
    );
    assert_eq!(
        post["responses"]["200"]["content"],
        json!({"application/octet-stream": {"schema": {"type": "string", "format": "binary"}}})
    );
    let pet = &converted["components"]["schemas"]["Pet"];
    assert_eq!(pet["discriminator"], json!({"propertyName": "kind"}));
    assert_eq!(pet["properties"]["name"], json!({"type": "string", "nullable": true}));
    assert_eq!(
        converted["components"]["securitySchemes"]["oauth"],
        json!({"type": "oauth2", "flows": {"clientCredentials": {"tokenUrl": "https://t", "scopes": {"r": "read"}}}})
    );
    assert_eq!(
        converted["components"]["responses"]["NotFound"]["content"]["application/json"]["schema"],
        json!({"$ref": "#/components/schemas/Error"})
    );
}

#[test]
fn collection_formats_map_to_styles() {
    let parameter = |format: &str, location: &str| {
        let document = json!({"swagger": "2.0", "paths": {"/a": {"get": {"parameters": [
            {"name": "v", "in": location, "type": "array", "items": {"type": "string"}, "collectionFormat": format}
        ], "responses": {}}}}});
        let (converted, warnings) = convert(&document);
        let p = &converted["paths"]["/a"]["get"]["parameters"][0];
        (p["style"].clone(), p["explode"].clone(), warnings.len())
    };
    assert_eq!(parameter("csv", "query"), (json!("form"), json!(false), 0));
    assert_eq!(parameter("ssv", "query"), (json!("spaceDelimited"), json!(false), 0));
    assert_eq!(parameter("pipes", "query"), (json!("pipeDelimited"), json!(false), 0));
    assert_eq!(parameter("multi", "query"), (json!("form"), json!(true), 0));
    assert_eq!(parameter("csv", "header"), (json!("simple"), json!(false), 0));
    assert_eq!(parameter("tsv", "query"), (json!("form"), json!(false), 1));
}

#[test]
fn form_fields_without_files_are_url_encoded() {
    let document = json!({"swagger": "2.0", "paths": {"/login": {"post": {"parameters": [
        {"name": "user", "in": "formData", "type": "string", "required": true}
    ], "responses": {"200": {"description": "ok"}}}}}});
    let (converted, _) = convert(&document);
    let body = &converted["paths"]["/login"]["post"]["requestBody"];
    assert!(body["content"]["application/x-www-form-urlencoded"].is_object(), "{body}");
    assert_eq!(body["required"], true);
}
