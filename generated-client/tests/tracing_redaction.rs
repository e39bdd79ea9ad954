//! The bearer token never shows: not in the `Debug` of the client, the builder, a call or
//! any error, and not in tracing output at TRACE level, for a successful call, a retried
//! call and a failed one. The traces do show the operation, status and attempt, and no
//! body or filled-in path parameter.

use std::io::Write;
use std::net::TcpListener;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use netography_client::{types, Client, RetryPolicy};
use tracing_subscriber::fmt::format::FmtSpan;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const TOKEN: &str = "tok-3f9a1c7e55d04b2a";
/// Markers in bodies: neither may reach the traces.
const RESPONSE_BODY_MARKER: &str = "response-body-marker-9e1d";
const REQUEST_BODY_MARKER: &str = "request-body-marker-4c2b";
/// A path parameter value: traces carry the path template instead.
const SECRET_APPNAME: &str = "appname-value-77a0";

/// Everything the test subscriber writes.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Captured {
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.lock().unwrap()).into_owned()
    }
}

thread_local! {
    /// What the events of this thread wrote: each test runs on a thread of its own (a
    /// current-thread runtime), so its calls trace into its own buffer.
    static CAPTURED: Captured = Captured::default();
}

/// One global subscriber, writing each event into its thread's buffer. (A subscriber per
/// test set with `set_default` lost events now and then: `tracing` caches, per event site,
/// whether anyone listens, and tests running side by side raced on that cache.)
fn install_subscriber() {
    static INSTALL: std::sync::Once = std::sync::Once::new();
    INSTALL.call_once(|| {
        let subscriber = tracing_subscriber::fmt()
            .with_max_level(tracing::Level::TRACE)
            .with_ansi(false)
            .with_span_events(FmtSpan::NEW | FmtSpan::CLOSE)
            .with_writer(|| CAPTURED.with(Captured::clone))
            .finish();
        tracing::subscriber::set_global_default(subscriber).expect("the only subscriber of this test binary");
    });
}

/// Records every span and event of this thread at TRACE level while `run` runs. The
/// tests run on tokio's current-thread runtime, so the whole call happens on this thread.
async fn traced<F: std::future::Future<Output = ()>>(run: F) -> String {
    install_subscriber();
    CAPTURED.with(|captured| captured.0.lock().unwrap().clear());
    run.await;
    CAPTURED.with(Captured::text)
}

fn assert_nothing_secret(output: &str) {
    assert!(!output.contains(TOKEN), "the token is in the traces:\n{output}");
    assert!(!output.contains("Bearer"), "an Authorization value is in the traces:\n{output}");
    assert!(!output.contains(RESPONSE_BODY_MARKER), "a response body is in the traces:\n{output}");
    assert!(!output.contains(REQUEST_BODY_MARKER), "a request body is in the traces:\n{output}");
    assert!(!output.contains(SECRET_APPNAME), "a filled-in path is in the traces:\n{output}");
}

fn client(server: &MockServer) -> Client {
    Client::builder()
        .base_url(server.uri())
        .bearer_token(TOKEN)
        .retry_policy(RetryPolicy::default().with_initial_backoff(Duration::from_millis(1)))
        .build()
        .unwrap()
}

#[tokio::test]
async fn a_successful_call_is_traced_without_secrets() {
    let server = MockServer::start().await;
    let body = serde_json::json!({"data": [{"appname": "ingest", "description": RESPONSE_BODY_MARKER}]});
    Mock::given(method("GET"))
        .and(path("/api/v1/api-keys"))
        .respond_with(ResponseTemplate::new(200).set_body_json(body))
        .mount(&server)
        .await;
    let client = client(&server);

    let output = traced(async {
        client.api_keys().list().await.unwrap();
    })
    .await;

    assert_nothing_secret(&output);
    for expected in ["api_call", "operation=\"api_keys.list\"", "method=GET", "path=\"/api/v1/api-keys\""] {
        assert!(output.contains(expected), "{expected:?} missing from:\n{output}");
    }
    for expected in ["response received", "attempt=1", "status=200", "elapsed="] {
        assert!(output.contains(expected), "{expected:?} missing from:\n{output}");
    }
}

