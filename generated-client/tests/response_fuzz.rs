//! Property test of response handling: whatever a server answers, the client does not
//! panic, and reports it as the right kind of result.
//!
//! A raw TCP server on loopback serves each generated response byte for byte, so the
//! cases can hold what a well-behaved HTTP library would refuse to send: any status from
//! 100 to 599, non-UTF-8 header values, `Retry-After` garbage, wrong content types,
//! random body bytes, JSON cut short, and bodies shorter than their `Content-Length`.
//!
//! The properties, for a GET (`api_keys.list`, retried once with a 1 ms backoff):
//! - 3xx, 4xx and 5xx always give `Error::Api` with that status, its body (what arrived
//!   of it, at most 64 KiB) and a one-line `Display`;
//! - 2xx gives the decoded body, or `Error::Decode` with that status when the body does
//!   not decode, or a transport error when the body breaks off;
//! - 1xx are interim responses to HTTP/1.1; the client may wait for a final one that never
//!   comes and fail with a transport error, or report the status as `Error::Api`.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use netography_client::{Client, Error, RetryPolicy};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

/// Cases per run: enough to hit every status class and header shape many times, few
/// enough to run in seconds. docs/testing.md quotes this number.
const CASES: u32 = 256;

/// The longest error body the client keeps.
const MAX_KEPT_BODY: usize = 64 * 1024;

#[derive(Debug, Clone, Copy)]
enum Framing {
    /// `Content-Length` matches the body.
    Exact,
    /// `Content-Length` claims more than is sent before the connection closes.
    CutShort,
    /// No length: the body ends when the connection closes.
    UntilClose,
}

#[derive(Debug, Clone)]
struct CannedResponse {
    status: u16,
    headers: Vec<(&'static str, Vec<u8>)>,
    body: Vec<u8>,
    framing: Framing,
}

impl CannedResponse {
    fn to_bytes(&self) -> Vec<u8> {
        let mut out = format!("HTTP/1.1 {} Fuzz\r\nconnection: close\r\n", self.status).into_bytes();
        for (name, value) in &self.headers {
            out.extend_from_slice(name.as_bytes());
            out.extend_from_slice(b": ");
            out.extend_from_slice(value);
            out.extend_from_slice(b"\r\n");
        }
        match self.framing {
            Framing::Exact => out.extend_from_slice(format!("content-length: {}\r\n", self.body.len()).as_bytes()),
            Framing::CutShort => {
                out.extend_from_slice(format!("content-length: {}\r\n", self.body.len() + 10).as_bytes())
            }
            Framing::UntilClose => {}
        }
        out.extend_from_slice(b"\r\n");
        out.extend_from_slice(&self.body);
        out
    }

    /// Statuses whose responses never have a body, whatever the headers say.
    fn has_no_body(&self) -> bool {
        matches!(self.status, 100..=199 | 204 | 304)
    }

    fn body_breaks_off(&self) -> bool {
        matches!(self.framing, Framing::CutShort) && !self.has_no_body()
    }
}

/// Bytes a header value may hold in HTTP/1.1: visible ASCII, space, tab and obs-text
/// (0x80-0xFF, never valid UTF-8 on its own). Never empty, never starting with whitespace.
fn header_value() -> impl Strategy<Value = Vec<u8>> {
    let visible = prop_oneof![3 => 0x21u8..=0x7e, 1 => 0x80u8..=0xff];
    let byte = prop_oneof![4 => 0x21u8..=0x7e, 1 => Just(b' '), 1 => Just(b'\t'), 2 => 0x80u8..=0xff];
    (visible, proptest::collection::vec(byte, 0..40)).prop_map(|(first, mut rest)| {
        rest.insert(0, first);
        rest
    })
}

fn retry_after_value() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        (0u64..100_000).prop_map(|s| s.to_string().into_bytes()),
        (0u64..4_000_000_000).prop_map(|secs| {
            httpdate::fmt_http_date(std::time::UNIX_EPOCH + Duration::from_secs(secs)).into_bytes()
        }),
        Just(b"-1".to_vec()),
        Just(b"99999999999999999999999999".to_vec()),
        Just(b"Wed, 31 Feb 2026 25:61:61 GMT".to_vec()),
        header_value(),
    ]
}

fn header() -> impl Strategy<Value = (&'static str, Vec<u8>)> {
    prop_oneof![
        retry_after_value().prop_map(|v| ("retry-after", v)),
        prop_oneof![
            Just(b"application/json".to_vec()),
            Just(b"text/html; charset=utf-8".to_vec()),
            Just(b"application/octet-stream".to_vec()),
            header_value(),
        ]
        .prop_map(|v| ("content-type", v)),
        header_value().prop_map(|v| ("x-request-id", v)),
        header_value().prop_map(|v| ("location", v)),
        header_value().prop_map(|v| ("x-fuzz", v)),
    ]
}

