//! One API call: built by an operation method, sent when awaited.

use std::future::{Future, IntoFuture};
use std::pin::Pin;
use std::time::{Duration, Instant};

use bytes::Bytes;
use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use reqwest::header::{HeaderMap, HeaderName, HeaderValue, ACCEPT, CONTENT_TYPE};
use reqwest::StatusCode;
use tracing::Instrument;

use crate::client_auth::{Applied, Requirement};
use crate::error::{ApiError, Error, MAX_KEPT_BODY};
use crate::retry::{RetryOverrides, RetryPolicy};
use crate::Client;

/// What an operation method knows about its operation: a `static` in each method.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Operation {
    /// `group.method`, as shown in errors.
    pub(crate) name: &'static str,
    pub(crate) method: HttpMethod,
    /// The path as the spec writes it, parameters unfilled: the call fills it, and traces
    /// show it as it is, so they neither leak parameter values nor split one operation
    /// into many names.
    pub(crate) path_template: &'static str,
    /// The security the operation requires; `None` when the spec declares none anywhere.
    pub(crate) security: Option<Requirement>,
}

/// An HTTP method; `Copy`, unlike `reqwest::Method`, so operations can be built in `const`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[allow(dead_code)] // Each API uses the methods its spec declares.
pub(crate) enum HttpMethod {
    Get,
    Put,
    Post,
    Delete,
    Options,
    Head,
    Patch,
    Trace,
}

impl HttpMethod {
    pub(crate) fn to_reqwest(self) -> reqwest::Method {
        match self {
            HttpMethod::Get => reqwest::Method::GET,
            HttpMethod::Put => reqwest::Method::PUT,
            HttpMethod::Post => reqwest::Method::POST,
            HttpMethod::Delete => reqwest::Method::DELETE,
            HttpMethod::Options => reqwest::Method::OPTIONS,
            HttpMethod::Head => reqwest::Method::HEAD,
            HttpMethod::Patch => reqwest::Method::PATCH,
            HttpMethod::Trace => reqwest::Method::TRACE,
        }
    }
}

/// One constructor per HTTP method, so each operation's `static` fits on a line.
#[allow(dead_code)] // Each API uses the methods its spec declares.
impl Operation {
    const fn new(method: HttpMethod, name: &'static str, path_template: &'static str) -> Self {
        Operation { name, method, path_template, security: None }
    }
    /// The same operation, requiring `security` (alternatives of schemes used together).
    pub(crate) const fn secured(self, security: Requirement) -> Self {
        Operation { security: Some(security), ..self }
    }
    pub(crate) const fn get(name: &'static str, path_template: &'static str) -> Self {
        Self::new(HttpMethod::Get, name, path_template)
    }
    pub(crate) const fn put(name: &'static str, path_template: &'static str) -> Self {
        Self::new(HttpMethod::Put, name, path_template)
    }
    pub(crate) const fn post(name: &'static str, path_template: &'static str) -> Self {
        Self::new(HttpMethod::Post, name, path_template)
    }
    pub(crate) const fn delete(name: &'static str, path_template: &'static str) -> Self {
        Self::new(HttpMethod::Delete, name, path_template)
    }
    pub(crate) const fn options(name: &'static str, path_template: &'static str) -> Self {
        Self::new(HttpMethod::Options, name, path_template)
    }
    pub(crate) const fn head(name: &'static str, path_template: &'static str) -> Self {
        Self::new(HttpMethod::Head, name, path_template)
    }
    pub(crate) const fn patch(name: &'static str, path_template: &'static str) -> Self {
        Self::new(HttpMethod::Patch, name, path_template)
    }
    pub(crate) const fn trace(name: &'static str, path_template: &'static str) -> Self {
        Self::new(HttpMethod::Trace, name, path_template)
    }

    /// The request path: each `{name}` of the template replaced, in order, by the next of
    /// `values`, percent-encoded as one segment.
    fn fill_path(&self, values: &[&str]) -> String {
        let mut path = String::with_capacity(self.path_template.len() + 16);
        let mut values = values.iter();
        let mut rest = self.path_template;
        while let Some(open) = rest.find('{') {
            let Some(close) = rest[open..].find('}').map(|c| open + c) else { break };
            path.push_str(&rest[..open]);
            if let Some(value) = values.next() {
                path.extend(utf8_percent_encode(value, PATH_SEGMENT));
            }
            rest = &rest[close + 1..];
        }
        path.push_str(rest);
        path
    }
}

