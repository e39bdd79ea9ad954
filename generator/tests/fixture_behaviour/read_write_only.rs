//! One schema, two types: read-only members are not in requests, write-only not in responses.

use fixture_read_write_only::types::{Team, User, UserRequest};

#[test]
fn visibility_splits_the_schema() {
    let request = UserRequest::new("a@b.c").password("pw").team(Team::new().name("t"));
    assert_eq!(serde_json::to_value(&request).unwrap(), serde_json::json!({"email": "a@b.c", "password": "pw", "team": {"name": "t"}}));
    let user: User = serde_json::from_str(r#"{"id":"u1","email":"a@b.c","password":"leaked?"}"#).unwrap();
    assert_eq!(user.id, "u1");
    assert!(!format!("{user:?}").contains("leaked"), "write-only members are not in the response type");
}
