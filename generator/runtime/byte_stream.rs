//! A success body read as it arrives, chunk by chunk, so that a large download is never held
//! in memory: [`Call::byte_stream`](crate::Call::byte_stream).

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use bytes::Bytes;
use reqwest::header::HeaderMap;
use reqwest::StatusCode;

use crate::error::Error;

type NextChunk = Pin<Box<dyn Future<Output = (reqwest::Response, reqwest::Result<Option<Bytes>>)> + Send>>;

/// A response body read chunk by chunk, polled: what byte streams and event streams read.
pub(crate) struct ChunkReader {
    response: Option<reqwest::Response>,
    next_chunk: Option<NextChunk>,
}

impl ChunkReader {
    pub(crate) fn new(response: reqwest::Response) -> Self {
        ChunkReader { response: Some(response), next_chunk: None }
    }

    /// The next chunk as received (possibly empty); `None` once the body has ended, broken
    /// off (after its error) or been closed.
    pub(crate) fn poll_chunk(&mut self, cx: &mut Context<'_>) -> Poll<Option<reqwest::Result<Bytes>>> {
        if self.next_chunk.is_none() {
            let Some(mut response) = self.response.take() else { return Poll::Ready(None) };
            self.next_chunk = Some(Box::pin(async move {
                let chunk = response.chunk().await;
                (response, chunk)
            }));
        }
        let Some(next_chunk) = self.next_chunk.as_mut() else { return Poll::Ready(None) };
        let (response, chunk) = match next_chunk.as_mut().poll(cx) {
            Poll::Ready(result) => result,
            Poll::Pending => return Poll::Pending,
        };
        self.next_chunk = None;
        if matches!(chunk, Ok(Some(_))) {
            self.response = Some(response);
        }
        Poll::Ready(chunk.transpose())
    }

    /// Stops reading: the connection closes.
    pub(crate) fn close(&mut self) {
        self.next_chunk = None;
        self.response = None;
    }

    fn is_finished(&self) -> bool {
        self.response.is_none() && self.next_chunk.is_none()
    }
}

/// The body of a success response as a stream of [`Bytes`] chunks, in the order received.
/// Read it with [`next_chunk`](Self::next_chunk), or as a `futures::Stream` (it implements
/// `futures_core::Stream`), or whole with [`collect`](Self::collect).
///
/// The request was retried as usual until a success status arrived; from then on the body
/// is the server's. A connection that breaks yields one error and ends the stream (it is not
/// retried: part of the body was already yours). The client's timeout bounds each wait for
/// data, not the whole download; a [`Call::timeout`](crate::Call::timeout) bounds the whole.
/// Dropping the stream closes the connection.
#[must_use = "a stream does nothing unless polled"]
pub struct ByteStream {
    operation: &'static str,
    status: StatusCode,
    headers: HeaderMap,
    body: ChunkReader,
}

impl std::fmt::Debug for ByteStream {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ByteStream")
            .field("operation", &self.operation)
            .field("status", &self.status)
            .field("finished", &self.body.is_finished())
            .finish_non_exhaustive()
    }
}

impl ByteStream {
    pub(crate) fn new(operation: &'static str, response: reqwest::Response, headers: HeaderMap) -> Self {
        ByteStream { operation, status: response.status(), headers, body: ChunkReader::new(response) }
    }

    /// The HTTP status (a success).
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The response headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The body's length, when the server declared it (`Content-Length`).
    pub fn content_length(&self) -> Option<u64> {
        self.headers.get(reqwest::header::CONTENT_LENGTH)?.to_str().ok()?.parse().ok()
    }

    /// The next chunk, or `None` once the body has ended.
    pub async fn next_chunk(&mut self) -> Option<Result<Bytes, Error>> {
        std::future::poll_fn(|cx| self.poll_chunk(cx)).await
    }

    /// The rest of the body, in one piece (it is then in memory: for a body you could
    /// have awaited the call for).
    pub async fn collect(mut self) -> Result<Bytes, Error> {
        let mut whole = bytes::BytesMut::new();
        while let Some(chunk) = self.next_chunk().await {
            whole.extend_from_slice(&chunk?);
        }
        Ok(whole.freeze())
    }

    fn poll_chunk(&mut self, cx: &mut Context<'_>) -> Poll<Option<Result<Bytes, Error>>> {
        loop {
            return match self.body.poll_chunk(cx) {
                Poll::Pending => Poll::Pending,
                // An empty chunk says nothing: read on.
                Poll::Ready(Some(Ok(bytes))) if bytes.is_empty() => continue,
                Poll::Ready(Some(Ok(bytes))) => Poll::Ready(Some(Ok(bytes))),
                Poll::Ready(Some(Err(error))) => Poll::Ready(Some(Err(Error::from_transport(self.operation, error)))),
                Poll::Ready(None) => Poll::Ready(None),
            };
        }
    }
}

impl futures_core::Stream for ByteStream {
    type Item = Result<Bytes, Error>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.get_mut().poll_chunk(cx)
    }
}
