//! The generated mock API (`netography_client::mock`, cargo feature `mock`), used as a user's
//! crate would: the code under test gets a client pointed at the mock, the test sets
//! expectations with the client's own groups, methods and types, and `verify` says what did
//! not happen. Nothing here speaks HTTP by hand.

use base64::Engine;
use netography_client::mock::MockServer;
use netography_client::{types, Client, Error};
use serde_json::json;

/// Code under test: the application names of the account's API keys.
async fn key_names(client: &Client) -> Result<Vec<String>, Error> {
    let keys = client.api_keys().list().await?;
    Ok(keys.data.unwrap_or_default().into_iter().filter_map(|key| key.appname).collect())
}

/// Code under test: one key's description.
async fn key_description(client: &Client, appname: &str) -> Result<Option<String>, Error> {
    Ok(client.api_keys().get(appname).await?.data.and_then(|key| key.description))
}

fn record(appname: &str) -> types::ApiKeyRecord {
    let mut record = types::ApiKeyRecord::new();
    record.appname = Some(appname.into());
    record.description = Some(format!("the {appname} key"));
    record
}

fn one(appname: &str) -> types::ApiKeyRecordResponse {
    let mut response = types::ApiKeyRecordResponse::new();
    response.data = Some(record(appname));
    response
}

#[tokio::test]
async fn a_list_answers_with_the_generated_types() {
    let server = MockServer::start().await;
    let mut page = types::ApiKeyRecordListResponse::new();
    page.data = Some(vec![record("ci"), record("backup")]);
    server.api_keys().list().times(1).returns(page).await;

    assert_eq!(key_names(&server.client()).await.unwrap(), ["ci", "backup"]);

    let received = server.received_for("api_keys.list").await;
    assert_eq!(received.len(), 1);
    assert_eq!(received[0].header("authorization"), Some("Bearer mock-credential"));
    server.verify();
}

#[tokio::test]
async fn a_404_carries_the_apis_error_body() {
    let server = MockServer::start().await;
    let body = types::ApiErrorBody::new(404, "NotFound", "no such key");
    server.api_keys().get("gone").fails(404, body).await;

    match key_description(&server.client(), "gone").await {
        Err(Error::Api(error)) => {
            assert_eq!(error.status(), 404);
            assert_eq!(error.body().map(|body| body.message.as_str()), Some("no such key"));
        }
        other => panic!("expected the API's 404, got {other:?}"),
    }
    server.verify();
}

#[tokio::test]
async fn a_503_is_retried_and_the_retry_answered() {
    let server = MockServer::start().await;
    // A sequence: the first request fails, the next is answered.
    server
        .api_keys()
        .get("ci")
        .times(1)
        .fails(503, json!({"status": 503, "name": "Unavailable", "message": "busy"}))
        .await;
    server.api_keys().get("ci").times(1).returns(one("ci")).await;

    assert_eq!(key_description(&server.client(), "ci").await.unwrap().as_deref(), Some("the ci key"));
    assert_eq!(server.received_for("api_keys.get").await.len(), 2);
    server.verify();
}

#[tokio::test]
async fn a_search_is_streamed_page_by_page() {
    let server = MockServer::start().await;
    let context = types::AnalyticsListStatFieldsContext::Alert;
    let page = |ids: &[&str]| -> types::RawRecordsFetchGetResponse {
        let records: Vec<_> = ids.iter().map(|id| json!({"id": id, "alerttype": "start"})).collect();
        serde_json::from_value(json!({"meta": {"code": 200, "count": ids.len()}, "data": records})).unwrap()
    };
    // Matched on the decoded request: the body's `from` says which page.
    for (from, ids) in [(None, vec!["a-0", "a-1"]), (Some(2), vec!["a-2"]), (Some(3), vec![])] {
        server
            .raw_records_search()
            .search(&context)
            .matching(move |request| request.json().is_some_and(|body| body["from"].as_u64() == from))
            .times(1)
            .returns(page(&ids))
            .await;
    }

    let client = server.client();
    let body = types::RawRecordsSearchSearchRequest::new(-3600, 0).size(2);
    let mut records = client.raw_records_search().search(&context, &body).stream();
    let mut ids = Vec::new();
    while let Some(record) = records.next_item().await {
        ids.push(serde_json::to_value(record.unwrap()).unwrap()["id"].as_str().unwrap().to_string());
    }
    assert_eq!(ids, ["a-0", "a-1", "a-2"]);
    server.verify();
}

