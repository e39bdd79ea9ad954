//! Reading the document the resolver works on: path items (following `$ref`s), operations
//! in the order of record, and the members of the root and of operations it uses. One
//! representation: `parse` checks the document's shape with openapiv3 and repairs what does
//! not fit; from there on, everything reads this JSON, so a value is never read two ways.

use serde_json::Value;

use super::refs;
use crate::error::{pointer_join, SpecError, Warning};

/// The members of a path item that are operations, in the order `openapiv3` knows them.
const METHODS: [&str; 8] = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

/// A path item: its path, where it is in the document (its `$ref` target, if it has one),
/// and its node.
pub struct PathItemAt<'a> {
    pub path: &'a str,
    pub pointer: String,
    pub node: &'a Value,
}

/// One operation: its path, method and node, and where its path item is.
#[derive(Clone, Copy)]
pub struct OperationAt<'a> {
    pub path: &'a str,
    pub item_pointer: &'a str,
    pub method: &'a str,
    pub node: &'a Value,
}

impl<'a> OperationAt<'a> {
    /// Where the operation is in the document.
    pub fn pointer(&self) -> String {
        pointer_join(self.item_pointer, &[self.method])
    }

    /// A text member (`summary`, `description`, `operationId`).
    pub fn text(&self, key: &str) -> Option<&'a str> {
        self.node.get(key).and_then(Value::as_str)
    }

    /// The first of its `tags`.
    pub fn first_tag(&self) -> Option<&'a str> {
        self.node.get("tags").and_then(Value::as_array)?.first().and_then(Value::as_str)
    }

    pub fn deprecated(&self) -> bool {
        self.node.get("deprecated").and_then(Value::as_bool).unwrap_or(false)
    }

    /// Whether its first success response with a JSON body is a list: an array, or an object
    /// with an array member (a page of items, `{meta, data: [..]}`). `None` when it has no
    /// such body or its schema cannot be read here.
    pub fn returns_list(&self, document: &Value) -> Option<bool> {
        let responses = self.node.get("responses")?.as_object()?;
        let body = status_codes(responses).filter(|(_, code)| code.starts_with('2')).find_map(|(key, _)| {
            let response = follow_ref(document, &responses[key])?;
            let content = response.get("content")?.as_object()?;
            content.iter().find(|(media, _)| media.contains("json")).and_then(|(_, media)| media.get("schema"))
        })?;
        let schema = follow_ref(document, body)?;
        let is_array = |schema: &Value| {
            follow_ref(document, schema)
                .is_some_and(|s| s.get("type") == Some(&"array".into()) || s.get("items").is_some())
        };
        if is_array(schema) {
            return Some(true);
        }
        let members =
            std::iter::once(schema).chain(schema.get("allOf").and_then(Value::as_array).into_iter().flatten());
        let mut properties = members.filter_map(|member| follow_ref(document, member)?.get("properties")?.as_object());
        Some(properties.any(|properties| properties.values().any(is_array)))
    }

    /// Its own `security`, when it has one (`[]` included).
    pub fn security(&self) -> Option<&'a [Value]> {
        self.node.get("security").and_then(Value::as_array).map(Vec::as_slice)
    }
}

/// Every path item, in the document's order. A `$ref`'d item is read where it points; one
/// that is not a valid path item is left out with a warning (the repair in `parse` does not
/// reach it: OpenAPI 3.0 has no place for path items but `paths`).
pub fn path_items<'a>(document: &'a Value, warnings: &mut Vec<Warning>) -> Result<Vec<PathItemAt<'a>>, SpecError> {
    let mut items = Vec::new();
    let Some(paths) = document.get("paths").and_then(Value::as_object) else { return Ok(items) };
    for (path, node) in paths {
        let pointer = pointer_join("/paths", &[path]);
        if node.get("$ref").is_none() {
            items.push(PathItemAt { path, pointer, node });
            continue;
        }
        let (target, target_pointer) = refs::deref(document, node, &pointer)?;
        match serde_json::from_value::<openapiv3::PathItem>(target.clone()) {
            Ok(_) => items.push(PathItemAt { path, pointer: target_pointer, node: target }),
            // One path item that cannot be read does not refuse the spec.
            Err(e) => warnings.push(Warning::new(
                &target_pointer,
                format!("not a valid path item: {e}; its operations are not generated"),
            )),
        }
    }
    Ok(items)
}

