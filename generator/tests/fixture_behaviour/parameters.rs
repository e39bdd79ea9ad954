//! The parameters fixture's client puts every parameter where its spec says, spelled as
//! its `style` says.

use fixture_parameters::{types, Client};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

async fn client(server: &MockServer) -> Client {
    Client::builder().base_url(server.uri()).build().unwrap()
}

#[tokio::test]
async fn query_parameters_follow_style_and_explode() {
    let server = MockServer::start().await;
    Mock::given(method("GET")).and(path("/devices")).respond_with(ResponseTemplate::new(200).set_body_json(["a"])).mount(&server).await;
    let filter = types::DeviceFilter::new().vendor("acme co").active(true);
    let names = client(&server)
        .await
        .devices()
        .list("needle & thread")
        .limit(10)
        .ids(&[1, 2])
        .tags(&["x".into(), "y".into()])
        .fields(&["name".into(), "ip".into()])
        .filter(&filter)
        .r#type("switch")
        .await
        .unwrap();
    assert_eq!(names, ["a"]);
    let request = &server.received_requests().await.unwrap()[0];
    let pairs: Vec<(String, String)> = request.url.query_pairs().map(|(k, v)| (k.into_owned(), v.into_owned())).collect();
    let expected = [
        ("q", "needle & thread"),
        ("limit", "10"),
        ("ids", "1"),
        ("ids", "2"),
        ("tags", "x,y"),
        ("fields", "name|ip"),
        // deepObject members go out in name order.
        ("filter[active]", "true"),
        ("filter[vendor]", "acme co"),
        ("type", "switch"),
    ];
    let expected: Vec<(String, String)> = expected.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
    assert_eq!(pairs, expected);
}

#[tokio::test]
async fn unset_optional_parameters_are_not_sent() {
    let server = MockServer::start().await;
    Mock::given(method("GET")).and(path("/devices")).respond_with(ResponseTemplate::new(200).set_body_json([] as [&str; 0])).mount(&server).await;
    client(&server).await.devices().list("q").await.unwrap();
    let request = &server.received_requests().await.unwrap()[0];
    assert_eq!(request.url.query(), Some("q=q"));
}

#[tokio::test]
async fn path_header_and_cookie_parameters() {
    let server = MockServer::start().await;
    Mock::given(method("GET")).respond_with(ResponseTemplate::new(204)).mount(&server).await;
    client(&server).await.devices().get_port("sw 1/a", 8080, "trace-1").session("s3cr3t").await.unwrap();
    let request = &server.received_requests().await.unwrap()[0];
    assert_eq!(request.url.path(), "/devices/sw%201%2Fa/ports/8080");
    assert_eq!(request.headers.get("x-trace-id").unwrap(), "trace-1");
    assert_eq!(request.headers.get("cookie").unwrap(), "session=s3cr3t");
}

/// This spec declares no security at all: a bearer token given to the builder goes with
/// every operation, and without one nothing is sent.
#[tokio::test]
async fn a_spec_without_security_sends_the_bearer_token_when_one_is_given() {
    let server = MockServer::start().await;
    Mock::given(method("GET")).and(path("/devices")).respond_with(ResponseTemplate::new(200).set_body_json([] as [&str; 0])).mount(&server).await;
    let with_token = Client::builder().base_url(server.uri()).bearer_token("tok").build().unwrap();
    with_token.devices().list("q").await.unwrap();
    client(&server).await.devices().list("q").await.unwrap();
    let requests = server.received_requests().await.unwrap();
    let authorization: Vec<Option<&str>> =
        requests.iter().map(|r| r.headers.get("authorization").map(|v| v.to_str().unwrap())).collect();
    assert_eq!(authorization, [Some("Bearer tok"), None]);
}

/// The generated mock matches the required arguments the client sends: path parameters of
/// any type (percent-encoded as the client does), required query and header parameters.
#[tokio::test]
async fn the_mock_matches_required_arguments() {
    let server = fixture_parameters::mock::MockServer::start().await;
    server.devices().get_port("sw 1", 8, "trace-1").times(1).returns(()).await;
    server.devices().list("needle & thread").query("limit", 10).returns(vec!["a".to_string()]).await;
    let client = server.client();
    client.devices().get_port("sw 1", 8, "trace-1").await.unwrap();
    assert_eq!(client.devices().list("needle & thread").limit(10).await.unwrap(), ["a"]);
    // Another port: no expectation matches, and the answer says which operation it was for.
    let error = client.devices().get_port("sw 1", 9, "trace-1").await.unwrap_err();
    assert!(matches!(&error, fixture_parameters::Error::Api(api) if api.status() == 501), "{error:?}");
    let problems = server.problems().expect("one request matched nothing");
    assert!(problems.contains("no expectation matched `devices.get_port`: GET /devices/sw%201/ports/9"), "{problems}");
    assert_eq!(server.received_for("devices.get_port").await[0].header("x-trace-id"), Some("trace-1"));
}