/// Logging in with a NETOSECRET (the crate's custom code) against the mock: no real secret,
/// the login answered by the mock's `authentication().create_token()`.
#[tokio::test]
async fn a_netosecret_logs_in_against_the_mock() {
    let server = MockServer::start().await;
    let mut token = types::AuthenticationCreateTokenResponse::new();
    token.access_token = Some("access-from-the-mock".into());
    token.expires_in = Some(3600);
    server.authentication().create_token().times(1).returns(token).await;
    let mut roles = types::RolesListResponse::new();
    roles.data = Some(types::Data::new("analyst", Vec::new()));
    server.roles().list().header("authorization", "Bearer access-from-the-mock").times(2).returns(roles).await;

    let secret = json!({
        "url": format!("{}/v1", server.uri()),
        "shortname": "acme",
        "appname": "ci",
        "appkey": "appkey-test",
        "sharedsecret": "not-a-real-secret",
    });
    let netosecret = base64::engine::general_purpose::STANDARD.encode(secret.to_string());
    let client = Client::builder().base_url(server.uri()).netosecret(netosecret).build().unwrap();
    for _ in 0..2 {
        let roles = client.roles().list().await.unwrap();
        assert_eq!(roles.data.map(|role| role.name), Some("analyst".to_string()));
    }
    // One login for both calls.
    assert_eq!(server.received_for("authentication.create_token").await.len(), 1);
    server.verify();
}

/// What `verify` and an unmatched request say, word for word.
#[tokio::test]
async fn failures_name_the_operation_the_request_and_the_expectations() {
    let server = MockServer::start().await;
    server.api_keys().get("ci").times(2).returns(one("ci")).await;
    server.api_keys().list().returns(types::ApiKeyRecordListResponse::new()).await;
    let client = server.client();

    // Matches nothing: another key, and a path no operation has.
    let error = client.api_keys().get("other").await.unwrap_err();
    assert!(matches!(&error, Error::Api(api) if api.status() == 501), "{error:?}");
    let raw = client.request(netography_client::Method::GET, "/api/v9/nothing").send_raw().await.unwrap_err();
    assert!(matches!(&raw, Error::Api(api) if api.status() == 501), "{raw:?}");
    client.api_keys().get("ci").await.unwrap();

    let problems = server.problems().expect("expectations were not met");
    insta::assert_snapshot!(problems, @r"
    the mock API's expectations were not met:
    - expected `api_keys.get` GET /api/v1/api-keys/ci, returning 200 2 times, matched 1
    - expected `api_keys.list` GET /api/v1/api-keys, returning 200, never matched
    - no expectation matched `api_keys.get`: GET /api/v1/api-keys/other; the expectations for `api_keys.get`: `api_keys.get` GET /api/v1/api-keys/ci, returning 200
    - no operation has this method and path: GET /api/v9/nothing
    ");
    // The test looked at the problems itself: the server says nothing more when dropped.
}

/// A delayed answer meets the client's timeout: the code under test sees `Error::Timeout`.
#[tokio::test]
async fn a_delayed_answer_times_the_call_out() {
    let server = MockServer::start().await;
    server.api_keys().get("slow").delay(std::time::Duration::from_millis(500)).returns(one("slow")).await;
    let client = server.client_builder().timeout(std::time::Duration::from_millis(50)).max_retries(0).build().unwrap();
    let error = key_description(&client, "slow").await.unwrap_err();
    assert!(error.is_timeout(), "{error:?}");
    server.verify();
}