/// Everything except the unreserved characters of RFC 3986 is encoded, so a parameter
/// value stays one path segment: `a/b c` is sent as `a%2Fb%20c`.
const PATH_SEGMENT: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'.').remove(b'_').remove(b'~');

/// Turns a success response (status and body) into the operation's result type.
pub(crate) type Decoder<T> = fn(StatusCode, &[u8]) -> Result<T, serde_json::Error>;

#[allow(dead_code)] // Each API uses the decoders its responses need.
pub(crate) fn decode_json<T: serde::de::DeserializeOwned>(_: StatusCode, body: &[u8]) -> Result<T, serde_json::Error> {
    serde_json::from_slice(body)
}

/// Operations without a response body ignore whatever the server sends.
#[allow(dead_code)]
pub(crate) fn decode_empty(_: StatusCode, _: &[u8]) -> Result<(), serde_json::Error> {
    Ok(())
}

/// `text/*` responses, invalid UTF-8 replaced.
#[allow(dead_code)]
pub(crate) fn decode_text(_: StatusCode, body: &[u8]) -> Result<String, serde_json::Error> {
    Ok(String::from_utf8_lossy(body).into_owned())
}

/// Any other media type: the bytes as received.
#[allow(dead_code)]
pub(crate) fn decode_bytes(_: StatusCode, body: &[u8]) -> Result<bytes::Bytes, serde_json::Error> {
    Ok(bytes::Bytes::copy_from_slice(body))
}

/// A request about to be sent. Await it for the decoded body, or configure it first with
/// [`timeout`](Self::timeout), [`header`](Self::header), [`max_retries`](Self::max_retries),
/// [`retry_policy`](Self::retry_policy) and [`retry_non_idempotent`](Self::retry_non_idempotent),
/// and use [`send_with_response`](Self::send_with_response) for the status and headers.
///
/// Sending it is traced: a `DEBUG` span `api_call` with the operation, HTTP method and path
/// template; a `DEBUG` event per attempt with the attempt number, status and elapsed time;
/// an `INFO` event per retry with the delay. Neither the token nor any body is recorded.
#[must_use = "a Call does nothing until it is awaited"]
pub struct Call<'c, T> {
    client: &'c Client,
    operation: &'static Operation,
    path: String,
    query: Vec<(String, String)>,
    /// Content type and bytes; `Bytes`, so each attempt of a retried call shares them.
    body: Option<(String, Result<Bytes, String>)>,
    headers: Vec<(String, String)>,
    /// Parameters that could not be encoded; sending fails with these.
    problems: Vec<String>,
    timeout: Option<Duration>,
    retry: RetryOverrides,
    decode: Decoder<T>,
}

impl<T> std::fmt::Debug for Call<'_, T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Call")
            .field("operation", &self.operation.name)
            .field("path", &self.path)
            .field("timeout", &self.timeout)
            .field("retry", &self.retry)
            .finish_non_exhaustive()
    }
}

