//! Paging against an in-process server, each style: all items in order across pages, an
//! early stop sends no further request, a failing page ends the stream with its error, and
//! each page is retried on its own.

use std::time::Duration;

use fixture_pagination::{Client, RetryPolicy};
use serde_json::json;
use wiremock::matchers::{method, path, query_param, query_param_is_missing};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn client(server: &MockServer) -> Client {
    let fast = RetryPolicy::default().with_initial_backoff(Duration::from_millis(1)).with_max_backoff(Duration::from_millis(2));
    Client::builder().base_url(server.uri()).retry_policy(fast).build().unwrap()
}

fn ids(range: std::ops::Range<u32>) -> serde_json::Value {
    json!(range.map(|i| json!({"id": format!("r{i}")})).collect::<Vec<_>>())
}

/// GitHub-style: three pages linked by `Link: <...>; rel="next"`.
async fn linked_pages(server: &MockServer) {
    for page in 1..=3u32 {
        let mut response = ResponseTemplate::new(200).set_body_json(ids((page - 1) * 2..page * 2));
        if page < 3 {
            let next = format!("<{}/repos?page={}&per_page=2>; rel=\"next\", <{}/repos?page=3>; rel=\"last\"", server.uri(), page + 1, server.uri());
            response = response.insert_header("link", next.as_str());
        }
        let matcher = Mock::given(method("GET")).and(path("/repos"));
        let matcher = if page == 1 { matcher.and(query_param_is_missing("page")) } else { matcher.and(query_param("page", page.to_string())) };
        matcher.respond_with(response).mount(server).await;
    }
}

async fn collect<I>(mut items: fixture_pagination::Items<'_, impl Send, I>) -> Vec<I> {
    let mut all = Vec::new();
    while let Some(item) = items.next_item().await {
        all.push(item.unwrap());
    }
    all
}

#[tokio::test]
async fn link_headers_are_followed_to_the_last_page() {
    let server = MockServer::start().await;
    linked_pages(&server).await;
    let client = client(&server);
    let repos = collect(client.repos().list().per_page(2).stream()).await;
    let ids: Vec<String> = repos.into_iter().map(|r| r.id).collect();
    assert_eq!(ids, ["r0", "r1", "r2", "r3", "r4", "r5"]);
    assert_eq!(server.received_requests().await.unwrap().len(), 3);
}

#[tokio::test]
async fn an_early_stop_sends_no_further_request() {
    let server = MockServer::start().await;
    linked_pages(&server).await;
    let client = client(&server);
    let mut items = client.repos().list().stream();
    assert_eq!(items.next_item().await.unwrap().unwrap().id, "r0");
    assert_eq!(items.next_item().await.unwrap().unwrap().id, "r1");
    drop(items);
    assert_eq!(server.received_requests().await.unwrap().len(), 1);
}

#[tokio::test]
async fn stripe_style_pages_start_after_the_last_id_while_there_is_more() {
    let server = MockServer::start().await;
    Mock::given(path("/charges"))
        .and(query_param_is_missing("starting_after"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"object": "list", "data": ids(0..2), "has_more": true})))
        .mount(&server)
        .await;
    Mock::given(path("/charges"))
        .and(query_param("starting_after", "r1"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"object": "list", "data": ids(2..3), "has_more": false})))
        .mount(&server)
        .await;
    let charges = collect(client(&server).charges().list().limit(2).stream()).await;
    assert_eq!(charges.iter().map(|c| c.id.as_str()).collect::<Vec<_>>(), ["r0", "r1", "r2"]);
    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests.len(), 2);
    assert!(requests[1].url.query().unwrap().contains("limit=2"), "the first call's parameters are kept");
}

#[tokio::test]
async fn a_cursor_in_a_wrapper_member_is_sent_back_until_there_is_none() {
    let server = MockServer::start().await;
    Mock::given(path("/events"))
        .and(query_param_is_missing("cursor"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"data": ids(0..1), "meta": {"next_cursor": "c2"}})))
        .mount(&server)
        .await;
    Mock::given(path("/events"))
        .and(query_param("cursor", "c2"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"data": ids(1..2), "meta": {"next_cursor": ""}})))
        .mount(&server)
        .await;
    let events = collect(client(&server).events().list().stream()).await;
    assert_eq!(events.len(), 2);
    assert_eq!(server.received_requests().await.unwrap().len(), 2);
}

