//! The mock API for users' tests (cargo feature `mock`): an HTTP server in the test's process
//! (wiremock's), whose expectations the generated `mock` module offers with the client's own
//! groups, methods and types, so the code under test goes through the whole client stack.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use crate::operation::Operation;
use crate::Client;

/// One operation as the mock knows it: the client's [`Operation`] and the status a success
/// answers with.
pub(crate) struct MockOperation {
    pub(crate) operation: Operation,
    pub(crate) success_status: u16,
}

/// A request the mock received, decoded: the operation it was for (by method and path),
/// its query, headers and body (JSON when it parses as JSON).
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct ReceivedRequest {
    /// The operation (`group.method`, as `Client::group().method()`), or `None` when no
    /// operation has this method and path.
    pub operation: Option<&'static str>,
    /// The HTTP method.
    pub method: String,
    /// The path, as sent (percent-encoded).
    pub path: String,
    /// The query parameters, in order.
    pub query: Vec<(String, String)>,
    /// The headers, names in lowercase.
    pub headers: Vec<(String, String)>,
    /// The body as received.
    pub body: Vec<u8>,
}

impl ReceivedRequest {
    /// The body decoded as JSON, if it is JSON.
    pub fn json(&self) -> Option<serde_json::Value> {
        serde_json::from_slice(&self.body).ok()
    }

    /// The first value of the query parameter `name`.
    pub fn query_value(&self, name: &str) -> Option<&str> {
        self.query.iter().find(|(key, _)| key == name).map(|(_, value)| value.as_str())
    }

    /// The first value of the header `name` (any case).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(key, _)| key.eq_ignore_ascii_case(name)).map(|(_, value)| value.as_str())
    }

    fn of(request: &wiremock::Request, operations: &'static [&'static MockOperation]) -> Self {
        let path = request.url.path().to_string();
        let method = request.method.to_string();
        ReceivedRequest {
            operation: operation_of(operations, &method, &path).map(|op| op.operation.name),
            query: request.url.query_pairs().map(|(k, v)| (k.into_owned(), v.into_owned())).collect(),
            headers: request
                .headers
                .iter()
                .map(|(name, value)| {
                    (name.as_str().to_string(), String::from_utf8_lossy(value.as_bytes()).into_owned())
                })
                .collect(),
            body: request.body.clone(),
            method,
            path,
        }
    }

    fn line(&self) -> String {
        let query: Vec<String> = self.query.iter().map(|(k, v)| format!("{k}={v}")).collect();
        let query = if query.is_empty() { String::new() } else { format!("?{}", query.join("&")) };
        let body = if self.body.is_empty() {
            String::new()
        } else {
            format!(" with body {}", String::from_utf8_lossy(&self.body[..self.body.len().min(200)]))
        };
        format!("{} {}{query}{body}", self.method, self.path)
    }
}

/// The operation a method and path are for: its template's literal segments equal, each
/// `{parameter}` one non-empty segment.
fn operation_of(
    operations: &'static [&'static MockOperation],
    method: &str,
    path: &str,
) -> Option<&'static MockOperation> {
    let segments: Vec<&str> = path.split('/').collect();
    operations.iter().copied().find(|op| {
        let template: Vec<&str> = op.operation.path_template.split('/').collect();
        op.operation.method.to_reqwest().as_str() == method
            && template.len() == segments.len()
            && template.iter().zip(&segments).all(|(t, s)| if t.contains('{') { !s.is_empty() } else { t == s })
    })
}

/// An expectation as registered: for `verify` and for the messages about requests that
/// matched none.
struct Registered {
    operation: &'static str,
    description: String,
    times: Option<u64>,
    matched: Arc<AtomicU64>,
}

#[derive(Default)]
struct State {
    expectations: Mutex<Vec<Registered>>,
    unmatched: Mutex<Vec<String>>,
    verified: std::sync::atomic::AtomicBool,
}

