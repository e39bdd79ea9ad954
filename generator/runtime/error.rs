//! Errors: one type for every way a call can fail, keeping what a caller needs to react.

use std::borrow::Cow;
use std::fmt;
use std::time::{Duration, SystemTime};

use bytes::Bytes;
use reqwest::header::{HeaderMap, RETRY_AFTER};
use reqwest::StatusCode;

/// Bytes of an error body kept in an [`ApiError`]; reading stops soon after.
pub(crate) const MAX_KEPT_BODY: usize = 64 * 1024;
/// Characters of a body shown in an error message.
const MAX_SHOWN_BODY: usize = 200;

/// Why a call failed. [`Display`](std::fmt::Display) is one line naming the operation;
/// it never contains the bearer token.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The server answered with an error status (4xx, 5xx, or any non-2xx).
    #[error(transparent)]
    Api(Box<ApiError>),
    /// The request or the response body took longer than the configured timeout.
    #[error("{operation}: timed out{}", after_attempts(*.attempts))]
    #[non_exhaustive]
    Timeout {
        /// The operation (`group.method`).
        operation: &'static str,
        /// Attempts made, retries included.
        attempts: u32,
        /// The underlying error.
        #[source]
        source: reqwest::Error,
    },
    /// The request could not be sent or the response could not be read.
    #[error("{operation}: {}{}", describe_transport(.source), after_attempts(*.attempts))]
    #[non_exhaustive]
    Transport {
        /// The operation (`group.method`).
        operation: &'static str,
        /// Attempts made, retries included.
        attempts: u32,
        /// The underlying error.
        #[source]
        source: reqwest::Error,
    },
    /// A success response whose body does not match the spec.
    #[error(
        "{operation}: cannot decode the {status} response{}: {message}; {}",
        request_id_note(.request_id.as_deref()),
        body_note(.snippet)
    )]
    #[non_exhaustive]
    Decode {
        /// The operation (`group.method`).
        operation: &'static str,
        /// The HTTP status of the response.
        status: StatusCode,
        /// The request id the server assigned, if any.
        request_id: Option<String>,
        /// What the decoder says.
        message: String,
        /// The start of the body, on one line.
        snippet: BodySnippet,
        /// Attempts made, retries included.
        attempts: u32,
    },
    /// The request could not be built (an invalid header, a body that cannot be serialized).
    /// Nothing was sent.
    #[error("{operation}: invalid request: {message}")]
    #[non_exhaustive]
    InvalidRequest {
        /// The operation (`group.method`).
        operation: &'static str,
        /// What is wrong.
        message: String,
    },
    /// The credentials the operation needs could not be obtained: a login was refused or
    /// failed. The operation itself was not sent.
    #[error("{operation}: authentication failed ({scheme}): {source}")]
    #[non_exhaustive]
    Auth {
        /// The operation (`group.method`) that needed the credentials.
        operation: &'static str,
        /// The security scheme, by its name in the spec.
        scheme: &'static str,
        /// Why: what the login answered, for example.
        #[source]
        source: AuthError,
    },
}

/// Why credentials could not be obtained. Its messages never hold a credential. Cheap to
/// clone: calls waiting for one login all get its failure.
#[derive(Debug, Clone)]
pub struct AuthError {
    message: String,
    refused: bool,
    call: Option<std::sync::Arc<Error>>,
}

impl AuthError {
    /// A failure described by `message`.
    pub fn new(message: impl Into<String>) -> Self {
        AuthError { message: message.into(), refused: false, call: None }
    }

    /// A login call that failed: refused when the server answered with a 4xx status.
    pub fn from_call(message: impl Into<String>, error: Error) -> Self {
        let refused = error.status().is_some_and(|s| s.is_client_error());
        AuthError { message: message.into(), refused, call: Some(std::sync::Arc::new(error)) }
    }

    /// Marks the failure as a refusal of the credentials (as opposed to a server that could
    /// not be reached).
    pub fn refused(mut self) -> Self {
        self.refused = true;
        self
    }

    /// What went wrong.
    pub fn message(&self) -> &str {
        &self.message
    }

    /// True when the server refused the credentials: they are wrong, revoked or expired.
    pub fn is_refused(&self) -> bool {
        self.refused
    }

