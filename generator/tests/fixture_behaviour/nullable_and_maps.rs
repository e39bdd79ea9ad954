//! Nullable members keep "absent" and "null" apart in requests; maps collect extra members.

use fixture_nullable_and_maps::types::{Label, LabelPatch};

#[test]
fn absent_null_and_value_are_three_different_requests() {
    let absent = LabelPatch { name: "n".into(), color: None, expires: None, notes: None };
    assert_eq!(serde_json::to_value(&absent).unwrap(), serde_json::json!({"name": "n"}));
    let cleared = LabelPatch { color: Some(None), ..absent.clone() };
    assert_eq!(serde_json::to_value(&cleared).unwrap(), serde_json::json!({"name": "n", "color": null}));
    let set = LabelPatch { color: Some(Some("red".into())), ..absent };
    assert_eq!(serde_json::to_value(&set).unwrap(), serde_json::json!({"name": "n", "color": "red"}));
    let decoded: LabelPatch = serde_json::from_str(r#"{"name":"n","color":null}"#).unwrap();
    assert_eq!(decoded.color, Some(None));
}

#[test]
fn additional_properties_are_collected() {
    let label: Label = serde_json::from_str(
        r#"{"id":1,"color":null,"attributes":{"a":"b"},"extra_counts":{"total":3,"x":1,"y":2},"open_ended":{"known":"k","more":[1]},"closed":{"only":"o","ignored":1}}"#,
    )
    .unwrap();
    assert_eq!(label.color, None);
    assert_eq!(label.attributes.unwrap()["a"], "b");
    let counts = label.extra_counts.unwrap();
    assert_eq!(counts.total, Some(3));
    assert_eq!(counts.additional_properties.len(), 2);
    assert_eq!(counts.additional_properties["y"], 2);
    assert_eq!(label.open_ended.unwrap().additional_properties["more"], serde_json::json!([1]));
    assert_eq!(label.closed.unwrap().only.as_deref(), Some("o"));
}