#[tokio::test]
async fn a_retried_call_traces_each_attempt_and_the_delay() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/api/v1/api-keys"))
        .respond_with(ResponseTemplate::new(503).set_body_string(RESPONSE_BODY_MARKER))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/api/v1/api-keys"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({"data": {"appkey": "k"}})))
        .mount(&server)
        .await;
    let client = client(&server);
    let body = types::ApiKeyCreateConfig::new("ingest", vec!["admin".into()]).description(REQUEST_BODY_MARKER);

    let output = traced(async {
        client.api_keys().create(&body).retry_non_idempotent().await.unwrap();
    })
    .await;

    assert_nothing_secret(&output);
    for expected in [
        "operation=\"api_keys.create\"",
        "method=POST",
        "error status received",
        "status=503",
        "retrying",
        "delay=",
        "failure=HTTP 503",
        "attempt=2",
        "status=200",
    ] {
        assert!(output.contains(expected), "{expected:?} missing from:\n{output}");
    }
}

#[tokio::test]
async fn failed_calls_are_traced_without_secrets() {
    let server = MockServer::start().await;
    let error_body = serde_json::json!({"status": 404, "name": "NotFound", "message": RESPONSE_BODY_MARKER});
    Mock::given(method("GET")).respond_with(ResponseTemplate::new(404).set_body_json(error_body)).mount(&server).await;
    let client = client(&server);
    let unreachable_port = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let unreachable = Client::builder()
        .base_url(format!("http://127.0.0.1:{unreachable_port}"))
        .bearer_token(TOKEN)
        .max_retries(1)
        .build()
        .unwrap();

    let output = traced(async {
        let not_found = client.api_keys().get(SECRET_APPNAME).await.unwrap_err();
        assert!(not_found.is_not_found());
        let refused = unreachable.api_keys().get(SECRET_APPNAME).await.unwrap_err();
        assert_eq!(refused.attempts(), 2);
    })
    .await;

    assert_nothing_secret(&output);
    for expected in [
        "operation=\"api_keys.get\"",
        "path=\"/api/v1/api-keys/{appname}\"",
        "status=404",
        "call failed",
        "no response",
        "attempts=2",
    ] {
        assert!(output.contains(expected), "{expected:?} missing from:\n{output}");
    }
}

#[tokio::test]
async fn the_token_is_in_no_debug_or_display_output() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(401).insert_header("x-request-id", "r-1"))
        .mount(&server)
        .await;
    Mock::given(method("DELETE"))
        .respond_with(ResponseTemplate::new(204).set_delay(Duration::from_secs(10)))
        .mount(&server)
        .await;
    Mock::given(method("PUT"))
        .respond_with(ResponseTemplate::new(200).set_body_string("not json"))
        .mount(&server)
        .await;
    let builder = Client::builder().base_url(server.uri()).bearer_token(TOKEN).max_retries(0);
    let builder_debug = format!("{builder:?}");
    let client = builder.build().unwrap();
    let unreachable_port = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let unreachable =
        Client::builder().base_url(format!("http://127.0.0.1:{unreachable_port}")).bearer_token(TOKEN).build().unwrap();

    let unauthorized = client.api_keys().list().await.unwrap_err();
    let timeout = client.api_keys().delete("ingest").timeout(Duration::from_millis(100)).await.unwrap_err();
    let decode = client.api_keys().update("ingest", &types::ApiKeyUpdateConfig::default()).await.unwrap_err();
    let invalid = client.api_keys().list().header("bad header", "x").await.unwrap_err();
    let transport = unreachable.api_keys().list().max_retries(0).await.unwrap_err();
    assert!(unauthorized.is_unauthorized() && timeout.is_timeout() && decode.status().is_some());

    let mut shown = vec![builder_debug, format!("{client:?}"), format!("{:?}", client.api_keys().list())];
    for error in [&unauthorized, &timeout, &decode, &invalid, &transport] {
        shown.push(format!("{error:?}"));
        shown.push(error.to_string());
        assert!(!error.to_string().contains('\n'), "not one line: {error}");
    }
    for text in &shown {
        assert!(!text.contains(TOKEN), "the token shows in: {text}");
    }
    assert!(shown[0].contains("[redacted]") && shown[1].contains("[redacted]"), "{shown:?}");
}
