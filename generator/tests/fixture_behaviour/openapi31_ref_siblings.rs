//! A `$ref` with sibling keywords is both: where both give one member as an object, the value
//! has the members of each.

use fixture_openapi31_ref_siblings::types::OperationsGetBrandingResponse;

#[test]
fn an_object_member_given_twice_keeps_the_members_of_both() {
    let sent = serde_json::json!({"logo": {"full": "f.png", "square": "s.png", "wide": "w.png"}});
    let branding: OperationsGetBrandingResponse = serde_json::from_value(sent.clone()).unwrap();
    let logo = branding.logo.as_ref().unwrap();
    assert_eq!(logo.full.as_deref(), Some("f.png"));
    assert_eq!(logo.square.as_deref(), Some("s.png"));
    assert_eq!(logo.wide.as_deref(), Some("w.png"));
    assert_eq!(serde_json::to_value(&branding).unwrap(), sent);
}
