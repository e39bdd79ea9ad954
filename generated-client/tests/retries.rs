//! Retries, backoff, `Retry-After` and timeouts, against an in-process mock server.
//!
//! Waits are measured on the real clock, with lower bounds only: the mock server answers
//! over a real socket, and tokio's paused clock would jump past reqwest's own timers while
//! the test waits on that socket. Tests that are not about waiting use a 1 ms backoff.

use std::net::TcpListener;
use std::time::{Duration, Instant, SystemTime};

use netography_client::{types, Client, ClientBuilder, Error, RetryPolicy};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const LIST: &str = "/api/v1/api-keys";

fn builder(server: &MockServer) -> ClientBuilder {
    Client::builder().base_url(server.uri()).bearer_token("test-token")
}

/// Retries without waiting: for tests about whether and how often, not how long.
fn fast_retries() -> RetryPolicy {
    RetryPolicy::default().with_initial_backoff(Duration::from_millis(1))
}

fn fast_client(server: &MockServer) -> Client {
    builder(server).retry_policy(fast_retries()).build().unwrap()
}

fn list_body() -> serde_json::Value {
    serde_json::json!({"meta": {"code": 200, "count": 1}, "data": [{"appname": "ingest"}]})
}

fn create_body() -> types::ApiKeyCreateConfig {
    types::ApiKeyCreateConfig::new("ingest", vec!["admin".into()])
}

/// Answers `status` to the first `times` matching requests, then falls through to later mocks.
async fn fail_first(server: &MockServer, http_method: &str, status: u16, times: u64) {
    Mock::given(method(http_method))
        .and(path(LIST))
        .respond_with(ResponseTemplate::new(status))
        .up_to_n_times(times)
        .with_priority(1)
        .mount(server)
        .await;
}

async fn then_succeed(server: &MockServer, http_method: &str) {
    let body = match http_method {
        "POST" => serde_json::json!({"data": {"appname": "ingest", "appkey": "new-key"}}),
        _ => list_body(),
    };
    Mock::given(method(http_method))
        .and(path(LIST))
        .respond_with(ResponseTemplate::new(200).set_body_json(body))
        .mount(server)
        .await;
}

async fn always(server: &MockServer, http_method: &str, response: ResponseTemplate) {
    Mock::given(method(http_method)).and(path(LIST)).respond_with(response).mount(server).await;
}

async fn requests_received(server: &MockServer) -> usize {
    server.received_requests().await.expect("request recording is on").len()
}

#[tokio::test]
async fn two_503s_then_200_succeeds_on_the_third_attempt_after_backing_off() {
    let server = MockServer::start().await;
    fail_first(&server, "GET", 503, 2).await;
    then_succeed(&server, "GET").await;
    let client = builder(&server).build().unwrap(); // the default policy: 500 ms, doubling

    let started = Instant::now();
    let keys = client.api_keys().list().await.expect("the third attempt succeeds");

    assert_eq!(keys.data.unwrap()[0].appname.as_deref(), Some("ingest"));
    assert_eq!(requests_received(&server).await, 3);
    // Equal jitter waits at least half of each ceiling: 250 ms, then 500 ms.
    let waited = started.elapsed();
    assert!(waited >= Duration::from_millis(750), "backed off only {waited:?}");
}

#[tokio::test]
async fn a_429_with_retry_after_seconds_waits_that_long() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(LIST))
        .respond_with(ResponseTemplate::new(429).insert_header("Retry-After", "1"))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    then_succeed(&server, "GET").await;
    // A 1 ms backoff: only Retry-After can account for the wait.
    let client = fast_client(&server);

    let started = Instant::now();
    client.api_keys().list().await.expect("the retry succeeds");

    let waited = started.elapsed();
    assert!(waited >= Duration::from_millis(900), "Retry-After: 1 but waited {waited:?}");
    assert_eq!(requests_received(&server).await, 2);
}

