//! Each operation carries the credentials its `security` asks for, placed as its scheme
//! says; OAuth2 client credentials are fetched once, kept and renewed after a 401.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use fixture_security::{AuthError, AuthFuture, AuthSource, BuildError, Client, Secret};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

/// Answers `/things` with an empty list and everything else with 204.
async fn server() -> MockServer {
    let server = MockServer::start().await;
    let things = ResponseTemplate::new(200).set_body_json(serde_json::json!([]));
    Mock::given(path("/things")).respond_with(things).mount(&server).await;
    Mock::given(method("GET")).respond_with(ResponseTemplate::new(204)).mount(&server).await;
    server
}

fn header(request: &Request, name: &str) -> Option<String> {
    request.headers.get(name).map(|v| v.to_str().unwrap().to_string())
}

async fn last_request(server: &MockServer) -> Request {
    server.received_requests().await.unwrap().pop().unwrap()
}

#[tokio::test]
async fn bearer_by_default_and_nothing_where_security_is_empty() {
    let server = server().await;
    let client = Client::builder().base_url(server.uri()).bearer_token("tok").build().unwrap();
    client.things().list().await.unwrap();
    assert_eq!(header(&last_request(&server).await, "authorization").as_deref(), Some("Bearer tok"));
    client.things().get_health().await.unwrap();
    assert_eq!(header(&last_request(&server).await, "authorization"), None, "security: [] sends no credentials");
    // An alternative naming an undeclared scheme cannot be met: nothing is sent.
    client.things().with_undeclared().await.unwrap();
    assert_eq!(header(&last_request(&server).await, "authorization"), None);
}

#[tokio::test]
async fn basic_and_api_keys_go_where_their_schemes_say() {
    let server = server().await;
    let client = Client::builder().base_url(server.uri()).basic_auth("ann", "pa:ss").api_key("k-1").build().unwrap();
    client.things().with_basic().await.unwrap();
    // base64("ann:pa:ss")
    assert_eq!(header(&last_request(&server).await, "authorization").as_deref(), Some("Basic YW5uOnBhOnNz"));
    client.things().with_header_key().await.unwrap();
    assert_eq!(header(&last_request(&server).await, "x-api-key").as_deref(), Some("k-1"));
    client.things().with_query_key().limit(5).await.unwrap();
    let request = last_request(&server).await;
    assert_eq!(request.url.query(), Some("limit=5&api_key=k-1"));
    assert_eq!(header(&request, "authorization"), None);
    client.things().with_cookie_key().await.unwrap();
    assert_eq!(header(&last_request(&server).await, "cookie").as_deref(), Some("session=k-1"));
    // Two schemes used together: both are sent.
    client.things().with_both().await.unwrap();
    let request = last_request(&server).await;
    assert_eq!((header(&request, "x-api-key").as_deref(), request.url.query()), (Some("k-1"), Some("api_key=k-1")));
}

#[tokio::test]
async fn the_first_alternative_with_credentials_is_used() {
    let server = server().await;
    let bearer_only = Client::builder().base_url(server.uri()).bearer_token("tok").build().unwrap();
    bearer_only.things().with_either().await.unwrap();
    let request = last_request(&server).await;
    assert_eq!((header(&request, "x-api-key"), header(&request, "authorization").as_deref()), (None, Some("Bearer tok")));
    let both = Client::builder().base_url(server.uri()).bearer_token("tok").api_key("k-1").build().unwrap();
    both.things().with_either().await.unwrap();
    let request = last_request(&server).await;
    assert_eq!((header(&request, "x-api-key").as_deref(), header(&request, "authorization")), (Some("k-1"), None));
}

#[tokio::test]
async fn a_source_per_scheme_wins_and_unknown_schemes_are_refused() {
    let server = server().await;
    let client = Client::builder()
        .base_url(server.uri())
        .api_key("shared")
        .scheme_auth("QueryKey", Fixed("only-query"))
        .build()
        .unwrap();
    client.things().with_both().await.unwrap();
    let request = last_request(&server).await;
    assert_eq!((header(&request, "x-api-key").as_deref(), request.url.query()), (Some("shared"), Some("api_key=only-query")));
    let error = Client::builder().base_url(server.uri()).scheme_auth("Nobody", Fixed("x")).build().unwrap_err();
    assert!(matches!(error, BuildError::UnknownScheme(..)), "{error:?}");
    assert!(error.to_string().contains("Bearer, Basic, HeaderKey, QueryKey, CookieKey, Machine"), "{error}");
}

