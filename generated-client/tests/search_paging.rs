//! Netography's record search pages by `from` in the JSON body, beside `size`: `.stream()`
//! sends the body again, as it was, with `from` counting the records seen, until a page
//! comes back empty.

use netography_client::{types, Client};
use serde_json::{json, Value};
use wiremock::matchers::{bearer_token, method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

#[tokio::test]
async fn search_streams_every_record_page_by_page() {
    let server = MockServer::start().await;
    let record = |i: usize| json!({"id": format!("alert-{i}"), "alerttype": "start"});
    let pages = [(None, vec![record(0), record(1)]), (Some(2), vec![record(2), record(3)]), (Some(4), vec![])];
    for (from, records) in pages {
        let sent = move |request: &Request| {
            let body: Value = serde_json::from_slice(&request.body).unwrap_or_default();
            body.get("from").and_then(Value::as_u64) == from
                && body["size"] == json!(2)
                && body["start"] == json!(-3600)
                && body["search"] == json!("dstport == 443")
        };
        let page = json!({"meta": {"code": 200, "count": records.len()}, "data": records});
        Mock::given(method("POST"))
            .and(path("/api/v1/search/alert"))
            .and(bearer_token("tok"))
            .and(sent)
            .respond_with(ResponseTemplate::new(200).set_body_json(page))
            .expect(1)
            .mount(&server)
            .await;
    }
    let client = Client::builder().bearer_token("tok").base_url(server.uri()).build().unwrap();
    let body = types::RawRecordsSearchSearchRequest::new(-3600, 0).size(2).search("dstport == 443");
    let context = types::AnalyticsListStatFieldsContext::Alert;
    let mut records = client.raw_records_search().search(&context, &body).stream();
    let mut ids = Vec::new();
    while let Some(record) = records.next_item().await {
        let record = serde_json::to_value(record.unwrap()).unwrap();
        ids.push(record["id"].as_str().unwrap().to_string());
    }
    assert_eq!(ids, ["alert-0", "alert-1", "alert-2", "alert-3"]);
    assert_eq!(server.received_requests().await.unwrap().len(), 3);
}
