//! `readOnly` and `writeOnly`: one schema can serve requests and responses. Read-only
//! properties are left out of request types and write-only ones out of response types, so
//! such a schema becomes two Rust types; a schema without either stays one.

use std::collections::HashMap;

use serde_json::Value;

use super::refs::deref;
use crate::error::pointer_join;

/// Which way a value travels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Direction {
    Request,
    Response,
}

/// Whether a property (its schema node, already dereferenced) exists in this direction.
pub fn is_visible(property: &Value, direction: Direction) -> bool {
    let flag = |name: &str| property.get(name).and_then(Value::as_bool).unwrap_or(false);
    match direction {
        Direction::Request => !flag("readOnly"),
        Direction::Response => !flag("writeOnly"),
    }
}

/// Remembers, per `$ref` target, whether its Rust type depends on the direction.
pub struct Sensitivity<'a> {
    document: &'a Value,
    memo: HashMap<String, bool>,
}

impl<'a> Sensitivity<'a> {
    pub fn new(document: &'a Value) -> Self {
        Sensitivity { document, memo: HashMap::new() }
    }

    /// True when a `readOnly`/`writeOnly` property is reachable from `schema`.
    pub fn depends_on_direction(&mut self, schema: &'a Value, pointer: &str) -> bool {
        if schema.get("$ref").is_some() {
            let Ok((target, target_pointer)) = deref(self.document, schema, pointer) else { return false };
            if let Some(&known) = self.memo.get(&target_pointer) {
                return known;
            }
            // Provisional answer for cycles: a cycle adds no flags of its own.
            self.memo.insert(target_pointer.clone(), false);
            let answer = self.depends_on_direction(target, &target_pointer);
            self.memo.insert(target_pointer, answer);
            return answer;
        }
        if let Some(properties) = schema.get("properties").and_then(Value::as_object) {
            for (name, property) in properties {
                let at = pointer_join(pointer, &["properties", name]);
                let target = deref(self.document, property, &at).map(|(t, _)| t).unwrap_or(property);
                if !is_visible(target, Direction::Request) || !is_visible(target, Direction::Response) {
                    return true;
                }
                if self.depends_on_direction(property, &at) {
                    return true;
                }
            }
        }
        for key in ["allOf", "oneOf", "anyOf"] {
            if let Some(members) = schema.get(key).and_then(Value::as_array) {
                for (index, member) in members.iter().enumerate() {
                    if self.depends_on_direction(member, &pointer_join(pointer, &[key, &index.to_string()])) {
                        return true;
                    }
                }
            }
        }
        for key in ["items", "additionalProperties"] {
            if let Some(child) = schema.get(key).filter(|c| c.is_object()) {
                if self.depends_on_direction(child, &pointer_join(pointer, &[key])) {
                    return true;
                }
            }
        }
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn flags_are_found_through_references_and_cycles_end() {
        let doc = json!({"components":{"schemas":{
            "Node":{"type":"object","properties":{"next":{"$ref":"#/components/schemas/Node"}}},
            "Item":{"type":"object","properties":{"id":{"type":"string","readOnly":true}}},
            "Wrapper":{"type":"object","properties":{"items":{"type":"array","items":{"$ref":"#/components/schemas/Item"}}}}}}});
        let mut sensitivity = Sensitivity::new(&doc);
        let node = json!({"$ref":"#/components/schemas/Node"});
        let wrapper = json!({"$ref":"#/components/schemas/Wrapper"});
        assert!(!sensitivity.depends_on_direction(&node, "/x"));
        assert!(sensitivity.depends_on_direction(&wrapper, "/y"));
    }
}