/// A mock of the API on a local port. Set expectations through its groups, which mirror the
/// client's (`server.devices().list()`), point a [`Client`] at it with
/// [`client`](Self::client), run the code under test, then [`verify`](Self::verify).
///
/// A request no expectation matches gets `501 Not Implemented` whose body says which
/// operation it was for (or that no operation has its path) and that operation's
/// expectations; `verify` fails with the same message. Dropping the server verifies it too,
/// unless the test is already failing.
pub struct MockServer {
    server: wiremock::MockServer,
    state: Arc<State>,
    operations: &'static [&'static MockOperation],
}

impl std::fmt::Debug for MockServer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MockServer").field("uri", &self.server.uri()).finish_non_exhaustive()
    }
}

impl MockServer {
    pub(crate) async fn start_with(operations: &'static [&'static MockOperation]) -> Self {
        let server = wiremock::MockServer::start().await;
        let state = Arc::new(State::default());
        let fallback = Fallback { state: state.clone(), operations };
        wiremock::Mock::given(wiremock::matchers::any())
            .respond_with(fallback)
            .with_priority(u8::MAX)
            .named("no expectation matched")
            .mount(&server)
            .await;
        MockServer { server, state, operations }
    }

    /// The server's base URL (`http://127.0.0.1:PORT`).
    pub fn uri(&self) -> String {
        self.server.uri()
    }

    /// A client pointed at the mock, with a placeholder credential for every security scheme
    /// of the spec, and retries that wait a millisecond: ready for the code under test.
    pub fn client(&self) -> Client {
        self.client_builder().build().expect("a client for the mock server")
    }

    /// The builder [`client`](Self::client) uses, to change more (hooks, retries, timeouts).
    pub fn client_builder(&self) -> crate::ClientBuilder {
        let fast = crate::RetryPolicy::default()
            .with_initial_backoff(Duration::from_millis(1))
            .with_max_backoff(Duration::from_millis(2));
        let mut builder = Client::builder().base_url(self.uri()).retry_policy(fast).bearer_token("mock-credential");
        for scheme in crate::SECURITY_SCHEMES {
            let secret = crate::client_auth::FixedCredential(crate::Secret::new("mock-credential"));
            builder = builder.scheme_auth(scheme.name, secret);
        }
        builder
    }

    /// The requests received so far, in order, each with the operation it was for.
    pub async fn received(&self) -> Vec<ReceivedRequest> {
        let requests = self.server.received_requests().await.unwrap_or_default();
        requests.iter().map(|request| ReceivedRequest::of(request, self.operations)).collect()
    }

    /// The requests received for `operation` (`"devices.list"`), in order.
    pub async fn received_for(&self, operation: &str) -> Vec<ReceivedRequest> {
        self.received().await.into_iter().filter(|r| r.operation == Some(operation)).collect()
    }

    /// Panics, naming each problem, unless every expectation was met (matched at least once,
    /// or exactly [`times`](Expectation::times)) and every request matched one.
    pub fn verify(&self) {
        self.state.verified.store(true, Ordering::SeqCst);
        if let Some(problems) = self.problems() {
            panic!("{problems}");
        }
    }

    /// What `verify` would panic with, or `None` when all is well. Asking counts as
    /// verifying: the server says nothing more when dropped.
    pub fn problems(&self) -> Option<String> {
        self.state.verified.store(true, Ordering::SeqCst);
        let mut problems: Vec<String> = Vec::new();
        for expectation in self.state.expectations.lock().unwrap_or_else(|e| e.into_inner()).iter() {
            let matched = expectation.matched.load(Ordering::SeqCst);
            match expectation.times {
                Some(times) if matched != times => problems.push(format!(
                    "expected {} {times} time{}, matched {matched}",
                    expectation.description,
                    if times == 1 { "" } else { "s" }
                )),
                None if matched == 0 => problems.push(format!("expected {}, never matched", expectation.description)),
                _ => {}
            }
        }
        problems.extend(self.state.unmatched.lock().unwrap_or_else(|e| e.into_inner()).iter().cloned());
        (!problems.is_empty())
            .then(|| format!("the mock API's expectations were not met:\n- {}", problems.join("\n- ")))
    }

    pub(crate) fn expect<T>(&self, operation: &'static MockOperation, path_values: &[&str]) -> Expectation<'_, T> {
        Expectation {
            server: self,
            operation,
            path: operation.operation.fill_path(path_values),
            query: Vec::new(),
            headers: Vec::new(),
            body: None,
            predicate: None,
            times: None,
            delay: None,
            result: std::marker::PhantomData,
        }
    }
}

