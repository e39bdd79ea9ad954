//! Your code around every attempt: [`Hooks`] see each request just before it is sent (to
//! add or sign headers) and each outcome (for metrics and logs). Set them with
//! [`ClientBuilder::hooks`](crate::ClientBuilder::hooks).

use std::sync::Arc;
use std::time::Duration;

use reqwest::header::HeaderMap;
use reqwest::{Method, StatusCode, Url};

use crate::error::Error;

/// Code run around every attempt of every call, in the order the hooks were added.
///
/// Both methods have empty defaults: implement the ones you need. They run on the task that
/// awaits the call and should not block; a retried call runs them once per attempt, and the
/// request they see is the one that attempt sends (with fresh credentials).
///
/// For example, a signer computes a digest of [`method`](OutgoingRequest::method),
/// [`url`](OutgoingRequest::url) and [`body`](OutgoingRequest::body) in `before_attempt` and
/// sets it with [`set_header`](OutgoingRequest::set_header); a metrics hook counts
/// [`status`](AttemptOutcome::status) and [`elapsed`](AttemptOutcome::elapsed) in
/// `after_attempt`.
pub trait Hooks: Send + Sync + 'static {
    /// Runs before an attempt is sent; may change its headers. An `Err` stops the call
    /// before anything is sent: it fails with [`Error::InvalidRequest`] carrying the message.
    fn before_attempt(&self, request: &mut OutgoingRequest<'_>) -> Result<(), String> {
        let _ = request;
        Ok(())
    }

    /// Runs after an attempt got a response (any status) or failed without one.
    fn after_attempt(&self, outcome: &AttemptOutcome<'_>) {
        let _ = outcome;
    }
}

/// The request one attempt is about to send.
pub struct OutgoingRequest<'a> {
    pub(crate) operation: &'static str,
    pub(crate) attempt: u32,
    pub(crate) request: &'a mut reqwest::Request,
}

impl OutgoingRequest<'_> {
    /// The operation, as `group.method`.
    pub fn operation(&self) -> &'static str {
        self.operation
    }

    /// 1 for the first attempt, 2 for the first retry, ...
    pub fn attempt(&self) -> u32 {
        self.attempt
    }

    /// The HTTP method.
    pub fn method(&self) -> &Method {
        self.request.method()
    }

    /// The full URL, query included.
    pub fn url(&self) -> &Url {
        self.request.url()
    }

    /// The headers, credentials included.
    pub fn headers(&self) -> &HeaderMap {
        self.request.headers()
    }

    /// The headers, to change.
    pub fn headers_mut(&mut self) -> &mut HeaderMap {
        self.request.headers_mut()
    }

    /// Sets a header, replacing any value of that name; fails on a name or value HTTP does
    /// not allow.
    pub fn set_header(&mut self, name: &str, value: &str) -> Result<(), String> {
        let name = reqwest::header::HeaderName::from_bytes(name.as_bytes())
            .map_err(|_| format!("invalid header name {name:?}"))?;
        let value =
            reqwest::header::HeaderValue::from_str(value).map_err(|_| format!("invalid value for header {name}"))?;
        self.request.headers_mut().insert(name, value);
        Ok(())
    }

    /// The body's bytes (empty when there is none, or it is a file or a stream).
    pub fn body(&self) -> &[u8] {
        self.request.body().and_then(reqwest::Body::as_bytes).unwrap_or_default()
    }
}

/// How one attempt ended.
pub struct AttemptOutcome<'a> {
    pub(crate) operation: &'static str,
    pub(crate) method: &'a Method,
    pub(crate) attempt: u32,
    pub(crate) elapsed: Duration,
    pub(crate) result: Result<(StatusCode, &'a HeaderMap), &'a Error>,
}

impl AttemptOutcome<'_> {
    /// The operation, as `group.method`.
    pub fn operation(&self) -> &'static str {
        self.operation
    }

    /// The HTTP method.
    pub fn method(&self) -> &Method {
        self.method
    }

    /// 1 for the first attempt, 2 for the first retry, ...
    pub fn attempt(&self) -> u32 {
        self.attempt
    }

    /// From sending the request to having the response (the whole body of a success).
    pub fn elapsed(&self) -> Duration {
        self.elapsed
    }

    /// The status, when a response arrived (error statuses included).
    pub fn status(&self) -> Option<StatusCode> {
        match self.result {
            Ok((status, _)) => Some(status),
            Err(error) => error.status(),
        }
    }

    /// The response headers, when a response arrived.
    pub fn headers(&self) -> Option<&HeaderMap> {
        match self.result {
            Ok((_, headers)) => Some(headers),
            Err(Error::Api(error)) => Some(error.headers()),
            Err(_) => None,
        }
    }

    /// The error, when the attempt failed (an error status, a timeout, a broken connection).
    pub fn error(&self) -> Option<&Error> {
        self.result.err()
    }
}

/// The hooks of a client, run in order.
#[derive(Clone, Default)]
pub(crate) struct HookList(pub(crate) Vec<Arc<dyn Hooks>>);

impl std::fmt::Debug for HookList {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} hooks", self.0.len())
    }
}

impl HookList {
    pub(crate) fn before(
        &self,
        operation: &'static str,
        attempt: u32,
        request: &mut reqwest::Request,
    ) -> Result<(), Error> {
        for hook in &self.0 {
            let mut outgoing = OutgoingRequest { operation, attempt, request: &mut *request };
            hook.before_attempt(&mut outgoing).map_err(|message| Error::InvalidRequest {
                operation,
                message: format!("a hook refused the request: {message}"),
            })?;
        }
        Ok(())
    }

    pub(crate) fn after(&self, outcome: &AttemptOutcome<'_>) {
        for hook in &self.0 {
            hook.after_attempt(outcome);
        }
    }
}
