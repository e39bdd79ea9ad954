//! Properties next to a `oneOf` / `anyOf` belong to every member: `{properties: {id},
//! oneOf: [A, B]}` means "an `id`, and A's members or B's". Before resolving, each inline
//! member becomes `allOf: [the shared part, the member]`, so the shared properties (a VPC's
//! `id`) reach every variant instead of being dropped.
//!
//! The same holds for a union inside `allOf`: `allOf: [Base, {oneOf: [A, B]}]` is "Base's
//! members, and A's or B's", so it becomes `oneOf: [allOf: [Base, A], allOf: [Base, B]]`
//! (with the union's discriminator). A member given by `$ref` keeps its name for its variant
//! and its discriminator values through [`VARIANT_REF`].

use serde_json::{Map, Value};

/// Keywords of the schema that stay with it rather than going to each member.
const KEPT_ON_UNION: [&str; 8] =
    ["oneOf", "anyOf", "discriminator", "description", "title", "nullable", "readOnly", "writeOnly"];

/// On a member that was a `$ref` before it was combined with the parts it shares: that
/// reference, which names its variant and selects it by the discriminator's mapping.
pub const VARIANT_REF: &str = "x-generator-variant-ref";

/// The document with shared properties moved into the union members, and unions inside
/// `allOf` distributed over it, or None when no schema needs it (the common case: nothing is
/// copied).
pub fn move_shared_properties(document: &Value) -> Option<Value> {
    if !any_to_move(document) {
        return None;
    }
    let mut document = document.clone();
    let original = document.clone();
    move_all(&mut document, &original);
    Some(document)
}

/// The union inside an `allOf` (its index, keyword and node: inline, or a local `$ref` to
/// one), when exactly one member is a union of more than one member.
fn union_in_all_of<'a>(node: &'a Map<String, Value>, document: &'a Value) -> Option<(usize, &'static str, &'a Value)> {
    let members = node.get("allOf")?.as_array()?;
    let unions: Vec<(usize, &'static str, &Value)> = members
        .iter()
        .enumerate()
        .filter_map(|(index, member)| {
            let target = match member.get("$ref").and_then(Value::as_str) {
                Some(reference) => document.pointer(reference.strip_prefix('#')?)?,
                None => member,
            };
            let keyword = ["oneOf", "anyOf"]
                .into_iter()
                .find(|k| target.get(*k).and_then(Value::as_array).is_some_and(|m| m.len() > 1))?;
            // A union of `required` lists only constrains presence.
            let presence_only = target[keyword]
                .as_array()?
                .iter()
                .all(|m| m.as_object().is_some_and(|m| m.keys().all(|k| k == "required")));
            (!presence_only).then_some((index, keyword, target))
        })
        .collect();
    match unions.as_slice() {
        [only] => Some(*only),
        _ => None,
    }
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
                if needs_move(map).is_some() || union_in_all_of(map, document).is_some() {
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

/// `original`: the document as given, where `$ref`s to unions are looked up.
fn move_all(document: &mut Value, original: &Value) {
    let mut stack = vec![document];
    while let Some(node) = stack.pop() {
        match node {
            Value::Object(map) => {
                let found =
                    union_in_all_of(map, original).map(|(index, keyword, union)| (index, keyword, union.clone()));
                if let Some((index, keyword, union)) = found {
                    distribute(map, index, keyword, &union);
                }
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

/// `allOf: [Base, {oneOf: [A, B]}]` -> `oneOf: [{allOf: [Base, A]}, {allOf: [Base, B]}]`:
/// every other `allOf` member, and what stands beside `allOf`, goes into each alternative.
fn distribute(node: &mut Map<String, Value>, index: usize, keyword: &str, union: &Value) {
    let Some(Value::Array(all_of)) = node.remove("allOf") else { return };
    let mut shared: Vec<Value> = all_of.into_iter().enumerate().filter(|(i, _)| *i != index).map(|(_, m)| m).collect();
    let beside: Map<String, Value> = node
        .iter()
        .filter(|(k, _)| !KEPT_ON_UNION.contains(&k.as_str()))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    if !beside.is_empty() {
        shared.push(Value::Object(beside));
    }
    node.retain(|k, _| KEPT_ON_UNION.contains(&k.as_str()));
    if let Some(discriminator) = union.get("discriminator") {
        node.entry("discriminator").or_insert_with(|| discriminator.clone());
    }
    let alternatives = union[keyword].as_array().cloned().unwrap_or_default();
    let members = alternatives
        .into_iter()
        .map(|alternative| {
            let mut wrapper = Map::new();
            match alternative.get("$ref") {
                Some(reference) => {
                    wrapper.insert(VARIANT_REF.into(), reference.clone());
                }
                None => {
                    for key in ["title", "description"] {
                        if let Some(value) = alternative.get(key) {
                            wrapper.insert(key.into(), value.clone());
                        }
                    }
                }
            }
            let mut parts = shared.clone();
            parts.push(alternative);
            wrapper.insert("allOf".into(), Value::Array(parts));
            Value::Object(wrapper)
        })
        .collect();
    node.insert(keyword.into(), Value::Array(members));
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

    #[test]
    fn a_union_inside_all_of_is_distributed_over_it() {
        let base = json!({"properties": {"fixedDelay": {"type": "number"}}});
        let document = json!({
            "components": {"schemas": {"Cat": {"properties": {"lives": {"type": "integer"}}}}},
            "schema": {
                "description": "Delay",
                "allOf": [
                    {"oneOf": [{"title": "Uniform", "properties": {"upper": {}}}, {"$ref": "#/components/schemas/Cat"}],
                     "discriminator": {"propertyName": "type"}},
                    base.clone()
                ]
            }
        });
        let moved = move_shared_properties(&document).unwrap();
        assert_eq!(
            moved["schema"],
            json!({
                "description": "Delay",
                "discriminator": {"propertyName": "type"},
                "oneOf": [
                    {"title": "Uniform", "allOf": [base.clone(), {"title": "Uniform", "properties": {"upper": {}}}]},
                    {VARIANT_REF: "#/components/schemas/Cat", "allOf": [base, {"$ref": "#/components/schemas/Cat"}]}
                ]
            })
        );
        // A union given by `$ref` is distributed the same way.
        let by_ref = json!({
            "components": {"schemas": {"Pet": {"oneOf": [{"$ref": "#/a"}, {"$ref": "#/b"}]}}},
            "schema": {"allOf": [{"$ref": "#/components/schemas/Pet"}, {"properties": {"id": {}}}]}
        });
        let moved = move_shared_properties(&by_ref).unwrap();
        assert_eq!(moved["schema"]["oneOf"].as_array().unwrap().len(), 2);
        assert_eq!(moved["schema"]["oneOf"][1][VARIANT_REF], "#/b");
    }
}
