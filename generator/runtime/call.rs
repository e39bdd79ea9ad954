//! One API call: built by an operation method, sent when awaited.

use std::future::{Future, IntoFuture};
use std::pin::Pin;
use std::time::Duration;

use reqwest::header::{HeaderMap, HeaderName, HeaderValue, ACCEPT, CONTENT_LENGTH, CONTENT_TYPE};
use tracing::Instrument;

use crate::attempt::BodyReading;
use crate::byte_stream::ByteStream;
pub(crate) use crate::call_response::{decode_bytes, decode_empty, decode_json, decode_text};
use crate::call_response::{Decode, Decoder, Response, StreamStart};
use crate::client_auth::Applied;
use crate::error::Error;
pub(crate) use crate::operation::Operation;
use crate::retry::{RetryOverrides, RetryPolicy};
use crate::upload::Payload;
use crate::Client;

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
    // The request's parts, set through `call_request.rs`.
    pub(crate) query: Vec<(String, String)>,
    /// Content type and body; bytes are `Bytes`, so each attempt of a retried call shares
    /// them, a file is opened again for each attempt, a stream is sent once.
    pub(crate) body: Option<(String, Result<Payload, String>)>,
    pub(crate) headers: Vec<(String, String)>,
    /// Parameters that could not be encoded; sending fails with these.
    pub(crate) problems: Vec<String>,
    timeout: Option<Duration>,
    retry: RetryOverrides,
    decode: Decode<T>,
    /// A whole URL instead of the base URL, path and query (the next page's `Link`).
    url: Option<String>,
}

// Paging sends a call again with another parameter: every part is cloned but the client,
// which is shared.
impl<T> Clone for Call<'_, T> {
    fn clone(&self) -> Self {
        Call {
            client: self.client,
            operation: self.operation,
            path: self.path.clone(),
            query: self.query.clone(),
            body: self.body.clone(),
            headers: self.headers.clone(),
            problems: self.problems.clone(),
            timeout: self.timeout,
            retry: self.retry.clone(),
            decode: self.decode,
            url: self.url.clone(),
        }
    }
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

