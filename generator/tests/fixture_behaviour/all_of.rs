//! `allOf` is the union of its members, down into the members they both give.

use fixture_all_of::types::{ApplicationCreated, KeysWithPrivateKey};

/// `keys` is `Keys` in one member and `KeysWithPrivateKey` (which extends it) in the other:
/// the value has both keys, typed as the member that has them all.
#[test]
fn a_member_given_by_two_parts_keeps_the_members_of_both() {
    let sent = serde_json::json!({"name": "app", "keys": {"public_key": "pub", "private_key": "priv"}});
    let created: ApplicationCreated = serde_json::from_value(sent.clone()).unwrap();
    let keys: &KeysWithPrivateKey = created.keys.as_ref().unwrap();
    assert_eq!(keys.public_key.as_deref(), Some("pub"));
    assert_eq!(keys.private_key.as_deref(), Some("priv"));
    assert_eq!(serde_json::to_value(&created).unwrap(), sent);
}
