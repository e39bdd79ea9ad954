//! Text, bytes, several success statuses and a `default`-only response decode as declared.

use fixture_responses::jobs::StartResponse;
use fixture_responses::Client;
use wiremock::matchers::path;
use wiremock::{Mock, MockServer, ResponseTemplate};

fn client(server: &MockServer) -> Client {
    Client::builder().base_url(server.uri()).build().unwrap()
}

#[tokio::test]
async fn text_and_binary_bodies() {
    let server = MockServer::start().await;
    Mock::given(path("/report")).respond_with(ResponseTemplate::new(200).set_body_raw("a,b\n1,2\n", "text/csv")).mount(&server).await;
    Mock::given(path("/report/pdf")).respond_with(ResponseTemplate::new(200).set_body_raw(vec![0x25, 0x50, 0xff], "application/pdf")).mount(&server).await;
    assert_eq!(client(&server).reports().list().await.unwrap(), "a,b\n1,2\n");
    assert_eq!(&client(&server).reports().get_pdf().await.unwrap()[..], [0x25, 0x50, 0xff]);
}

#[tokio::test]
async fn several_success_statuses_become_variants() {
    for (status, body, expected) in [
        (200, r#"{"output":"done"}"#, "Ok"),
        (202, r#"{"id":"job-1"}"#, "Accepted"),
        (204, "", "NoContent"),
    ] {
        let server = MockServer::start().await;
        Mock::given(path("/jobs")).respond_with(ResponseTemplate::new(status).set_body_raw(body, "application/json")).mount(&server).await;
        let response = client(&server).jobs().start().await.unwrap();
        let variant = match &response {
            StartResponse::Ok(result) => {
                assert_eq!(result.output.as_deref(), Some("done"));
                "Ok"
            }
            StartResponse::Accepted(ticket) => {
                assert_eq!(ticket.id.as_deref(), Some("job-1"));
                "Accepted"
            }
            StartResponse::NoContent => "NoContent",
            // `#[non_exhaustive]`: a status the spec adds later.
            _ => "a status this version does not know",
        };
        assert_eq!(variant, expected);
    }
}

#[tokio::test]
async fn default_only_responses_decode_as_success() {
    let server = MockServer::start().await;
    Mock::given(path("/ping")).respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({"ok": true}))).mount(&server).await;
    assert_eq!(client(&server).operations().get_ping().await.unwrap().ok, Some(true));
}

#[tokio::test]
async fn binary_bodies_stream_in_chunks() {
    let server = MockServer::start().await;
    let body: Vec<u8> = (0..3_000_000u32).map(|i| (i % 253) as u8).collect();
    Mock::given(path("/report/pdf")).respond_with(ResponseTemplate::new(200).set_body_raw(body.clone(), "application/pdf")).mount(&server).await;
    let mut stream = client(&server).reports().get_pdf().byte_stream().await.unwrap();
    assert_eq!(stream.status(), 200);
    assert_eq!(stream.content_length(), Some(3_000_000));
    assert_eq!(stream.headers().get("content-type").unwrap(), "application/pdf");
    let (mut received, mut chunks) = (Vec::new(), 0);
    while let Some(chunk) = stream.next_chunk().await {
        received.extend_from_slice(&chunk.unwrap());
        chunks += 1;
    }
    assert!(chunks > 1, "read as it arrives, not whole");
    assert_eq!(received, body);
    assert!(stream.next_chunk().await.is_none(), "an ended stream stays ended");
    // Whole, through the same stream.
    let whole = client(&server).reports().get_pdf().byte_stream().await.unwrap().collect().await.unwrap();
    assert_eq!(whole.len(), body.len());
}

#[tokio::test]
async fn an_error_status_is_an_api_error_before_any_stream() {
    let server = MockServer::start().await;
    Mock::given(path("/report/pdf")).respond_with(ResponseTemplate::new(404).set_body_json(serde_json::json!({"message": "gone"}))).mount(&server).await;
    let error = client(&server).reports().get_pdf().byte_stream().await.unwrap_err();
    match error {
        fixture_responses::Error::Api(api) => {
            assert_eq!(api.status(), 404);
            assert!(String::from_utf8_lossy(api.raw_body()).contains("gone"));
        }
        other => panic!("{other:?}"),
    }
}

/// The generated mock answers operations whose result is not one JSON type with what the
/// test gives: text, bytes, or one of several statuses.
#[tokio::test]
async fn the_mock_answers_text_bytes_and_several_statuses() {
    let server = fixture_responses::mock::MockServer::start().await;
    server.reports().list().responds_with(200, "text/csv", "a,b\n").await;
    server.reports().get_pdf().responds_with(200, "application/pdf", vec![0x25u8, 0x50]).await;
    server.jobs().start().times(1).responds_with(202, "application/json", r#"{"id":"job-1"}"#).await;
    let client = server.client();
    assert_eq!(client.reports().list().await.unwrap(), "a,b\n");
    assert_eq!(&client.reports().get_pdf().await.unwrap()[..], [0x25, 0x50]);
    assert!(matches!(client.jobs().start().await.unwrap(), StartResponse::Accepted(_)));
    server.verify();
}
