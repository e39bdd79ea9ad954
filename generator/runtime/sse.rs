//! Server-sent events (`text/event-stream`): the stream a call returns, its events decoded
//! as they arrive (the parsing is `sse_parser`'s).

use std::collections::VecDeque;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use reqwest::header::HeaderMap;
use reqwest::StatusCode;

use crate::byte_stream::ChunkReader;
use crate::error::Error;
use crate::sse_parser::{EventParser, RawEvent};

/// One server-sent event, its data decoded.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Event<T> {
    /// The `event` field: the event's type, when the server names one (`None` means the
    /// default type, `message`).
    pub event: Option<String>,
    /// The last event id the server set (`id` fields carry over to later events).
    pub id: Option<String>,
    /// The data lines, joined with `\n` and decoded.
    pub data: T,
    /// The reconnection time the server asked for with this event, if it did.
    pub retry: Option<Duration>,
}

/// The events of a `text/event-stream` response, decoded as they arrive. Read them with
/// [`next_event`](Self::next_event), or as a `futures::Stream` (it implements
/// `futures_core::Stream`, so `StreamExt::next` and the other combinators work).
///
/// The stream ends when the server closes it, or at the data that marks the end for this
/// API (see [`ends_at`](Self::ends_at)). A connection that breaks yields one error and ends
/// the stream; data that does not decode yields an [`Error::Decode`] and the stream goes on.
/// Dropping the stream closes the connection. The client's timeout applies to each wait
/// for data (a server sending keep-alive comments keeps the stream open); a
/// [`Call::timeout`](crate::Call::timeout) bounds the whole stream.
#[must_use = "a stream does nothing unless polled"]
pub struct EventStream<T> {
    operation: &'static str,
    status: StatusCode,
    headers: HeaderMap,
    body: ChunkReader,
    parser: EventParser,
    ready: VecDeque<RawEvent>,
    decode: fn(&str) -> Result<T, serde_json::Error>,
    end: Option<&'static str>,
    failure: Option<Error>,
    finished: bool,
}

impl<T> std::fmt::Debug for EventStream<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("EventStream")
            .field("operation", &self.operation)
            .field("status", &self.status)
            .field("finished", &self.finished)
            .finish_non_exhaustive()
    }
}

impl<T> EventStream<T> {
    pub(crate) fn new(
        operation: &'static str,
        response: reqwest::Response,
        headers: HeaderMap,
        decode: fn(&str) -> Result<T, serde_json::Error>,
    ) -> Self {
        EventStream {
            operation,
            status: response.status(),
            headers,
            body: ChunkReader::new(response),
            parser: EventParser::default(),
            ready: VecDeque::new(),
            decode,
            end: crate::EVENT_STREAM_END,
            failure: None,
            finished: false,
        }
    }

    /// Ends the stream at an event whose data is exactly `data` (such as `[DONE]`), without
    /// yielding it. The generated default is the spec settings' `event-stream-end`.
    pub fn ends_at(mut self, data: &'static str) -> Self {
        self.end = Some(data);
        self
    }

    /// The response headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The next event, or `None` once the stream has ended.
    pub async fn next_event(&mut self) -> Option<Result<Event<T>, Error>> {
        std::future::poll_fn(|cx| self.poll_event(cx)).await
    }

    fn poll_event(&mut self, cx: &mut Context<'_>) -> Poll<Option<Result<Event<T>, Error>>> {
        loop {
            if let Some(raw) = self.ready.pop_front() {
                if self.end.is_some_and(|end| raw.data == end) {
                    self.close();
                    return Poll::Ready(None);
                }
                return Poll::Ready(Some(self.decoded(raw)));
            }
            if let Some(failure) = self.failure.take() {
                return Poll::Ready(Some(Err(failure)));
            }
            if self.finished {
                return Poll::Ready(None);
            }
            match self.body.poll_chunk(cx) {
                Poll::Pending => return Poll::Pending,
                Poll::Ready(Some(Ok(bytes))) => self.parser.feed(&bytes, &mut self.ready),
                Poll::Ready(None) => {
                    self.finished = true;
                    if self.parser.finish(&mut self.ready).is_err() {
                        self.failure = Some(self.broken_off());
                    }
                }
                Poll::Ready(Some(Err(error))) => {
                    self.finished = true;
                    self.failure = Some(Error::from_transport(self.operation, error));
                }
            }
        }
    }

    fn decoded(&self, raw: RawEvent) -> Result<Event<T>, Error> {
        let data = (self.decode)(&raw.data)
            .map_err(|e| Error::decode(self.operation, self.status, &self.headers, &e, raw.data.as_bytes()))?;
        let id = raw.id.map(|id| id.to_string());
        Ok(Event { event: raw.event, id, data, retry: raw.retry.map(Duration::from_millis) })
    }

    fn broken_off(&self) -> Error {
        let eof = std::io::Error::new(std::io::ErrorKind::UnexpectedEof, "the stream ended in the middle of an event");
        Error::decode(self.operation, self.status, &self.headers, &serde_json::Error::io(eof), b"")
    }

    fn close(&mut self) {
        self.finished = true;
        self.ready.clear();
        self.body.close();
    }
}

impl<T> futures_core::Stream for EventStream<T> {
    type Item = Result<Event<T>, Error>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.get_mut().poll_event(cx)
    }
}

/// Data decoded as JSON.
pub(crate) fn json_data<T: serde::de::DeserializeOwned>(data: &str) -> Result<T, serde_json::Error> {
    serde_json::from_str(data)
}

/// Data kept as text.
pub(crate) fn text_data(data: &str) -> Result<String, serde_json::Error> {
    Ok(data.to_string())
}
