//! The generated client against an in-process mock server (wiremock).
//!
//! Every mock is mounted with `.expect(n)`, so a request that is not sent, or sent twice,
//! fails the test when the server is dropped; a request that matches no mock gets a 404
//! and fails the call. Where a matcher could be lenient (wiremock's path matcher, header
//! matchers that split on commas), the test also inspects the request as received.

use std::time::{Duration, Instant};

use netography_client::{types, ApiErrorBody, Client, Error};
use serde_json::{json, Value};
use wiremock::matchers::{bearer_token, body_json, header, method, path};
use wiremock::{Mock, MockBuilder, MockServer, Request, ResponseTemplate};

/// Distinctive, so a leak into a message or `Debug` output cannot be a coincidence.
const TOKEN: &str = "tok-3f9a-very-secret";

/// The JSON error body of the spec, sent byte for byte.
const UNAUTHORIZED_BODY: &str = r#"{"status":401,"name":"Unauthorized","message":"bad token"}"#;

// ---------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------

fn client_for(server: &MockServer) -> Client {
    Client::builder().bearer_token(TOKEN).base_url(server.uri()).build().expect("the client builds")
}

/// A mock for `method request_path` that also requires what every call must carry:
/// `Authorization: Bearer <TOKEN>` and `Accept: application/json`.
fn expect_call(http_method: &str, request_path: &str) -> MockBuilder {
    Mock::given(method(http_method))
        .and(path(request_path))
        .and(bearer_token(TOKEN))
        .and(header("accept", "application/json"))
}

/// A mock for a call with a JSON body: as [`expect_call`], plus
/// `Content-Type: application/json` and exactly this JSON body.
fn expect_call_with_body(http_method: &str, request_path: &str, body: Value) -> MockBuilder {
    expect_call(http_method, request_path).and(header("content-type", "application/json")).and(body_json(body))
}

/// The only request the server received.
async fn the_only_request(server: &MockServer) -> Request {
    let mut requests = server.received_requests().await.expect("request recording is enabled");
    assert_eq!(requests.len(), 1, "expected exactly one request, got {requests:#?}");
    requests.remove(0)
}

/// All values of a request header, as text.
fn header_values<'r>(request: &'r Request, name: &str) -> Vec<&'r str> {
    request.headers.get_all(name).iter().map(|v| v.to_str().expect("a text header")).collect()
}

/// Checks what the matchers cannot see: the raw path, no query, and each of the fixed
/// headers present exactly once with its exact value.
fn assert_request(request: &Request, http_method: &str, raw_path: &str, json_body: Option<&Value>) {
    assert_eq!(request.method.as_str(), http_method);
    assert_eq!(request.url.path(), raw_path, "raw request path");
    assert_eq!(request.url.query(), None, "no query string");
    assert_eq!(header_values(request, "authorization"), [format!("Bearer {TOKEN}")]);
    assert_eq!(header_values(request, "accept"), ["application/json"]);
    match json_body {
        Some(expected) => {
            assert_eq!(header_values(request, "content-type"), ["application/json"]);
            let sent: Value = serde_json::from_slice(&request.body).expect("the request body is JSON");
            assert_eq!(&sent, expected, "request body");
        }
        None => {
            assert!(header_values(request, "content-type").is_empty(), "no Content-Type without a body");
            assert!(request.body.is_empty(), "no body expected, got {:?}", String::from_utf8_lossy(&request.body));
        }
    }
}

/// Neither `Debug` nor `Display` of an error may contain the token.
fn assert_no_token_in(error: &Error) {
    for shown in [format!("{error:?}"), format!("{error}"), format!("{error:#?}")] {
        assert!(!shown.contains(TOKEN), "the bearer token leaked into {shown:?}");
        assert!(!shown.contains("Bearer "), "an Authorization value leaked into {shown:?}");
    }
}

/// The `ApiError` of an error status; panics on any other kind of error.
fn api_error(error: &Error) -> &netography_client::ApiError {
    match error {
        Error::Api(api) => api,
        other => panic!("expected Error::Api, got {other:?}"),
    }
}

// JSON fixtures, shaped like the spec's responses.

fn meta(count: i32) -> Value {
    json!({ "code": 200, "count": count })
}

