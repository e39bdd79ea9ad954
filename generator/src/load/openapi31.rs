//! OpenAPI 3.1 (JSON Schema 2020-12) lowered into the OpenAPI 3.0 form the resolver reads.
//! What 3.0 can say is said the 3.0 way (`type: [T, "null"]` -> `nullable`, `const` -> a
//! one-value `enum`, numeric `exclusiveMinimum` -> `minimum` + `true`); what only validates
//! and cannot change a Rust type (`if`/`then`/`else`, `dependentSchemas`, ...) is dropped
//! with a warning.

use serde_json::{json, Map, Value};

use super::schema_walk::visit_schemas;
use crate::error::{pointer_join, Warning};

/// Keywords that constrain values without shaping them: not expressible in the Rust type.
const VALIDATION_ONLY: &[&str] = &[
    "if",
    "then",
    "else",
    "dependentSchemas",
    "dependentRequired",
    "unevaluatedProperties",
    "unevaluatedItems",
    "patternProperties",
    "propertyNames",
    "contains",
    "minContains",
    "maxContains",
    "$dynamicRef",
    "$dynamicAnchor",
];

/// Keywords that only annotate; they need no warning when dropped.
const ANNOTATIONS: &[&str] = &["$schema", "$id", "$anchor", "$comment", "$vocabulary", "contentSchema"];

/// Rewrites a 3.1 document into 3.0 in place, returning what could not be kept.
pub fn lower(document: &mut Value) -> Vec<Warning> {
    let mut warnings = Vec::new();
    let Some(root) = document.as_object_mut() else { return warnings };
    root.insert("openapi".into(), json!("3.0.3"));
    root.remove("jsonSchemaDialect");
    root.entry("paths").or_insert_with(|| json!({}));
    if let Some(Value::Object(license)) = root.get_mut("info").and_then(|info| info.get_mut("license")) {
        // 3.0 knows only `url`; an SPDX identifier still names the licence.
        if let Some(Value::String(identifier)) = license.remove("identifier") {
            license.entry("url").or_insert_with(|| json!(format!("https://spdx.org/licenses/{identifier}.html")));
        }
    }
    webhook_payloads(root, &mut warnings);
    operations_without_responses(root);
    visit_schemas(document, &mut |schema, pointer| lower_schema(schema, pointer, &mut warnings));
    warnings
}

/// 3.1 makes `responses` optional; 3.0 requires it (an operation without is documented as
/// answering nothing in particular). Path items under `components/pathItems` too.
fn operations_without_responses(root: &mut Map<String, Value>) {
    const METHODS: &[&str] = &["get", "put", "post", "delete", "options", "head", "patch", "trace"];
    let mut items: Vec<&mut Value> = Vec::new();
    for (key, member) in root.iter_mut() {
        match (key.as_str(), member) {
            ("paths", Value::Object(paths)) => items.extend(paths.values_mut()),
            ("components", Value::Object(components)) => {
                if let Some(Value::Object(path_items)) = components.get_mut("pathItems") {
                    items.extend(path_items.values_mut());
                }
            }
            _ => {}
        }
    }
    for item in items {
        for (method, operation) in item.as_object_mut().into_iter().flatten() {
            if let (true, Some(operation)) = (METHODS.contains(&method.as_str()), operation.as_object_mut()) {
                operation.entry("responses").or_insert_with(|| json!({}));
            }
        }
    }
}