impl<'c, T: Send + 'c> Call<'c, T> {
    /// A call of `operation`, its path filled with `path_values` (see [`Operation::fill_path`]).
    pub(crate) fn new(
        client: &'c Client,
        operation: &'static Operation,
        path_values: &[&str],
        decode: Decoder<T>,
    ) -> Self {
        Call {
            client,
            operation,
            path: operation.fill_path(path_values),
            query: Vec::new(),
            body: None,
            headers: Vec::new(),
            problems: Vec::new(),
            timeout: None,
            retry: Default::default(),
            decode,
        }
    }

    /// Time allowed for this request, overriding the client's. It applies to each attempt.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// Sets a header on this request only, replacing the value the client would send under
    /// that name (such as `Accept`); the same name given twice sends both values. An invalid
    /// name or value makes the call fail with [`Error::InvalidRequest`] when it is sent.
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }

    /// Retries this call by `policy` instead of the client's
    /// [`ClientBuilder::retry_policy`](crate::ClientBuilder::retry_policy).
    pub fn retry_policy(mut self, policy: RetryPolicy) -> Self {
        self.retry.policy = Some(policy);
        self
    }

    /// Makes at most `retries` retries of this call (0: send it once), whatever the policy
    /// says.
    pub fn max_retries(mut self, retries: u32) -> Self {
        self.retry.max_retries = Some(retries);
        self
    }

    /// Retries this call even if its method is POST or PATCH, which are not retried by
    /// default because sending them twice may, for example, create two things. Use it when
    /// a repeat is harmless (the server deduplicates, or you send an idempotency key).
    pub fn retry_non_idempotent(mut self) -> Self {
        self.retry.non_idempotent = true;
        self
    }

    /// Sends the request and decodes the body.
    pub async fn send(self) -> Result<T, Error> {
        Ok(self.send_with_response().await?.into_body())
    }

    /// Sends the request and returns the decoded body with the status and headers.
    pub async fn send_with_response(self) -> Result<Response<T>, Error> {
        let operation = self.operation;
        let span = tracing::debug_span!(
            "api_call",
            operation = operation.name,
            method = %operation.method.to_reqwest(),
            path = operation.path_template,
        );
        self.send_in_span().instrument(span).await
    }

    async fn send_in_span(self) -> Result<Response<T>, Error> {
        let operation = self.operation.name;
        let policy = self.retry.apply(&self.client.inner.retry_policy);
        let http = &self.client.inner.http;
        let prepare = || async {
            let auth = crate::client_auth::credentials_for(self.client, operation, self.operation.security).await?;
            Ok((self.build_request(&auth)?, auth))
        };
        let reply = crate::retry::send_with_retries(http, self.operation, &policy, prepare).await?;
        let decoded = (self.decode)(reply.status, &reply.body).map_err(|e| {
            Error::decode(operation, reply.status, &reply.headers, &e, &reply.body).with_attempts(reply.attempts)
        })?;
        Ok(Response { status: reply.status, headers: reply.headers, body: decoded })
    }

    /// The request one attempt sends, with its credentials.
    fn build_request(&self, auth: &Applied) -> Result<reqwest::Request, Error> {
        let operation = self.operation.name;
        let invalid = |message: String| Error::InvalidRequest { operation, message };
        if let Some(problem) = self.problems.first() {
            return Err(invalid(problem.clone()));
        }
        let inner = &self.client.inner;
        let url = format!("{}{}", inner.base_url, self.path);
        let mut request =
            inner.http.request(self.operation.method.to_reqwest(), url).header(ACCEPT, "application/json");
        if !self.query.is_empty() {
            request = request.query(&self.query);
        }
        request = auth.apply(request);
        if let Some((content_type, body)) = &self.body {
            let body = body.clone().map_err(|e| invalid(format!("the request body cannot be serialized: {e}")))?;
            request = request.header(CONTENT_TYPE, content_type.as_str()).body(body);
        }
        // Per-request headers replace what the client would send under the same name
        // (`Accept`, `Authorization`, defaults); one name given twice sends both values.
        let mut extra = HeaderMap::new();
        for (name, value) in &self.headers {
            let name = HeaderName::from_bytes(name.as_bytes())
                .map_err(|_| invalid(format!("invalid header name {name:?}")))?;
            let value =
                HeaderValue::from_str(value).map_err(|_| invalid(format!("invalid value for header {name}")))?;
            extra.append(name, value);
        }
        if !extra.is_empty() {
            request = request.headers(extra);
        }
        if let Some(timeout) = self.timeout {
            request = request.timeout(timeout);
        }
        request.build().map_err(|e| invalid(e.to_string()))
    }
}

/// A success response, read whole, and the attempts it took.
pub(crate) struct Reply {
    pub(crate) status: StatusCode,
    pub(crate) headers: HeaderMap,
    pub(crate) body: Bytes,
    pub(crate) attempts: u32,
}

/// One attempt: sends `request` and reads the response. A non-2xx status is an
/// [`Error::Api`] (even when its body breaks off), so that retries can look at it.
pub(crate) async fn send_attempt(
    http: &reqwest::Client,
    request: reqwest::Request,
    operation: &'static str,
    attempt: u32,
) -> Result<Reply, Error> {
    let started = Instant::now();
    let result = receive(http, request, operation).await;
    let elapsed = started.elapsed();
    match &result {
        Ok(reply) => tracing::debug!(attempt, status = reply.status.as_u16(), ?elapsed, "response received"),
        Err(Error::Api(error)) => {
            tracing::debug!(attempt, status = error.status().as_u16(), ?elapsed, "error status received")
        }
        Err(error) => tracing::debug!(attempt, ?elapsed, failure = %error.failure_cause(), "no response"),
    }
    result.map(|reply| Reply { attempts: attempt, ..reply })
}

