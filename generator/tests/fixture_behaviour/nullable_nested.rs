//! `nullable` list items, map values, union members and whole bodies decode `null`.

use fixture_nullable_nested::{types, Client};
use serde_json::json;
use wiremock::matchers::path;
use wiremock::{Mock, MockServer, ResponseTemplate};

async fn serving(route: &str, body: serde_json::Value) -> (MockServer, Client) {
    let server = MockServer::start().await;
    Mock::given(path(route)).respond_with(ResponseTemplate::new(200).set_body_json(body)).mount(&server).await;
    let client = Client::builder().base_url(server.uri()).build().unwrap();
    (server, client)
}

#[tokio::test]
async fn nulls_inside_lists_maps_and_unions_decode_and_encode_back() {
    let body = json!({
        "apps": [null, {"id": 1, "slug": "a"}],
        "counts": [1, null, 3],
        "files": {"a.txt": {"size": 2}, "gone.txt": null},
        "value": null
    });
    let (_server, client) = serving("/apps", body.clone()).await;
    let apps: types::AppsListResponse = client.apps().list().await.unwrap();
    let list = apps.apps.as_ref().unwrap();
    assert!(list[0].is_none());
    assert_eq!(list[1].as_ref().unwrap().id, 1);
    assert_eq!(apps.counts, Some(vec![Some(1), None, Some(3)]));
    assert!(apps.files.as_ref().unwrap()["gone.txt"].is_none());
    // The nullable union member takes the `null`; the optional member holding it reads it as absent.
    assert_eq!(serde_json::to_value(&apps).unwrap(), json!({
        "apps": [null, {"id": 1, "slug": "a"}],
        "counts": [1, null, 3],
        "files": {"a.txt": {"size": 2}, "gone.txt": null}
    }));
    let value: types::AppsListResponseValue = serde_json::from_value(json!(null)).unwrap();
    assert_eq!(value, types::AppsListResponseValue::String(None));
}

#[tokio::test]
async fn a_nullable_body_decodes_null() {
    let (_server, client) = serving("/apps/current", json!(null)).await;
    assert_eq!(client.apps().get_current().await.unwrap(), None);
    let (_server, client) = serving("/apps/current", json!({"id": 7})).await;
    assert_eq!(client.apps().get_current().await.unwrap().map(|app| app.id), Some(7));
}

/// A member whose schema is `allOf: [$ref to a nullable schema, {description}]` is still
/// nullable: a required one is sent as `null` when not set, and decodes `null`.
#[test]
fn a_nullable_reference_wrapped_in_all_of_stays_nullable() {
    let request = types::AppsDeleteTagsRequest::new();
    assert_eq!(serde_json::to_value(&request).unwrap(), json!({"tags": null}));
    let decoded: types::AppsDeleteTagsRequest = serde_json::from_value(json!({"tags": null})).unwrap();
    assert_eq!(decoded.tags, None);
    let tags: types::AppsDeleteTagsRequest = serde_json::from_value(json!({"tags": ["a"]})).unwrap();
    assert_eq!(tags.tags, Some(vec!["a".to_string()]));
}
