//! Reads the document as OpenAPI 3.0 (`openapiv3`), degrading instead of refusing: a node
//! that does not parse is given the closest honest fallback (a missing required member its
//! empty value, a schema `{}` so it is typed as `serde_json::Value`, anything else left out)
//! with a warning naming its pointer, and the document is read again.

use std::borrow::Cow;

use openapiv3::OpenAPI;
use serde_json::{json, Value};

use crate::error::{pointer_join, SpecError, Warning};

/// Repairs made before giving up: each removes or replaces one node, so a document needing
/// more is broken throughout.
const MAX_REPAIRS: usize = 1_000;

/// The document, repaired if it had to be so that it parses as OpenAPI 3.0, and a warning
/// per repair. The resolver reads this JSON only (see `document.rs`): `openapiv3` checks
/// the shape, it is not a second representation.
pub struct Parsed<'a> {
    pub document: Cow<'a, Value>,
    pub warnings: Vec<Warning>,
}

pub fn parse_leniently(document: &Value) -> Result<Parsed<'_>, SpecError> {
    if !document.is_object() {
        return Err(SpecError::new("", "not an API description: the document is not an object"));
    }
    let mut repaired: Option<Value> = without_path_extensions(document);
    let mut warnings = Vec::new();
    for _ in 0..MAX_REPAIRS {
        let current = repaired.as_ref().unwrap_or(document);
        let whole_error = match parse_strictly(current) {
            Ok(()) => {
                let document = repaired.map_or(Cow::Borrowed(document), Cow::Owned);
                return Ok(Parsed { document, warnings });
            }
            Err(error) => error,
        };
        // serde reports errors inside maps and untagged enums at the map: find the smallest
        // node that does not parse by parsing parts on their own.
        let (pointer, kind, message) = smallest_failing(current, "", Kind::Document)
            .unwrap_or_else(|| (whole_error.pointer.clone(), Kind::Other, whole_error.message.clone()));
        let mut next = current.clone();
        let (at, fallback) = repair(&mut next, &pointer, kind, &message).ok_or_else(|| {
            SpecError::new(&pointer, format!("not a valid OpenAPI 3.0 document: {}", whole_error.message))
        })?;
        warnings.push(Warning::new(at, format!("{message}; {fallback}")));
        repaired = Some(next);
    }
    Err(SpecError::new("", format!("more than {MAX_REPAIRS} nodes do not parse as OpenAPI 3.0")))
}

/// What a node of the document is, so it can be parsed on its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Document,
    Components,
    PathItem,
    Operation,
    Parameter,
    RequestBody,
    Response,
    MediaType,
    Header,
    Schema,
    Callback,
    SecurityScheme,
    Other,
}

impl Kind {
    /// `Err(message)` when `node` does not parse as this kind.
    fn check(self, node: &Value) -> Result<(), String> {
        use openapiv3::*;
        fn parse<'de, T: serde::Deserialize<'de>>(node: &'de Value) -> Result<(), String> {
            T::deserialize(node).map(drop).map_err(|e| e.to_string())
        }
        match self {
            Kind::Document => parse::<OpenAPI>(node),
            Kind::Components => parse::<Components>(node),
            Kind::PathItem => parse::<ReferenceOr<PathItem>>(node),
            Kind::Operation => parse::<Operation>(node),
            Kind::Parameter => parse::<ReferenceOr<Parameter>>(node),
            Kind::RequestBody => parse::<ReferenceOr<RequestBody>>(node),
            Kind::Response => parse::<ReferenceOr<Response>>(node),
            Kind::MediaType => parse::<MediaType>(node),
            Kind::Header => parse::<ReferenceOr<Header>>(node),
            Kind::Schema => parse::<ReferenceOr<Schema>>(node),
            Kind::Callback => parse::<Callback>(node),
            Kind::SecurityScheme => parse::<ReferenceOr<SecurityScheme>>(node),
            Kind::Other => Ok(()),
        }
    }

