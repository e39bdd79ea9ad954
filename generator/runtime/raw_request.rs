//! Requests the spec does not describe (an endpoint it does not have yet, a schema it gets
//! wrong), sent through the same client: its base URL, credentials, retries, timeouts, hooks
//! and tracing. Nobody forks a generated crate to get past one.

use std::time::Duration;

use bytes::Bytes;

use crate::call::{decode_bytes, decode_json, Call, Operation};
use crate::call_response::Response;
use crate::error::Error;
use crate::retry::RetryPolicy;
use crate::Client;

/// An HTTP method, for [`Client::request`] (reqwest's, re-exported).
pub use reqwest::Method;

/// What traces show as the path of a raw request: the path itself may hold values.
const RAW_PATH: &str = "(raw request)";

/// One operation per HTTP method: credentials as most of the spec's operations require
/// (`crate::RAW_REQUEST_SECURITY`), any media type accepted.
static RAW_OPERATIONS: [Operation; 8] = [
    Operation::get("request", RAW_PATH).with_security(crate::RAW_REQUEST_SECURITY).accepting("*/*"),
    Operation::put("request", RAW_PATH).with_security(crate::RAW_REQUEST_SECURITY).accepting("*/*"),
    Operation::post("request", RAW_PATH).with_security(crate::RAW_REQUEST_SECURITY).accepting("*/*"),
    Operation::delete("request", RAW_PATH).with_security(crate::RAW_REQUEST_SECURITY).accepting("*/*"),
    Operation::options("request", RAW_PATH).with_security(crate::RAW_REQUEST_SECURITY).accepting("*/*"),
    Operation::head("request", RAW_PATH).with_security(crate::RAW_REQUEST_SECURITY).accepting("*/*"),
    Operation::patch("request", RAW_PATH).with_security(crate::RAW_REQUEST_SECURITY).accepting("*/*"),
    Operation::trace("request", RAW_PATH).with_security(crate::RAW_REQUEST_SECURITY).accepting("*/*"),
];

impl Client {
    /// A request the spec does not describe, or describes wrongly: `method` to `path`
    /// (relative to the base URL and sent as given, so percent-encode its parts yourself),
    /// with the client's credentials (those most of the spec's operations use), retries
    /// (idempotent methods only, unless [`RawRequest::retry_non_idempotent`]), timeouts,
    /// hooks and tracing (the path shows as `(raw request)`). Add query parameters, headers
    /// and a body, then [`send`](RawRequest::send) it for a typed or JSON body, or
    /// [`send_raw`](RawRequest::send_raw) for the bytes, status and headers. A non-2xx
    /// status is an [`Error::Api`], as for any call.
    ///
    /// ```no_run
    #[doc = concat!("# async fn example(client: ", env!("CARGO_CRATE_NAME"), "::Client) -> Result<(), Box<dyn std::error::Error>> {")]
    #[doc = concat!("use ", env!("CARGO_CRATE_NAME"), "::Method;")]
    ///
    /// let usage: serde_json::Value = client.request(Method::GET, "/api/v2/usage").query("days", &7).send().await?;
    /// # Ok(())
    /// # }
    /// ```
    pub fn request(&self, method: Method, path: impl Into<String>) -> RawRequest<'_> {
        let methods = ["GET", "PUT", "POST", "DELETE", "OPTIONS", "HEAD", "PATCH", "TRACE"];
        let index = methods.iter().position(|m| *m == method.as_str());
        let operation = &RAW_OPERATIONS[index.unwrap_or(0)];
        let path = path.into();
        let mut call = Call::new(self, operation, &[], decode_bytes).with_path(path.clone());
        if index.is_none() {
            call.problems.push(format!("the HTTP method {method} is not supported"));
        }
        if !path.starts_with('/') {
            call.problems.push(format!("the path {path:?} does not start with `/`"));
        }
        RawRequest { call }
    }
}

/// A request built by hand: see [`Client::request`].
#[must_use = "a RawRequest does nothing until it is sent"]
#[derive(Debug)]
pub struct RawRequest<'c> {
    call: Call<'c, Bytes>,
}

impl<'c> RawRequest<'c> {
    /// Adds a query parameter; an array repeats it (`?tag=a&tag=b`), `None` sends nothing.
    pub fn query<V: serde::Serialize + ?Sized>(self, name: &str, value: &V) -> Self {
        RawRequest { call: self.call.query(name, value) }
    }

    /// Sets a header, as [`Call::header`] does.
    pub fn header(self, name: impl Into<String>, value: impl Into<String>) -> Self {
        RawRequest { call: self.call.header(name, value) }
    }

    /// Sends `body` as JSON (`Content-Type: application/json`).
    pub fn json<B: serde::Serialize + ?Sized>(self, body: &B) -> Self {
        RawRequest { call: self.call.json_body("application/json", body) }
    }

    /// Sends `body` as it is, with its media type.
    pub fn body(mut self, content_type: &str, body: impl Into<Bytes>) -> Self {
        self.call.body = Some((content_type.to_string(), Ok(crate::upload::Payload::from(body.into()))));
        self
    }

    /// Sends a file or a stream (or bytes) with its media type: see [`UploadBody`](crate::UploadBody).
    pub fn upload(self, content_type: &str, body: impl crate::IntoUploadBody) -> Self {
        RawRequest { call: self.call.upload_body(content_type, body.into_upload_body()) }
    }

    /// Time allowed for each attempt, as [`Call::timeout`].
    pub fn timeout(self, timeout: Duration) -> Self {
        RawRequest { call: self.call.timeout(timeout) }
    }

    /// Retries by `policy`, as [`Call::retry_policy`].
    pub fn retry_policy(self, policy: RetryPolicy) -> Self {
        RawRequest { call: self.call.retry_policy(policy) }
    }

    /// At most `retries` retries, as [`Call::max_retries`].
    pub fn max_retries(self, retries: u32) -> Self {
        RawRequest { call: self.call.max_retries(retries) }
    }

    /// Retries a POST or PATCH too, as [`Call::retry_non_idempotent`].
    pub fn retry_non_idempotent(self) -> Self {
        RawRequest { call: self.call.retry_non_idempotent() }
    }

    /// Sends the request and decodes the JSON body as `T` (a generated type, your own, or
    /// `serde_json::Value`); an empty body reads as `null`.
    pub async fn send<T: serde::de::DeserializeOwned + 'c>(self) -> Result<T, Error> {
        self.call.decoded_as(decode_json::<T>).send().await
    }

    /// Sends the request and decodes the JSON body as `T`, with the status and headers.
    pub async fn send_with_response<T: serde::de::DeserializeOwned + 'c>(self) -> Result<Response<T>, Error> {
        self.call.decoded_as(decode_json::<T>).send_with_response().await
    }

    /// Sends the request and returns the body as received, with the status and headers.
    pub async fn send_raw(self) -> Result<Response<Bytes>, Error> {
        self.call.send_with_response().await
    }

    /// Sends the request and returns the body as it arrives, as [`Call::byte_stream`].
    pub async fn byte_stream(self) -> Result<crate::ByteStream, Error> {
        self.call.byte_stream().await
    }
}