struct Fixed(&'static str);

impl AuthSource for Fixed {
    fn credential<'a>(&'a self, _: &'a Client) -> AuthFuture<'a, Result<Secret, AuthError>> {
        Box::pin(async move { Ok(Secret::new(self.0)) })
    }
}

/// A token source of the caller's own: asked per attempt, and told about a 401.
struct Rotating {
    issued: AtomicUsize,
    rejected: AtomicUsize,
}

impl AuthSource for Rotating {
    fn credential<'a>(&'a self, _: &'a Client) -> AuthFuture<'a, Result<Secret, AuthError>> {
        Box::pin(async move { Ok(Secret::new(format!("rot-{}", self.issued.fetch_add(1, Ordering::SeqCst)))) })
    }

    fn rejected<'a>(&'a self, _: &'a Secret) -> AuthFuture<'a, bool> {
        self.rejected.fetch_add(1, Ordering::SeqCst);
        Box::pin(async { true })
    }
}

#[tokio::test]
async fn a_custom_source_is_asked_per_attempt_and_a_401_is_replayed_once() {
    let server = MockServer::start().await;
    Mock::given(path("/things")).respond_with(ResponseTemplate::new(401)).up_to_n_times(1).mount(&server).await;
    Mock::given(path("/things")).respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!([]))).mount(&server).await;
    let source = Arc::new(Rotating { issued: AtomicUsize::new(0), rejected: AtomicUsize::new(0) });
    let client = Client::builder().base_url(server.uri()).auth_source(SharedSource(source.clone())).build().unwrap();
    client.things().list().await.unwrap();
    let requests = server.received_requests().await.unwrap();
    let sent: Vec<_> = requests.iter().map(|r| header(r, "authorization").unwrap()).collect();
    assert_eq!(sent, ["Bearer rot-0", "Bearer rot-1"]);
    assert_eq!(source.rejected.load(Ordering::SeqCst), 1);

    // Always 401: one replay, then the caller gets the 401.
    let server = MockServer::start().await;
    Mock::given(path("/things")).respond_with(ResponseTemplate::new(401)).mount(&server).await;
    let client = Client::builder().base_url(server.uri()).auth_source(SharedSource(source.clone())).build().unwrap();
    let error = client.things().list().await.unwrap_err();
    assert!(error.is_unauthorized(), "{error:?}");
    assert_eq!(server.received_requests().await.unwrap().len(), 2);
}

struct SharedSource(Arc<Rotating>);

impl AuthSource for SharedSource {
    fn credential<'a>(&'a self, client: &'a Client) -> AuthFuture<'a, Result<Secret, AuthError>> {
        self.0.credential(client)
    }

    fn rejected<'a>(&'a self, rejected: &'a Secret) -> AuthFuture<'a, bool> {
        self.0.rejected(rejected)
    }
}

#[tokio::test]
async fn oauth2_client_credentials_are_exchanged_once_and_renewed_after_a_401() {
    let server = MockServer::start().await;
    let issued = Arc::new(AtomicUsize::new(0));
    let counter = issued.clone();
    Mock::given(method("POST"))
        .and(path("/oauth/token"))
        .respond_with(move |_: &Request| {
            let n = counter.fetch_add(1, Ordering::SeqCst);
            ResponseTemplate::new(200).set_body_json(serde_json::json!({"access_token": format!("m{n}"), "token_type": "bearer", "expires_in": 3600}))
        })
        .mount(&server)
        .await;
    Mock::given(path("/machine")).respond_with(ResponseTemplate::new(401)).up_to_n_times(1).mount(&server).await;
    Mock::given(path("/machine")).respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!([]))).mount(&server).await;
    let client = Client::builder()
        .base_url(server.uri())
        .oauth2_client_credentials("app", "s3cret")
        .oauth2_scopes(["read"])
        .build()
        .unwrap();
    // The first call's token is rejected: a new token, one replay.
    client.things().as_machine().await.unwrap();
    // Calls at the same time share the kept token.
    let calls: Vec<_> = (0..10)
        .map(|_| {
            let client = client.clone();
            tokio::spawn(async move { client.things().as_machine().await })
        })
        .collect();
    for call in calls {
        call.await.unwrap().unwrap();
    }
    assert_eq!(issued.load(Ordering::SeqCst), 2, "one token, then one more after the 401");
    let requests = server.received_requests().await.unwrap();
    let token_request = &requests[0];
    assert_eq!(token_request.url.path(), "/oauth/token");
    // base64("app:s3cret")
    assert_eq!(header(token_request, "authorization").as_deref(), Some("Basic YXBwOnMzY3JldA=="));
    assert_eq!(String::from_utf8_lossy(&token_request.body), "grant_type=client_credentials&scope=read");
    let machine: Vec<_> = requests.iter().filter(|r| r.url.path() == "/machine").map(|r| header(r, "authorization").unwrap()).collect();
    assert_eq!(machine[0], "Bearer m0");
    assert!(machine[1..].iter().all(|h| h == "Bearer m1"), "{machine:?}");
    assert!(!format!("{client:?}").contains("s3cret"));
}

#[tokio::test]
async fn a_refused_token_request_is_an_auth_error_and_the_call_is_not_sent() {
    let server = MockServer::start().await;
    Mock::given(path("/oauth/token")).respond_with(ResponseTemplate::new(401).set_body_string("bad client")).mount(&server).await;
    let client = Client::builder().base_url(server.uri()).oauth2_client_credentials("app", "wrong").build().unwrap();
    let error = client.things().as_machine().await.unwrap_err();
    let auth = error.auth_error().expect("an authentication error");
    assert!(auth.is_refused(), "{error:?}");
    assert_eq!(error.operation(), "things.as_machine");
    assert!(error.to_string().starts_with("things.as_machine: authentication failed (Machine): "), "{error}");
    assert!(!error.to_string().contains("wrong"));
    let requests = server.received_requests().await.unwrap();
    assert!(requests.iter().all(|r| r.url.path() == "/oauth/token"), "the operation itself was not sent");
}