    /// The failed login call, when there was one: its status, body and request id.
    pub fn call_error(&self) -> Option<&Error> {
        self.call.as_deref()
    }

    /// For traces: the message and the call's status or failure, nothing more.
    pub(crate) fn kind(&self) -> String {
        match &self.call {
            Some(call) => format!("{}: {}", self.message, call.failure_cause()),
            None => self.message.clone(),
        }
    }
}

impl fmt::Display for AuthError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.call {
            Some(call) => write!(f, "{}: {call}", self.message),
            None => f.write_str(&self.message),
        }
    }
}

impl std::error::Error for AuthError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.call.as_deref().map(|e| e as &(dyn std::error::Error + 'static))
    }
}

impl Error {
    pub(crate) fn from_transport(operation: &'static str, source: reqwest::Error) -> Self {
        if source.is_timeout() {
            Error::Timeout { operation, attempts: 1, source }
        } else {
            Error::Transport { operation, attempts: 1, source }
        }
    }

    pub(crate) fn decode(
        operation: &'static str,
        status: StatusCode,
        headers: &HeaderMap,
        error: &serde_json::Error,
        body: &[u8],
    ) -> Self {
        Error::Decode {
            operation,
            status,
            request_id: request_id(headers).map(String::from),
            message: error.to_string(),
            snippet: BodySnippet(snippet(body)),
            attempts: 1,
        }
    }

    /// Records how many attempts the call made before ending with this error.
    pub(crate) fn with_attempts(mut self, made: u32) -> Self {
        match &mut self {
            Error::Api(error) => error.attempts = made,
            Error::Timeout { attempts, .. } | Error::Transport { attempts, .. } | Error::Decode { attempts, .. } => {
                *attempts = made
            }
            Error::InvalidRequest { .. } | Error::Auth { .. } => {}
        }
        self
    }

    /// The HTTP status, when the server answered.
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            Error::Api(error) => Some(error.status),
            Error::Decode { status, .. } => Some(*status),
            _ => None,
        }
    }

    /// The error response, when the server answered with an error status.
    pub fn api_error(&self) -> Option<&ApiError> {
        match self {
            Error::Api(error) => Some(error),
            _ => None,
        }
    }

    /// The operation that failed (`group.method`).
    pub fn operation(&self) -> &'static str {
        match self {
            Error::Api(error) => error.operation,
            Error::Timeout { operation, .. }
            | Error::Transport { operation, .. }
            | Error::Decode { operation, .. }
            | Error::InvalidRequest { operation, .. }
            | Error::Auth { operation, .. } => operation,
        }
    }

    /// The request id the server assigned to the last response (`x-request-id`,
    /// `request-id` or `x-amzn-requestid`), when there was a response carrying one.
    pub fn request_id(&self) -> Option<&str> {
        match self {
            Error::Api(error) => error.request_id(),
            Error::Decode { request_id, .. } => request_id.as_deref(),
            _ => None,
        }
    }

    /// The reason credentials could not be obtained, for [`Error::Auth`].
    pub fn auth_error(&self) -> Option<&AuthError> {
        match self {
            Error::Auth { source, .. } => Some(source),
            _ => None,
        }
    }

    /// Attempts made, retries included; 0 when nothing was sent ([`Error::InvalidRequest`],
    /// [`Error::Auth`]).
    pub fn attempts(&self) -> u32 {
        match self {
            Error::Api(error) => error.attempts,
            Error::Timeout { attempts, .. } | Error::Transport { attempts, .. } | Error::Decode { attempts, .. } => {
                *attempts
            }
            Error::InvalidRequest { .. } | Error::Auth { .. } => 0,
        }
    }

    /// What went wrong, for traces: the kind, or the innermost cause of a transport
    /// failure, without the URL or any body.
    pub(crate) fn failure_cause(&self) -> String {
        match self {
            Error::Api(error) => format!("HTTP {}", error.status.as_u16()),
            Error::Timeout { .. } => "timed out".into(),
            Error::Transport { source, .. } => root_cause(source),
            Error::Decode { .. } => "undecodable response body".into(),
            Error::InvalidRequest { .. } => "invalid request".into(),
            Error::Auth { source, .. } => format!("authentication failed: {}", source.kind()),
        }
    }

    /// How long the server asked the client to wait (`Retry-After`), when it did.
    pub fn retry_after(&self) -> Option<Duration> {
        self.api_error().and_then(ApiError::retry_after)
    }

    /// True for a timeout.
    pub fn is_timeout(&self) -> bool {
        matches!(self, Error::Timeout { .. })
    }

    /// True for 401 Unauthorized.
    pub fn is_unauthorized(&self) -> bool {
        self.status() == Some(StatusCode::UNAUTHORIZED)
    }

    /// True for 403 Forbidden.
    pub fn is_forbidden(&self) -> bool {
        self.status() == Some(StatusCode::FORBIDDEN)
    }

    /// True for 404 Not Found.
    pub fn is_not_found(&self) -> bool {
        self.status() == Some(StatusCode::NOT_FOUND)
    }

    /// True for 429 Too Many Requests.
    pub fn is_rate_limited(&self) -> bool {
        self.status() == Some(StatusCode::TOO_MANY_REQUESTS)
    }

    /// True for a 5xx status.
    pub fn is_server_error(&self) -> bool {
        self.status().is_some_and(|s| s.is_server_error())
    }

    /// True when sending the same request again may succeed: connection failures (the
    /// connection could not be made, or broke while sending or receiving), timeouts, and
    /// the statuses 408, 429, 502, 503 and 504. These are the failures
    /// [`RetryPolicy`](crate::RetryPolicy) retries.
    pub fn is_retryable(&self) -> bool {
        match self {
            Error::Timeout { .. } => true,
            Error::Transport { source, .. } => {
                source.is_connect() || source.is_request() || source.is_body() || source.is_decode()
            }
            Error::Api(error) => matches!(error.status.as_u16(), 408 | 429 | 502 | 503 | 504),
            _ => false,
        }
    }
}

