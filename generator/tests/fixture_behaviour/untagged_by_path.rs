//! Untagged operations grouped by path: each method sends the request its path names.

use fixture_untagged_by_path::types::Thing;
use fixture_untagged_by_path::Client;
use wiremock::matchers::{method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn client(server: &MockServer) -> Client {
    Client::builder().base_url(server.uri()).build().unwrap()
}

async fn answer(server: &MockServer, http_method: &str, at: &str, body: serde_json::Value) {
    Mock::given(method(http_method))
        .and(path(at))
        .respond_with(ResponseTemplate::new(200).set_body_json(body))
        .expect(1)
        .mount(server)
        .await;
}

#[tokio::test]
async fn methods_send_what_their_paths_name() {
    let server = MockServer::start().await;
    let one = serde_json::json!({"id": "x"});
    let page = serde_json::json!({"data": [{"id": "ba_1"}], "has_more": false});
    answer(&server, "GET", "/v1/accounts/acct_1/bank_accounts/ba_1", one.clone()).await;
    answer(&server, "GET", "/v1/accounts/acct_1/bank_accounts", page.clone()).await;
    answer(&server, "POST", "/v1/accounts/acct_1/bank_accounts", one.clone()).await;
    answer(&server, "POST", "/v1/accounts/acct_1", one.clone()).await;
    answer(&server, "POST", "/v1/accounts/acct_1/reject", one.clone()).await;
    answer(&server, "GET", "/v1/balance", one.clone()).await;
    answer(&server, "GET", "/", one.clone()).await;
    Mock::given(method("GET"))
        .and(path("/v1/customers/search"))
        .and(query_param("query", "email:'a@b.c'"))
        .respond_with(ResponseTemplate::new(200).set_body_json(page.clone()))
        .expect(1)
        .mount(&server)
        .await;

    let client = client(&server);
    let accounts = client.accounts();
    assert_eq!(accounts.get_bank_account("acct_1", "ba_1").await.unwrap().id.as_deref(), Some("x"));
    assert_eq!(accounts.list_bank_accounts("acct_1").await.unwrap().data.len(), 1);
    let body = Thing::default().id("ba_2");
    assert!(accounts.create_bank_account("acct_1", &body).await.is_ok());
    assert!(accounts.update("acct_1", &body).await.is_ok());
    assert!(accounts.reject("acct_1").await.is_ok());
    assert!(client.balance().get().await.is_ok());
    assert!(client.operations().get_root().await.is_ok());
    assert_eq!(client.customers().search("email:'a@b.c'").await.unwrap().data[0].id.as_deref(), Some("ba_1"));
}

/// The generated mock mirrors the groups from paths, and matches a JSON body by value.
#[tokio::test]
async fn the_mock_matches_a_json_body() {
    let server = fixture_untagged_by_path::mock::MockServer::start().await;
    let body = Thing::default().id("ba_2");
    server.accounts().update("acct_1").body(&body).times(1).returns(Thing::default().id("acct_1")).await;
    let client = server.client();
    assert_eq!(client.accounts().update("acct_1", &body).await.unwrap().id.as_deref(), Some("acct_1"));
    // Another body matches nothing.
    assert!(client.accounts().update("acct_1", &Thing::default().id("other")).await.is_err());
    let problems = server.problems().expect("the second body matched nothing");
    assert!(problems.contains(r#"with body {"id":"other"}"#), "{problems}");
}