fn record_json(appname: &str) -> Value {
    json!({
        "appname": appname,
        "description": "CI pipeline key",
        "roles": ["analyst"],
        "last_login": 1700000000.5,
        "last_ip": "10.0.0.1",
    })
}

fn meta_of(code: i32, count: i32) -> types::Meta {
    let mut meta = types::Meta::new();
    meta.code = Some(code);
    meta.count = Some(count);
    meta
}

fn record(appname: &str) -> types::ApiKeyRecord {
    // A response type: built with `new` and its fields, as a test or mock does.
    let mut record = types::ApiKeyRecord::new();
    record.appname = Some(appname.into());
    record.description = Some("CI pipeline key".into());
    record.roles = Some(vec!["analyst".into()]);
    record.last_login = Some(1700000000.5);
    record.last_ip = Some("10.0.0.1".into());
    record
}

fn record_with_appkey_json(appname: &str, appkey: &str) -> Value {
    let mut value = record_json(appname);
    value["appkey"] = json!(appkey);
    value
}

fn record_with_appkey(appname: &str, appkey: &str) -> types::ApiKeyRecordWithAppkey {
    let record = record(appname);
    let mut with_appkey = types::ApiKeyRecordWithAppkey::new();
    with_appkey.appkey = Some(appkey.into());
    with_appkey.appname = record.appname;
    with_appkey.description = record.description;
    with_appkey.roles = record.roles;
    with_appkey.last_login = record.last_login;
    with_appkey.last_ip = record.last_ip;
    with_appkey
}

fn update_config() -> types::ApiKeyUpdateConfig {
    types::ApiKeyUpdateConfig::new().description("rotated by ops").roles(vec!["admin".into()])
}

fn update_config_json() -> Value {
    json!({ "description": "rotated by ops", "roles": ["admin"] })
}

// ---------------------------------------------------------------------------------------
// One test per operation: request on the wire, decoded response
// ---------------------------------------------------------------------------------------

#[tokio::test]
async fn list_sends_an_authorized_get_and_decodes_every_record() {
    let server = MockServer::start().await;
    expect_call("GET", "/api/v1/api-keys")
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "meta": meta(2),
            "data": [record_json("ci-bot"), record_json("grafana")],
        })))
        .expect(1)
        .mount(&server)
        .await;

    let listed = client_for(&server).api_keys().list().await.expect("list succeeds");

    assert_eq!(listed.meta, Some(meta_of(200, 2)));
    assert_eq!(listed.data, Some(vec![record("ci-bot"), record("grafana")]));
    assert_request(&the_only_request(&server).await, "GET", "/api/v1/api-keys", None);
}

#[tokio::test]
async fn create_posts_the_exact_json_body_and_decodes_the_201_with_the_new_appkey() {
    let server = MockServer::start().await;
    let sent = json!({ "appname": "ci-bot", "description": "CI pipeline key", "roles": ["analyst"] });
    expect_call_with_body("POST", "/api/v1/api-keys", sent.clone())
        .respond_with(ResponseTemplate::new(201).set_body_json(json!({
            "meta": meta(1),
            "data": record_with_appkey_json("ci-bot", "ak_live_123"),
        })))
        .expect(1)
        .mount(&server)
        .await;
    let config = types::ApiKeyCreateConfig::new("ci-bot", vec!["analyst".into()]).description("CI pipeline key");

    let response = client_for(&server).api_keys().create(&config).send_with_response().await.expect("create succeeds");

    assert_eq!(response.status().as_u16(), 201);
    assert_eq!(response.body().meta, Some(meta_of(200, 1)));
    assert_eq!(response.body().data, Some(record_with_appkey("ci-bot", "ak_live_123")));
    assert_request(&the_only_request(&server).await, "POST", "/api/v1/api-keys", Some(&sent));
}

#[tokio::test]
async fn create_omits_an_unset_description_rather_than_sending_null() {
    let server = MockServer::start().await;
    let sent = json!({ "appname": "ci-bot", "roles": [] });
    expect_call_with_body("POST", "/api/v1/api-keys", sent.clone())
        .respond_with(ResponseTemplate::new(201).set_body_json(json!({ "meta": meta(1), "data": {} })))
        .expect(1)
        .mount(&server)
        .await;
    let config = types::ApiKeyCreateConfig::new("ci-bot", vec![]);

    let created = client_for(&server).api_keys().create(&config).await.expect("create succeeds");

    assert_eq!(created.data, Some(types::ApiKeyRecordWithAppkey::default()));
    assert_request(&the_only_request(&server).await, "POST", "/api/v1/api-keys", Some(&sent));
}

