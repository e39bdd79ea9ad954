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