async fn receive(http: &reqwest::Client, request: reqwest::Request, operation: &'static str) -> Result<Reply, Error> {
    let mut response = http.execute(request).await.map_err(|e| Error::from_transport(operation, e))?;
    let status = response.status();
    let headers = std::mem::take(response.headers_mut());
    if status.is_success() {
        let body = read_body(&mut response, usize::MAX).await.map_err(|(_, e)| Error::from_transport(operation, e))?;
        return Ok(Reply { status, headers, body, attempts: 1 });
    }
    // Only the start of an error body is kept: stop reading there.
    let (body, complete) = match read_body(&mut response, MAX_KEPT_BODY).await {
        Ok(body) => (body, true),
        Err((partial, _)) => (partial, false),
    };
    Err(Error::Api(Box::new(ApiError::new(operation, status, headers, body, complete))))
}

/// Reads the body until it ends or more than `limit` bytes arrived. When the connection
/// breaks, the error comes with what had arrived.
async fn read_body(response: &mut reqwest::Response, limit: usize) -> Result<Bytes, (Bytes, reqwest::Error)> {
    let mut chunks: Vec<Bytes> = Vec::new();
    let mut received = 0usize;
    loop {
        match response.chunk().await {
            Ok(Some(chunk)) => {
                received = received.saturating_add(chunk.len());
                chunks.push(chunk);
                if received > limit {
                    return Ok(concat(chunks));
                }
            }
            Ok(None) => return Ok(concat(chunks)),
            Err(error) => return Err((concat(chunks), error)),
        }
    }
}

/// One buffer; a body that arrived in one chunk is not copied.
fn concat(mut chunks: Vec<Bytes>) -> Bytes {
    match chunks.len() {
        0 => Bytes::new(),
        1 => chunks.pop().unwrap_or_default(),
        _ => Bytes::from(chunks.concat()),
    }
}

impl<'c, T: Send + 'c> IntoFuture for Call<'c, T> {
    type Output = Result<T, Error>;
    type IntoFuture = Pin<Box<dyn Future<Output = Result<T, Error>> + Send + 'c>>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(self.send())
    }
}

/// A decoded body with the response's status and headers.
#[derive(Debug, Clone)]
pub struct Response<T> {
    status: StatusCode,
    headers: HeaderMap,
    body: T,
}

impl<T> Response<T> {
    /// The HTTP status.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The response headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The request id the server assigned (`x-request-id` or `request-id`), if any.
    pub fn request_id(&self) -> Option<&str> {
        crate::error::request_id(&self.headers)
    }

    /// The decoded body.
    pub fn body(&self) -> &T {
        &self.body
    }

    /// Takes the decoded body.
    pub fn into_body(self) -> T {
        self.body
    }
}

