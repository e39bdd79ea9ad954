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