#[tokio::test]
async fn get_fetches_one_key_by_appname_and_decodes_it() {
    let server = MockServer::start().await;
    expect_call("GET", "/api/v1/api-keys/ci-bot")
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({ "meta": meta(1), "data": record_json("ci-bot") })),
        )
        .expect(1)
        .mount(&server)
        .await;

    let fetched = client_for(&server).api_keys().get("ci-bot").await.expect("get succeeds");

    assert_eq!(fetched.meta, Some(meta_of(200, 1)));
    assert_eq!(fetched.data, Some(record("ci-bot")));
    assert_request(&the_only_request(&server).await, "GET", "/api/v1/api-keys/ci-bot", None);
}

#[tokio::test]
async fn update_puts_the_exact_json_body_and_decodes_the_updated_key() {
    let server = MockServer::start().await;
    let mut updated = record_json("ci-bot");
    updated["description"] = json!("rotated by ops");
    updated["roles"] = json!(["admin"]);
    expect_call_with_body("PUT", "/api/v1/api-keys/ci-bot", update_config_json())
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({ "meta": meta(1), "data": updated })))
        .expect(1)
        .mount(&server)
        .await;

    let response = client_for(&server).api_keys().update("ci-bot", &update_config()).await.expect("update succeeds");

    let mut expected = record("ci-bot");
    expected.description = Some("rotated by ops".into());
    expected.roles = Some(vec!["admin".into()]);
    assert_eq!(response.data, Some(expected));
    assert_request(&the_only_request(&server).await, "PUT", "/api/v1/api-keys/ci-bot", Some(&update_config_json()));
}

#[tokio::test]
async fn delete_sends_a_delete_and_returns_unit_on_an_empty_204() {
    let server = MockServer::start().await;
    expect_call("DELETE", "/api/v1/api-keys/ci-bot")
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;

    let response = client_for(&server).api_keys().delete("ci-bot").send_with_response().await.expect("delete succeeds");

    assert_eq!(response.status().as_u16(), 204);
    let () = response.into_body();
    assert_request(&the_only_request(&server).await, "DELETE", "/api/v1/api-keys/ci-bot", None);
}

#[tokio::test]
async fn regenerate_puts_to_the_regen_path_and_decodes_the_new_appkey() {
    let server = MockServer::start().await;
    expect_call_with_body("PUT", "/api/v1/api-keys/ci-bot/regen", update_config_json())
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "meta": meta(1),
            "data": record_with_appkey_json("ci-bot", "ak_live_456"),
        })))
        .expect(1)
        .mount(&server)
        .await;

    let regenerated =
        client_for(&server).api_keys().regenerate("ci-bot", &update_config()).await.expect("regenerate succeeds");

    assert_eq!(regenerated.data, Some(record_with_appkey("ci-bot", "ak_live_456")));
    assert_request(
        &the_only_request(&server).await,
        "PUT",
        "/api/v1/api-keys/ci-bot/regen",
        Some(&update_config_json()),
    );
}

// ---------------------------------------------------------------------------------------
// Error statuses
// ---------------------------------------------------------------------------------------

