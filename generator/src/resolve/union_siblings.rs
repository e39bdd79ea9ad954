//! Properties next to a `oneOf` / `anyOf` belong to every member: `{properties: {id},
//! oneOf: [A, B]}` means "an `id`, and A's members or B's". Before resolving, each inline
//! member becomes `allOf: [the shared part, the member]`, so the shared properties (a VPC's
//! `id`) reach every variant instead of being dropped.

use serde_json::{Map, Value};

/// Keywords of the schema that stay with it rather than going to each member.
const KEPT_ON_UNION: [&str; 8] =
    ["oneOf", "anyOf", "discriminator", "description", "title", "nullable", "readOnly", "writeOnly"];

/// The document with shared properties moved into the union members, or None when no
/// schema needs it (the common case: nothing is copied).
pub fn move_shared_properties(document: &Value) -> Option<Value> {
    if !any_to_move(document) {
        return None;
    }
    let mut document = document.clone();
    move_all(&mut document);
    Some(document)
}

/// Whether some schema has properties next to a union of inline members that carry more
/// than `required` (a union of `required` lists only constrains presence: it stays).
fn needs_move(node: &Map<String, Value>) -> Option<&'static str> {
    let has_properties = node.get("properties").and_then(Value::as_object).is_some_and(|p| !p.is_empty());
    if !has_properties {
        return None;
    }
    ["oneOf", "anyOf"].into_iter().find(|keyword| {
        node.get(*keyword).and_then(Value::as_array).is_some_and(|members| {
            !members.is_empty()
                && members.iter().all(|m| m.get("$ref").is_none())
                && !members.iter().all(|m| m.as_object().is_some_and(|m| m.keys().all(|k| k == "required")))
        })
    })
}

/// Walks the document with an explicit stack: its depth is the spec's to choose.
fn any_to_move(document: &Value) -> bool {
    let mut stack = vec![document];
    while let Some(node) = stack.pop() {
        match node {
            Value::Object(map) => {
                if needs_move(map).is_some() {
                    return true;
                }
                stack.extend(map.values());
            }
            Value::Array(items) => stack.extend(items),
            _ => {}
        }
    }
    false
}

fn move_all(document: &mut Value) {
    let mut stack = vec![document];
    while let Some(node) = stack.pop() {
        match node {
            Value::Object(map) => {
                if let Some(keyword) = needs_move(map) {
                    move_into_members(map, keyword);
                }
                stack.extend(map.values_mut());
            }
            Value::Array(items) => stack.extend(items.iter_mut()),
            _ => {}
        }
    }
}

fn move_into_members(node: &mut Map<String, Value>, keyword: &str) {
    let shared: Map<String, Value> = node
        .iter()
        .filter(|(k, _)| !KEPT_ON_UNION.contains(&k.as_str()))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    node.retain(|k, _| KEPT_ON_UNION.contains(&k.as_str()));
    let Some(Value::Array(members)) = node.get_mut(keyword) else { return };
    for member in members.iter_mut() {
        let mut wrapper = Map::new();
        // The member's own name and description stay on it, for naming its variant.
        for key in ["title", "description"] {
            if let Some(value) = member.get(key) {
                wrapper.insert(key.into(), value.clone());
            }
        }
        wrapper.insert("allOf".into(), Value::Array(vec![Value::Object(shared.clone()), member.take()]));
        *member = Value::Object(wrapper);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn shared_properties_go_into_every_inline_member() {
        let document = json!({"schema": {
            "description": "A VPC",
            "type": "object",
            "additionalProperties": false,
            "properties": {"id": {"type": "string"}},
            "oneOf": [{"title": "Aws", "properties": {"region": {"type": "string"}}}, {"properties": {"zone": {}}}]
        }});
        let moved = move_shared_properties(&document).unwrap();
        let shared = json!({"type": "object", "additionalProperties": false, "properties": {"id": {"type": "string"}}});
        assert_eq!(
            moved["schema"],
            json!({
                "description": "A VPC",
                "oneOf": [
                    {"title": "Aws", "allOf": [shared, {"title": "Aws", "properties": {"region": {"type": "string"}}}]},
                    {"allOf": [shared, {"properties": {"zone": {}}}]}
                ]
            })
        );
    }

    #[test]
    fn other_unions_are_left_as_they_are() {
        let required_only = json!({"properties": {"a": {}}, "oneOf": [{"required": ["a"]}, {"required": ["b"]}]});
        let referenced = json!({"properties": {"a": {}}, "oneOf": [{"$ref": "#/x"}]});
        let plain = json!({"oneOf": [{"type": "string"}]});
        for schema in [required_only, referenced, plain] {
            assert_eq!(move_shared_properties(&schema), None, "{schema}");
        }
    }
}