#[tokio::test]
async fn a_retry_after_http_date_is_waited_for() {
    let server = MockServer::start().await;
    // Whole seconds: 2 s from now is at least 1 s away when the response arrives.
    let date = httpdate::fmt_http_date(SystemTime::now() + Duration::from_secs(2));
    Mock::given(method("GET"))
        .and(path(LIST))
        .respond_with(ResponseTemplate::new(503).insert_header("Retry-After", date.as_str()))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    then_succeed(&server, "GET").await;
    let client = fast_client(&server);

    let started = Instant::now();
    client.api_keys().list().await.expect("the retry succeeds");

    let waited = started.elapsed();
    assert!(waited >= Duration::from_millis(500), "Retry-After: {date} but waited {waited:?}");
    assert_eq!(requests_received(&server).await, 2);
}

#[tokio::test]
async fn a_retry_after_beyond_the_limit_fails_at_once_and_says_when_to_come_back() {
    let server = MockServer::start().await;
    always(&server, "GET", ResponseTemplate::new(429).insert_header("Retry-After", "3600")).await;
    let client = fast_client(&server);

    let started = Instant::now();
    let error = client.api_keys().list().await.unwrap_err();

    assert!(started.elapsed() < Duration::from_secs(30), "waited for a Retry-After above the limit");
    assert!(error.is_rate_limited(), "{error}");
    assert_eq!(error.retry_after(), Some(Duration::from_secs(3600)));
    assert_eq!(error.attempts(), 1);
    assert_eq!(requests_received(&server).await, 1);
}

#[tokio::test]
async fn a_garbage_retry_after_falls_back_to_backoff() {
    let server = MockServer::start().await;
    always(&server, "GET", ResponseTemplate::new(503).insert_header("Retry-After", "soon, maybe")).await;
    let client = fast_client(&server);

    let error = client.api_keys().list().await.unwrap_err();

    assert_eq!(error.retry_after(), None);
    assert_eq!(requests_received(&server).await, 3);
}

#[tokio::test]
async fn post_is_not_retried_by_default() {
    let server = MockServer::start().await;
    always(&server, "POST", ResponseTemplate::new(503)).await;
    let client = fast_client(&server);

    let error = client.api_keys().create(&create_body()).await.unwrap_err();

    assert_eq!(error.status().map(|s| s.as_u16()), Some(503));
    assert_eq!(error.attempts(), 1);
    assert_eq!(requests_received(&server).await, 1);
}

#[tokio::test]
async fn post_is_retried_when_the_call_opts_in() {
    let server = MockServer::start().await;
    fail_first(&server, "POST", 503, 1).await;
    then_succeed(&server, "POST").await;
    let client = fast_client(&server);

    client.api_keys().create(&create_body()).retry_non_idempotent().await.expect("the retry succeeds");

    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests.len(), 2);
    assert_eq!(requests[0].body, requests[1].body, "the retry sends the same body");
    assert!(!requests[1].body.is_empty());
}

#[tokio::test]
async fn post_is_retried_when_the_client_policy_opts_in() {
    let server = MockServer::start().await;
    fail_first(&server, "POST", 502, 2).await;
    then_succeed(&server, "POST").await;
    let client = builder(&server).retry_policy(fast_retries().with_retry_non_idempotent(true)).build().unwrap();

    client.api_keys().create(&create_body()).await.expect("the third attempt succeeds");

    assert_eq!(requests_received(&server).await, 3);
}

#[tokio::test]
async fn the_attempt_limit_holds_and_the_error_is_the_last_503() {
    let server = MockServer::start().await;
    always(&server, "GET", ResponseTemplate::new(503).insert_header("x-request-id", "req-7")).await;
    let client = fast_client(&server);

    let error = client.api_keys().list().await.unwrap_err();

    assert_eq!(requests_received(&server).await, 3);
    let Error::Api(api_error) = &error else { panic!("expected an API error, got {error:?}") };
    assert_eq!(api_error.status().as_u16(), 503);
    assert_eq!(api_error.attempts(), 3);
    assert_eq!(error.request_id(), Some("req-7"));
    assert!(error.is_retryable() && error.is_server_error());
    assert_eq!(error.to_string(), "api_keys.list: HTTP 503 Service Unavailable (request id req-7) after 3 attempts");
}