/// `" after N attempts"` when the call was retried, else nothing.
fn after_attempts(attempts: u32) -> String {
    if attempts > 1 {
        format!(" after {attempts} attempts")
    } else {
        String::new()
    }
}

/// A success body can hold secrets (a newly issued key): the message gives its size only;
/// the start is in the `snippet` field for a caller who chooses to look.
fn body_note(snippet: &BodySnippet) -> String {
    if snippet.0.is_empty() {
        "the body is empty".into()
    } else {
        format!("the body ({} characters shown by `snippet`) is not logged", snippet.0.chars().count())
    }
}

/// The start of a response body (at most 200 characters, on one line). Its `Debug` output
/// gives the length only, so logging an error does not log the body.
#[derive(Clone, PartialEq, Eq)]
pub struct BodySnippet(String);

impl BodySnippet {
    /// The text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for BodySnippet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "BodySnippet({} characters)", self.0.chars().count())
    }
}

fn request_id_note(request_id: Option<&str>) -> String {
    request_id.map(|id| format!(" (request id {id})")).unwrap_or_default()
}

/// reqwest's message with the innermost cause ("Connection refused", ...), which reqwest's
/// own message leaves out, on one line.
fn describe_transport(error: &reqwest::Error) -> String {
    let mut message = error.to_string();
    let root = root_cause(error);
    if !message.contains(&root) {
        message.push_str(": ");
        message.push_str(&root);
    }
    one_line(&message)
}

/// The innermost error of a chain, on one line.
pub(crate) fn root_cause(error: &reqwest::Error) -> String {
    let mut cause: &dyn std::error::Error = error;
    while let Some(next) = cause.source() {
        cause = next;
    }
    one_line(&cause.to_string())
}

fn one_line(text: &str) -> String {
    text.chars().map(|c| if c.is_control() { ' ' } else { c }).collect()
}

/// An error status from the server, with everything it sent that is worth keeping.
#[derive(Debug, Clone)]
pub struct ApiError {
    operation: &'static str,
    status: StatusCode,
    request_id: Option<String>,
    retry_after: Option<Duration>,
    headers: HeaderMap,
    body: Option<crate::ApiErrorBody>,
    raw_body: Bytes,
    truncated: bool,
    attempts: u32,
}

