//! The order of record: a merged document keeps the order of the one generated before it.
//!
//! Fragments are merged in file-name order, so a new page named `alerts.md` would put its
//! paths, tags and schemas before everything that exists. The generator decides contested
//! names first come, first served in document order (see `resolve::type_names`), so that
//! would let new items take names from existing ones. Reordering the merged document like
//! the previous one (checked in as `specs/merged/openapi.json`) puts what existed first, in
//! its old order, and appends what is new: existing names cannot shift when the spec grows.

use serde_json::{Map, Value};

/// Reorders `document` like `previous`: the tags, the paths, the operations of each path
/// and the entries of each `components` section that `previous` has come first, in its
/// order; new ones follow in their own order. Nothing is added or removed.
pub fn keep_order_of(document: &mut Value, previous: &Value) {
    if let (Some(tags), Some(old)) = (document.get_mut("tags").and_then(Value::as_array_mut), previous.get("tags")) {
        let old_names: Vec<&str> =
            old.as_array().into_iter().flatten().filter_map(|t| t.get("name").and_then(Value::as_str)).collect();
        tags.sort_by_key(|tag| rank(&old_names, tag.get("name").and_then(Value::as_str).unwrap_or("")));
    }
    // Paths and their operations; components sections and their entries.
    for key in ["paths", "components"] {
        if let Some(object) = document.get_mut(key).and_then(Value::as_object_mut) {
            reorder_with_children(object, previous.get(key).and_then(Value::as_object));
        }
    }
}

/// [`reorder`] of `object`, then of each object it holds, each like its namesake in `previous`.
fn reorder_with_children(object: &mut Map<String, Value>, previous: Option<&Map<String, Value>>) {
    reorder(object, previous);
    for (key, child) in object.iter_mut() {
        if let Some(child) = child.as_object_mut() {
            reorder(child, previous.and_then(|p| p.get(key)).and_then(Value::as_object));
        }
    }
}

/// Position in the old order; new keys rank after all old ones (a stable sort keeps their order).
fn rank(old: &[&str], key: &str) -> usize {
    old.iter().position(|k| *k == key).unwrap_or(usize::MAX)
}

fn reorder(object: &mut Map<String, Value>, previous: Option<&Map<String, Value>>) {
    let Some(previous) = previous else { return };
    let old_keys: Vec<&str> = previous.keys().map(String::as_str).collect();
    let mut entries: Vec<(String, Value)> = std::mem::take(object).into_iter().collect();
    entries.sort_by_key(|(key, _)| rank(&old_keys, key));
    object.extend(entries);
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn existing_entries_keep_their_order_and_new_ones_follow() {
        let previous = json!({
            "tags": [{"name": "Keys"}, {"name": "Users"}],
            "paths": {"/keys": {"get": 1, "post": 2}, "/users": {"get": 3}},
            "components": {"schemas": {"Key": 1, "User": 2}}
        });
        let mut document = json!({
            "tags": [{"name": "Alerts"}, {"name": "Users"}, {"name": "Keys"}],
            "paths": {"/alerts": {"get": 4}, "/users": {"delete": 5, "get": 3}, "/keys": {"post": 2, "get": 1}},
            "components": {"schemas": {"Alert": 3, "User": 2, "Key": 1}, "responses": {"B": 1, "A": 2}}
        });
        keep_order_of(&mut document, &previous);
        let names: Vec<&str> =
            document["tags"].as_array().unwrap().iter().map(|t| t["name"].as_str().unwrap()).collect();
        assert_eq!(names, ["Keys", "Users", "Alerts"]);
        let keys = |v: &Value| v.as_object().unwrap().keys().cloned().collect::<Vec<_>>();
        assert_eq!(keys(&document["paths"]), ["/keys", "/users", "/alerts"]);
        assert_eq!(keys(&document["paths"]["/keys"]), ["get", "post"]);
        assert_eq!(keys(&document["paths"]["/users"]), ["get", "delete"]);
        assert_eq!(keys(&document["components"]["schemas"]), ["Key", "User", "Alert"]);
        assert_eq!(
            keys(&document["components"]["responses"]),
            ["B", "A"],
            "a section new to the document keeps its order"
        );
    }
}