    /// The parts of a node of this kind that have a kind of their own.
    fn parts(self, node: &Value) -> Vec<(Vec<String>, Kind)> {
        let mut parts = Vec::new();
        // Every member of the map or list under `member`.
        let each = |parts: &mut Vec<(Vec<String>, Kind)>, member: &str, kind: Kind| {
            for key in node.get(member).and_then(Value::as_object).into_iter().flat_map(|m| m.keys()) {
                parts.push((vec![member.to_string(), key.clone()], kind));
            }
            for index in 0..node.get(member).and_then(Value::as_array).map_or(0, Vec::len) {
                parts.push((vec![member.to_string(), index.to_string()], kind));
            }
        };
        match self {
            Kind::Document => {
                each(&mut parts, "paths", Kind::PathItem);
                parts.push((vec!["components".into()], Kind::Components));
            }
            Kind::Components => {
                each(&mut parts, "schemas", Kind::Schema);
                each(&mut parts, "responses", Kind::Response);
                each(&mut parts, "parameters", Kind::Parameter);
                each(&mut parts, "requestBodies", Kind::RequestBody);
                each(&mut parts, "headers", Kind::Header);
                each(&mut parts, "securitySchemes", Kind::SecurityScheme);
                each(&mut parts, "callbacks", Kind::Callback);
            }
            Kind::PathItem => {
                for method in METHODS {
                    parts.push((vec![method.to_string()], Kind::Operation));
                }
                each(&mut parts, "parameters", Kind::Parameter);
            }
            Kind::Operation => {
                each(&mut parts, "parameters", Kind::Parameter);
                parts.push((vec!["requestBody".into()], Kind::RequestBody));
                each(&mut parts, "responses", Kind::Response);
                each(&mut parts, "callbacks", Kind::Callback);
            }
            Kind::Parameter | Kind::Header => {
                parts.push((vec!["schema".into()], Kind::Schema));
                each(&mut parts, "content", Kind::MediaType);
            }
            Kind::RequestBody => each(&mut parts, "content", Kind::MediaType),
            Kind::Response => {
                each(&mut parts, "content", Kind::MediaType);
                each(&mut parts, "headers", Kind::Header);
            }
            Kind::MediaType => parts.push((vec!["schema".into()], Kind::Schema)),
            Kind::Schema => {
                each(&mut parts, "properties", Kind::Schema);
                each(&mut parts, "allOf", Kind::Schema);
                each(&mut parts, "oneOf", Kind::Schema);
                each(&mut parts, "anyOf", Kind::Schema);
                for member in ["items", "not", "additionalProperties"] {
                    parts.push((vec![member.to_string()], Kind::Schema));
                }
            }
            Kind::Callback => {
                for key in node.as_object().into_iter().flat_map(|m| m.keys()) {
                    parts.push((vec![key.clone()], Kind::PathItem));
                }
            }
            Kind::SecurityScheme | Kind::Other => {}
        }
        // Only parts that are there; a schema that is not an object (`additionalProperties:
        // true`) is its parent's to judge.
        parts.retain(|(tokens, kind)| {
            let tokens: Vec<&str> = tokens.iter().map(String::as_str).collect();
            child(node, &tokens).is_some_and(|part| part.is_object() || *kind != Kind::Schema)
        });
        parts
    }
}

const METHODS: &[&str] = &["get", "put", "post", "delete", "options", "head", "patch", "trace"];

fn child<'v>(node: &'v Value, tokens: &[&str]) -> Option<&'v Value> {
    tokens.iter().try_fold(node, |node, token| match node {
        Value::Object(map) => map.get(*token),
        Value::Array(items) => items.get(token.parse::<usize>().ok()?),
        _ => None,
    })
}

/// The deepest node under `node` (itself included) that does not parse as its kind.
fn smallest_failing(node: &Value, pointer: &str, kind: Kind) -> Option<(String, Kind, String)> {
    let message = kind.check(node).err()?;
    for (tokens, part_kind) in kind.parts(node) {
        let tokens: Vec<&str> = tokens.iter().map(String::as_str).collect();
        let Some(part) = child(node, &tokens) else { continue };
        if let Some(found) = smallest_failing(part, &pointer_join(pointer, &tokens), part_kind) {
            return Some(found);
        }
    }
    Some((pointer.to_string(), kind, message))
}

