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
    // `Item` is also sent (a request body): an optional nullable member keeps absent
    // (`None`) and `null` (`Some(None)`) apart.
    assert_eq!(decoded.count, Some(Some(3)));
    assert_eq!(decoded.ratio, Some(Some(0.5)));
    assert_eq!(decoded.scores, Some(vec![Some(1), None, Some(3)]));
    let parent = decoded.parent.clone().flatten().unwrap();
    assert_eq!((parent.label.as_deref(), parent.count, parent.tags.clone()), (None, Some(None), Some(None)));
    assert_eq!(decoded.extras.as_ref().unwrap()["a"], None);
    // Encoding gives the JSON back, each `null` where it was.
    let encoded = serde_json::to_value(&decoded).unwrap();
    assert_eq!(encoded, item);
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

#[tokio::test]
async fn a_nullable_request_body_sends_null_or_the_value() {
    let server = MockServer::start().await;
    Mock::given(path("/items/current")).respond_with(ResponseTemplate::new(204)).mount(&server).await;
    let client = Client::builder().base_url(server.uri()).build().unwrap();
    client.items().set_current(None).await.unwrap();
    let item: types::Item = serde_json::from_value(json!({"name": "a", "label": null})).unwrap();
    client.items().set_current(Some(&item)).await.unwrap();
    let bodies: Vec<serde_json::Value> = server
        .received_requests()
        .await
        .unwrap()
        .iter()
        .map(|r| serde_json::from_slice(&r.body).unwrap())
        .collect();
    assert_eq!(bodies, [json!(null), json!({"name": "a", "label": null})]);
}

#[tokio::test]
async fn a_union_of_float_and_double_keeps_every_digit() {
    let (_server, client) = serving("/measure", json!(-538.4379662573338)).await;
    let measure = client.items().get_measure().await.unwrap();
    assert_eq!(serde_json::to_value(&measure).unwrap(), json!(-538.4379662573338));
    let (_server, client) = serving("/measure", json!(0.5)).await;
    assert_eq!(serde_json::to_value(client.items().get_measure().await.unwrap()).unwrap(), json!(0.5));
}