impl ApiError {
    /// `body` is what was read of the response body: at most [`MAX_KEPT_BODY`] bytes are
    /// kept; `complete` is false when the body was longer or the connection broke first.
    pub(crate) fn new(
        operation: &'static str,
        status: StatusCode,
        headers: HeaderMap,
        body: Bytes,
        complete: bool,
    ) -> Self {
        let truncated = !complete || body.len() > MAX_KEPT_BODY;
        let raw_body = if body.len() > MAX_KEPT_BODY { body.slice(..MAX_KEPT_BODY) } else { body };
        let decoded = if truncated { None } else { serde_json::from_slice(&raw_body).ok() };
        ApiError {
            operation,
            status,
            request_id: request_id(&headers).map(String::from),
            retry_after: retry_after(&headers, SystemTime::now()),
            headers,
            body: decoded,
            raw_body,
            truncated,
            attempts: 1,
        }
    }

    /// The operation that failed (`group.method`).
    pub fn operation(&self) -> &'static str {
        self.operation
    }

    /// The HTTP status.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The request id the server assigned (`x-request-id` or `request-id`), if any.
    pub fn request_id(&self) -> Option<&str> {
        self.request_id.as_deref()
    }

    /// How long the server asked the client to wait before trying again: its `Retry-After`
    /// header (seconds, or an HTTP date measured from when the response arrived). `None`
    /// without the header or when it is neither form.
    pub fn retry_after(&self) -> Option<Duration> {
        self.retry_after
    }

    /// The response headers (`Location` of a redirect, rate-limit headers, ...).
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// Attempts made, retries included; this error is the last attempt's response.
    pub fn attempts(&self) -> u32 {
        self.attempts
    }

    /// The body decoded as the API's error schema; `None` when it is not that JSON
    /// (an HTML page from a proxy, an empty body, ...).
    pub fn body(&self) -> Option<&crate::ApiErrorBody> {
        self.body.as_ref()
    }

    /// The body as received (at most 64 KiB are kept; see [`is_truncated`](Self::is_truncated)).
    pub fn raw_body(&self) -> &[u8] {
        &self.raw_body
    }

    /// The body as text, invalid UTF-8 replaced.
    pub fn raw_text(&self) -> Cow<'_, str> {
        String::from_utf8_lossy(&self.raw_body)
    }

    /// True when [`raw_body`](Self::raw_body) is not the whole body: it was longer than
    /// what is kept, or the connection broke before it was complete.
    pub fn is_truncated(&self) -> bool {
        self.truncated
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: HTTP {}", self.operation, self.status)?;
        if let Some(id) = &self.request_id {
            write!(f, " (request id {id})")?;
        }
        f.write_str(&after_attempts(self.attempts))?;
        if !self.raw_body.is_empty() {
            write!(f, ": {}", snippet(&self.raw_body))?;
        }
        Ok(())
    }
}

impl std::error::Error for ApiError {}

/// The start of a body on one line, for messages.
fn snippet(body: &[u8]) -> String {
    let text = String::from_utf8_lossy(body);
    let mut shown: String = text.chars().take(MAX_SHOWN_BODY).map(|c| if c.is_control() { ' ' } else { c }).collect();
    if text.chars().count() > MAX_SHOWN_BODY {
        shown.push('…');
    }
    shown
}

pub(crate) fn request_id(headers: &HeaderMap) -> Option<&str> {
    ["x-request-id", "request-id", "x-amzn-requestid"]
        .iter()
        .find_map(|name| headers.get(*name))
        .and_then(|value| value.to_str().ok())
}

/// The wait a `Retry-After` header asks for, measured from `now`: delta-seconds or an
/// HTTP date (a date in the past means no wait). `None` when the header is absent or is
/// neither form, so the caller falls back to its backoff.
pub(crate) fn retry_after(headers: &HeaderMap, now: SystemTime) -> Option<Duration> {
    let value = headers.get(RETRY_AFTER)?.to_str().ok()?.trim();
    if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) {
        // More digits than a u64 holds is still a valid, very long, wait.
        return Some(Duration::from_secs(value.parse().unwrap_or(u64::MAX)));
    }
    let date = httpdate::parse_http_date(value).ok()?;
    Some(date.duration_since(now).unwrap_or(Duration::ZERO))
}