#[tokio::test]
async fn json_error_statuses_keep_the_status_the_decoded_body_and_the_raw_bytes() {
    // (status, error name): the body is the spec's error schema.
    let cases = [(400, "BadRequest"), (401, "Unauthorized"), (403, "Forbidden"), (500, "InternalServerError")];
    for (status, name) in cases {
        let server = MockServer::start().await;
        let raw = format!(r#"{{"status":{status},"name":"{name}","message":"bad token"}}"#);
        expect_call("GET", "/api/v1/api-keys")
            .respond_with(ResponseTemplate::new(status).set_body_raw(raw.clone(), "application/json"))
            .expect(1)
            .mount(&server)
            .await;

        let error = client_for(&server).api_keys().list().await.expect_err("an error status is an error");

        let api = api_error(&error);
        assert_eq!(api.status().as_u16(), status);
        assert_eq!(error.status().map(|s| s.as_u16()), Some(status));
        assert_eq!(api.operation(), "api_keys.list");
        assert_eq!(api.body(), Some(&ApiErrorBody::new(i32::from(status), name, "bad token")), "HTTP {status}");
        assert_eq!(api.raw_body(), raw.as_bytes());
        assert_eq!(api.raw_text(), raw);
        assert!(!api.is_truncated());
        assert_eq!(error.is_unauthorized(), status == 401, "is_unauthorized for {status}");
        assert_eq!(error.is_forbidden(), status == 403, "is_forbidden for {status}");
        assert_eq!(error.is_server_error(), status == 500, "is_server_error for {status}");
        assert!(!error.is_timeout());
        let shown = error.to_string();
        assert!(shown.contains("api_keys.list") && shown.contains(&status.to_string()), "{shown}");
        assert_no_token_in(&error);
    }
}

#[tokio::test]
async fn the_spec_error_body_for_401_is_decoded_field_by_field() {
    let server = MockServer::start().await;
    expect_call("GET", "/api/v1/api-keys")
        .respond_with(ResponseTemplate::new(401).set_body_raw(UNAUTHORIZED_BODY, "application/json"))
        .expect(1)
        .mount(&server)
        .await;

    let error = client_for(&server).api_keys().list().await.expect_err("401 is an error");

    let body = error.api_error().and_then(|api| api.body()).expect("the error body decodes");
    assert_eq!(body.status, 401);
    assert_eq!(body.name, "Unauthorized");
    assert_eq!(body.message, "bad token");
    assert_eq!(error.api_error().unwrap().raw_text(), UNAUTHORIZED_BODY);
    assert!(error.is_unauthorized());
    assert_no_token_in(&error);
}

#[tokio::test]
async fn non_json_error_bodies_are_kept_raw_and_body_is_none() {
    let html_502 = "<html><head><title>502 Bad Gateway</title></head>\
                    <body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>";
    let html_401 = "<!DOCTYPE html><html><body><h1>401 Authorization Required</h1></body></html>";
    // (status, content type, body)
    let cases = [
        (400, "text/plain", "Bad Request"),
        (401, "text/html", html_401),
        (403, "text/plain", ""),
        (500, "text/plain", "Internal Server Error: upstream crashed"),
        (502, "text/html", html_502),
        // JSON, but not the error schema.
        (500, "application/json", r#"{"error":"boom"}"#),
    ];
    for (status, content_type, raw) in cases {
        let server = MockServer::start().await;
        expect_call("GET", "/api/v1/api-keys")
            .respond_with(ResponseTemplate::new(status).set_body_raw(raw, content_type))
            .expect(1)
            .mount(&server)
            .await;

        // Sent once: 502 and 503 would be retried (see generated-client/tests/retries.rs).
        let error =
            client_for(&server).api_keys().list().max_retries(0).await.expect_err("an error status is an error");

        let api = api_error(&error);
        assert_eq!(api.status().as_u16(), status, "{content_type} body {raw:?}");
        assert_eq!(api.body(), None, "HTTP {status} with {raw:?} is not the error schema");
        assert_eq!(api.raw_body(), raw.as_bytes());
        assert_eq!(api.raw_text(), raw);
        assert_eq!(error.is_unauthorized(), status == 401);
        assert_eq!(error.is_forbidden(), status == 403);
        assert_eq!(error.is_server_error(), status >= 500);
        assert_no_token_in(&error);
    }
}

#[tokio::test]
async fn an_error_status_on_delete_is_an_error_although_success_bodies_are_ignored() {
    let server = MockServer::start().await;
    expect_call("DELETE", "/api/v1/api-keys/ghost")
        .respond_with(
            ResponseTemplate::new(404)
                .set_body_raw(r#"{"status":404,"name":"NotFound","message":"no such key"}"#, "application/json"),
        )
        .expect(1)
        .mount(&server)
        .await;

    let error = client_for(&server).api_keys().delete("ghost").await.expect_err("404 is an error");

    assert!(error.is_not_found());
    assert_eq!(error.operation(), "api_keys.delete");
    assert_eq!(error.api_error().and_then(|api| api.body()).map(|body| body.message.as_str()), Some("no such key"));
    assert_no_token_in(&error);
}

#[tokio::test]
async fn the_request_id_header_of_an_error_is_exposed() {
    let server = MockServer::start().await;
    expect_call("GET", "/api/v1/api-keys")
        .respond_with(
            ResponseTemplate::new(500)
                .insert_header("x-request-id", "req-7f3c2a")
                .set_body_raw(r#"{"status":500,"name":"InternalServerError","message":"oops"}"#, "application/json"),
        )
        .expect(1)
        .mount(&server)
        .await;

    let error = client_for(&server).api_keys().list().await.expect_err("500 is an error");

    assert_eq!(error.api_error().and_then(|api| api.request_id()), Some("req-7f3c2a"));
    assert!(error.to_string().contains("req-7f3c2a"), "the message names the request id: {error}");
    assert_no_token_in(&error);
}

// ---------------------------------------------------------------------------------------
// Encoding, decoding leniency and strictness
// ---------------------------------------------------------------------------------------

#[tokio::test]
async fn a_path_parameter_is_sent_as_one_percent_encoded_segment() {
    const APPNAME: &str = "a/b c?x#y";
    const ENCODED: &str = "/api/v1/api-keys/a%2Fb%20c%3Fx%23y";
    let server = MockServer::start().await;
    let record = json!({ "meta": meta(1), "data": record_json(APPNAME) });
    for http_method in ["GET", "PUT"] {
        expect_call(http_method, ENCODED)
            .respond_with(ResponseTemplate::new(200).set_body_json(record.clone()))
            .expect(1)
            .mount(&server)
            .await;
    }
    expect_call("DELETE", ENCODED).respond_with(ResponseTemplate::new(204)).expect(1).mount(&server).await;
    expect_call("PUT", &format!("{ENCODED}/regen"))
        .respond_with(ResponseTemplate::new(200).set_body_json(record.clone()))
        .expect(1)
        .mount(&server)
        .await;
    let client = client_for(&server);
    let keys = client.api_keys();

    let fetched = keys.get(APPNAME).await.expect("get succeeds");
    keys.update(APPNAME, &update_config()).await.expect("update succeeds");
    keys.delete(APPNAME).await.expect("delete succeeds");
    keys.regenerate(APPNAME, &update_config()).await.expect("regenerate succeeds");

    assert_eq!(fetched.data.and_then(|data| data.appname).as_deref(), Some(APPNAME));
    let requests = server.received_requests().await.expect("request recording is enabled");
    let raw: Vec<(&str, &str, Option<&str>, Option<&str>)> = requests
        .iter()
        .map(|request| (request.method.as_str(), request.url.path(), request.url.query(), request.url.fragment()))
        .collect();
    assert_eq!(
        raw,
        [
            ("GET", ENCODED, None, None),
            ("PUT", ENCODED, None, None),
            ("DELETE", ENCODED, None, None),
            ("PUT", "/api/v1/api-keys/a%2Fb%20c%3Fx%23y/regen", None, None),
        ]
    );
}

#[tokio::test]
async fn non_ascii_path_parameters_are_utf8_percent_encoded() {
    let server = MockServer::start().await;
    expect_call("DELETE", "/api/v1/api-keys/caf%C3%A9-%E2%9C%93")
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;

    client_for(&server).api_keys().delete("café-✓").await.expect("delete succeeds");

    assert_request(&the_only_request(&server).await, "DELETE", "/api/v1/api-keys/caf%C3%A9-%E2%9C%93", None);
}

#[tokio::test]
async fn unknown_fields_in_a_response_are_ignored() {
    let server = MockServer::start().await;
    let mut item = record_json("ci-bot");
    item["created_by"] = json!({ "user": "alice", "sso": true });
    expect_call("GET", "/api/v1/api-keys")
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "meta": { "code": 200, "count": 1, "took_ms": 3 },
            "data": [item],
            "links": { "next": null },
            "api_version": "1.1",
        })))
        .expect(1)
        .mount(&server)
        .await;

    let listed = client_for(&server).api_keys().list().await.expect("unknown fields are accepted");

    assert_eq!(listed.meta, Some(meta_of(200, 1)));
    assert_eq!(listed.data, Some(vec![record("ci-bot")]));
}

