//! Visits every schema object of an OpenAPI 3.x-shaped document, children before parents,
//! with its JSON pointer: what the version conversions rewrite schema by schema.

use serde_json::Value;

use crate::error::pointer_join;

/// Keywords whose value is one schema.
const ONE_SCHEMA: &[&str] = &[
    "items",
    "additionalProperties",
    "not",
    "if",
    "then",
    "else",
    "contains",
    "propertyNames",
    "unevaluatedItems",
    "unevaluatedProperties",
    "additionalItems",
];
/// Keywords whose value is a list of schemas.
const SCHEMA_LISTS: &[&str] = &["allOf", "anyOf", "oneOf", "prefixItems"];
/// Keywords whose value maps names to schemas.
const SCHEMA_MAPS: &[&str] = &["properties", "patternProperties", "$defs", "definitions", "dependentSchemas"];

/// Nesting deeper than this is not visited (a spec controls the depth; the stack does not
/// grow with it). The resolver reports such schemas on its own.
pub const MAX_DEPTH: usize = 256;

/// Calls `visit(schema, pointer)` for every schema in the document: under
/// `components/schemas`, every `schema` member outside a schema (parameters, media types,
/// headers; in paths, components, callbacks and webhooks), and every subschema.
pub fn visit_schemas(document: &mut Value, visit: &mut dyn FnMut(&mut Value, &str)) {
    walk_document(document, String::new(), 0, visit);
}

fn walk_document(node: &mut Value, pointer: String, depth: usize, visit: &mut dyn FnMut(&mut Value, &str)) {
    if depth > MAX_DEPTH {
        return;
    }
    match node {
        Value::Object(map) => {
            for (key, child) in map.iter_mut() {
                let at = pointer_join(&pointer, &[key]);
                if key.starts_with("x-") || key == "example" || key == "examples" || key == "default" {
                    continue;
                }
                if key == "schema" {
                    walk_schema(child, at, 0, visit);
                } else if key == "schemas" && pointer == "/components" || key == "definitions" && pointer.is_empty() {
                    if let Value::Object(schemas) = child {
                        for (name, schema) in schemas.iter_mut() {
                            walk_schema(schema, pointer_join(&at, &[name]), 0, visit);
                        }
                    }
                } else {
                    walk_document(child, at, depth + 1, visit);
                }
            }
        }
        Value::Array(items) => {
            for (index, child) in items.iter_mut().enumerate() {
                walk_document(child, pointer_join(&pointer, &[&index.to_string()]), depth + 1, visit);
            }
        }
        _ => {}
    }
}

fn walk_schema(schema: &mut Value, pointer: String, depth: usize, visit: &mut dyn FnMut(&mut Value, &str)) {
    if depth > MAX_DEPTH {
        return;
    }
    if let Value::Object(map) = schema {
        for (key, child) in map.iter_mut() {
            let at = pointer_join(&pointer, &[key]);
            if ONE_SCHEMA.contains(&key.as_str()) {
                // `items` as a list is the tuple form of older drafts.
                if let Value::Array(list) = child {
                    for (index, member) in list.iter_mut().enumerate() {
                        walk_schema(member, pointer_join(&at, &[&index.to_string()]), depth + 1, visit);
                    }
                } else {
                    walk_schema(child, at, depth + 1, visit);
                }
            } else if SCHEMA_LISTS.contains(&key.as_str()) {
                if let Value::Array(list) = child {
                    for (index, member) in list.iter_mut().enumerate() {
                        walk_schema(member, pointer_join(&at, &[&index.to_string()]), depth + 1, visit);
                    }
                }
            } else if SCHEMA_MAPS.contains(&key.as_str()) {
                if let Value::Object(members) = child {
                    for (name, member) in members.iter_mut() {
                        walk_schema(member, pointer_join(&at, &[name]), depth + 1, visit);
                    }
                }
            }
        }
    }
    visit(schema, &pointer);
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn every_schema_is_visited_children_first() {
        let mut document = json!({
            "paths": {"/a": {"get": {
                "parameters": [{"name": "q", "in": "query", "schema": {"type": "string"}}],
                "responses": {"200": {"description": "", "content": {"application/json": {
                    "schema": {"type": "array", "items": {"$ref": "#/components/schemas/A"}},
                    "example": {"schema": {"type": "not visited"}}
                }}}}
            }}},
            "components": {"schemas": {"A": {"properties": {"b": {"anyOf": [{"type": "integer"}]}}}}}
        });
        let mut seen = Vec::new();
        visit_schemas(&mut document, &mut |_, pointer| seen.push(pointer.to_string()));
        assert_eq!(
            seen,
            [
                "/paths/~1a/get/parameters/0/schema",
                "/paths/~1a/get/responses/200/content/application~1json/schema/items",
                "/paths/~1a/get/responses/200/content/application~1json/schema",
                "/components/schemas/A/properties/b/anyOf/0",
                "/components/schemas/A/properties/b",
                "/components/schemas/A",
            ]
        );
    }

    #[test]
    fn deep_nesting_stops_at_the_bound() {
        let mut schema = json!({"type": "string"});
        for _ in 0..2 * MAX_DEPTH {
            schema = json!({"items": schema});
        }
        let mut document = json!({"components": {"schemas": {"Deep": schema}}});
        let mut count = 0;
        visit_schemas(&mut document, &mut |_, _| count += 1);
        assert_eq!(count, MAX_DEPTH + 1);
    }
}
