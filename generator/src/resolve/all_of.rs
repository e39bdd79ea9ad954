//! Resolving `allOf` into one object: the union the spec authors meant (and an `anyOf` that
//! reads as one object, see `open_any_of`).
//!
//! Properties and `required` are united across members (and the schema's own members).
//! A property given as an empty schema (`{}`) in one member takes its type from the
//! member that types it; one given as an object by several members keeps every part
//! (`Property::also`), which the type resolver merges. `additionalProperties: false` on one
//! member does not drop the properties of the others: strict JSON Schema would reject every
//! real response.

use std::collections::BTreeSet;

use indexmap::IndexMap;
use serde_json::Value;

use super::doc_keywords::is_unconstrained;
use super::name_hints::name_hint;
use super::refs::{deref, last_token};
use crate::error::{pointer_join, SpecError};

/// One property of the merged object: its schema node and where that node is.
#[derive(Debug, Clone)]
pub struct Property<'a> {
    pub schema: &'a Value,
    pub pointer: String,
    /// Object schemas other members give the same property (with where each is): `allOf`
    /// asks for all of them, so the property is one object with the members of each.
    pub also: Vec<(&'a Value, String)>,
}

impl<'a> Property<'a> {
    fn new(schema: &'a Value, pointer: String) -> Self {
        Property { schema, pointer, also: Vec::new() }
    }
}

/// The merged view of an object schema, `allOf` members included.
#[derive(Debug, Clone, Default)]
pub struct ObjectView<'a> {
    pub properties: IndexMap<&'a str, Property<'a>>,
    pub required: BTreeSet<&'a str>,
    /// `additionalProperties` given as a schema (true/false do not change the Rust type).
    pub additional: Option<Property<'a>>,
    /// A member that names the whole (`ApiKeyRecord`), and the properties the other members add.
    pub named_member: Option<(String, Vec<&'a str>)>,
    /// A sole `allOf: [$ref]` wrapper with nothing of its own: the type is the target's.
    pub sole_ref: Option<&'a Value>,
}

/// Builds the merged object view of `schema` (at `pointer`), following `allOf` members.
pub fn object_view<'a>(document: &'a Value, schema: &'a Value, pointer: &str) -> Result<ObjectView<'a>, SpecError> {
    object_view_within(document, schema, pointer, 0)
}

/// `allOf` members nested deeper than this are a cycle (`A: allOf [B]`, `B: allOf [A]`).
const MAX_ALL_OF_DEPTH: usize = 32;

fn object_view_within<'a>(
    document: &'a Value,
    schema: &'a Value,
    pointer: &str,
    depth: usize,
) -> Result<ObjectView<'a>, SpecError> {
    if depth > MAX_ALL_OF_DEPTH {
        return Err(SpecError::new(pointer, "`allOf` members include each other in a cycle"));
    }
    let mut view = ObjectView::default();
    add_own_members(&mut view, schema, pointer)?;
    if let Some(members) = super::open_any_of::mergeable_members(document, schema) {
        for (index, member) in members.iter().enumerate() {
            let member_pointer = pointer_join(pointer, &["anyOf", &index.to_string()]);
            let (target, target_pointer) = deref(document, member, &member_pointer)?;
            let mut member_view = object_view_within(document, target, &target_pointer, depth + 1)?;
            // An instance satisfies one member: none of their `required` binds the whole.
            member_view.required.clear();
            merge_into(document, &mut view, member_view);
        }
    }
    let Some(members) = schema.get("allOf") else {
        return Ok(view);
    };
    let members = members
        .as_array()
        .ok_or_else(|| SpecError::new(pointer_join(pointer, &["allOf"]), "`allOf` must be an array"))?;
    // `allOf: [$ref]`, or a `$ref` beside members that only document it (`{description}`):
    // the type is the target's. Only for the schema itself: as a member of another `allOf`
    // (Azure's `ProxyResource: allOf [$ref Resource]` inside each resource), its target's
    // members are merged like any member's.
    let references: Vec<&Value> = members.iter().filter(|m| m.get("$ref").is_some()).collect();
    if let ([reference], 0) = (references.as_slice(), depth) {
        let only_documented = members.iter().all(|m| m.get("$ref").is_some() || is_unconstrained(m));
        if only_documented && view.properties.is_empty() && view.additional.is_none() {
            view.sole_ref = Some(reference);
            return Ok(view);
        }
    }
    let mut hinted: Option<(String, BTreeSet<&str>)> = None;
    for (index, member) in members.iter().enumerate() {
        let member_pointer = pointer_join(pointer, &["allOf", &index.to_string()]);
        let (target, target_pointer) = deref(document, member, &member_pointer)?;
        let member_view = object_view_within(document, target, &target_pointer, depth + 1)?;
        let hint = if member.get("$ref").is_some() && target_pointer.starts_with("/components/schemas/") {
            Some(super::idents::pascal(last_token(&target_pointer)))
        } else {
            name_hint(target)
        };
        if let (Some(hint), None) = (hint, &hinted) {
            hinted = Some((hint, member_view.properties.keys().copied().collect()));
        }
        merge_into(document, &mut view, member_view);
    }
    if let Some((hint, hinted_properties)) = hinted {
        let added = view.properties.keys().copied().filter(|p| !hinted_properties.contains(p)).collect::<Vec<_>>();
        view.named_member = Some((hint, added));
    }
    Ok(view)
}

