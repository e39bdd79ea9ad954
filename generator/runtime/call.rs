//! One API call: built by an operation method, sent when awaited.

use std::future::{Future, IntoFuture};
use std::pin::Pin;
use std::time::Duration;

use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use reqwest::header::{HeaderMap, HeaderName, HeaderValue, ACCEPT, CONTENT_TYPE};
use reqwest::StatusCode;

use crate::error::{ApiError, Error};
use crate::Client;

/// What an operation method knows about its operation.
#[derive(Debug)]
pub(crate) struct OperationInfo {
    /// `group.method`, as shown in errors.
    pub(crate) name: &'static str,
    pub(crate) method: reqwest::Method,
    /// The path as the spec writes it, parameters unfilled.
    #[allow(dead_code)]
    pub(crate) path_template: &'static str,
}

/// Everything except the unreserved characters of RFC 3986 is encoded, so a parameter
/// value stays one path segment: `a/b c` is sent as `a%2Fb%20c`.
const PATH_SEGMENT: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'.').remove(b'_').remove(b'~');

pub(crate) fn encode_path_segment(value: &str) -> String {
    utf8_percent_encode(value, PATH_SEGMENT).to_string()
}

type Decoder<T> = fn(&[u8]) -> Result<T, serde_json::Error>;

pub(crate) fn decode_json<T: serde::de::DeserializeOwned>(body: &[u8]) -> Result<T, serde_json::Error> {
    serde_json::from_slice(body)
}

/// Operations without a response body ignore whatever the server sends.
pub(crate) fn decode_empty(_: &[u8]) -> Result<(), serde_json::Error> {
    Ok(())
}

/// A request about to be sent. Await it for the decoded body, or configure it first with
/// [`timeout`](Self::timeout) and [`header`](Self::header), and use
/// [`send_with_response`](Self::send_with_response) for the status and headers.
#[must_use = "a Call does nothing until it is awaited"]
pub struct Call<'c, T> {
    client: &'c Client,
    operation: &'static OperationInfo,
    path: String,
    body: Option<(&'static str, Result<Vec<u8>, String>)>,
    headers: Vec<(String, String)>,
    timeout: Option<Duration>,
    decode: Decoder<T>,
}

impl<T> std::fmt::Debug for Call<'_, T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Call")
            .field("operation", &self.operation.name)
            .field("path", &self.path)
            .field("timeout", &self.timeout)
            .finish_non_exhaustive()
    }
}

impl<'c, T: Send + 'c> Call<'c, T> {
    pub(crate) fn new(client: &'c Client, operation: &'static OperationInfo, path: String, decode: Decoder<T>) -> Self {
        Call { client, operation, path, body: None, headers: Vec::new(), timeout: None, decode }
    }

    /// Serializes the body now, so the call does not borrow it.
    pub(crate) fn json_body<B: serde::Serialize + ?Sized>(mut self, content_type: &'static str, body: &B) -> Self {
        self.body = Some((content_type, serde_json::to_vec(body).map_err(|e| e.to_string())));
        self
    }

    /// Time allowed for this request, overriding the client's.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// Adds a header to this request only. An invalid name or value makes the call fail
    /// with [`Error::InvalidRequest`] when it is sent.
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }

    /// Sends the request and decodes the body.
    pub async fn send(self) -> Result<T, Error> {
        Ok(self.send_with_response().await?.into_body())
    }

    /// Sends the request and returns the decoded body with the status and headers.
    pub async fn send_with_response(self) -> Result<Response<T>, Error> {
        let operation = self.operation.name;
        let invalid = |message: String| Error::InvalidRequest { operation, message };
        let inner = &self.client.inner;
        let url = format!("{}{}", inner.base_url, self.path);
        let mut request = inner.http.request(self.operation.method.clone(), url).header(ACCEPT, "application/json");
        if let Some(token) = &inner.token {
            request = request.header(reqwest::header::AUTHORIZATION, token.header_value().clone());
        }
        if let Some((content_type, body)) = self.body {
            let body = body.map_err(|e| invalid(format!("the request body cannot be serialized: {e}")))?;
            request = request.header(CONTENT_TYPE, content_type).body(body);
        }
        for (name, value) in &self.headers {
            let name = HeaderName::from_bytes(name.as_bytes())
                .map_err(|_| invalid(format!("invalid header name {name:?}")))?;
            let value =
                HeaderValue::from_str(value).map_err(|_| invalid(format!("invalid value for header {name}")))?;
            request = request.header(name, value);
        }
        if let Some(timeout) = self.timeout {
            request = request.timeout(timeout);
        }
        let response = request.send().await.map_err(|e| Error::from_transport(operation, e))?;
        let status = response.status();
        let headers = response.headers().clone();
        let body = response.bytes().await.map_err(|e| Error::from_transport(operation, e))?;
        if !status.is_success() {
            return Err(Error::Api(Box::new(ApiError::new(operation, status, &headers, body))));
        }
        let decoded = (self.decode)(&body).map_err(|e| Error::decode(operation, status, &e, &body))?;
        Ok(Response { status, headers, body: decoded })
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
