//! Form, multipart, raw and text request bodies are encoded as their media types say.

use fixture_request_bodies::{types, Client, FilePart};
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};

async fn server() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("POST")).respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({"access_token": "t"}))).mount(&server).await;
    Mock::given(method("PUT")).respond_with(ResponseTemplate::new(204)).mount(&server).await;
    server
}

fn client(server: &MockServer) -> Client {
    Client::builder().base_url(server.uri()).build().unwrap()
}

#[tokio::test]
async fn form_bodies_are_url_encoded() {
    let server = server().await;
    let body = types::TokenRequest::new("client credentials").scope(vec!["a".into(), "b&c".into()]);
    let token = client(&server).auth().get_token(&body).await.unwrap();
    assert_eq!(token.access_token.as_deref(), Some("t"));
    let request = &server.received_requests().await.unwrap()[0];
    assert_eq!(request.headers.get("content-type").unwrap(), "application/x-www-form-urlencoded");
    assert_eq!(String::from_utf8_lossy(&request.body), "grant_type=client+credentials&scope=a&scope=b%26c");
}

#[tokio::test]
async fn multipart_bodies_carry_files_with_names_and_types() {
    let server = server().await;
    let body = types::UploadForm::new(
        FilePart::new(b"\x00\x01binary".to_vec()).file_name("a \"b\".bin").content_type("application/x-test"),
    )
    .attachments(vec![FilePart::new("one"), FilePart::new("two").file_name("two.txt")])
    .description("hello")
    .count(2);
    client(&server).files().create_upload(&body).await.unwrap();
    let request = &server.received_requests().await.unwrap()[0];
    let content_type = request.headers.get("content-type").unwrap().to_str().unwrap().to_string();
    let boundary = content_type.strip_prefix("multipart/form-data; boundary=").expect("a boundary");
    let text = String::from_utf8_lossy(&request.body).into_owned();
    assert!(text.starts_with(&format!("--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a \\\"b\\\".bin\"\r\nContent-Type: application/x-test\r\n\r\n")), "{text}");
    assert!(request.body.windows(8).any(|w| w == b"\x00\x01binary"));
    assert!(text.contains("name=\"attachments\"\r\nContent-Type: application/octet-stream\r\n\r\none\r\n"), "{text}");
    assert!(text.contains("name=\"attachments\"; filename=\"two.txt\""), "{text}");
    assert!(text.contains("name=\"description\"\r\n\r\nhello\r\n"), "{text}");
    assert!(text.contains("name=\"count\"\r\n\r\n2\r\n"), "{text}");
    assert!(text.ends_with(&format!("--{boundary}--\r\n")));
}

#[tokio::test]
async fn raw_and_text_bodies_are_sent_as_they_are() {
    let server = server().await;
    client(&server).files().put_blob("a/b", vec![1u8, 2, 3]).await.unwrap();
    client(&server).files().post_note("plain text").await.unwrap();
    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests[0].url.path(), "/blobs/a%2Fb");
    assert_eq!(requests[0].headers.get("content-type").unwrap(), "application/octet-stream");
    assert_eq!(requests[0].body, [1, 2, 3]);
    assert_eq!(requests[1].headers.get("content-type").unwrap(), "text/plain");
    assert_eq!(requests[1].body, b"plain text");
}

