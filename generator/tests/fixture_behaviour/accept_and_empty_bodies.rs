//! `Accept` names what the operation's success responses declare (a server that honours it
//! answers 406 otherwise); empty bodies are not decode errors where nothing can be sent.

use fixture_accept_and_empty_bodies::{reports::GetSummaryResponse, types::Facility, Client, Error};
use wiremock::matchers::{body_json, header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// Answers `body` at `route` only to a request accepting exactly `accept`; anything else 406.
async fn honouring(route: &str, accept: &str, body: ResponseTemplate) -> (MockServer, Client) {
    let server = MockServer::start().await;
    let accept = accept.to_string();
    let accepts = move |request: &wiremock::Request| request.headers.get("accept").is_some_and(|value| *value == *accept);
    Mock::given(path(route)).and(accepts).respond_with(body).with_priority(1).mount(&server).await;
    Mock::given(path(route)).respond_with(ResponseTemplate::new(406)).with_priority(2).mount(&server).await;
    let client = Client::builder().base_url(server.uri()).max_retries(0).build().unwrap();
    (server, client)
}

#[tokio::test]
async fn each_operation_accepts_the_media_types_it_declares() {
    let text = ResponseTemplate::new(200).set_body_raw("hello", "text/plain");
    let (_s, client) = honouring("/report.txt", "text/plain", text).await;
    assert_eq!(client.reports().get_text().await.unwrap(), "hello");

    let csv = ResponseTemplate::new(200).set_body_raw("a,b\n1,2\n", "text/csv");
    let (_s, client) = honouring("/report.csv", "text/csv", csv).await;
    assert_eq!(client.reports().get_csv().await.unwrap(), "a,b\n1,2\n");

    let bytes = ResponseTemplate::new(200).set_body_raw(vec![0u8, 1, 2], "application/octet-stream");
    let (_s, client) = honouring("/report.bin", "application/octet-stream", bytes).await;
    assert_eq!(&client.reports().get_binary().await.unwrap()[..], [0, 1, 2]);

    let png = ResponseTemplate::new(200).set_body_raw(b"\x89PNG".to_vec(), "image/png");
    let (_s, client) = honouring("/chart", "image/png", png).await;
    assert_eq!(&client.reports().get_chart().await.unwrap()[..], b"\x89PNG");

    let computing = ResponseTemplate::new(202).set_body_raw("later", "text/plain");
    let (_s, client) = honouring("/summary", "application/json, text/plain", computing).await;
    assert_eq!(client.reports().get_summary().await.unwrap(), GetSummaryResponse::Accepted("later".into()));

    let json = ResponseTemplate::new(200).set_body_json(serde_json::json!({"total": 1}));
    let (_s, client) = honouring("/jobs/7", "application/json", json).await;
    assert_eq!(client.jobs().update("7").await.unwrap().total, Some(1));
}

#[tokio::test]
async fn empty_bodies_where_nothing_can_be_sent_are_not_errors() {
    let server = MockServer::start().await;
    // A 204 whose spec declares JSON content: HTTP allows no body, the call returns ().
    Mock::given(method("DELETE")).respond_with(ResponseTemplate::new(204)).mount(&server).await;
    // A nullable JSON body the server left empty: `None`.
    Mock::given(method("GET")).respond_with(ResponseTemplate::new(200)).mount(&server).await;
    // A JSON object the server left empty: a decode error that says so, keeping the status.
    Mock::given(method("PUT")).respond_with(ResponseTemplate::new(200)).mount(&server).await;
    let client = Client::builder().base_url(server.uri()).build().unwrap();
    client.jobs().delete("7").await.unwrap();
    assert_eq!(client.jobs().get("7").await.unwrap(), None);
    match client.jobs().update("7").await {
        Err(error @ Error::Decode { .. }) => {
            assert_eq!(error.status().map(|s| s.as_u16()), Some(200));
            assert!(error.to_string().contains("the response has no body"), "{error}");
        }
        other => panic!("expected a decode error, got {other:?}"),
    }
}

#[tokio::test]
async fn application_json_is_read_and_sent_before_other_json_media_types() {
    // The spec lists GeoJSON first; the record is what `application/json` holds.
    let record = ResponseTemplate::new(200).set_body_json(serde_json::json!({"id": "7", "name": "Depot"}));
    let (_s, client) = honouring("/facilities/7", "application/json", record).await;
    let facility = client.facilities().get("7").await.unwrap();
    assert_eq!((facility.id.as_str(), facility.name.as_str()), ("7", "Depot"));

    let server = MockServer::start().await;
    Mock::given(method("PATCH"))
        .and(header("content-type", "application/json"))
        .and(body_json(serde_json::json!({"id": "7", "name": "Yard"})))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({"id": "7", "name": "Yard"})))
        .mount(&server)
        .await;
    let client = Client::builder().base_url(server.uri()).max_retries(0).build().unwrap();
    let renamed = client.facilities().update("7", &Facility::new("7", "Yard")).await.unwrap();
    assert_eq!(renamed.name, "Yard");
}