/// One schema, its subschemas already lowered.
fn lower_schema(schema: &mut Value, pointer: &str, warnings: &mut Vec<Warning>) {
    let map = match schema {
        // A boolean schema: `true` accepts anything. (`additionalProperties` takes booleans
        // in 3.0 too; `false` elsewhere is too rare to model.)
        Value::Bool(true) if !pointer.ends_with("/additionalProperties") => {
            *schema = json!({});
            return;
        }
        Value::Object(map) => map,
        _ => return,
    };
    let mut nullable = false;
    match map.remove("type") {
        Some(Value::Array(types)) => {
            let mut named: Vec<Value> = Vec::new();
            for t in types {
                if t == "null" {
                    nullable = true;
                } else if !named.contains(&t) {
                    named.push(t);
                }
            }
            match named.len() {
                0 => {}
                1 => {
                    map.insert("type".into(), named.remove(0));
                }
                _ => split_types(map, named),
            }
        }
        Some(Value::String(t)) if t == "null" => nullable = true,
        Some(other) => {
            map.insert("type".into(), other);
        }
        None => {}
    }
    if let Some(value) = map.remove("const") {
        if value.is_null() {
            nullable = true;
        } else {
            map.insert("enum".into(), json!([value]));
        }
    }
    if let Some(Value::Array(values)) = map.get_mut("enum") {
        if values.iter().any(Value::is_null) {
            values.retain(|v| !v.is_null());
            nullable = true;
        }
    }
    if let Some(examples) = map.remove("examples") {
        if let Some(first) = examples.as_array().and_then(|list| list.first()) {
            map.entry("example").or_insert_with(|| first.clone());
        }
    }
    for (exclusive, inclusive) in [("exclusiveMinimum", "minimum"), ("exclusiveMaximum", "maximum")] {
        if let Some(bound) = map.get(exclusive).filter(|b| b.is_number()).cloned() {
            map.insert(inclusive.into(), bound);
            map.insert(exclusive.into(), json!(true));
        }
    }
    // A list of schemas with a `null` member is that union, nullable.
    for keyword in ["anyOf", "oneOf"] {
        if let Some(Value::Array(members)) = map.get_mut(keyword) {
            let before = members.len();
            members.retain(|m| !is_null_schema(m));
            if members.len() < before {
                nullable = true;
                if members.len() == 1 {
                    let only = members.remove(0);
                    map.remove(keyword);
                    absorb_sole_member(map, only);
                }
            }
        }
    }
    if let Some(Value::String(encoding)) = map.remove("contentEncoding") {
        if matches!(encoding.as_str(), "base64" | "base64url") {
            map.entry("format").or_insert_with(|| json!("byte"));
        }
    }
    if let Some(Value::String(media)) = map.remove("contentMediaType") {
        if !media.contains("json") && !media.starts_with("text/") {
            map.entry("format").or_insert_with(|| json!("binary"));
        }
    }
    if let Some(Value::Array(tuple)) = map.remove("prefixItems") {
        warnings.push(Warning::new(
            pointer_join(pointer, &["prefixItems"]),
            format!("a tuple of {} items is typed as a list of its item type (or serde_json::Value)", tuple.len()),
        ));
        map.entry("items").or_insert_with(|| json!({}));
        map.entry("type").or_insert_with(|| json!("array"));
    }
    for keyword in VALIDATION_ONLY {
        if map.remove(*keyword).is_some() {
            warnings.push(Warning::new(
                pointer_join(pointer, &[keyword]),
                format!("`{keyword}` only validates values and has no Rust type; it is not checked"),
            ));
        }
    }
    for keyword in ANNOTATIONS {
        map.remove(*keyword);
    }
    // 3.1 lets `$ref` have siblings; in 3.0 they would be ignored, so constraints next to a
    // reference become an `allOf` with it. Documentation siblings stay where the resolver
    // reads them.
    if map.contains_key("$ref") && map.keys().any(|k| !is_reference_sibling(k)) {
        let reference = map.remove("$ref").unwrap_or_default();
        match map.get_mut("allOf") {
            Some(Value::Array(all)) => all.insert(0, json!({"$ref": reference})),
            _ => {
                map.insert("allOf".into(), json!([{"$ref": reference}]));
            }
        }
    }
    if nullable {
        if map.contains_key("$ref") {
            let reference = map.remove("$ref").unwrap_or_default();
            map.insert("allOf".into(), json!([{"$ref": reference}]));
        }
        map.insert("nullable".into(), json!(true));
    }
}