impl<'c, T: 'c> Call<'c, T> {
    /// A call of `operation`, its path filled with `path_values` (see [`Operation::fill_path`]).
    pub(crate) fn new(
        client: &'c Client,
        operation: &'static Operation,
        path_values: &[&str],
        decode: Decoder<T>,
    ) -> Self {
        Self::with_decode(client, operation, path_values, Decode::Body(decode))
    }

    /// A call whose success body is read by its result (an event stream) as it arrives.
    pub(crate) fn streaming(
        client: &'c Client,
        operation: &'static Operation,
        path_values: &[&str],
        start: StreamStart<T>,
    ) -> Self {
        Self::with_decode(client, operation, path_values, Decode::Events(start))
    }

    fn with_decode(client: &'c Client, operation: &'static Operation, path_values: &[&str], decode: Decode<T>) -> Self {
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
            url: None,
        }
    }

    /// The same call to `path`, as given: a raw request's, which no template fills.
    pub(crate) fn with_path(mut self, path: String) -> Self {
        self.path = path;
        self
    }

    /// The same call, its success body decoded by `decode`: a raw request picks its result
    /// type when it is sent.
    pub(crate) fn decoded_as<U>(self, decode: Decoder<U>) -> Call<'c, U> {
        self.reading_as(Decode::Body(decode))
    }

    fn reading_as<U>(self, decode: Decode<U>) -> Call<'c, U> {
        Call {
            client: self.client,
            operation: self.operation,
            path: self.path,
            query: self.query,
            body: self.body,
            headers: self.headers,
            problems: self.problems,
            timeout: self.timeout,
            retry: self.retry,
            decode,
            url: self.url,
        }
    }

    /// Time allowed for this request, overriding the client's. It applies to each attempt.
    /// For an event stream it bounds the whole stream (by default only each wait for data is
    /// bounded).
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

    /// Sends the request and returns the success body as it arrives, as a [`ByteStream`] of
    /// chunks, instead of reading it whole: for a large download (a file, an export) that
    /// should never be in memory at once. Retries and error statuses are as for awaiting
    /// the call; the stream keeps the status and headers.
    ///
    /// ```no_run
    #[doc = concat!("# async fn example(call: ", env!("CARGO_CRATE_NAME"), "::Call<'_, bytes::Bytes>) -> Result<(), Box<dyn std::error::Error>> {")]
    /// let mut body = call.byte_stream().await?;
    /// let mut total = 0;
    /// while let Some(chunk) = body.next_chunk().await {
    ///     total += chunk?.len(); // write it to a file, a hash, another request...
    /// }
    /// # let _ = total;
    /// # Ok(())
    /// # }
    /// ```
    pub async fn byte_stream(self) -> Result<ByteStream, Error> {
        self.reading_as(Decode::Chunks(ByteStream::new)).send().await
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

    async fn send_in_span(mut self) -> Result<Response<T>, Error> {
        let operation = self.operation.name;
        // One idempotency key per call, the same on every attempt: the server then applies
        // a retried POST once, so it may be retried like a GET. A key set by the caller wins.
        if let Some(header) = self.operation.idempotency_header {
            if !self.headers.iter().any(|(name, _)| name.eq_ignore_ascii_case(header)) {
                self.headers.push((header.to_string(), new_idempotency_key()));
            }
            self.retry.non_idempotent = true;
        }
        // A streamed body can be read once: one attempt.
        if self.body.as_ref().is_some_and(|(_, body)| body.as_ref().is_ok_and(Payload::is_once)) {
            self.retry.max_retries = Some(0);
        }
        let policy = self.retry.apply(&self.client.inner.retry_policy);
        let http = &self.client.inner.http;
        let this = &self;
        let prepare = || async move {
            let auth = crate::client_auth::credentials_for(this.client, operation, this.operation.security).await?;
            Ok((this.build_request(&auth)?, auth))
        };
        let hooks = &self.client.inner.hooks;
        let reading = match self.decode {
            Decode::Body(_) => BodyReading::Whole,
            Decode::Events(_) | Decode::Chunks(_) => BodyReading::Streamed,
        };
        let mut reply =
            crate::attempt::send_with_retries(http, hooks, self.operation, &policy, reading, prepare).await?;
        let decoded = match (self.decode, reply.unread.take()) {
            (Decode::Events(start) | Decode::Chunks(start), Some(unread)) => {
                start(operation, unread, reply.headers.clone())
            }
            (Decode::Body(decode), _) => decode(reply.status, &reply.body).map_err(|e| {
                Error::decode(operation, reply.status, &reply.headers, &e, &reply.body).with_attempts(reply.attempts)
            })?,
            // A streamed attempt keeps its response unread; this arm only keeps the match whole.
            (Decode::Events(_) | Decode::Chunks(_), None) => {
                let missing = std::io::Error::new(std::io::ErrorKind::UnexpectedEof, "no response body to stream");
                return Err(Error::decode(
                    operation,
                    reply.status,
                    &reply.headers,
                    &serde_json::Error::io(missing),
                    b"",
                ));
            }
        };
        Ok(Response::new(reply.status, reply.headers, decoded))
    }

    /// The same call with the query parameter `name` set to `value` (replacing any value).
    pub(crate) fn replace_query(mut self, name: &str, value: String) -> Self {
        self.query.retain(|(key, _)| key != name);
        self.query.push((name.to_string(), value));
        self
    }

    /// The value this call sends for the query parameter `name`.
    pub(crate) fn query_value(&self, name: &str) -> Option<&str> {
        self.query.iter().find(|(key, _)| key == name).map(|(_, value)| value.as_str())
    }

    /// The same call sent to `url` (a next-page link), which must be on the API's server:
    /// credentials are never sent elsewhere. A relative URL is resolved against the base URL.
    pub(crate) fn at_url(mut self, url: &str) -> Result<Self, Error> {
        let operation = self.operation.name;
        let invalid = |message: String| Error::InvalidRequest { operation, message };
        let base = reqwest::Url::parse(&self.client.inner.base_url).map_err(|e| invalid(e.to_string()))?;
        let next = base.join(url).map_err(|e| invalid(format!("the next page's link {url:?}: {e}")))?;
        if (next.scheme(), next.host_str(), next.port_or_known_default())
            != (base.scheme(), base.host_str(), base.port_or_known_default())
        {
            return Err(invalid(format!("the next page's link leaves the API's server: {next}")));
        }
        self.query.clear();
        self.url = Some(next.to_string());
        Ok(self)
    }

    /// The request one attempt sends, with its credentials.
    fn build_request(&self, auth: &Applied) -> Result<reqwest::Request, Error> {
        let operation = self.operation.name;
        let invalid = |message: String| Error::InvalidRequest { operation, message };
        if let Some(problem) = self.problems.first() {
            return Err(invalid(problem.clone()));
        }
        let inner = &self.client.inner;
        let url = self.url.clone().unwrap_or_else(|| format!("{}{}", inner.base_url, self.path));
        let streamed = !matches!(self.decode, Decode::Body(_));
        let accept = if matches!(self.decode, Decode::Events(_)) { "text/event-stream" } else { self.operation.accept };
        let mut request = inner.http.request(self.operation.method.to_reqwest(), url).header(ACCEPT, accept);
        if !self.query.is_empty() {
            request = request.query(&self.query);
        }
        request = auth.apply(request);
        if let Some((content_type, body)) = &self.body {
            let body = body.as_ref().map_err(|e| invalid(format!("the request body cannot be serialized: {e}")))?;
            let (body, length) = body.for_attempt().map_err(invalid)?;
            request = request.header(CONTENT_TYPE, content_type.as_str()).body(body);
            if let Some(length) = length {
                request = request.header(CONTENT_LENGTH, length);
            }
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
        // A stream outlives any request timeout unless the call sets one.
        let default_timeout = if streamed { None } else { inner.timeout };
        if let Some(timeout) = self.timeout.or(default_timeout) {
            request = request.timeout(timeout);
        }
        request.build().map_err(|e| invalid(e.to_string()))
    }
}

/// A random (version 4) UUID, as idempotency keys usually are.
fn new_idempotency_key() -> String {
    let random = fastrand::u128(..);
    format!(
        "{:08x}-{:04x}-4{:03x}-{:04x}-{:012x}",
        (random >> 96) as u32,
        (random >> 80) as u16,
        (random >> 68) as u16 & 0x0fff,
        ((random >> 52) as u16 & 0x3fff) | 0x8000,
        random as u64 & 0xffff_ffff_ffff
    )
}

impl<'c, T: 'c> IntoFuture for Call<'c, T> {
    type Output = Result<T, Error>;
    type IntoFuture = Pin<Box<dyn Future<Output = Result<T, Error>> + Send + 'c>>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(self.send())
    }
}

