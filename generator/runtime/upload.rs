//! Request bodies that need not be in memory: bytes, a file (opened again for each attempt,
//! so the call retries as any other), or a stream (sent once: the call makes one attempt).

use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use bytes::Bytes;

/// A binary request body. Operations whose body is binary take anything that converts into
/// bytes (`Vec<u8>`, `&[u8]`, `String`, ...) or one of these:
/// - [`UploadBody::file`]: read from disk as it is sent, never whole in memory, and opened
///   again for each attempt, so the call retries as usual; `Content-Length` is the file's.
/// - [`UploadBody::stream`]: chunks from any stream, sent as they come. A stream can be read
///   only once, so a call with one makes a single attempt: no retries (a rejected
///   credential fails the call too). Use a file, or bytes, where retries matter.
/// - [`UploadBody::bytes`]: bytes you already hold as [`Bytes`], not copied.
#[derive(Clone)]
pub struct UploadBody(pub(crate) Payload);

impl std::fmt::Debug for UploadBody {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.0 {
            Payload::Bytes(bytes) => f.debug_tuple("UploadBody::bytes").field(&bytes.len()).finish(),
            Payload::File(path) => f.debug_tuple("UploadBody::file").field(path).finish(),
            Payload::Stream(_) => f.write_str("UploadBody::stream(..)"),
        }
    }
}

impl UploadBody {
    /// Bytes already in memory.
    pub fn bytes(bytes: impl Into<Bytes>) -> Self {
        UploadBody(Payload::Bytes(bytes.into()))
    }

    /// The file at `path`, read as it is sent. It is opened when each attempt is sent; one
    /// that cannot be opened fails the call with [`Error::InvalidRequest`](crate::Error::InvalidRequest).
    pub fn file(path: impl Into<PathBuf>) -> Self {
        UploadBody(Payload::File(Arc::new(path.into())))
    }

    /// Chunks from `stream`, sent as they come (chunked transfer encoding). Sent once: the
    /// call makes one attempt. A stream error ends the request with a transport error.
    pub fn stream<S>(stream: S) -> Self
    where
        S: futures_core::TryStream + Send + 'static,
        S::Error: Into<Box<dyn std::error::Error + Send + Sync>>,
        Bytes: From<S::Ok>,
    {
        UploadBody(Payload::Stream(Arc::new(Mutex::new(Some(reqwest::Body::wrap_stream(stream))))))
    }
}

/// What a binary body parameter takes: anything that converts into `Vec<u8>`, or an
/// [`UploadBody`] (a file, a stream, or [`Bytes`]).
pub trait IntoUploadBody {
    /// The body.
    fn into_upload_body(self) -> UploadBody;
}

impl<T: Into<Vec<u8>>> IntoUploadBody for T {
    fn into_upload_body(self) -> UploadBody {
        UploadBody(Payload::Bytes(Bytes::from(self.into())))
    }
}

impl IntoUploadBody for UploadBody {
    fn into_upload_body(self) -> UploadBody {
        self
    }
}

/// A request body as a call keeps it: each attempt sends it again.
#[derive(Clone)]
pub(crate) enum Payload {
    Bytes(Bytes),
    File(Arc<PathBuf>),
    /// Taken by the first attempt.
    Stream(Arc<Mutex<Option<reqwest::Body>>>),
}

impl From<Bytes> for Payload {
    fn from(bytes: Bytes) -> Self {
        Payload::Bytes(bytes)
    }
}

impl Payload {
    /// The bytes, when the body is in memory.
    pub(crate) fn as_bytes(&self) -> Option<&Bytes> {
        match self {
            Payload::Bytes(bytes) => Some(bytes),
            Payload::File(_) | Payload::Stream(_) => None,
        }
    }

    /// Whether only one attempt can send it.
    pub(crate) fn is_once(&self) -> bool {
        matches!(self, Payload::Stream(_))
    }

    /// The body of one attempt, and its length when known before sending.
    pub(crate) fn for_attempt(&self) -> Result<(reqwest::Body, Option<u64>), String> {
        match self {
            Payload::Bytes(bytes) => Ok((reqwest::Body::from(bytes.clone()), None)),
            Payload::File(path) => {
                let file = std::fs::File::open(path.as_ref())
                    .map_err(|e| format!("cannot open the body's file {}: {e}", path.display()))?;
                let length = file.metadata().ok().map(|m| m.len());
                Ok((reqwest::Body::from(tokio::fs::File::from_std(file)), length))
            }
            Payload::Stream(slot) => slot.lock().unwrap_or_else(|e| e.into_inner()).take().map(|body| (body, None)).ok_or_else(
                || "the body's stream was sent by an earlier attempt: a stream is sent once (use UploadBody::file or bytes to retry)".to_string(),
            ),
        }
    }
}