/// Parameters and bodies, set by the generated operation methods.
#[allow(dead_code)] // Each API uses the parameter kinds and body types its spec declares.
impl<T> Call<'_, T> {
    /// Serializes the body now, so the call does not borrow it.
    pub(crate) fn json_body<B: serde::Serialize + ?Sized>(mut self, content_type: &str, body: &B) -> Self {
        self.body =
            Some((content_type.to_string(), serde_json::to_vec(body).map(Bytes::from).map_err(|e| e.to_string())));
        self
    }

    /// An `application/x-www-form-urlencoded` body from a struct's members.
    pub(crate) fn form_body<B: serde::Serialize + ?Sized>(mut self, content_type: &str, body: &B) -> Self {
        let encoded = serde_json::to_value(body).map_err(|e| e.to_string()).map(|value| {
            // Each member is a form field; arrays repeat the field (`form`, exploded).
            let style = crate::params::QueryStyle::Form { explode: true };
            let pairs: Vec<(String, String)> = match &value {
                serde_json::Value::Object(members) => {
                    members.iter().flat_map(|(name, member)| crate::params::query_pairs(name, member, style)).collect()
                }
                other => crate::params::query_pairs("", other, style),
            };
            Bytes::from(crate::params::form_encode(&pairs).into_bytes())
        });
        self.body = Some((content_type.to_string(), encoded));
        self
    }

    /// A body sent as it is.
    pub(crate) fn bytes_body(mut self, content_type: &str, body: Vec<u8>) -> Self {
        self.body = Some((content_type.to_string(), Ok(Bytes::from(body))));
        self
    }

    /// One query parameter in the default style (`form`, exploded); `None` and null send
    /// nothing.
    pub(crate) fn query<V: serde::Serialize + ?Sized>(self, name: &str, value: &V) -> Self {
        self.query_param(name, value, crate::params::QueryStyle::Form { explode: true })
    }

    /// One query parameter, spelled as its `style` says; `None` and null send nothing.
    pub(crate) fn query_param<V: serde::Serialize + ?Sized>(
        mut self,
        name: &str,
        value: &V,
        style: crate::params::QueryStyle,
    ) -> Self {
        match serde_json::to_value(value) {
            Ok(value) => self.query.extend(crate::params::query_pairs(name, &value, style)),
            Err(e) => self.problems.push(format!("query parameter {name}: {e}")),
        }
        self
    }

    /// One header parameter (`simple` style).
    pub(crate) fn header_param<V: serde::Serialize + ?Sized>(mut self, name: &str, value: &V) -> Self {
        match serde_json::to_value(value) {
            Ok(serde_json::Value::Null) => {}
            Ok(value) => self.headers.push((name.to_string(), crate::params::simple_value(&value))),
            Err(e) => self.problems.push(format!("header parameter {name}: {e}")),
        }
        self
    }

    /// One cookie parameter, added to the `Cookie` header.
    pub(crate) fn cookie_param<V: serde::Serialize + ?Sized>(mut self, name: &str, value: &V) -> Self {
        match serde_json::to_value(value) {
            Ok(serde_json::Value::Null) => {}
            Ok(value) => {
                let pair = format!("{name}={}", crate::params::simple_value(&value));
                match self.headers.iter_mut().find(|(n, _)| n.eq_ignore_ascii_case("cookie")) {
                    Some((_, cookies)) => *cookies = format!("{cookies}; {pair}"),
                    None => self.headers.push(("cookie".to_string(), pair)),
                }
            }
            Err(e) => self.problems.push(format!("cookie parameter {name}: {e}")),
        }
        self
    }
}

/// A path parameter value as text (`simple` style), before percent-encoding.
#[allow(dead_code)] // Only APIs with non-string path parameters use it.
pub(crate) fn path_value<V: serde::Serialize + ?Sized>(value: &V) -> String {
    serde_json::to_value(value).map(|v| crate::params::simple_value(&v)).unwrap_or_default()
}

/// Gives a per-operation call builder (a tuple struct around a `Call<'c, T>`) the
/// options of [`Call`]. Options added to `Call` are added here too.
#[allow(unused_macros)] // Only APIs with optional parameters have builders.
macro_rules! call_options {
    ($builder:ident, $output:ty) => {
        impl<'c> $builder<'c> {
            /// Time allowed for this request, overriding the client's.
            pub fn timeout(self, timeout: std::time::Duration) -> Self {
                Self(self.0.timeout(timeout))
            }

            /// Adds a header to this request only.
            pub fn header(self, name: impl Into<String>, value: impl Into<String>) -> Self {
                Self(self.0.header(name, value))
            }

            /// Retries this call by `policy` instead of the client's.
            pub fn retry_policy(self, policy: crate::RetryPolicy) -> Self {
                Self(self.0.retry_policy(policy))
            }

            /// Makes at most `retries` retries of this call (0: send it once).
            pub fn max_retries(self, retries: u32) -> Self {
                Self(self.0.max_retries(retries))
            }

            /// Retries this call even if its method is POST or PATCH.
            pub fn retry_non_idempotent(self) -> Self {
                Self(self.0.retry_non_idempotent())
            }

            /// Sends the request and decodes the body.
            pub async fn send(self) -> Result<$output, crate::Error> {
                self.0.send().await
            }

            /// Sends the request and returns the decoded body with the status and headers.
            pub async fn send_with_response(self) -> Result<crate::Response<$output>, crate::Error> {
                self.0.send_with_response().await
            }

            /// The underlying [`Call`](crate::Call), with every per-request option.
            pub fn into_call(self) -> crate::Call<'c, $output> {
                self.0
            }
        }

        impl<'c> std::future::IntoFuture for $builder<'c> {
            type Output = Result<$output, crate::Error>;
            type IntoFuture = <crate::Call<'c, $output> as std::future::IntoFuture>::IntoFuture;

            fn into_future(self) -> Self::IntoFuture {
                std::future::IntoFuture::into_future(self.0)
            }
        }
    };
}
#[allow(unused_imports)]
pub(crate) use call_options;
