//! Raw requests (`Client::request`), as a user's crate sends one to an endpoint the spec does
//! not have, against an in-process mock server: the client's credentials, query and headers,
//! typed, JSON and raw bodies, errors and retries.

use std::time::Duration;

use netography_client::{Client, Error, Method, RetryPolicy};
use wiremock::matchers::{body_json, header, method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn client(server: &MockServer) -> Client {
    let retries = RetryPolicy::default().with_initial_backoff(Duration::from_millis(1));
    Client::builder().base_url(server.uri()).bearer_token("test-token").retry_policy(retries).build().unwrap()
}

/// A type of the user's own, for an endpoint the spec does not describe.
#[derive(Debug, PartialEq, serde::Deserialize)]
struct Usage {
    calls: u64,
    days: u32,
}

#[tokio::test]
async fn a_get_carries_the_clients_credentials_query_and_headers_and_decodes_a_type_of_ones_own() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/api/v2/usage"))
        .and(query_param("days", "7"))
        .and(query_param("tag", "a"))
        .and(header("authorization", "Bearer test-token"))
        .and(header("x-trace", "t1"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({"calls": 42, "days": 7})))
        .expect(1)
        .mount(&server)
        .await;

    let usage: Usage = client(&server)
        .request(Method::GET, "/api/v2/usage")
        .query("days", &7)
        .query("tag", &["a"])
        .query("absent", &None::<String>)
        .header("x-trace", "t1")
        .send()
        .await
        .unwrap();

    assert_eq!(usage, Usage { calls: 42, days: 7 });
    let sent = &server.received_requests().await.unwrap()[0];
    assert_eq!(sent.url.query(), Some("days=7&tag=a"));
}

#[tokio::test]
async fn a_json_body_is_sent_and_the_raw_response_keeps_status_headers_and_bytes() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/api/v1/exports"))
        .and(body_json(serde_json::json!({"format": "csv"})))
        .respond_with(
            ResponseTemplate::new(202).insert_header("x-request-id", "r-1").set_body_raw("a,b\n1,2\n", "text/csv"),
        )
        .mount(&server)
        .await;

    let response = client(&server)
        .request(Method::POST, "/api/v1/exports")
        .json(&serde_json::json!({"format": "csv"}))
        .send_raw()
        .await
        .unwrap();

    assert_eq!(response.status().as_u16(), 202);
    assert_eq!(response.request_id(), Some("r-1"));
    assert_eq!(response.body().as_ref(), b"a,b\n1,2\n");
    let sent = &server.received_requests().await.unwrap()[0];
    assert_eq!(sent.headers.get("content-type").unwrap(), "application/json");
}

#[tokio::test]
async fn an_error_status_is_an_api_error_with_the_body_and_a_503_is_retried() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/api/v2/missing"))
        .respond_with(ResponseTemplate::new(404).set_body_json(serde_json::json!({
            "status": 404, "name": "NotFound", "message": "no such thing"
        })))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/api/v2/flaky"))
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/api/v2/flaky"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({"ok": true})))
        .mount(&server)
        .await;
    let client = client(&server);

    let error = client.request(Method::GET, "/api/v2/missing").send::<serde_json::Value>().await.unwrap_err();
    assert!(error.is_not_found(), "{error}");
    assert_eq!(error.api_error().and_then(|e| e.body()).map(|b| b.message.as_str()), Some("no such thing"));

    let flaky = client.request(Method::GET, "/api/v2/flaky").send_with_response::<serde_json::Value>().await.unwrap();
    assert_eq!(flaky.body()["ok"], true);
    assert_eq!(server.received_requests().await.unwrap().len(), 3);
}

#[tokio::test]
async fn a_post_is_not_retried_unless_asked_and_a_bad_path_sends_nothing() {
    let server = MockServer::start().await;
    Mock::given(method("POST")).respond_with(ResponseTemplate::new(503)).mount(&server).await;
    let client = client(&server);

    let error = client.request(Method::POST, "/api/v2/jobs").body("text/plain", "go").send_raw().await.unwrap_err();
    assert_eq!(error.status().map(|s| s.as_u16()), Some(503));
    assert_eq!(server.received_requests().await.unwrap().len(), 1);
    let error = client
        .request(Method::POST, "/api/v2/jobs")
        .retry_non_idempotent()
        .max_retries(2)
        .send_raw()
        .await
        .unwrap_err();
    assert_eq!(error.attempts(), 3);
    assert_eq!(server.received_requests().await.unwrap().len(), 4);

    let error = client.request(Method::GET, "api/v2/no-slash").send_raw().await.unwrap_err();
    assert!(matches!(error, Error::InvalidRequest { .. }), "{error}");
    assert!(error.to_string().contains("does not start with `/`"), "{error}");
    assert_eq!(server.received_requests().await.unwrap().len(), 4);
}

/// An export endpoint the spec does not have: a file uploaded from disk (with the client's
/// credentials), then a large body read as it arrives.
#[tokio::test]
async fn a_file_is_uploaded_and_a_large_body_streamed() {
    let server = MockServer::start().await;
    let upload: Vec<u8> = (0..100_000u32).map(|i| (i % 241) as u8).collect();
    let export: Vec<u8> = (0..2_000_000u32).map(|i| (i % 239) as u8).collect();
    Mock::given(method("PUT"))
        .and(path("/api/v2/imports/flows.csv"))
        .and(header("authorization", "Bearer test-token"))
        .and(header("content-type", "text/csv"))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/api/v2/exports/flows.csv"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(export.clone(), "text/csv"))
        .mount(&server)
        .await;

    let file = std::env::temp_dir().join(format!("netography-import-{}.csv", std::process::id()));
    std::fs::write(&file, &upload).unwrap();
    let client = client(&server);
    client
        .request(Method::PUT, "/api/v2/imports/flows.csv")
        .upload("text/csv", netography_client::UploadBody::file(&file))
        .send_raw()
        .await
        .unwrap();
    std::fs::remove_file(&file).unwrap();
    assert_eq!(server.received_requests().await.unwrap()[0].body, upload);

    let mut stream = client.request(Method::GET, "/api/v2/exports/flows.csv").byte_stream().await.unwrap();
    let mut received = Vec::new();
    while let Some(chunk) = stream.next_chunk().await {
        received.extend_from_slice(&chunk.unwrap());
    }
    assert_eq!(received, export);
}