impl Drop for MockServer {
    fn drop(&mut self) {
        if !std::thread::panicking() && !self.state.verified.load(Ordering::SeqCst) {
            if let Some(problems) = self.problems() {
                panic!("{problems}");
            }
        }
    }
}

/// Answers requests no expectation matched, and remembers them for `verify`.
struct Fallback {
    state: Arc<State>,
    operations: &'static [&'static MockOperation],
}

impl wiremock::Respond for Fallback {
    fn respond(&self, request: &wiremock::Request) -> wiremock::ResponseTemplate {
        let received = ReceivedRequest::of(request, self.operations);
        let message = match received.operation {
            None => format!("no operation has this method and path: {}", received.line()),
            Some(operation) => {
                let expectations = self.state.expectations.lock().unwrap_or_else(|e| e.into_inner());
                let closest: Vec<&str> =
                    expectations.iter().filter(|e| e.operation == operation).map(|e| e.description.as_str()).collect();
                let closest = if closest.is_empty() {
                    format!("no expectation is set for `{operation}`")
                } else {
                    format!("the expectations for `{operation}`: {}", closest.join("; "))
                };
                format!("no expectation matched `{operation}`: {}; {closest}", received.line())
            }
        };
        self.state.unmatched.lock().unwrap_or_else(|e| e.into_inner()).push(message.clone());
        wiremock::ResponseTemplate::new(501).set_body_raw(message.into_bytes(), "text/plain")
    }
}

/// Marks an operation whose success body is not JSON: set its answer with
/// [`Expectation::responds_with`].
#[derive(Debug, Clone, Copy)]
pub struct NotJson;

/// What the mock expects of one operation's requests and how it answers them. Made by the
/// mock's group methods, which take the client's required arguments (matched); narrow it
/// with [`query`](Self::query), [`body`](Self::body) and [`matching`](Self::matching), then
/// answer with [`returns`](Self::returns), [`fails`](Self::fails) or
/// [`responds_with`](Self::responds_with). Expectations for the same request are used in
/// the order they were set, each for its [`times`](Self::times): a sequence.
#[must_use = "an expectation is set when it is given an answer: `returns`, `fails` or `responds_with`"]
pub struct Expectation<'s, T> {
    server: &'s MockServer,
    operation: &'static MockOperation,
    path: String,
    query: Vec<(String, String)>,
    headers: Vec<(String, String)>,
    body: Option<serde_json::Value>,
    predicate: Option<Predicate>,
    times: Option<u64>,
    delay: Option<Duration>,
    result: std::marker::PhantomData<fn() -> T>,
}

type Predicate = Arc<dyn Fn(&ReceivedRequest) -> bool + Send + Sync>;

