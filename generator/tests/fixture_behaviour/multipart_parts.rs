//! Optional, nullable and list parts: a part given is sent, one left out or `null` is not;
//! form bodies leave out what is absent.

use fixture_multipart_parts::{types, Client, FilePart};
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};

async fn sent(call: impl FnOnce(Client) -> tokio::task::JoinHandle<()>) -> (String, String) {
    let server = MockServer::start().await;
    Mock::given(method("POST")).respond_with(ResponseTemplate::new(204)).mount(&server).await;
    call(Client::builder().base_url(server.uri()).build().unwrap()).await.unwrap();
    let request = &server.received_requests().await.unwrap()[0];
    let content_type = request.headers.get("content-type").unwrap().to_str().unwrap().to_string();
    (content_type, String::from_utf8_lossy(&request.body).into_owned())
}

fn part_names(body: &str) -> Vec<String> {
    body.split("form-data; name=\"").skip(1).map(|rest| rest[..rest.find('"').unwrap()].to_string()).collect()
}

fn minimal() -> types::UploadsCreateRequest {
    types::UploadsCreateRequest::new(FilePart::new("f"), "n")
}

#[tokio::test]
async fn optional_parts_left_out_are_not_sent() {
    let (_, body) = sent(|client| tokio::spawn(async move { client.uploads().create(&minimal()).await.unwrap() })).await;
    assert_eq!(part_names(&body), ["file", "name"]);
}

#[tokio::test]
async fn every_part_given_is_sent_and_null_ones_are_left_out() {
    let mut request = minimal()
        .optional_file(FilePart::new("o").file_name("o.txt"))
        .nullable_file(FilePart::new("n"))
        .optional_nullable_file(FilePart::new("on"))
        .files(vec![FilePart::new("1"), FilePart::new("2")])
        .note("hello")
        .count(3)
        .tags(vec!["a".into(), "b".into()]);
    // `null` is set on the field: setters take values.
    request.nullable_files = Some(None);
    let (content_type, body) =
        sent(move |client| tokio::spawn(async move { client.uploads().create(&request).await.unwrap() })).await;
    assert!(content_type.starts_with("multipart/form-data; boundary="));
    assert_eq!(
        part_names(&body),
        ["file", "optional_file", "nullable_file", "optional_nullable_file", "files", "files", "name", "note", "count", "tags"]
    );
    assert!(body.contains("name=\"optional_file\"; filename=\"o.txt\""), "{body}");
    assert!(body.contains("name=\"note\"\r\n\r\nhello\r\n"), "{body}");
    assert!(body.contains("name=\"count\"\r\n\r\n3\r\n"), "{body}");
}

#[tokio::test]
async fn a_referenced_body_sends_its_nullable_file_only_when_given() {
    let with = types::Document::new("t").attachment(FilePart::new("a"));
    let (_, body) = sent(move |client| tokio::spawn(async move { client.uploads().document(&with).await.unwrap() })).await;
    assert_eq!(part_names(&body), ["title", "attachment"]);
    let without = types::Document::new("t");
    let (_, body) = sent(move |client| tokio::spawn(async move { client.uploads().document(&without).await.unwrap() })).await;
    assert_eq!(part_names(&body), ["title"]);
}

#[tokio::test]
async fn form_bodies_leave_out_absent_members() {
    let form = types::UploadsSubmitFormRequest::new("n");
    let (content_type, body) =
        sent(move |client| tokio::spawn(async move { client.uploads().submit_form(&form).await.unwrap() })).await;
    assert_eq!(content_type, "application/x-www-form-urlencoded");
    assert_eq!(body, "name=n");
    let form = types::UploadsSubmitFormRequest::new("n").note("x y").count(2).tags(vec!["a".into(), "b".into()]);
    let (_, body) = sent(move |client| tokio::spawn(async move { client.uploads().submit_form(&form).await.unwrap() })).await;
    assert_eq!(body, "count=2&name=n&note=x+y&tags=a&tags=b");
}
