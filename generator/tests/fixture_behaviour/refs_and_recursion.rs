//! Recursive types decode and encode back, maps that hold themselves included.

use fixture_refs_and_recursion::types::{OperationsGetHintsResponse, MapTree};

#[test]
fn maps_that_hold_themselves_decode_and_encode_back() {
    let sent = serde_json::json!({
        "slots": {"size": {"values": ["large"], "subSlotHints": {"unit": {"values": ["cm"]}}}},
        "tree": {"a": {"b": {}}}
    });
    let hints: OperationsGetHintsResponse = serde_json::from_value(sent.clone()).unwrap();
    let size = &hints.slots.as_ref().unwrap()["size"];
    assert_eq!(size.sub_slot_hints.as_ref().unwrap()["unit"].values, Some(vec!["cm".to_string()]));
    let tree: &MapTree = hints.tree.as_ref().unwrap();
    assert!(tree.additional_properties["a"].additional_properties.contains_key("b"));
    assert_eq!(serde_json::to_value(&hints).unwrap(), sent);
}
