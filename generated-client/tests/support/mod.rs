//! The merged OpenAPI spec as the Prism contract test reads it: each operation's method,
//! path, success status, parameters and request body, and the smallest valid value of a
//! schema, so that the test derives every argument from the spec instead of writing it.

use std::collections::BTreeMap;
use std::path::Path;

use serde::de::DeserializeOwned;
use serde_json::{json, Map, Value};

/// The operations of an OpenAPI document.
pub struct Spec {
    pub operations: Vec<SpecOperation>,
}

/// One operation, with a minimal valid value for each parameter and for the request body.
pub struct SpecOperation {
    pub id: String,
    /// Upper case, as in a request line.
    pub method: String,
    /// The path template, as the spec writes it.
    pub path: String,
    /// The lowest 2xx status: the one Prism answers with when nothing else is asked for.
    /// Each operation of the merged spec declares exactly one.
    pub success_status: Option<u16>,
    /// Each parameter's minimal valid value, by name.
    parameters: BTreeMap<String, Value>,
    /// The request body's minimal valid value; `None` without a request body.
    body: Option<Value>,
}

const METHODS: [&str; 8] = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

impl Spec {
    pub fn load(path: &Path) -> Spec {
        let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()));
        let document: Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("parse {}: {e}", path.display()));
        let paths = document["paths"].as_object().expect("the spec has paths");
        let mut operations = Vec::new();
        for (path, item) in paths {
            let shared_parameters = item.get("parameters").and_then(Value::as_array).cloned().unwrap_or_default();
            for method in METHODS {
                let Some(operation) = item.get(method) else { continue };
                let id = operation["operationId"].as_str().expect("every operation has an operationId").to_owned();
                let own_parameters = operation.get("parameters").and_then(Value::as_array).cloned().unwrap_or_default();
                // An operation's parameter overrides the path item's one of the same name.
                let mut parameters = BTreeMap::new();
                for parameter in shared_parameters.iter().chain(&own_parameters) {
                    let parameter = resolve(parameter, &document);
                    let name = parameter["name"].as_str().expect("a parameter has a name").to_owned();
                    let schema = parameter.get("schema").cloned().unwrap_or(json!({}));
                    parameters.insert(name, minimal_instance(&schema, &document));
                }
                // Whatever its media type (JSON, form, multipart), the typed body is built
                // from the schema's members.
                let body = operation.get("requestBody").map(|body| resolve(body, &document)).and_then(|body| {
                    let content = body["content"].as_object()?;
                    let (_, media) = content.iter().next()?;
                    Some(minimal_instance(media.get("schema").unwrap_or(&json!({})), &document))
                });
                let success_status = operation["responses"]
                    .as_object()
                    .into_iter()
                    .flat_map(|responses| responses.keys())
                    .filter_map(|status| status.parse::<u16>().ok())
                    .filter(|status| (200..300).contains(status))
                    .min();
                operations.push(SpecOperation {
                    id,
                    method: method.to_uppercase(),
                    path: path.clone(),
                    success_status,
                    parameters,
                    body,
                });
            }
        }
        Spec { operations }
    }
}

impl SpecOperation {
    /// The minimal valid value of parameter `name`, as text: for `&str` arguments.
    pub fn param_str(&self, name: &str) -> Result<String, String> {
        match self.parameters.get(name) {
            Some(Value::String(text)) => Ok(text.clone()),
            Some(other) => Ok(other.to_string()),
            None => Err(format!("the spec has no parameter {name:?}")),
        }
    }

    /// The minimal valid value of parameter `name`, as the method's typed argument.
    pub fn param<T: DeserializeOwned>(&self, name: &str) -> Result<T, String> {
        let value = self.parameters.get(name).ok_or_else(|| format!("the spec has no parameter {name:?}"))?;
        serde_json::from_value(value.clone()).map_err(|e| {
            format!("parameter {name}: the spec's minimal value {value} does not decode into {}: {e}", type_name::<T>())
        })
    }

    /// The minimal valid request body, as the method's typed body.
    pub fn body<T: DeserializeOwned>(&self) -> Result<T, String> {
        let value = self.body.as_ref().ok_or("the spec declares no request body")?;
        serde_json::from_value(value.clone()).map_err(|e| {
            format!("the spec's minimal request body {value} does not decode into {}: {e}", type_name::<T>())
        })
    }
}

