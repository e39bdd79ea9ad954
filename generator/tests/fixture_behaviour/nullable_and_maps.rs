//! Nullable members keep "absent" and "null" apart in requests; maps collect extra members.

use fixture_nullable_and_maps::types::{Label, LabelPatch};

#[test]
fn absent_null_and_value_are_three_different_requests() {
    let absent = LabelPatch::new("n");
    assert_eq!(serde_json::to_value(&absent).unwrap(), serde_json::json!({"name": "n"}));
    let mut cleared = absent.clone();
    cleared.color = Some(None);
    assert_eq!(serde_json::to_value(&cleared).unwrap(), serde_json::json!({"name": "n", "color": null}));
    let set = absent.color("red");
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

#[test]
fn missing_required_members_fail_and_unknown_members_are_skipped() {
    let error = serde_json::from_str::<Label>(r#"{"color":"red"}"#).unwrap_err();
    assert!(error.to_string().contains("missing field `id`"), "{error}");
    let label: Label = serde_json::from_str(r#"{"id":2,"color":"red","unknown":{"deep":[1,{"x":null}]}}"#).unwrap();
    assert_eq!((label.id, label.color.as_deref()), (2, Some("red")));
    // A required but nullable member may be missing: it decodes as `None`, and is sent as null.
    let label: Label = serde_json::from_str(r#"{"id":3}"#).unwrap();
    assert_eq!(label.color, None);
    assert_eq!(serde_json::to_value(&label).unwrap()["color"], serde_json::Value::Null);
    // Keys with escapes are not borrowed from the input, and still match.
    let label: Label = serde_json::from_str(r#"{"\u0069d":4}"#).unwrap();
    assert_eq!(label.id, 4);
    assert!(serde_json::from_str::<Label>("[1]").is_err());
    assert!(serde_json::from_value::<Label>(serde_json::json!({"id": "not a number"})).is_err());
}