#[tokio::test]
async fn statuses_that_a_retry_cannot_fix_are_sent_once() {
    for status in [400, 401, 403, 404, 409, 422, 500, 501] {
        let server = MockServer::start().await;
        always(&server, "GET", ResponseTemplate::new(status)).await;

        let error = fast_client(&server).api_keys().list().await.unwrap_err();

        assert!(!error.is_retryable(), "{status}");
        assert_eq!(requests_received(&server).await, 1, "{status} was retried");
    }
}

#[tokio::test]
async fn zero_retries_sends_once() {
    let server = MockServer::start().await;
    always(&server, "GET", ResponseTemplate::new(503)).await;

    let from_builder = builder(&server).max_retries(0).build().unwrap();
    assert_eq!(from_builder.api_keys().list().await.unwrap_err().attempts(), 1);
    assert_eq!(requests_received(&server).await, 1);

    let from_policy = builder(&server).retry_policy(RetryPolicy::none()).build().unwrap();
    from_policy.api_keys().list().await.unwrap_err();
    assert_eq!(requests_received(&server).await, 2);

    fast_client(&server).api_keys().list().max_retries(0).await.unwrap_err();
    assert_eq!(requests_received(&server).await, 3);
}

#[tokio::test]
async fn a_call_override_beats_the_client_policy() {
    let server = MockServer::start().await;
    always(&server, "GET", ResponseTemplate::new(504)).await;
    let client = builder(&server).max_retries(0).build().unwrap();

    let error = client.api_keys().list().retry_policy(fast_retries().with_max_retries(4)).await.unwrap_err();

    assert_eq!(error.attempts(), 5);
    assert_eq!(requests_received(&server).await, 5);
}

#[tokio::test]
async fn a_request_timeout_is_reported_as_a_timeout_and_retried() {
    let server = MockServer::start().await;
    always(&server, "GET", ResponseTemplate::new(200).set_body_json(list_body()).set_delay(Duration::from_secs(10)))
        .await;
    let client = fast_client(&server);

    let error = client.api_keys().list().timeout(Duration::from_millis(200)).max_retries(1).await.unwrap_err();

    assert!(error.is_timeout(), "{error:?}");
    assert!(error.is_retryable());
    assert_eq!(error.attempts(), 2);
    assert_eq!(error.to_string(), "api_keys.list: timed out after 2 attempts");
    assert_eq!(requests_received(&server).await, 2);
}

#[tokio::test]
async fn a_refused_connection_is_retried_then_reported_as_transport() {
    // A port that was free a moment ago: nothing listens there.
    let port = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let client =
        Client::builder().base_url(format!("http://127.0.0.1:{port}")).retry_policy(fast_retries()).build().unwrap();

    let error = client.api_keys().list().await.unwrap_err();

    assert!(matches!(error, Error::Transport { .. }), "{error:?}");
    assert!(error.is_retryable());
    assert_eq!(error.attempts(), 3);
    let message = error.to_string();
    assert!(message.starts_with("api_keys.list: ") && message.ends_with(" after 3 attempts"), "{message}");
    assert!(!message.contains('\n'), "{message}");
}

#[tokio::test]
async fn redirects_are_returned_not_followed() {
    let server = MockServer::start().await;
    always(&server, "GET", ResponseTemplate::new(302).insert_header("Location", "http://127.0.0.1:1/elsewhere")).await;

    let error = fast_client(&server).api_keys().list().await.unwrap_err();

    let api_error = error.api_error().expect("a 3xx is an API error");
    assert_eq!(api_error.status().as_u16(), 302);
    assert_eq!(api_error.headers()["location"], "http://127.0.0.1:1/elsewhere");
    assert_eq!(requests_received(&server).await, 1);
}