fn type_name<T>() -> &'static str {
    std::any::type_name::<T>().trim_start_matches("netography_client::")
}

/// The smallest JSON value valid against `schema`: only required members, empty arrays
/// unless `minItems` asks for more, numbers at their minimum (or 0), the first value of
/// an `enum`, strings in their `format` and at least `minLength` long. `allOf` members are
/// merged; of a `oneOf` or `anyOf`, the first member is taken. `$ref`s point into `document`.
pub fn minimal_instance(schema: &Value, document: &Value) -> Value {
    let schema = flatten(schema, document);
    if let Some(value) = schema.get("const") {
        return value.clone();
    }
    if let Some(first) = schema.get("enum").and_then(Value::as_array).and_then(|values| values.first()) {
        return first.clone();
    }
    match schema_type(&schema) {
        "object" => {
            let properties = schema.get("properties").and_then(Value::as_object);
            let required = schema.get("required").and_then(Value::as_array).into_iter().flatten();
            let members = required.filter_map(Value::as_str).map(|name| {
                // A required member the schema does not describe may hold anything.
                let member = properties.and_then(|properties| properties.get(name)).unwrap_or(&Value::Null);
                (name.to_owned(), minimal_instance(member, document))
            });
            Value::Object(members.collect())
        }
        "array" => {
            let items = schema.get("items").unwrap_or(&Value::Null);
            let count = schema.get("minItems").and_then(Value::as_u64).unwrap_or(0);
            Value::Array((0..count).map(|_| minimal_instance(items, document)).collect())
        }
        "integer" => minimal_number(&schema, true),
        "number" => minimal_number(&schema, false),
        "boolean" => Value::Bool(false),
        "null" => Value::Null,
        _ => Value::String(minimal_string(&schema)),
    }
}

/// `schema` with its `$ref` resolved and its composition flattened: its own keywords, the
/// keywords of each `allOf` member, and those of the first `oneOf` and `anyOf` member.
fn flatten(schema: &Value, document: &Value) -> Map<String, Value> {
    let schema = resolve(schema, document);
    let Some(keywords) = schema.as_object() else { return Map::new() };
    let mut merged = Map::new();
    let mut members = Vec::new();
    for (keyword, value) in keywords {
        match keyword.as_str() {
            "allOf" => members.extend(value.as_array().into_iter().flatten()),
            "oneOf" | "anyOf" => members.extend(value.as_array().and_then(|alternatives| alternatives.first())),
            _ => merge_keyword(&mut merged, keyword, value),
        }
    }
    for member in members {
        for (keyword, value) in &flatten(member, document) {
            merge_keyword(&mut merged, keyword, value);
        }
    }
    merged
}

/// Adds one keyword to a merged schema: `properties` and `required` accumulate (a member
/// described twice must satisfy both descriptions); otherwise the first one stays.
fn merge_keyword(merged: &mut Map<String, Value>, keyword: &str, value: &Value) {
    match (keyword, merged.get_mut(keyword), value) {
        ("properties", Some(Value::Object(properties)), Value::Object(more)) => {
            for (name, schema) in more {
                match properties.get_mut(name) {
                    Some(existing) => *existing = json!({ "allOf": [existing.clone(), schema] }),
                    None => {
                        properties.insert(name.clone(), schema.clone());
                    }
                }
            }
        }
        ("required", Some(Value::Array(required)), Value::Array(more)) => {
            for name in more {
                if !required.contains(name) {
                    required.push(name.clone());
                }
            }
        }
        (_, Some(_), _) => {}
        (_, None, _) => {
            merged.insert(keyword.to_owned(), value.clone());
        }
    }
}

/// Follows local `$ref`s (`#/components/...`) until a schema without one.
fn resolve<'a>(mut schema: &'a Value, document: &'a Value) -> &'a Value {
    while let Some(reference) = schema.get("$ref").and_then(Value::as_str) {
        let pointer =
            reference.strip_prefix('#').unwrap_or_else(|| panic!("only local $refs are supported: {reference}"));
        schema = document.pointer(pointer).unwrap_or_else(|| panic!("$ref {reference} points at nothing"));
    }
    schema
}

