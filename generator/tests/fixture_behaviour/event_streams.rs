//! Server-sent events end to end: a typed stream (OpenAI-style, `[DONE]` at the end), text
//! events, an error status before the stream, a server that closes mid-event, and the
//! `Stream` implementation.

use fixture_event_streams::types::ChatRequest;
use fixture_event_streams::{Client, Error};
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn client(server: &MockServer) -> Client {
    Client::builder().base_url(server.uri()).build().unwrap()
}

fn request() -> ChatRequest {
    ChatRequest::new("m", vec!["hi".into()]).stream(true)
}

async fn serve(server: &MockServer, http_method: &str, route: &str, body: &'static str) {
    Mock::given(method(http_method))
        .and(path(route))
        .and(header("accept", "text/event-stream"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(body, "text/event-stream"))
        .mount(server)
        .await;
}

const CHUNKS: &str = "data: {\"id\":\"c1\",\"delta\":\"Hel\"}\n\n: keep-alive\n\ndata: {\"id\":\"c1\",\"delta\":\"lo\"}\r\n\r\ndata: [DONE]\n\n";

#[tokio::test]
async fn typed_events_until_the_end_marker() {
    let server = MockServer::start().await;
    serve(&server, "POST", "/chat/completions", CHUNKS).await;
    let mut stream = client(&server).chat().create_completion_stream(&request()).await.unwrap().ends_at("[DONE]");
    let mut text = String::new();
    while let Some(event) = stream.next_event().await {
        let event = event.unwrap();
        assert_eq!(event.data.id.as_deref(), Some("c1"));
        text.push_str(event.data.delta.as_deref().unwrap_or(""));
    }
    assert_eq!(text, "Hello");
    assert!(stream.next_event().await.is_none(), "an ended stream stays ended");
}

#[tokio::test]
async fn data_that_does_not_decode_is_an_error_and_the_stream_goes_on() {
    let server = MockServer::start().await;
    serve(&server, "POST", "/chat/completions", CHUNKS).await;
    let mut stream = client(&server).chat().create_completion_stream(&request()).await.unwrap();
    assert!(stream.next_event().await.unwrap().is_ok());
    assert!(stream.next_event().await.unwrap().is_ok());
    let error = stream.next_event().await.unwrap().unwrap_err();
    assert!(matches!(error, Error::Decode { .. }), "[DONE] is not a chunk: {error}");
    assert!(stream.next_event().await.is_none());
}

#[tokio::test]
async fn text_events_keep_their_type_id_and_lines() {
    let server = MockServer::start().await;
    serve(&server, "GET", "/logs", "event: warn\nid: 41\ndata: disk\ndata: almost full\n\nretry: 3000\ndata: ok\n").await;
    let mut stream = client(&server).logs().tail().level("info").await.unwrap();
    let first = stream.next_event().await.unwrap().unwrap();
    assert_eq!((first.event.as_deref(), first.id.as_deref(), first.data.as_str()), (Some("warn"), Some("41"), "disk\nalmost full"));
    let second = stream.next_event().await.unwrap().unwrap();
    assert_eq!((second.event, second.id.as_deref(), second.data.as_str()), (None, Some("41"), "ok"));
    assert_eq!(second.retry, Some(std::time::Duration::from_millis(3000)));
    assert!(stream.next_event().await.is_none());
}

#[tokio::test]
async fn an_error_status_before_the_stream_is_an_api_error() {
    let server = MockServer::start().await;
    Mock::given(path("/logs"))
        .respond_with(ResponseTemplate::new(403).set_body_raw(r#"{"message":"no"}"#, "application/json"))
        .mount(&server)
        .await;
    let error = client(&server).logs().tail().await.unwrap_err();
    assert_eq!(error.status().map(|s| s.as_u16()), Some(403));
    assert!(matches!(error, Error::Api(_)));
}

#[tokio::test]
async fn a_server_that_closes_mid_event_ends_the_stream_with_an_error() {
    let server = MockServer::start().await;
    serve(&server, "POST", "/chat/completions", "data: {\"id\":\"c1\"}\n\ndata: {\"id\":\"c").await;
    let mut stream = client(&server).chat().create_completion_stream(&request()).await.unwrap();
    assert_eq!(stream.next_event().await.unwrap().unwrap().data.id.as_deref(), Some("c1"));
    let error = stream.next_event().await.unwrap().unwrap_err();
    assert!(error.to_string().contains("middle of an event"), "{error}");
    assert!(stream.next_event().await.is_none());
}

#[tokio::test]
async fn the_stream_trait_yields_the_same_events() {
    let server = MockServer::start().await;
    serve(&server, "POST", "/chat/completions", CHUNKS).await;
    let mut stream = client(&server).chat().create_completion_stream(&request()).await.unwrap().ends_at("[DONE]");
    let mut deltas = Vec::new();
    while let Some(event) =
        std::future::poll_fn(|cx| futures_core::Stream::poll_next(std::pin::Pin::new(&mut stream), cx)).await
    {
        deltas.push(event.unwrap().data.delta.unwrap_or_default());
    }
    assert_eq!(deltas, ["Hel", "lo"]);
}

#[tokio::test]
async fn the_json_twin_still_decodes_a_whole_completion() {
    let server = MockServer::start().await;
    Mock::given(path("/chat/completions"))
        .and(header("accept", "application/json"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({"id": "c1", "text": "Hello"})))
        .mount(&server)
        .await;
    let completion = client(&server).chat().create_completion(&request()).await.unwrap();
    assert_eq!(completion.text.as_deref(), Some("Hello"));
}