/// `anyOf: [T, null]` less its `null` is `T`: an inline `T` lends its keywords to the
/// schema (`{type: string}` stays a string, not an object of one `allOf` member); a `$ref`,
/// or a member whose keywords the schema already has, stays an `allOf` member.
fn absorb_sole_member(map: &mut Map<String, Value>, only: Value) {
    match only {
        Value::Object(member) if !member.contains_key("$ref") && member.keys().all(|k| !map.contains_key(k)) => {
            map.extend(member);
        }
        only => {
            map.insert("allOf".into(), json!([only]));
        }
    }
}

fn is_reference_sibling(key: &str) -> bool {
    matches!(key, "$ref" | "description" | "summary" | "title" | "deprecated" | "example") || key.starts_with("x-")
}

fn is_null_schema(schema: &Value) -> bool {
    schema.get("type").is_some_and(|t| t == "null") && schema.as_object().is_some_and(|m| m.len() <= 2)
        || schema.get("nullable").is_some_and(|n| n == true) && schema.as_object().is_some_and(|m| m.len() == 1)
        || schema.get("enum").is_some_and(|e| e == &json!([null]))
}

/// `type: [string, integer]`: one member per type, each keeping the keywords that apply to it.
fn split_types(map: &mut Map<String, Value>, types: Vec<Value>) {
    const OBJECT: &[&str] = &["properties", "required", "additionalProperties", "minProperties", "maxProperties"];
    const ARRAY: &[&str] = &["items", "minItems", "maxItems", "uniqueItems"];
    const STRING: &[&str] = &["format", "pattern", "minLength", "maxLength"];
    const NUMBER: &[&str] = &["minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf"];
    let mut members = Vec::new();
    for t in &types {
        let keywords: &[&str] = match t.as_str() {
            Some("object") => OBJECT,
            Some("array") => ARRAY,
            Some("string") => STRING,
            Some("integer" | "number") => NUMBER,
            _ => &[],
        };
        let mut member = Map::new();
        member.insert("type".into(), t.clone());
        for keyword in keywords {
            if let Some(value) = map.get(*keyword) {
                member.insert((*keyword).into(), value.clone());
            }
        }
        members.push(Value::Object(member));
    }
    for keyword in [OBJECT, ARRAY, STRING, NUMBER].concat() {
        map.remove(keyword);
    }
    map.insert("anyOf".into(), Value::Array(members));
}