/// The declared type (the first non-null one of a list), or the one the keywords imply.
fn schema_type(schema: &Map<String, Value>) -> &str {
    match schema.get("type") {
        Some(Value::String(name)) => name,
        Some(Value::Array(names)) => {
            names.iter().filter_map(Value::as_str).find(|name| *name != "null").unwrap_or("null")
        }
        _ if schema.contains_key("properties") || schema.contains_key("required") => "object",
        _ if schema.contains_key("items") => "array",
        // Anything is valid: a string reads best.
        _ => "string",
    }
}

fn minimal_number(schema: &Map<String, Value>, integer: bool) -> Value {
    let bound = |name: &str| schema.get(name).and_then(Value::as_f64);
    // OpenAPI 3.0 writes an exclusive bound as a boolean beside it; 3.1 as the number.
    let exclusive = |name: &str, bound: Option<f64>| match schema.get(name) {
        Some(Value::Bool(true)) => bound.map(|b| (b, true)),
        Some(Value::Number(n)) => n.as_f64().map(|b| (b, true)),
        _ => bound.map(|b| (b, false)),
    };
    let step = if integer { 1.0 } else { 0.5 };
    let value = match (exclusive("exclusiveMinimum", bound("minimum")), exclusive("exclusiveMaximum", bound("maximum")))
    {
        (Some((minimum, exclusive)), _) => {
            if exclusive {
                minimum + step
            } else {
                minimum
            }
        }
        (None, Some((maximum, exclusive))) if maximum <= 0.0 => {
            if exclusive {
                maximum - step
            } else {
                maximum
            }
        }
        _ => 0.0,
    };
    let value = if integer { value.ceil() } else { value };
    if value.fract() == 0.0 {
        json!(value as i64)
    } else {
        json!(value)
    }
}

fn minimal_string(schema: &Map<String, Value>) -> String {
    let format = schema.get("format").and_then(Value::as_str).unwrap_or("");
    let mut text = match format {
        "date-time" => "2024-01-01T00:00:00Z",
        "date" => "2024-01-01",
        "time" => "00:00:00Z",
        "uuid" => "00000000-0000-4000-8000-000000000000",
        "email" => "test@example.com",
        "ipv4" => "192.0.2.1",
        "ipv6" => "2001:db8::1",
        "cidr" => "192.0.2.0/24",
        "hostname" => "example.com",
        "uri" | "url" => "https://example.com/",
        "byte" => "dGVzdA==",
        _ => "test-id",
    }
    .to_owned();
    let length = |name: &str| schema.get(name).and_then(Value::as_u64).map(|n| n as usize);
    if let Some(minimum) = length("minLength") {
        while text.chars().count() < minimum {
            text.push('x');
        }
    }
    if let Some(maximum) = length("maxLength") {
        text = text.chars().take(maximum).collect();
    }
    text
}

#[test]
fn a_minimal_instance_has_the_required_members_first_alternatives_and_lower_bounds() {
    let document = json!({ "components": { "schemas": { "Id": { "type": "string", "format": "uuid" } } } });
    let schema = json!({
        "type": "object",
        "required": ["id", "kind", "count", "tags", "when", "choice"],
        "allOf": [{ "properties": { "id": { "$ref": "#/components/schemas/Id" }, "kind": { "enum": ["b", "a"] } } }],
        "properties": {
            "count": { "type": "integer", "minimum": 3 },
            "tags": { "type": "array", "minItems": 1, "items": { "type": "string", "minLength": 10 } },
            "when": { "type": "string", "format": "date-time" },
            "choice": { "oneOf": [{ "type": "boolean" }, { "type": "string" }] },
            "optional": { "type": "string" }
        }
    });
    let expected = json!({
        "id": "00000000-0000-4000-8000-000000000000",
        "kind": "b",
        "count": 3,
        "tags": ["test-idxxx"],
        "when": "2024-01-01T00:00:00Z",
        "choice": false
    });
    assert_eq!(minimal_instance(&schema, &document), expected);
}