fn valid_list_json() -> impl Strategy<Value = Vec<u8>> {
    proptest::collection::vec("[a-z]{1,12}", 0..20).prop_map(|names| {
        let data: Vec<_> = names.iter().map(|n| serde_json::json!({"appname": n, "roles": ["admin"]})).collect();
        serde_json::to_vec(&serde_json::json!({"meta": {"count": data.len()}, "data": data})).unwrap()
    })
}

fn body() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        3 => proptest::collection::vec(any::<u8>(), 0..512),
        2 => valid_list_json(),
        2 => (valid_list_json(), any::<proptest::sample::Index>()).prop_map(|(json, cut)| {
            let end = cut.index(json.len().max(1));
            json[..end].to_vec()
        }),
        1 => Just(br#"{"status": 503, "name": "Unavailable", "message": "try later"}"#.to_vec()),
        1 => proptest::collection::vec(any::<u8>(), MAX_KEPT_BODY..MAX_KEPT_BODY + 4096),
    ]
}

fn canned_response() -> impl Strategy<Value = CannedResponse> {
    let framing = prop_oneof![Just(Framing::Exact), Just(Framing::CutShort), Just(Framing::UntilClose)];
    (100u16..=599, proptest::collection::vec(header(), 0..6), body(), framing)
        .prop_map(|(status, headers, body, framing)| CannedResponse { status, headers, body, framing })
}

/// Answers every connection with the current canned bytes, then closes it.
async fn serve(listener: TcpListener, response: Arc<Mutex<Vec<u8>>>) {
    loop {
        let Ok((mut socket, _)) = listener.accept().await else { continue };
        let bytes = response.lock().unwrap().clone();
        tokio::spawn(async move {
            // Read the request head (GET: no body) so that closing does not reset it.
            let mut head = Vec::new();
            let mut buffer = [0u8; 4096];
            while !head.windows(4).any(|w| w == b"\r\n\r\n") {
                match socket.read(&mut buffer).await {
                    Ok(0) | Err(_) => return,
                    Ok(n) => head.extend_from_slice(&buffer[..n]),
                }
            }
            let _ = socket.write_all(&bytes).await;
            let _ = socket.shutdown().await;
        });
    }
}

fn check(case: &CannedResponse, result: Result<netography_client::types::ApiKeyRecordListResponse, Error>) {
    if let Err(error) = &result {
        let line = error.to_string();
        assert!(!line.contains('\n') && line.starts_with("api_keys.list: "), "bad Display: {line:?}");
    }
    match case.status {
        100..=199 => match &result {
            Err(Error::Api(api)) => assert_eq!(api.status().as_u16(), case.status),
            Err(Error::Transport { .. }) => {}
            other => panic!("interim {}: unexpected {other:?}", case.status),
        },
        200..=299 => match &result {
            Ok(_) => {}
            Err(Error::Decode { status, .. }) => assert_eq!(status.as_u16(), case.status),
            Err(Error::Transport { .. }) if case.body_breaks_off() => {}
            Err(other) => panic!("{}: unexpected {other:?}", case.status),
        },
        _ => {
            let Err(Error::Api(api)) = &result else { panic!("{}: expected Error::Api, got {result:?}", case.status) };
            assert_eq!(api.status().as_u16(), case.status);
            if !case.has_no_body() {
                let kept = api.raw_body();
                assert!(kept.len() <= MAX_KEPT_BODY && case.body.starts_with(kept), "raw body is not a prefix");
                let partial = case.body_breaks_off() || case.body.len() > MAX_KEPT_BODY;
                assert_eq!(api.is_truncated(), partial, "kept {} of {} bytes", kept.len(), case.body.len());
                if !partial {
                    assert_eq!(kept, &case.body[..]);
                }
            }
        }
    }
}

#[test]
fn any_response_gives_a_result_of_the_right_kind_and_never_a_panic() {
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    let response = Arc::new(Mutex::new(Vec::new()));
    let listener = runtime.block_on(TcpListener::bind("127.0.0.1:0")).unwrap();
    let address = listener.local_addr().unwrap();
    runtime.spawn(serve(listener, response.clone()));
    let client = Client::builder()
        .base_url(format!("http://{address}"))
        .bearer_token("fuzz-token")
        // A safety net: a case that hangs fails as a timeout instead of stalling the run.
        .timeout(Duration::from_secs(10))
        .retry_policy(
            RetryPolicy::default()
                .with_max_retries(1)
                .with_initial_backoff(Duration::from_millis(1))
                // Any Retry-After of a second or more ends the call: the run stays fast.
                .with_max_retry_after(Duration::from_millis(1)),
        )
        .build()
        .unwrap();

    // A failure prints the shrunk case; nothing is written next to the sources.
    let mut runner = TestRunner::new(Config { cases: CASES, failure_persistence: None, ..Config::default() });
    runner
        .run(&canned_response(), |case| {
            *response.lock().unwrap() = case.to_bytes();
            let result = runtime.block_on(client.api_keys().list().send());
            check(&case, result);
            Ok(())
        })
        .unwrap();
}
