//! Sending: one attempt (send, read the body, turn an error status into [`Error::Api`]) and
//! the loop of attempts a call makes, with the client's hooks around each, retries and one
//! replay after a rejected credential.

use std::future::Future;
use std::time::Instant;

use bytes::Bytes;
use reqwest::header::HeaderMap;
use reqwest::StatusCode;

use crate::client_auth::Applied;
use crate::error::{ApiError, Error, MAX_KEPT_BODY};
use crate::hooks::{AttemptOutcome, HookList};
use crate::operation::Operation;
use crate::retry::RetryPolicy;

/// A success response, read whole (or, for a stream, not read yet), and the attempts it
/// took.
pub(crate) struct Reply {
    pub(crate) status: StatusCode,
    pub(crate) headers: HeaderMap,
    pub(crate) body: Bytes,
    /// The response whose body is still to be read, for a stream.
    pub(crate) unread: Option<reqwest::Response>,
    pub(crate) attempts: u32,
}

/// How much of a success body an attempt reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum BodyReading {
    Whole,
    /// Left to the caller (an event stream): the attempt ends with the headers.
    Streamed,
}

/// One attempt: sends `request` and reads the response. A non-2xx status is an
/// [`Error::Api`] (even when its body breaks off), so that retries can look at it.
pub(crate) async fn send_attempt(
    http: &reqwest::Client,
    request: reqwest::Request,
    operation: &'static str,
    attempt: u32,
    reading: BodyReading,
) -> Result<Reply, Error> {
    let started = Instant::now();
    let result = receive(http, request, operation, reading).await;
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

async fn receive(
    http: &reqwest::Client,
    request: reqwest::Request,
    operation: &'static str,
    reading: BodyReading,
) -> Result<Reply, Error> {
    let mut response = http.execute(request).await.map_err(|e| Error::from_transport(operation, e))?;
    let status = response.status();
    let headers = std::mem::take(response.headers_mut());
    if status.is_success() && reading == BodyReading::Streamed {
        return Ok(Reply { status, headers, body: Bytes::new(), unread: Some(response), attempts: 1 });
    }
    if status.is_success() {
        let body = read_body(&mut response, usize::MAX).await.map_err(|(_, e)| Error::from_transport(operation, e))?;
        return Ok(Reply { status, headers, body, unread: None, attempts: 1 });
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

/// Sends the request `prepare` makes until an attempt succeeds, fails in a way not worth
/// retrying, or the policy allows no more attempts. Each attempt builds its own request,
/// with credentials fetched anew (sending consumes it; a token may have been renewed), so
/// a call that succeeds at once copies nothing. The error is the last attempt's, with the
/// count.
pub(crate) async fn send_with_retries<Prepare, Prepared>(
    http: &reqwest::Client,
    hooks: &HookList,
    operation: &'static Operation,
    policy: &RetryPolicy,
    reading: BodyReading,
    mut prepare: Prepare,
) -> Result<Reply, Error>
where
    Prepare: FnMut() -> Prepared,
    Prepared: Future<Output = Result<(reqwest::Request, Applied), Error>>,
{
    let retries_allowed = if policy.allows_method(&operation.method.to_reqwest()) { policy.max_retries() } else { 0 };
    let mut retries_done = 0;
    let mut replayed_after_401 = false;
    loop {
        let attempt = retries_done + 1 + u32::from(replayed_after_401);
        let (mut request, auth) = prepare().await?;
        hooks.before(operation.name, attempt, &mut request)?;
        let method = request.method().clone();
        let started = Instant::now();
        let result = send_attempt(http, request, operation.name, attempt, reading).await;
        hooks.after(&AttemptOutcome {
            operation: operation.name,
            method: &method,
            attempt,
            elapsed: started.elapsed(),
            result: result.as_ref().map(|reply| (reply.status, &reply.headers)),
        });
        let error = match result {
            Ok(reply) => return Ok(reply),
            Err(error) => error.with_attempts(attempt),
        };
        // A rejected credential that its source can renew: one replay, not counted as a
        // retry, so a second 401 reaches the caller.
        if error.is_unauthorized() && !replayed_after_401 && auth.rejected().await {
            tracing::info!(attempt, "credentials rejected; sending again with fresh ones");
            replayed_after_401 = true;
            continue;
        }
        let delay = if retries_done < retries_allowed { policy.delay_before_retry(&error, retries_done) } else { None };
        let Some(delay) = delay else {
            tracing::debug!(
                attempts = attempt,
                retryable = error.is_retryable(),
                retry_after = ?error.retry_after(),
                failure = %error.failure_cause(),
                "call failed"
            );
            return Err(error);
        };
        tracing::info!(attempt, ?delay, failure = %error.failure_cause(), "retrying");
        tokio::time::sleep(delay).await;
        retries_done += 1;
    }
}