#[tokio::test]
async fn offsets_count_items_up_to_the_total() {
    let server = MockServer::start().await;
    for (offset, range) in [("0", 0..2), ("2", 2..4), ("4", 4..5)] {
        Mock::given(path("/users"))
            .and(query_param("offset", offset))
            .respond_with(ResponseTemplate::new(200).set_body_json(json!({"items": ids(range), "total": 5})))
            .mount(&server)
            .await;
    }
    let users = collect(client(&server).users().list().offset(0).limit(2).stream()).await;
    assert_eq!(users.len(), 5);
    assert_eq!(server.received_requests().await.unwrap().len(), 3, "no request after the total");
}

#[tokio::test]
async fn next_links_in_the_body_are_followed() {
    let server = MockServer::start().await;
    Mock::given(path("/things"))
        .and(query_param_is_missing("skip"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"value": ids(0..1), "nextLink": format!("{}/things?skip=1", server.uri())})))
        .mount(&server)
        .await;
    Mock::given(path("/things"))
        .and(query_param("skip", "1"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"value": ids(1..2)})))
        .mount(&server)
        .await;
    assert_eq!(collect(client(&server).things().list().stream()).await.len(), 2);
}

#[tokio::test]
async fn a_failing_page_ends_the_stream_with_its_error_and_each_page_is_retried() {
    let server = MockServer::start().await;
    Mock::given(path("/charges"))
        .and(query_param_is_missing("starting_after"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"data": ids(0..1), "has_more": true})))
        .mount(&server)
        .await;
    Mock::given(path("/charges"))
        .and(query_param("starting_after", "r0"))
        .respond_with(ResponseTemplate::new(503))
        .mount(&server)
        .await;
    let client = client(&server);
    let mut items = client.charges().list().stream();
    assert_eq!(items.next_item().await.unwrap().unwrap().id, "r0");
    let error = items.next_item().await.unwrap().unwrap_err();
    assert_eq!(error.status().map(|s| s.as_u16()), Some(503));
    assert_eq!(error.attempts(), 3, "the page was retried by the call's policy");
    assert!(items.next_item().await.is_none());
    assert_eq!(server.received_requests().await.unwrap().len(), 4);
}

#[tokio::test]
async fn pages_come_whole_with_their_headers() {
    let server = MockServer::start().await;
    linked_pages(&server).await;
    let client = client(&server);
    let mut pages = client.repos().list().pages();
    let first = pages.next_page().await.unwrap().unwrap();
    assert_eq!(first.body().len(), 2);
    assert!(first.headers().get("link").is_some());
    let mut count = 1;
    while let Some(page) = pages.next_page().await {
        page.unwrap();
        count += 1;
    }
    assert_eq!(count, 3);
}

#[tokio::test]
async fn a_link_to_another_server_is_refused() {
    let server = MockServer::start().await;
    Mock::given(path("/repos"))
        .respond_with(ResponseTemplate::new(200).set_body_json(ids(0..1)).insert_header("link", "<https://elsewhere.example/repos?page=2>; rel=\"next\""))
        .mount(&server)
        .await;
    let client = client(&server);
    let mut items = client.repos().list().stream();
    assert!(items.next_item().await.unwrap().is_ok());
    let error = items.next_item().await.unwrap().unwrap_err();
    assert!(error.to_string().contains("leaves the API's server"), "{error}");
}

/// Elasticsearch-style (Netography's search): `from` in the JSON body counts the items seen,
/// from the value the first call sent; the rest of the body is sent again as it was, and an
/// empty page ends the paging.
#[tokio::test]
async fn a_from_member_in_the_body_counts_items_until_an_empty_page() {
    let server = MockServer::start().await;
    for (from, page) in [(10u64, ids(0..2)), (12, ids(2..4)), (14, json!([]))] {
        let sent_from = move |request: &wiremock::Request| {
            let body: serde_json::Value = serde_json::from_slice(&request.body).unwrap_or_default();
            body["from"] == json!(from) && body["size"] == json!(2) && body["query"] == json!("port:443")
        };
        Mock::given(method("POST"))
            .and(path("/search"))
            .and(sent_from)
            .respond_with(ResponseTemplate::new(200).set_body_json(json!({"meta": {"count": 2}, "data": page})))
            .expect(1)
            .mount(&server)
            .await;
    }
    let client = client(&server);
    let body = fixture_pagination::types::SearchRecordsRequest::new("port:443").from(10).size(2);
    let records = collect(client.search().records(&body).stream()).await;
    let ids: Vec<String> = records.into_iter().map(|r| r.id).collect();
    assert_eq!(ids, ["r0", "r1", "r2", "r3"]);
    assert_eq!(server.received_requests().await.unwrap().len(), 3);
}
