//! String enums round-trip, and a value the server adds later decodes instead of failing.

use fixture_enums::types::{AlertsListResponseItem, Context, State};

#[test]
fn known_and_unknown_values() {
    let item: AlertsListResponseItem = serde_json::from_str(r#"{"context":"flow","state":"In Progress"}"#).unwrap();
    assert_eq!(item.context, Some(Context::Flow));
    assert_eq!(item.state.as_ref().map(State::as_str), Some("In Progress"));
    let later: Context = serde_json::from_str(r#""netflow""#).unwrap();
    assert_eq!(later, Context::Unknown("netflow".into()));
    assert_eq!(serde_json::to_string(&later).unwrap(), r#""netflow""#);
    assert_eq!(Context::Dns.to_string(), "dns");
}
