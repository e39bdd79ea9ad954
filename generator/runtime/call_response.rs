//! How a call's success response becomes its result: the decoders generated methods pick,
//! and the decoded body with its status and headers.

use reqwest::header::HeaderMap;
use reqwest::StatusCode;

/// Turns a success response (status and body) into the operation's result type.
pub(crate) type Decoder<T> = fn(StatusCode, &[u8]) -> Result<T, serde_json::Error>;

/// Turns a success response whose body is still to be read (an event stream) into the
/// operation's result type: the operation's name, the response and its headers.
pub(crate) type StreamStart<T> = fn(&'static str, reqwest::Response, HeaderMap) -> T;

/// How a call's success response becomes its result.
pub(crate) enum Decode<T> {
    /// Read whole, then decoded.
    Body(Decoder<T>),
    /// An event stream (`Accept: text/event-stream`), read as it arrives.
    Events(StreamStart<T>),
    /// The body as it arrives, in chunks (`Accept` as the operation declares).
    Chunks(StreamStart<T>),
}

// Function pointers are `Copy` whatever `T` is (a derive would require `T: Copy`).
impl<T> Clone for Decode<T> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<T> Copy for Decode<T> {}

/// JSON; an empty body (a server that sends none, as after a 204) reads as `null`, so a
/// result that may be absent (`Option`, `serde_json::Value`, `()`) is that; any other type
/// fails to decode, naming the empty body.
pub(crate) fn decode_json<T: serde::de::DeserializeOwned>(_: StatusCode, body: &[u8]) -> Result<T, serde_json::Error> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return serde_json::from_slice(b"null")
            .map_err(|_| serde::de::Error::custom("the response has no body, where the spec declares a JSON value"));
    }
    serde_json::from_slice(body)
}

/// Operations without a response body ignore whatever the server sends.
pub(crate) fn decode_empty(_: StatusCode, _: &[u8]) -> Result<(), serde_json::Error> {
    Ok(())
}

/// `text/*` responses, invalid UTF-8 replaced.
pub(crate) fn decode_text(_: StatusCode, body: &[u8]) -> Result<String, serde_json::Error> {
    Ok(String::from_utf8_lossy(body).into_owned())
}

/// Any other media type: the bytes as received.
pub(crate) fn decode_bytes(_: StatusCode, body: &[u8]) -> Result<bytes::Bytes, serde_json::Error> {
    Ok(bytes::Bytes::copy_from_slice(body))
}

/// A decoded body with the response's status and headers.
#[derive(Debug, Clone)]
pub struct Response<T> {
    status: StatusCode,
    headers: HeaderMap,
    body: T,
}

impl<T> Response<T> {
    pub(crate) fn new(status: StatusCode, headers: HeaderMap, body: T) -> Self {
        Response { status, headers, body }
    }

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