#[tokio::test]
async fn a_success_body_of_the_wrong_shape_is_a_decode_error_with_the_status() {
    // (status, content type, body)
    let cases = [
        (200, "application/json", r#"{"data": "not an array"}"#),
        (200, "application/json", r#"{"meta": {"code": "two hundred"}}"#),
        (200, "text/html", "<html><body>maintenance</body></html>"),
        (200, "application/json", ""),
    ];
    for (status, content_type, raw) in cases {
        let server = MockServer::start().await;
        expect_call("GET", "/api/v1/api-keys")
            .respond_with(ResponseTemplate::new(status).set_body_raw(raw, content_type))
            .expect(1)
            .mount(&server)
            .await;

        let error = client_for(&server).api_keys().list().await.expect_err("a mismatched body is an error");

        match &error {
            Error::Decode { operation, status: decoded_status, message, snippet, .. } => {
                assert_eq!(*operation, "api_keys.list");
                assert_eq!(decoded_status.as_u16(), status);
                assert!(!message.is_empty(), "the decoder says why");
                assert_eq!(snippet.as_str(), raw, "a short body is kept whole");
            }
            other => panic!("expected Error::Decode for {raw:?}, got {other:?}"),
        }
        assert_eq!(error.status().map(|s| s.as_u16()), Some(status));
        assert!(error.api_error().is_none());
        assert!(!error.is_server_error());
        assert_no_token_in(&error);
    }
}

// ---------------------------------------------------------------------------------------
// Response access, per-request options, secrets
// ---------------------------------------------------------------------------------------

#[tokio::test]
async fn send_with_response_exposes_the_status_headers_and_request_id() {
    let server = MockServer::start().await;
    expect_call("GET", "/api/v1/api-keys")
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header("x-ratelimit-remaining", "42")
                .insert_header("x-request-id", "req-ok-1")
                .set_body_json(json!({ "meta": meta(0), "data": [] })),
        )
        .expect(1)
        .mount(&server)
        .await;

    let response = client_for(&server).api_keys().list().send_with_response().await.expect("list succeeds");

    assert_eq!(response.status().as_u16(), 200);
    assert_eq!(response.headers().get("x-ratelimit-remaining").map(|v| v.to_str().unwrap()), Some("42"));
    assert_eq!(response.request_id(), Some("req-ok-1"));
    assert_eq!(response.body().data, Some(vec![]));
    assert_eq!(response.into_body().meta, Some(meta_of(200, 0)));
}

#[tokio::test]
async fn a_per_request_header_is_sent_on_that_request_only() {
    let server = MockServer::start().await;
    let empty_list = json!({ "meta": meta(0), "data": [] });
    expect_call("GET", "/api/v1/api-keys")
        .and(header("x-extra", "1"))
        .respond_with(ResponseTemplate::new(200).set_body_json(empty_list.clone()))
        .expect(1)
        .mount(&server)
        .await;
    // Without the header, the call only succeeds through this lower-priority mock.
    expect_call("GET", "/api/v1/api-keys")
        .respond_with(ResponseTemplate::new(200).set_body_json(empty_list))
        .with_priority(10)
        .expect(1)
        .mount(&server)
        .await;
    let client = client_for(&server);

    client.api_keys().list().header("x-extra", "1").await.expect("list with the header succeeds");
    client.api_keys().list().await.expect("list without the header succeeds");

    let requests = server.received_requests().await.expect("request recording is enabled");
    assert_eq!(requests.len(), 2);
    assert_eq!(header_values(&requests[0], "x-extra"), ["1"]);
    assert!(header_values(&requests[1], "x-extra").is_empty(), "the header leaked into the next request");
    // The extra header does not replace the fixed ones.
    assert_request(&requests[0], "GET", "/api/v1/api-keys", None);
}

#[tokio::test]
async fn a_per_request_timeout_turns_a_slow_response_into_a_timeout_error() {
    let server = MockServer::start().await;
    expect_call("GET", "/api/v1/api-keys")
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({ "meta": meta(0), "data": [] }))
                .set_delay(Duration::from_secs(2)),
        )
        .expect(1)
        .mount(&server)
        .await;

    let started = Instant::now();
    let error = client_for(&server)
        .api_keys()
        .list()
        .timeout(Duration::from_millis(100))
        .max_retries(0) // a timeout would be retried (see generated-client/tests/retries.rs)
        .await
        .expect_err("the response comes after the timeout");
    let elapsed = started.elapsed();

    assert!(error.is_timeout(), "expected a timeout, got {error:?}");
    assert!(matches!(error, Error::Timeout { operation: "api_keys.list", .. }), "{error:?}");
    assert!(elapsed < Duration::from_millis(1500), "the 100 ms timeout fired after {elapsed:?}");
    assert_eq!(error.status(), None);
    assert!(error.is_retryable());
    assert_no_token_in(&error);
}

