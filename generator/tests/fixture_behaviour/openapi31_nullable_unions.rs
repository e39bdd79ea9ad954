//! `anyOf [T, null]`, `oneOf [T, null]` and `type: [T, null]` decode both `T` and `null`,
//! and encode back to the same JSON.

use fixture_openapi31_nullable_unions::{types, Client};
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
async fn members_written_as_unions_with_null_decode_values_and_nulls() {
    let item = json!({
        "name": "a", "label": "x", "count": 3, "ratio": 0.5, "tags": ["t"], "scores": [1, null, 3],
        "parent": {"name": "p", "label": null, "count": null, "tags": null, "parent": null},
        "extras": {"a": null, "b": "x"}
    });
    let (_server, client) = serving("/items/current", item.clone()).await;
    let decoded: types::Item = client.items().get_current().await.unwrap().expect("an item");
    assert_eq!(decoded.label.as_deref(), Some("x"));
    assert_eq!(decoded.count, Some(3));
    assert_eq!(decoded.scores, Some(vec![Some(1), None, Some(3)]));
    let parent = decoded.parent.as_deref().unwrap();
    assert_eq!((parent.label.as_deref(), parent.count, parent.tags.as_ref()), (None, None, None));
    assert_eq!(decoded.extras.as_ref().unwrap()["a"], None);
    // Encoding gives the JSON back: a required `null` stays, absent and null optionals are
    // left out alike.
    let encoded = serde_json::to_value(&decoded).unwrap();
    assert_eq!(encoded["parent"], json!({"name": "p", "label": null}));
    assert_eq!(encoded["scores"], json!([1, null, 3]));
    assert_eq!(encoded["extras"], json!({"a": null, "b": "x"}));
}

#[tokio::test]
async fn whole_bodies_may_be_null() {
    let (_server, client) = serving("/items/current", json!(null)).await;
    assert_eq!(client.items().get_current().await.unwrap(), None);
    let (_server, client) = serving("/items", json!(null)).await;
    assert_eq!(client.items().list().await.unwrap(), None);
    let (_server, client) = serving("/items", json!([{"name": "a", "label": null}])).await;
    assert_eq!(client.items().list().await.unwrap().unwrap()[0].name, "a");
}