fn add_own_members<'a>(view: &mut ObjectView<'a>, schema: &'a Value, pointer: &str) -> Result<(), SpecError> {
    if let Some(properties) = schema.get("properties") {
        let properties = properties
            .as_object()
            .ok_or_else(|| SpecError::new(pointer_join(pointer, &["properties"]), "`properties` must be an object"))?;
        for (name, property) in properties {
            let property = Property::new(property, pointer_join(pointer, &["properties", name]));
            view.properties.insert(name.as_str(), property);
        }
    }
    if let Some(required) = schema.get("required") {
        let required = required.as_array().ok_or_else(|| {
            SpecError::new(pointer_join(pointer, &["required"]), "`required` must be an array of names")
        })?;
        view.required.extend(required.iter().filter_map(Value::as_str));
    }
    if let Some(additional) = schema.get("additionalProperties").filter(|a| a.is_object()) {
        view.additional = Some(Property::new(additional, pointer_join(pointer, &["additionalProperties"])));
    }
    Ok(())
}

fn merge_into<'a>(document: &'a Value, view: &mut ObjectView<'a>, member: ObjectView<'a>) {
    for (name, property) in member.properties {
        match view.properties.get_mut(name) {
            None => {
                view.properties.insert(name, property);
            }
            // `{}` says "this property exists"; the member that types it decides its type.
            Some(existing) if is_unconstrained(existing.schema) && !is_unconstrained(property.schema) => {
                view.properties.insert(name, property);
            }
            // Two objects: the value has the members of both (a `$ref` whose siblings add to
            // one of its object members, as codat's branding `logo`).
            Some(existing) if object_part(document, existing.schema) && object_part(document, property.schema) => {
                let known = |schema: &Value| {
                    let target = deref(document, schema, "").map(|(target, _)| target).ok();
                    std::iter::once(existing.schema)
                        .chain(existing.also.iter().map(|(s, _)| *s))
                        .any(|part| deref(document, part, "").map(|(t, _)| t).ok() == target)
                };
                if !known(property.schema) {
                    existing.also.push((property.schema, property.pointer));
                    existing.also.extend(property.also);
                }
            }
            Some(_) => {}
        }
    }
    view.required.extend(member.required);
    if view.additional.is_none() {
        view.additional = member.additional;
    }
}

/// A schema that is an object with properties (its own or its `allOf` members') and nothing
/// that makes it another shape (a union, an enum, a map alone): such parts of one property
/// merge.
fn object_part(document: &Value, schema: &Value) -> bool {
    let Ok((target, _)) = deref(document, schema, "") else { return false };
    let is_object = |schema: &Value| {
        schema.get("type").is_none_or(|t| t == "object")
            && ["oneOf", "anyOf", "enum", "not"].iter().all(|k| schema.get(*k).is_none())
    };
    let has_properties = |schema: &Value| schema.get("properties").is_some_and(Value::is_object);
    let members: Vec<&Value> = match target.get("allOf").and_then(Value::as_array) {
        Some(members) => members.iter().filter_map(|m| deref(document, m, "").ok().map(|(t, _)| t)).collect(),
        None => Vec::new(),
    };
    is_object(target)
        && members.iter().all(|m| is_object(m))
        && (has_properties(target) || members.iter().any(|m| has_properties(m)))
}

/// The merged view of several object schemas given for one property (`Property::also`).
pub fn object_view_of_parts<'a>(
    document: &'a Value,
    parts: &[(&'a Value, String)],
) -> Result<ObjectView<'a>, SpecError> {
    let mut view = ObjectView::default();
    for (part, pointer) in parts {
        let (target, target_pointer) = deref(document, part, pointer)?;
        let part_view = object_view_within(document, target, &target_pointer, 1)?;
        merge_into(document, &mut view, part_view);
    }
    Ok(view)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn empty_member_properties_take_the_typed_definition() {
        let schema = json!({"allOf":[
            {"type":"object","required":["status"],"additionalProperties":false,"properties":{"status":{"type":"integer"}}},
            {"type":"object","properties":{"status":{},"extra":{"type":"string"}}}]});
        let view = object_view(&schema, &schema, "").unwrap();
        assert_eq!(view.properties.keys().copied().collect::<Vec<_>>(), ["status", "extra"]);
        assert_eq!(view.properties["status"].schema, &json!({"type":"integer"}));
        assert_eq!(view.properties["status"].pointer, "/allOf/0/properties/status");
        assert!(view.required.contains("status"));
    }

    #[test]
    fn named_member_and_added_properties_are_reported() {
        let schema = json!({"allOf":[
            {"type":"object","additionalProperties":false,"properties":{"appkey":{"type":"string"}}},
            {"description":"API Key Record","type":"object","properties":{"appname":{"type":"string"}}}]});
        let view = object_view(&schema, &schema, "").unwrap();
        assert_eq!(view.properties.len(), 2);
        assert_eq!(view.named_member, Some(("ApiKeyRecord".to_string(), vec!["appkey"])));
    }

    #[test]
    fn references_inside_all_of_are_followed() {
        let doc = json!({"components":{"schemas":{"Base":{"type":"object","properties":{"id":{"type":"string"}}}}},
                         "s":{"allOf":[{"$ref":"#/components/schemas/Base"},{"properties":{"n":{"type":"integer"}}}]}});
        let view = object_view(&doc, &doc["s"], "/s").unwrap();
        assert_eq!(view.properties.keys().copied().collect::<Vec<_>>(), ["id", "n"]);
        assert_eq!(view.named_member, Some(("Base".to_string(), vec!["n"])));
        let missing = json!({"allOf":[{"$ref":"#/nope"},{"type":"object"}]});
        assert_eq!(object_view(&missing, &missing, "").unwrap_err().pointer, "/allOf/0/$ref");
    }
}