/// Operations in the order of record: paths as the document lists them, and each path's
/// methods as listed there (a method added to a path comes after the existing ones).
pub fn operations_in_order_of_record<'a>(items: &'a [PathItemAt<'a>]) -> Vec<OperationAt<'a>> {
    let mut operations = Vec::new();
    for item in items {
        let Some(members) = item.node.as_object() else { continue };
        for (method, node) in members.iter().filter(|(key, _)| METHODS.contains(&key.as_str())) {
            operations.push(OperationAt { path: item.path, item_pointer: &item.pointer, method, node });
        }
    }
    operations
}

/// The number of entries of a node's `parameters`.
pub fn parameter_count(node: Option<&Value>) -> usize {
    node.and_then(|n| n.get("parameters")).and_then(Value::as_array).map_or(0, Vec::len)
}

/// `node`, or what its local `$ref` points to (a few hops at most: a cycle ends as `None`).
fn follow_ref<'a>(document: &'a Value, node: &'a Value) -> Option<&'a Value> {
    let mut node = node;
    for _ in 0..8 {
        let Some(reference) = node.get("$ref").and_then(Value::as_str) else { return Some(node) };
        let pointer = reference.strip_prefix('#')?;
        node = document.pointer(pointer)?;
    }
    None
}

/// The keys of an operation's `responses` that are status codes, each with the code as
/// OpenAPI spells it (`200`, `2XX`), in the document's order; other keys (`default`,
/// extensions) are not codes.
pub fn status_codes(responses: &serde_json::Map<String, Value>) -> impl Iterator<Item = (&str, String)> {
    responses.keys().filter_map(|key| Some((key.as_str(), status_code(key)?)))
}

/// `200` -> `200`, `2xx` -> `2XX`; anything else is not a status code.
fn status_code(key: &str) -> Option<String> {
    if key.len() != 3 || !key.is_ascii() {
        return None;
    }
    if let Ok(number) = key.parse::<i64>() {
        return (100..1000).contains(&number).then(|| number.to_string());
    }
    match key.to_ascii_uppercase().as_bytes() {
        [digit, b'X', b'X'] if digit.is_ascii_digit() => Some(format!("{}XX", *digit as char)),
        _ => None,
    }
}

/// The root's `tags`: each name with its description.
pub fn tags(document: &Value) -> Vec<(&str, Option<&str>)> {
    let tags = document.get("tags").and_then(Value::as_array).map(Vec::as_slice).unwrap_or_default();
    tags.iter()
        .filter_map(|tag| Some((tag.get("name")?.as_str()?, tag.get("description").and_then(Value::as_str))))
        .collect()
}

/// A text member of `info`.
pub fn info_text<'a>(document: &'a Value, key: &str) -> Option<&'a str> {
    document.get("info")?.get(key)?.as_str()
}

/// The URL of the first server.
pub fn first_server(document: &Value) -> Option<&str> {
    document.get("servers")?.as_array()?.first()?.get("url")?.as_str()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_codes_are_read_as_openapi_spells_them() {
        let responses = serde_json::json!({
            "200": {}, "2xx": {}, "4XX": {}, "default": {}, "x-extra": {}, "099": {}, "20": {}, "abc": {}
        });
        let codes: Vec<(&str, String)> = status_codes(responses.as_object().unwrap()).collect();
        assert_eq!(codes, [("200", "200".into()), ("2xx", "2XX".into()), ("4XX", "4XX".into())]);
    }

    #[test]
    fn a_list_is_an_array_or_an_object_with_an_array_member() {
        let json = |schema: serde_json::Value| serde_json::json!({"responses": {"200": {"content": {"application/json": {"schema": schema}}}}});
        let document = serde_json::json!({
            "components": {
                "schemas": {"Page": {"properties": {"meta": {}, "data": {"$ref": "#/components/schemas/Items"}}},
                            "Items": {"type": "array", "items": {}}},
                "responses": {"Limits": {"content": {"application/json": {"schema": {"properties": {"rate": {}}}}}}}
            },
            "paths": {
                "/a": {"get": json(serde_json::json!({"type": "array"}))},
                "/b": {"get": json(serde_json::json!({"$ref": "#/components/schemas/Page"}))},
                "/c": {"get": {"responses": {"200": {"$ref": "#/components/responses/Limits"}}}},
                "/d": {"get": {"responses": {"204": {}}}}
            }
        });
        let items = path_items(&document, &mut Vec::new()).unwrap();
        let lists: Vec<Option<bool>> =
            operations_in_order_of_record(&items).iter().map(|op| op.returns_list(&document)).collect();
        assert_eq!(lists, [Some(true), Some(true), Some(false), None]);
    }

    #[test]
    fn methods_keep_the_documents_order() {
        let document = serde_json::json!({"paths": {"/a": {
            "parameters": [], "post": {"responses": {}}, "summary": "s", "get": {"responses": {}}
        }}});
        let items = path_items(&document, &mut Vec::new()).unwrap();
        let methods: Vec<&str> = operations_in_order_of_record(&items).iter().map(|op| op.method).collect();
        assert_eq!(methods, ["post", "get"]);
    }

    /// A status range written in lower case is the response at that key (it used to be
    /// looked up as `2XX` and refused as "response not found").
    #[test]
    fn a_lower_case_status_range_is_read_where_it_is() {
        let document = serde_json::json!({
            "openapi": "3.0.0", "info": {"title": "T", "version": "1"},
            "paths": {"/a": {"get": {"responses": {"2xx": {"description": "ok", "content": {
                "application/json": {"schema": {"type": "string"}}
            }}}}}}
        });
        let resolved = crate::resolve::resolve(&document, &crate::Config::default()).unwrap();
        let success = &resolved.api.groups[0].operations[0].success;
        assert_eq!(success.len(), 1);
        assert_eq!(success[0].status, "2XX");
        assert_eq!(success[0].body, crate::model::ResponseBody::Json(crate::model::TypeRef::String));
    }
}
