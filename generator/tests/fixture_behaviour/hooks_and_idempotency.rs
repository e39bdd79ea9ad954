//! Idempotency keys (one per call, the same on every attempt, retried like a GET; the
//! caller's own key wins) and client hooks (run before and after every attempt, able to sign
//! requests and to refuse them).

use std::sync::{Arc, Mutex};
use std::time::Duration;

use fixture_hooks_and_idempotency::types::NewPayment;
use fixture_hooks_and_idempotency::{AttemptOutcome, Client, Error, Hooks, OutgoingRequest, RetryPolicy};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

fn client(server: &MockServer) -> Client {
    client_with(server, |builder| builder)
}

fn client_with(
    server: &MockServer,
    configure: impl FnOnce(fixture_hooks_and_idempotency::ClientBuilder) -> fixture_hooks_and_idempotency::ClientBuilder,
) -> Client {
    let fast = RetryPolicy::default().with_initial_backoff(Duration::from_millis(1)).with_max_backoff(Duration::from_millis(2));
    configure(Client::builder().base_url(server.uri()).retry_policy(fast)).build().unwrap()
}

/// 503 for the first `failures` requests, then `status` with a payment.
async fn flaky(server: &MockServer, http_method: &str, route: &str, failures: u64, status: u16) {
    if failures > 0 {
        Mock::given(method(http_method))
            .and(path(route))
            .respond_with(ResponseTemplate::new(503))
            .up_to_n_times(failures)
            .mount(server)
            .await;
    }
    Mock::given(method(http_method))
        .and(path(route))
        .respond_with(ResponseTemplate::new(status).set_body_json(serde_json::json!({"id": "p1", "amount": 5})))
        .mount(server)
        .await;
}

fn keys(requests: &[Request], header: &str) -> Vec<Option<String>> {
    requests.iter().map(|r| r.headers.get(header).map(|v| v.to_str().unwrap().to_string())).collect()
}

#[tokio::test]
async fn one_key_per_call_the_same_on_every_attempt() {
    let server = MockServer::start().await;
    flaky(&server, "POST", "/payments", 2, 201).await;
    let payment = client(&server).payments().create(&NewPayment::new(5)).await.unwrap();
    assert_eq!(payment.id.as_deref(), Some("p1"));
    let first_call = keys(&server.received_requests().await.unwrap(), "idempotency-key");
    assert_eq!(first_call.len(), 3, "two 503s retried although the method is POST");
    let key = first_call[0].clone().expect("a key is sent");
    assert_eq!(key.len(), 36, "a UUID: {key}");
    assert!(first_call.iter().all(|k| k.as_ref() == Some(&key)), "{first_call:?}");

    server.reset().await;
    flaky(&server, "POST", "/payments", 0, 201).await;
    client(&server).payments().create(&NewPayment::new(5)).await.unwrap();
    let second_call = keys(&server.received_requests().await.unwrap(), "idempotency-key");
    assert_eq!(second_call.len(), 1);
    assert_ne!(second_call[0].as_ref(), Some(&key), "each call has a key of its own");
}

#[tokio::test]
async fn a_key_given_by_the_caller_is_sent_as_is_and_any_case_names_the_header() {
    let server = MockServer::start().await;
    flaky(&server, "PATCH", "/payments/p1", 1, 200).await;
    client(&server)
        .payments()
        .update("p1", &NewPayment::new(7))
        .idempotency_key("mine-1")
        .await
        .unwrap();
    let sent = keys(&server.received_requests().await.unwrap(), "idempotency-key");
    assert_eq!(sent, [Some("mine-1".to_string()), Some("mine-1".to_string())]);
}

#[tokio::test]
async fn operations_without_a_key_are_not_retried_and_send_none() {
    let server = MockServer::start().await;
    flaky(&server, "POST", "/refunds", 2, 201).await;
    let error = client(&server).refunds().create(&NewPayment::new(5)).await.unwrap_err();
    assert_eq!(error.status().map(|s| s.as_u16()), Some(503));
    let requests = server.received_requests().await.unwrap();
    assert_eq!(keys(&requests, "idempotency-key"), [None], "one attempt, no key");
}

/// Signs every attempt (a digest of method, path and body) and records every outcome.
#[derive(Default)]
struct Recorder {
    outcomes: Mutex<Vec<(String, u32, Option<u16>)>>,
}

struct Signer(Arc<Recorder>);

impl Hooks for Signer {
    fn before_attempt(&self, request: &mut OutgoingRequest<'_>) -> Result<(), String> {
        let signature = format!(
            "{}:{}:{}:{}",
            request.method(),
            request.url().path(),
            request.body().len(),
            request.attempt()
        );
        request.set_header("x-signature", &signature)
    }

    fn after_attempt(&self, outcome: &AttemptOutcome<'_>) {
        let status = outcome.status().map(|s| s.as_u16());
        self.0.outcomes.lock().unwrap().push((outcome.operation().to_string(), outcome.attempt(), status));
    }
}

#[tokio::test]
async fn hooks_sign_every_attempt_and_see_every_outcome() {
    let server = MockServer::start().await;
    flaky(&server, "GET", "/payments/p1", 1, 200).await;
    let recorder = Arc::new(Recorder::default());
    let client = client_with(&server, |b| b.hooks(Signer(recorder.clone())));
    client.payments().get("p1").await.unwrap();
    let requests = server.received_requests().await.unwrap();
    let signatures = keys(&requests, "x-signature");
    assert_eq!(signatures, [Some("GET:/payments/p1:0:1".to_string()), Some("GET:/payments/p1:0:2".to_string())]);
    let outcomes = recorder.outcomes.lock().unwrap().clone();
    assert_eq!(
        outcomes,
        [("payments.get".to_string(), 1, Some(503)), ("payments.get".to_string(), 2, Some(200))]
    );

    // The body is there to sign.
    server.reset().await;
    flaky(&server, "POST", "/payments", 0, 201).await;
    client.payments().create(&NewPayment::new(5)).await.unwrap();
    let signed = keys(&server.received_requests().await.unwrap(), "x-signature");
    assert_eq!(signed, [Some("POST:/payments:12:1".to_string())], r#"the body is {{"amount":5}}"#);
}

struct Refuse;

impl Hooks for Refuse {
    fn before_attempt(&self, _: &mut OutgoingRequest<'_>) -> Result<(), String> {
        Err("no signing key".into())
    }
}

#[tokio::test]
async fn a_hook_can_refuse_a_request_and_nothing_is_sent() {
    let server = MockServer::start().await;
    flaky(&server, "GET", "/payments/p1", 0, 200).await;
    let client = client_with(&server, |b| b.hooks(Refuse));
    let error = client.payments().get("p1").await.unwrap_err();
    assert!(matches!(&error, Error::InvalidRequest { message, .. } if message.contains("no signing key")), "{error}");
    assert!(server.received_requests().await.unwrap().is_empty());
}