/// A path parameter value as text (`simple` style), before percent-encoding.
pub(crate) fn path_value<V: serde::Serialize + ?Sized>(value: &V) -> String {
    serde_json::to_value(value).map(|v| crate::params::simple_value(&v)).unwrap_or_default()
}

/// Gives a per-operation call builder (a tuple struct around a `Call<'c, T>`) the
/// options of [`Call`]. Options added to `Call` are added here too.
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

            /// Sends the request and returns the success body as it arrives: see
            /// [`Call::byte_stream`](crate::Call::byte_stream).
            pub async fn byte_stream(self) -> Result<crate::ByteStream, crate::Error> {
                self.0.byte_stream().await
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
pub(crate) use call_options;

#[cfg(test)]
mod tests {
    #[test]
    fn idempotency_keys_are_version_4_uuids_and_differ() {
        let key = super::new_idempotency_key();
        let groups: Vec<usize> = key.split('-').map(str::len).collect();
        assert_eq!(groups, [8, 4, 4, 4, 12], "{key}");
        assert!(key.chars().all(|c| c == '-' || c.is_ascii_hexdigit()), "{key}");
        assert_eq!(&key[14..15], "4", "{key}");
        assert!("89ab".contains(&key[19..20]), "{key}");
        assert_ne!(key, super::new_idempotency_key());
    }
}
