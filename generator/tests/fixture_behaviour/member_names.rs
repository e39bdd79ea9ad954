//! Members named like the methods every struct has: their setters are `with_<name>`, and the
//! traits' methods stay callable.

use fixture_member_names::types::Members;

#[test]
fn setters_keep_clear_of_the_methods_every_struct_has() {
    let members = Members::new("n")
        .with_new("new")
        .with_default("default")
        .with_clone("clone")
        .with_clone_from("clone_from")
        .with_clone_into("clone_into")
        .with_to_owned("to_owned")
        .with_eq("eq")
        .with_ne("ne")
        .with_fmt("fmt")
        .with_serialize("serialize")
        .with_deserialize("deserialize")
        .with_from_map("from_map")
        .with_into("into")
        .with_try_into("try_into")
        .with_try_from("try_from")
        .with_borrow("borrow")
        .with_borrow_mut("borrow_mut")
        // Names that no method takes keep their own.
        .from("from")
        .type_id("type_id")
        .hash("hash")
        .r#type("type")
        .sub("subject")
        .add(2)
        // `with_clone` the member meets `with_clone` the setter: numbered.
        .with_clone_2("with_clone");
    assert_eq!(members.new, "new");
    assert_eq!(members.clone.as_deref(), Some("clone"));
    assert_eq!(members.with_clone.as_deref(), Some("with_clone"));
    assert_eq!((members.sub.as_deref(), members.add), (Some("subject"), Some(2)));
    // The traits' methods, as users call them.
    let copy = members.clone();
    assert!(copy.eq(&members) && !copy.ne(&members));
    assert_eq!(Members::default().new, "");
    let owned: Members = members.to_owned();
    let encoded = serde_json::to_value(&owned).unwrap();
    assert_eq!(encoded["clone"], "clone");
    assert_eq!(encoded["with_clone"], "with_clone");
    let decoded: Members = serde_json::from_value(encoded).unwrap();
    assert_eq!(decoded, members);
    assert!(format!("{decoded:?}").contains("borrow_mut"));
}
