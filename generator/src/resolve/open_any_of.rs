//! An `anyOf` of open objects, one of which requires nothing, read as one object.
//!
//! Every object whose members fit is an instance of the member that requires nothing, so the
//! union does not say "one of these": an instance may carry the members of several at once
//! (Adyen's `additionalData`, 3-D Secure keys beside airline keys). A Rust enum holds one
//! alternative and would drop the others' members; one struct with every member's properties,
//! all optional (an instance need satisfy one member only), keeps them all. The union stays an
//! enum when a member is more than a plain open object (closed, a map, a union, an `allOf`),
//! when two members constrain one property differently (their descriptions may differ), or
//! when every member requires something (then the members tell the alternatives apart).

use serde_json::Value;

use super::doc_keywords::is_doc_keyword;
use super::refs::deref;

/// The members of `schema`'s `anyOf` when it reads as one object (see the module docs).
pub fn mergeable_members<'a>(document: &'a Value, schema: &'a Value) -> Option<&'a [Value]> {
    let members = schema.get("anyOf")?.as_array().filter(|m| m.len() > 1)?;
    if schema.get("discriminator").is_some() {
        return None;
    }
    let mut properties: Vec<(&str, &Value)> = Vec::new();
    let mut one_requires_nothing = false;
    for member in members {
        let (target, _) = deref(document, member, "").ok()?;
        let target = target.as_object()?;
        let plain = target.iter().all(|(key, value)| match key.as_str() {
            "type" => value == "object",
            "properties" => value.is_object(),
            "required" => value.is_array(),
            "additionalProperties" => value == &Value::Bool(true),
            key => is_doc_keyword(key),
        });
        if !plain || target.get("properties").is_none() {
            return None;
        }
        one_requires_nothing |= target.get("required").and_then(Value::as_array).is_none_or(|r| r.is_empty());
        for (name, property) in target["properties"].as_object()? {
            match properties.iter().find(|(known, _)| known == name) {
                Some((_, known)) if !same_type(known, property) => return None,
                Some(_) => {}
                None => properties.push((name, property)),
            }
        }
    }
    one_requires_nothing.then_some(members.as_slice())
}

/// Whether two property schemas constrain alike; their documentation may differ (the first
/// member's is kept).
fn same_type(one: &Value, other: &Value) -> bool {
    let constraints = |schema: &Value| -> Option<serde_json::Map<String, Value>> {
        let mut schema = schema.as_object()?.clone();
        schema.retain(|key, _| !is_doc_keyword(key));
        Some(schema)
    };
    one == other || constraints(one).is_some_and(|c| Some(c) == constraints(other))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn document(members: Value) -> Value {
        json!({"components": {"schemas": {
            "Card": {"type": "object", "properties": {"card.bin": {"type": "string"}}},
            "Airline": {"type": "object", "required": ["airline.name"],
                        "properties": {"airline.name": {"type": "string"}}},
            "Closed": {"type": "object", "additionalProperties": false,
                       "properties": {"code": {"type": "string"}}},
            "Numbered": {"type": "object", "properties": {"card.bin": {"type": "integer"}}},
        }}, "s": {"additionalProperties": {"type": "string"}, "anyOf": members}})
    }

    fn member(name: &str) -> Value {
        json!({"$ref": format!("#/components/schemas/{name}")})
    }

    #[test]
    fn open_objects_one_requiring_nothing_merge() {
        let doc = document(json!([member("Card"), member("Airline")]));
        assert_eq!(mergeable_members(&doc, &doc["s"]).map(<[Value]>::len), Some(2));
        // Members may describe a property they share differently.
        let described = json!({"properties": {"card.bin": {"type": "string", "description": "The BIN."}}});
        let doc = document(json!([member("Card"), described]));
        assert_eq!(mergeable_members(&doc, &doc["s"]).map(<[Value]>::len), Some(2));
    }

    #[test]
    fn alternatives_that_tell_themselves_apart_stay_a_union() {
        for members in [
            json!([member("Airline"), {"type": "object", "required": ["id"], "properties": {"id": {"type": "string"}}}]),
            json!([member("Card"), member("Closed")]),
            json!([member("Card"), member("Numbered")]),
            json!([member("Card"), {"type": "string"}]),
            json!([member("Card")]),
        ] {
            let doc = document(members.clone());
            assert_eq!(mergeable_members(&doc, &doc["s"]), None, "{members}");
        }
        let mut doc = document(json!([member("Card"), member("Airline")]));
        doc["s"]["discriminator"] = json!({"propertyName": "kind"});
        assert_eq!(mergeable_members(&doc, &doc["s"]), None);
    }
}