/// Chunks a user's stream yields (any `TryStream` of bytes will do).
struct Chunks(Vec<&'static [u8]>);

impl futures_core::Stream for Chunks {
    type Item = Result<bytes::Bytes, std::io::Error>;

    fn poll_next(
        mut self: std::pin::Pin<&mut Self>,
        _: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Option<Self::Item>> {
        let next = if self.0.is_empty() { None } else { Some(Ok(bytes::Bytes::from_static(self.0.remove(0)))) };
        std::task::Poll::Ready(next)
    }
}

async fn unavailable_once(server: &MockServer) {
    server.reset().await;
    Mock::given(method("PUT")).respond_with(ResponseTemplate::new(503)).up_to_n_times(1).with_priority(1).mount(server).await;
    Mock::given(method("PUT")).respond_with(ResponseTemplate::new(204)).mount(server).await;
}

#[tokio::test]
async fn a_file_body_is_sent_again_on_retry_and_a_stream_once() {
    use fixture_request_bodies::{Error, RetryPolicy, UploadBody};
    let server = MockServer::start().await;
    let fast = RetryPolicy::default()
        .with_initial_backoff(std::time::Duration::from_millis(1))
        .with_max_backoff(std::time::Duration::from_millis(2));
    let client = Client::builder().base_url(server.uri()).retry_policy(fast).build().unwrap();

    // A file: read as it is sent, opened again for the retry, with its length.
    unavailable_once(&server).await;
    let path = std::env::temp_dir().join(format!("fixture-upload-{}.bin", std::process::id()));
    let contents: Vec<u8> = (0..200_000u32).map(|i| (i % 251) as u8).collect();
    std::fs::write(&path, &contents).unwrap();
    client.files().put_blob("file", UploadBody::file(&path)).await.unwrap();
    std::fs::remove_file(&path).unwrap();
    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests.len(), 2, "the 503 was retried");
    for request in &requests {
        assert_eq!(request.body, contents);
        assert_eq!(request.headers.get("content-length").unwrap(), "200000");
    }

    // A stream: one attempt, so the 503 is the caller's; the next stream gets through.
    unavailable_once(&server).await;
    let error = client.files().put_blob("stream", UploadBody::stream(Chunks(vec![b"ab", b"cd"]))).await.unwrap_err();
    assert!(matches!(&error, Error::Api(api) if api.status() == 503), "{error:?}");
    assert_eq!(server.received_requests().await.unwrap().len(), 1, "a stream is sent once");
    client.files().put_blob("stream", UploadBody::stream(Chunks(vec![b"ab", b"cd"]))).await.unwrap();
    assert_eq!(server.received_requests().await.unwrap()[1].body, b"abcd");

    // Bytes already held, and a file that is not there.
    client.files().put_blob("bytes", UploadBody::bytes(bytes::Bytes::from_static(b"xyz"))).await.unwrap();
    assert_eq!(server.received_requests().await.unwrap()[2].body, b"xyz");
    let error = client.files().put_blob("missing", UploadBody::file("/no/such/file.bin")).await.unwrap_err();
    assert!(matches!(&error, Error::InvalidRequest { .. }) && error.to_string().contains("/no/such/file.bin"), "{error}");
}

/// The generated mock matches bodies of every kind through the decoded request.
#[tokio::test]
async fn the_mock_matches_bodies_of_every_kind() {
    let server = fixture_request_bodies::mock::MockServer::start().await;
    server.files().put_blob("a/b").matching(|request| request.body == b"\x01\x02").times(1).returns(()).await;
    server.files().post_note().matching(|request| request.body == b"plain text").times(1).returns(()).await;
    server
        .files()
        .create_upload()
        .matching(|request| request.header("content-type").is_some_and(|t| t.starts_with("multipart/form-data")))
        .times(1)
        .returns(())
        .await;
    let mut token = types::Token::new();
    token.access_token = Some("t".into());
    server
        .auth()
        .get_token()
        .matching(|request| String::from_utf8_lossy(&request.body).contains("grant_type=client+credentials"))
        .times(1)
        .returns(token)
        .await;
    let client = server.client();
    client.files().put_blob("a/b", vec![1u8, 2]).await.unwrap();
    client.files().post_note("plain text").await.unwrap();
    client.files().create_upload(&types::UploadForm::new(FilePart::new("x"))).await.unwrap();
    let body = types::TokenRequest::new("client credentials");
    assert_eq!(client.auth().get_token(&body).await.unwrap().access_token.as_deref(), Some("t"));
    server.verify();
}

/// An optional body that can hold nothing (Stripe's GETs) is no argument and sends nothing.
#[tokio::test]
async fn an_optional_body_that_can_hold_nothing_is_not_sent() {
    let server = MockServer::start().await;
    Mock::given(method("GET")).respond_with(ResponseTemplate::new(204)).mount(&server).await;
    client(&server).charges().list().await.unwrap();
    let request = &server.received_requests().await.unwrap()[0];
    assert!(request.body.is_empty());
    assert!(request.headers.get("content-type").is_none());
}