#[tokio::test]
async fn the_bearer_token_never_shows_in_debug_output_or_error_messages() {
    let server = MockServer::start().await;
    let builder = Client::builder().bearer_token(TOKEN).base_url(server.uri());
    assert!(!format!("{builder:?}").contains(TOKEN), "ClientBuilder Debug leaks the token");
    let client = builder.build().expect("the client builds");
    for shown in [format!("{client:?}"), format!("{client:#?}")] {
        assert!(!shown.contains(TOKEN), "Client Debug leaks the token: {shown}");
        assert!(shown.contains(&server.uri()), "the Debug output is real, not empty: {shown}");
    }
    assert!(!format!("{:?}", client.api_keys().list()).contains(TOKEN), "Call Debug leaks the token");

    // A connection failure: nothing listens on a port that was just released.
    // (Not a dropped MockServer: wiremock pools its servers, they keep listening.)
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let unreachable =
        Client::builder().bearer_token(TOKEN).base_url(format!("http://127.0.0.1:{port}")).build().unwrap();
    let error = unreachable.api_keys().list().await.expect_err("nothing listens");
    assert!(matches!(error, Error::Transport { .. }), "{error:?}");
    assert_no_token_in(&error);

    // A per-request header that cannot be sent.
    let error = client.api_keys().list().header("bad header", "x").await.expect_err("an invalid header name");
    assert!(matches!(error, Error::InvalidRequest { .. }), "{error:?}");
    assert_no_token_in(&error);
}