/// `x-` members of `/paths` are extensions the spec allows, which `openapiv3` would read as
/// path items: the document without them, if it has any.
fn without_path_extensions(document: &Value) -> Option<Value> {
    let paths = document.get("paths")?.as_object()?;
    if !paths.keys().any(|key| key.starts_with("x-")) {
        return None;
    }
    let mut copy = document.clone();
    copy.get_mut("paths")?.as_object_mut()?.retain(|key, _| !key.starts_with("x-"));
    Some(copy)
}

/// Checks that the document parses as OpenAPI 3.0 as it is, reporting the JSON pointer of a
/// malformed node.
fn parse_strictly(document: &Value) -> Result<(), SpecError> {
    serde_path_to_error::deserialize::<_, OpenAPI>(document).map(|_| ()).map_err(|error| {
        let mut pointer = String::new();
        for segment in error.path().iter() {
            match segment {
                serde_path_to_error::Segment::Map { key } => pointer = pointer_join(&pointer, &[key]),
                serde_path_to_error::Segment::Seq { index } => pointer = pointer_join(&pointer, &[&index.to_string()]),
                _ => {}
            }
        }
        SpecError::new(pointer, error.inner().to_string())
    })
}

/// Changes the node at `pointer` so the document may parse; says where and what it did, or
/// `None` when nothing can be done (the root itself).
fn repair(document: &mut Value, pointer: &str, kind: Kind, message: &str) -> Option<(String, String)> {
    repair_node(document, pointer, kind, message).map(|(at, fallback)| (at.unwrap_or_else(|| pointer.into()), fallback))
}

fn repair_node(document: &mut Value, pointer: &str, kind: Kind, message: &str) -> Option<(Option<String>, String)> {
    if let Some(field) = missing_field(message) {
        if let Some(empty) = empty_value(pointer, field) {
            let node = document.pointer_mut(pointer)?.as_object_mut()?;
            node.insert(field.to_string(), empty);
            return Some((None, format!("`{field}` is taken as empty")));
        }
    }
    let node = document.pointer_mut(pointer)?;
    if kind == Kind::Schema && stringify_enum(node) {
        return Some((Some(pointer_join(pointer, &["enum"])), "the values are taken as strings".into()));
    }
    // The member whose absence lets the node parse is the odd one.
    if kind != Kind::Other {
        let keys: Vec<String> = node.as_object().map(|m| m.keys().cloned().collect()).unwrap_or_default();
        for key in keys {
            let mut without = node.clone();
            without.as_object_mut()?.shift_remove(&key);
            if kind.check(&without).is_ok() {
                *node = without;
                return Some((Some(pointer_join(pointer, &[&key])), "it is left out".into()));
            }
        }
    }
    if kind == Kind::Schema || is_schema_position(pointer) {
        *node = json!({});
        return Some((None, "typed as serde_json::Value".into()));
    }
    let (parent, last) = pointer.rsplit_once('/')?;
    let token = last.replace("~1", "/").replace("~0", "~");
    match document.pointer_mut(parent)? {
        Value::Object(map) => {
            map.shift_remove(&token)?;
        }
        Value::Array(items) => {
            let index: usize = token.parse().ok()?;
            (index < items.len()).then(|| items.remove(index))?;
        }
        _ => return None,
    }
    Some((None, format!("it is left out{}", what_is_lost(pointer))))
}

/// A string schema whose `enum` holds numbers or booleans: they are the strings they spell.
fn stringify_enum(schema: &mut Value) -> bool {
    let is_string = schema.get("type").is_none_or(|t| t == "string");
    let Some(Value::Array(values)) = schema.get_mut("enum") else { return false };
    if !is_string || !values.iter().any(|v| v.is_number() || v.is_boolean()) || !values.iter().any(Value::is_string) {
        return false;
    }
    for value in values.iter_mut() {
        if value.is_number() || value.is_boolean() {
            *value = Value::String(value.to_string());
        }
    }
    true
}

/// `missing field `responses`` -> `responses`.
fn missing_field(message: &str) -> Option<&str> {
    message.strip_prefix("missing field `")?.split('`').next()
}