/// Webhooks are requests the API sends, not calls the client makes: their payload schemas
/// become component types (compiled with the `other-types` feature) so a receiver can
/// decode them; the operations themselves are not generated.
fn webhook_payloads(root: &mut Map<String, Value>, warnings: &mut Vec<Warning>) {
    let Some(Value::Object(webhooks)) = root.remove("webhooks") else { return };
    let mut payloads = Vec::new();
    for (name, item) in &webhooks {
        let Some(item) = item.as_object() else { continue };
        for (method, operation) in item {
            let Some(content) = operation.pointer("/requestBody/content").and_then(Value::as_object) else { continue };
            let Some(schema) =
                content.iter().find(|(media, _)| media.contains("json")).and_then(|(_, m)| m.get("schema"))
            else {
                continue;
            };
            if schema.get("$ref").is_some() {
                continue; // already a component
            }
            let title = operation
                .get("operationId")
                .and_then(Value::as_str)
                .map(str::to_string)
                .unwrap_or_else(|| format!("{name} {method} webhook"));
            payloads.push((title, schema.clone(), pointer_join("/webhooks", &[name, method])));
        }
    }
    if payloads.is_empty() {
        return;
    }
    let components = root.entry("components").or_insert_with(|| json!({}));
    let Some(components) = components.as_object_mut() else { return };
    let schemas = components.entry("schemas").or_insert_with(|| json!({}));
    let Some(schemas) = schemas.as_object_mut() else { return };
    for (title, schema, pointer) in payloads {
        let name = format!("{title} payload");
        if schemas.contains_key(&name) {
            warnings.push(Warning::new(pointer, format!("the payload name `{name}` is taken; not generated")));
            continue;
        }
        schemas.insert(name, schema);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lowered(schema: Value) -> (Value, Vec<Warning>) {
        let mut document = json!({"openapi": "3.1.0", "components": {"schemas": {"S": schema}}});
        let warnings = lower(&mut document);
        (document["components"]["schemas"]["S"].clone(), warnings)
    }

    #[test]
    fn type_lists_with_null_become_nullable() {
        assert_eq!(lowered(json!({"type": ["string", "null"]})).0, json!({"type": "string", "nullable": true}));
        assert_eq!(
            lowered(json!({"type": ["string", "integer"], "maxLength": 3, "minimum": 1})).0,
            json!({"anyOf": [{"type": "string", "maxLength": 3}, {"type": "integer", "minimum": 1}]})
        );
        assert_eq!(
            lowered(json!({"anyOf": [{"$ref": "#/components/schemas/T"}, {"type": "null"}]})).0,
            json!({"allOf": [{"$ref": "#/components/schemas/T"}], "nullable": true})
        );
        assert_eq!(
            lowered(json!({"properties": {"a": {"type": "null"}}})).0,
            json!({"properties": {"a": {"nullable": true}}})
        );
    }

    #[test]
    fn three_one_keywords_take_their_three_zero_form() {
        assert_eq!(lowered(json!({"const": "on"})).0, json!({"enum": ["on"]}));
        assert_eq!(
            lowered(json!({"type": "integer", "exclusiveMinimum": 0, "examples": [5, 6]})).0,
            json!({"type": "integer", "exclusiveMinimum": true, "example": 5, "minimum": 0})
        );
        assert_eq!(
            lowered(json!({"type": "string", "contentEncoding": "base64"})).0,
            json!({"type": "string", "format": "byte"})
        );
        assert_eq!(
            lowered(json!({"type": "string", "contentMediaType": "image/png"})).0,
            json!({"type": "string", "format": "binary"})
        );
        assert_eq!(
            lowered(json!({"$ref": "#/components/schemas/T", "maxLength": 4, "description": "d"})).0,
            json!({"maxLength": 4, "description": "d", "allOf": [{"$ref": "#/components/schemas/T"}]})
        );
        assert_eq!(lowered(json!({"$ref": "#/x", "description": "d"})).0, json!({"$ref": "#/x", "description": "d"}));
    }

    #[test]
    fn validation_only_keywords_warn_with_their_pointer() {
        let (schema, warnings) = lowered(json!({"type": "object", "if": {}, "then": {}, "prefixItems": [{}]}));
        assert_eq!(schema, json!({"type": "object", "items": {}}));
        let pointers: Vec<&str> = warnings.iter().map(|w| w.pointer.as_str()).collect();
        assert_eq!(
            pointers,
            ["/components/schemas/S/prefixItems", "/components/schemas/S/if", "/components/schemas/S/then"]
        );
    }

    #[test]
    fn documents_without_paths_and_with_webhooks_read_as_three_zero() {
        let mut document = json!({
            "openapi": "3.1.0",
            "jsonSchemaDialect": "https://spec.openapis.org/oas/3.1/dialect/base",
            "info": {"title": "t", "version": "1", "summary": "s", "license": {"name": "MIT", "identifier": "MIT"}},
            "webhooks": {"newPet": {"post": {"requestBody": {"content": {"application/json": {
                "schema": {"type": "object", "properties": {"id": {"type": ["integer", "null"]}}}
            }}}}}}
        });
        assert!(lower(&mut document).is_empty());
        assert_eq!(document["openapi"], "3.0.3");
        assert_eq!(document["paths"], json!({}));
        assert_eq!(document["info"]["license"]["url"], "https://spdx.org/licenses/MIT.html");
        assert_eq!(
            document["components"]["schemas"]["newPet post webhook payload"]["properties"]["id"],
            json!({"type": "integer", "nullable": true})
        );
    }
}