/// A success body can carry a secret the API just issued: a decode error keeps the start of
/// the body for a caller who looks, but neither its message nor its `Debug` shows it.
#[tokio::test]
async fn a_decode_error_does_not_log_the_body_it_could_not_decode() {
    let server = MockServer::start().await;
    let body = r#"{"data":{"appkey":"ak_live_SECRET","roles":"admin"}}"#;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(201).set_body_raw(body, "application/json"))
        .mount(&server)
        .await;
    let create = types::ApiKeyCreateConfig::new("a", vec!["admin".into()]);
    let error = client_for(&server).api_keys().create(&create).await.expect_err("roles is not an array");
    assert!(matches!(&error, Error::Decode { snippet, .. } if snippet.as_str().contains("ak_live_SECRET")));
    for shown in [error.to_string(), format!("{error:?}"), format!("{error:#?}")] {
        assert!(!shown.contains("ak_live_SECRET"), "{shown}");
    }
}

#[tokio::test]
async fn a_per_request_header_replaces_the_one_the_client_sends() {
    let server = MockServer::start().await;
    Mock::given(method("GET")).respond_with(ResponseTemplate::new(200).set_body_json(json!({}))).mount(&server).await;
    client_for(&server).api_keys().list().header("accept", "text/csv").await.unwrap();
    let request = &server.received_requests().await.unwrap()[0];
    let accepts: Vec<_> = request.headers.get_all("accept").iter().collect();
    assert_eq!(accepts, ["text/csv"]);
}

#[test]
fn a_base_url_with_a_query_or_fragment_is_refused() {
    for url in ["http://host/prefix?q=1", "http://host/prefix#frag", "ftp://host"] {
        let error = Client::builder().base_url(url).build().expect_err(url);
        assert!(matches!(error, netography_client::BuildError::InvalidBaseUrl(..)), "{url}: {error}");
    }
    assert!(Client::builder().base_url("http://host/prefix/").build().is_ok());
}