/// The empty value a missing member can take without changing what the document says.
fn empty_value(pointer: &str, field: &str) -> Option<Value> {
    let tokens: Vec<&str> = pointer.split('/').collect();
    match (tokens.as_slice(), field) {
        ([""], "info") => Some(json!({"title": "API", "version": ""})),
        ([""], "paths") | (_, "responses") | (_, "scopes") => Some(json!({})),
        (_, "title" | "version" | "description") => Some(json!("")),
        _ => None,
    }
}

/// Nodes where a schema stands: replacing one with `{}` keeps the member it types.
fn is_schema_position(pointer: &str) -> bool {
    let tokens: Vec<&str> = pointer.split('/').collect();
    match tokens.as_slice() {
        [.., "schema" | "items" | "additionalProperties" | "not"] => true,
        [.., "properties" | "schemas", _] => true,
        [.., "allOf" | "oneOf" | "anyOf", index] => index.parse::<usize>().is_ok(),
        _ => false,
    }
}

/// For an operation or path left out, say so plainly: the client loses a call.
fn what_is_lost(pointer: &str) -> &'static str {
    let tokens: Vec<&str> = pointer.split('/').collect();
    match tokens.as_slice() {
        ["", "paths", _] => " (the path and its operations are not generated)",
        ["", "paths", _, "get" | "put" | "post" | "delete" | "options" | "head" | "patch" | "trace"] => {
            " (the operation is not generated)"
        }
        _ => "",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn document(paths: Value) -> Value {
        json!({"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": paths})
    }

    #[test]
    fn a_good_document_is_borrowed_as_it_is() {
        let doc = document(json!({}));
        let parsed = parse_leniently(&doc).unwrap();
        assert!(matches!(parsed.document, Cow::Borrowed(_)));
        assert!(parsed.warnings.is_empty());
    }

    #[test]
    fn missing_members_take_their_empty_value() {
        let doc = json!({"openapi": "3.0.0", "paths": {"/a": {"get": {}}}});
        let parsed = parse_leniently(&doc).unwrap();
        assert_eq!(parsed.document["info"]["title"], "API");
        assert_eq!(parsed.document["paths"]["/a"]["get"]["responses"], json!({}));
        assert_eq!(parsed.warnings.len(), 2, "{:?}", parsed.warnings);
    }

    #[test]
    fn odd_nodes_fall_back_with_their_pointer() {
        let doc = document(json!({
            "/a": {"get": {
                "callbacks": {"onEvent": "not a callback"},
                "responses": {"200": {"description": "", "content": {"application/json": {
                    "schema": {"type": "object", "required": "yes", "properties": {"b": {"type": "integer"}}}
                }}}}
            }},
            "/b": {"get": {"parameters": [{"in": "query"}], "responses": {}}},
            "x-extension": "an extension, not a path item"
        }));
        let parsed = parse_leniently(&doc).unwrap();
        let mut warnings: Vec<String> = parsed.warnings.iter().map(ToString::to_string).collect();
        warnings.sort();
        let schema = "/paths/~1a/get/responses/200/content/application~1json/schema";
        assert_eq!(warnings.len(), 3, "{warnings:?}");
        assert!(warnings[0].starts_with("/paths/~1a/get/callbacks/onEvent: "), "{warnings:?}");
        assert!(warnings[0].ends_with("; it is left out"), "{warnings:?}");
        assert!(warnings[1].starts_with(&format!("{schema}/required: ")), "{warnings:?}");
        assert!(warnings[2].starts_with("/paths/~1b/get/parameters/0: missing field `name`"), "{warnings:?}");
        assert_eq!(parsed.document.pointer(schema).unwrap()["properties"]["b"], json!({"type": "integer"}));
        assert_eq!(parsed.document["paths"]["/b"]["get"]["parameters"], json!([]));
    }

    #[test]
    fn string_enums_with_other_values_take_them_as_strings() {
        let mut schema = json!({"type": "string", "enum": ["a", 1, true]});
        assert!(stringify_enum(&mut schema));
        assert_eq!(schema["enum"], json!(["a", "1", "true"]));
        assert!(!stringify_enum(&mut json!({"type": "integer", "enum": [1, 2]})));
    }

    #[test]
    fn a_document_that_is_not_an_object_is_refused() {
        assert!(parse_leniently(&json!([1, 2])).is_err());
    }
}
