//! Errors: one type for every way a call can fail, keeping what a caller needs to react.

use std::borrow::Cow;
use std::fmt;

use bytes::Bytes;
use reqwest::header::HeaderMap;
use reqwest::StatusCode;

/// Bytes of an error body kept in an [`ApiError`].
const MAX_KEPT_BODY: usize = 64 * 1024;
/// Characters of a body shown in an error message.
const MAX_SHOWN_BODY: usize = 200;

/// Why a call failed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The server answered with an error status (4xx, 5xx, or any non-2xx).
    #[error(transparent)]
    Api(Box<ApiError>),
    /// The request or the response body took longer than the configured timeout.
    #[error("{operation}: timed out")]
    Timeout {
        /// The operation (`group.method`).
        operation: &'static str,
        /// The underlying error.
        #[source]
        source: reqwest::Error,
    },
    /// The request could not be sent or the response could not be read.
    #[error("{operation}: {source}")]
    Transport {
        /// The operation (`group.method`).
        operation: &'static str,
        /// The underlying error.
        #[source]
        source: reqwest::Error,
    },
    /// A success response whose body does not match the spec.
    #[error("{operation}: cannot decode the {status} response: {message}; body starts: {snippet}")]
    Decode {
        /// The operation (`group.method`).
        operation: &'static str,
        /// The HTTP status of the response.
        status: StatusCode,
        /// What the decoder says.
        message: String,
        /// The start of the body.
        snippet: String,
    },
    /// The request could not be built (an invalid header, a body that cannot be serialized).
    #[error("{operation}: invalid request: {message}")]
    InvalidRequest {
        /// The operation (`group.method`).
        operation: &'static str,
        /// What is wrong.
        message: String,
    },
}

impl Error {
    pub(crate) fn from_transport(operation: &'static str, source: reqwest::Error) -> Self {
        if source.is_timeout() {
            Error::Timeout { operation, source }
        } else {
            Error::Transport { operation, source }
        }
    }

    pub(crate) fn decode(operation: &'static str, status: StatusCode, error: &serde_json::Error, body: &[u8]) -> Self {
        Error::Decode { operation, status, message: error.to_string(), snippet: snippet(body) }
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
            | Error::InvalidRequest { operation, .. } => operation,
        }
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

    /// True when sending the same request again may succeed: connection failures,
    /// timeouts, 408, 429, 502, 503 and 504.
    pub fn is_retryable(&self) -> bool {
        match self {
            Error::Timeout { .. } => true,
            Error::Transport { source, .. } => source.is_connect() || source.is_request(),
            Error::Api(error) => matches!(error.status.as_u16(), 408 | 429 | 502 | 503 | 504),
            _ => false,
        }
    }
}

/// An error status from the server, with everything it sent that is worth keeping.
#[derive(Debug, Clone)]
pub struct ApiError {
    operation: &'static str,
    status: StatusCode,
    request_id: Option<String>,
    body: Option<crate::ApiErrorBody>,
    raw_body: Bytes,
    truncated: bool,
}

impl ApiError {
    pub(crate) fn new(operation: &'static str, status: StatusCode, headers: &HeaderMap, body: Bytes) -> Self {
        let decoded = serde_json::from_slice(&body).ok();
        let truncated = body.len() > MAX_KEPT_BODY;
        let raw_body = if truncated { body.slice(..MAX_KEPT_BODY) } else { body };
        ApiError {
            operation,
            status,
            request_id: request_id(headers).map(String::from),
            body: decoded,
            raw_body,
            truncated,
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

    /// The body decoded as the API's error schema; `None` when it is not that JSON
    /// (an HTML page from a proxy, an empty body, ...).
    pub fn body(&self) -> Option<&crate::ApiErrorBody> {
        self.body.as_ref()
    }

    /// The body as received (at most 64 KiB are kept).
    pub fn raw_body(&self) -> &[u8] {
        &self.raw_body
    }

    /// The body as text, invalid UTF-8 replaced.
    pub fn raw_text(&self) -> Cow<'_, str> {
        String::from_utf8_lossy(&self.raw_body)
    }

    /// True when the body was longer than what is kept.
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
