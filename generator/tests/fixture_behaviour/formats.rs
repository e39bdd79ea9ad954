//! Integer formats keep the width the spec declares (`int8` is `i8`, `uint16` is `u16`): a
//! value outside it breaks the API's own contract and fails to decode, as a `Decode` error
//! with the status and the start of the body, like any value its schema does not allow.

use fixture_formats::{Client, Error};
use serde_json::json;
use wiremock::{Mock, MockServer, ResponseTemplate};

async fn serving(body: serde_json::Value) -> (MockServer, Client) {
    let server = MockServer::start().await;
    Mock::given(wiremock::matchers::any()).respond_with(ResponseTemplate::new(200).set_body_json(body)).mount(&server).await;
    let client = Client::builder().base_url(server.uri()).build().unwrap();
    (server, client)
}

#[tokio::test]
async fn values_within_each_width_decode() {
    let body = json!({"i8": -128, "i16": 32767, "u8": 255, "u16": 65535, "u32": 4294967295u64, "u64": u64::MAX});
    let (_server, client) = serving(body).await;
    let sample = client.operations().list_samples().await.unwrap();
    assert_eq!((sample.i8, sample.u8, sample.u64), (Some(-128), Some(255), Some(u64::MAX)));
}

/// An integer without a format whose bounds run from 0 past `i64::MAX` is a `u64`.
#[tokio::test]
async fn bounds_past_i64_from_zero_give_the_unsigned_width() {
    let (_server, client) = serving(json!({"max_len": 17_283_124_913_669_930_000u64})).await;
    let sample = client.operations().list_samples().await.unwrap();
    let max_len: Option<u64> = sample.max_len;
    assert_eq!(max_len, Some(17_283_124_913_669_930_000));
}

#[tokio::test]
async fn a_value_outside_its_format_is_a_decode_error() {
    let (_server, client) = serving(json!({"u8": 256})).await;
    match client.operations().list_samples().await {
        Err(error @ Error::Decode { .. }) => {
            assert_eq!(error.status().map(|s| s.as_u16()), Some(200));
            assert!(error.to_string().contains("u8"), "{error}");
        }
        other => panic!("expected a decode error, got {other:?}"),
    }
}