impl<T> Expectation<'_, T> {
    /// Matches only requests whose query parameter `name` is `value` (as the client spells
    /// it: `true`, `7`, `a`; a list is one value per item).
    pub fn query(mut self, name: &str, value: impl serde::Serialize) -> Self {
        let value = serde_json::to_value(value).unwrap_or(serde_json::Value::Null);
        let style = crate::params::QueryStyle::Form { explode: true };
        self.query.extend(crate::params::query_pairs(name, &value, style));
        self
    }

    /// Matches only requests with the header `name` set to `value` (text as is, other
    /// values as JSON spells them).
    pub fn header(mut self, name: &str, value: impl serde::Serialize) -> Self {
        let value = match serde_json::to_value(value) {
            Ok(serde_json::Value::String(text)) => text,
            Ok(other) => other.to_string(),
            Err(_) => String::new(),
        };
        self.headers.push((name.to_string(), value));
        self
    }

    /// Matches only requests whose JSON body equals `body` (a generated type, or any value).
    pub fn body(mut self, body: &impl serde::Serialize) -> Self {
        self.body = serde_json::to_value(body).ok();
        self
    }

    /// Matches only requests `predicate` accepts (the decoded request: body, headers, query).
    pub fn matching(mut self, predicate: impl Fn(&ReceivedRequest) -> bool + Send + Sync + 'static) -> Self {
        self.predicate = Some(Arc::new(predicate));
        self
    }

    /// Answers exactly `times` requests; later ones go to the next expectation (or none).
    /// Without it, the expectation answers every matching request and must match one.
    pub fn times(mut self, times: u64) -> Self {
        self.times = Some(times);
        self
    }

    /// Waits `delay` before answering (to exercise timeouts).
    pub fn delay(mut self, delay: Duration) -> Self {
        self.delay = Some(delay);
        self
    }

    /// Fails matching requests with `status` and the API's error body (any value that
    /// serializes as the spec's error schema, or JSON).
    pub async fn fails(self, status: u16, body: impl serde::Serialize) {
        let body = serde_json::to_vec(&body).unwrap_or_default();
        self.answer(status, "application/json", body, format!("failing with {status}")).await
    }

    /// Answers matching requests with `status` and `body` as it is, of `content_type`.
    pub async fn responds_with(self, status: u16, content_type: &str, body: impl Into<Vec<u8>>) {
        self.answer(status, content_type, body.into(), format!("responding {status} {content_type}")).await
    }

    async fn answer(self, status: u16, content_type: &str, body: Vec<u8>, how: String) {
        let operation = self.operation.operation.name;
        let mut description = format!("`{operation}` {} {}", self.operation.operation.method.to_reqwest(), self.path);
        for (name, value) in &self.query {
            description.push_str(&format!(" ?{name}={value}"));
        }
        for (name, value) in &self.headers {
            description.push_str(&format!(" [{name}: {value}]"));
        }
        if let Some(body) = &self.body {
            description.push_str(&format!(" with body {body}"));
        }
        if self.predicate.is_some() {
            description.push_str(" (and a predicate)");
        }
        description.push_str(&format!(", {how}"));
        let matched = Arc::new(AtomicU64::new(0));
        let mut template = wiremock::ResponseTemplate::new(status).set_body_raw(body, content_type);
        if let Some(delay) = self.delay {
            template = template.set_delay(delay);
        }
        let answer = Answer { template, matched: matched.clone() };
        let mut mock =
            wiremock::Mock::given(wiremock::matchers::method(self.operation.operation.method.to_reqwest().as_str()))
                .and(wiremock::matchers::path(self.path.as_str()));
        for (name, value) in &self.query {
            mock = mock.and(wiremock::matchers::query_param(name.as_str(), value.as_str()));
        }
        for (name, value) in &self.headers {
            mock = mock.and(wiremock::matchers::header(name.as_str(), value.as_str()));
        }
        if let Some(body) = self.body {
            mock = mock.and(wiremock::matchers::body_json(body));
        }
        if let Some(predicate) = self.predicate {
            let operations = self.server.operations;
            mock = mock.and(move |request: &wiremock::Request| predicate(&ReceivedRequest::of(request, operations)));
        }
        let mut mock = mock.respond_with(answer).named(description.clone());
        if let Some(times) = self.times {
            mock = mock.up_to_n_times(times);
        }
        self.server.state.expectations.lock().unwrap_or_else(|e| e.into_inner()).push(Registered {
            operation,
            description,
            times: self.times,
            matched,
        });
        self.server.server.register(mock).await;
    }
}

impl<T: serde::Serialize> Expectation<'_, T> {
    /// Answers matching requests with the operation's success status and `body`.
    pub async fn returns(self, body: T) {
        let status = self.operation.success_status;
        let body = serde_json::to_vec(&body).unwrap_or_default();
        self.answer(status, "application/json", body, format!("returning {status}")).await
    }
}

/// A response template that counts the requests it answers.
struct Answer {
    template: wiremock::ResponseTemplate,
    matched: Arc<AtomicU64>,
}

impl wiremock::Respond for Answer {
    fn respond(&self, _: &wiremock::Request) -> wiremock::ResponseTemplate {
        self.matched.fetch_add(1, Ordering::SeqCst);
        self.template.clone()
    }
}
