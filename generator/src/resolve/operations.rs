//! Resolving one operation: parameters, request body and responses, with the schemas
//! resolved into types (named after the operation when nothing better names them).

use serde_json::Value;

use super::document::{parameter_count, status_codes};
use super::idents::pascal;
use super::refs::deref;
use super::shapes::Ty;
use super::types::{non_null, TypeResolver};
use super::visibility::Direction;
use crate::error::{pointer_join, SpecError, Warning};
use crate::model::{template_parameters, BodyKind, ParamLocation, QueryStyle};

/// An operation with its types still as shape ids (names are chosen after all are seen).
#[derive(Debug, Clone)]
pub struct ResolvedOperation {
    pub params: Vec<ResolvedParam>,
    pub body: Option<ResolvedBody>,
    pub success: Vec<ResolvedSuccess>,
    pub error_bodies: Vec<Ty>,
    /// The events' data type of a success response that is also an event stream (beside
    /// JSON): the operation gets a streaming twin. `Some(None)`: text events.
    pub stream: Option<Option<Ty>>,
    /// The media types the success responses are read as, for `Accept`: `None` for JSON alone.
    pub accept: Option<String>,
}

#[derive(Debug, Clone)]
pub struct ResolvedParam {
    pub name: String,
    pub location: ParamLocation,
    pub ty: Ty,
    pub required: bool,
    pub style: QueryStyle,
    pub doc: Option<String>,
}

#[derive(Debug, Clone)]
pub struct ResolvedBody {
    pub ty: Ty,
    pub kind: BodyKind,
    pub content_type: String,
    pub required: bool,
    pub doc: Option<String>,
}

#[derive(Debug, Clone)]
pub enum ResolvedResponseBody {
    Json(Ty),
    Text,
    Bytes,
    Empty,
    /// Server-sent events with JSON data of this type, or text data.
    Events(Option<Ty>),
}

#[derive(Debug, Clone)]
pub struct ResolvedSuccess {
    pub status: String,
    pub body: ResolvedResponseBody,
    /// The media type the body is read as; `None`: no content.
    pub media_type: Option<String>,
    pub doc: Option<String>,
}

pub struct OperationInput<'a> {
    pub path: &'a str,
    /// Where the path item is in the document.
    pub item_pointer: &'a str,
    pub http_method: &'a str,
    /// The operation's node in the document.
    pub operation: &'a Value,
    /// Pascal-case prefix for context names (`ApiKeysList`).
    pub context: String,
}

/// Headers the OpenAPI spec says parameters cannot set: the client sets them itself.
const IGNORED_HEADERS: [&str; 3] = ["accept", "content-type", "authorization"];

pub fn resolve_operation<'a>(
    document: &'a Value,
    types: &mut TypeResolver<'a>,
    input: &OperationInput<'_>,
) -> Result<ResolvedOperation, SpecError> {
    let pointer = pointer_join(input.item_pointer, &[input.http_method]);
    let params = parameters(document, types, input, &pointer)?;
    let body = request_body(document, types, input, &pointer)?;
    let (success, error_bodies, stream, accept) = responses(document, types, input, &pointer)?;
    Ok(ResolvedOperation { params, body, success, error_bodies, stream, accept })
}

fn parameters<'a>(
    document: &'a Value,
    types: &mut TypeResolver<'a>,
    input: &OperationInput<'_>,
    pointer: &str,
) -> Result<Vec<ResolvedParam>, SpecError> {
    // Path-level then operation-level nodes; an operation's parameter overrides the path's.
    let mut nodes: Vec<(&'a Value, String)> = Vec::new();
    // Path-level parameters are where the path item is: its `$ref` target, if it has one.
    let levels = [
        (input.item_pointer, parameter_count(document.pointer(input.item_pointer))),
        (pointer, parameter_count(Some(input.operation))),
    ];
    for (base, count) in levels {
        for index in 0..count {
            let at = pointer_join(base, &["parameters", &index.to_string()]);
            let node = document.pointer(&at).ok_or_else(|| SpecError::new(&at, "parameter not found"))?;
            let (node, _) = deref(document, node, &at)?;
            let key = |n: &Value| (n.get("name").cloned(), n.get("in").cloned());
            nodes.retain(|(existing, _)| key(existing) != key(node));
            nodes.push((node, at));
        }
    }
    let text = |node: &Value, key: &str| non_blank(node.get(key).and_then(Value::as_str));

    let mut params = Vec::new();
    let (path, query) = split_query_template(input.path);
    // Path parameters in the order the path names them.
    for name in template_parameters(path) {
        if params.iter().any(|p: &ResolvedParam| p.name == name) {
            continue; // `/{id}/x/{id}`: one argument fills both places.
        }
        let found = nodes.iter().find(|(node, _)| {
            node.get("name").and_then(Value::as_str) == Some(name)
                && node.get("in").and_then(Value::as_str) == Some("path")
        });
        let (ty, doc) = match found {
            Some((node, at)) => (
                parameter_type(types, node, at, &format!("{}{}", input.context, pascal(name)))?,
                text(node, "description"),
            ),
            None => {
                types.warnings.push(Warning::new(
                    pointer,
                    format!("path parameter `{name}` is not declared in `parameters`; it is taken as a string"),
                ));
                (Ty::String, None)
            }
        };
        let style = QueryStyle::Form { explode: false };
        params.push(ResolvedParam { name: name.into(), location: ParamLocation::Path, ty, required: true, style, doc });
    }
    // `/search?query={query}`: a query string written into the path template.
    if !query.is_empty() {
        types.warnings.push(Warning::new(
            pointer,
            "the path template carries a query string; its parameters are sent as query parameters",
        ));
    }
    for (key, name) in query {
        let found = nodes.iter().find(|(node, _)| node.get("name").and_then(Value::as_str) == Some(name));
        let (ty, doc) = match found {
            Some((node, at)) => (
                parameter_type(types, node, at, &format!("{}{}", input.context, pascal(name)))?,
                text(node, "description"),
            ),
            None => (Ty::String, None),
        };
        nodes.retain(|(node, _)| node.get("name").and_then(Value::as_str) != Some(name));
        let style = QueryStyle::Form { explode: true };
        params.push(ResolvedParam { name: key.into(), location: ParamLocation::Query, ty, required: true, style, doc });
    }
    for (node, at) in &nodes {
        let Some(name) = node.get("name").and_then(Value::as_str).filter(|n| !n.is_empty()).map(String::from) else {
            types.warnings.push(Warning::new(at, "a parameter without a `name` cannot be sent; it is left out"));
            continue;
        };
        let location = match node.get("in").and_then(Value::as_str) {
            Some("path") => continue,
            Some("query") => ParamLocation::Query,
            Some("header") if IGNORED_HEADERS.contains(&name.to_ascii_lowercase().as_str()) => continue,
            Some("header") => ParamLocation::Header,
            Some("cookie") => ParamLocation::Cookie,
            other => {
                let message = format!("unknown parameter location {other:?}; the parameter is left out");
                types.warnings.push(Warning::new(pointer_join(at, &["in"]), message));
                continue;
            }
        };
        let style = match (node.get("style").and_then(Value::as_str), node.get("explode").and_then(Value::as_bool)) {
            (Some("spaceDelimited"), _) => QueryStyle::SpaceDelimited,
            (Some("pipeDelimited"), _) => QueryStyle::PipeDelimited,
            (Some("deepObject"), _) => QueryStyle::DeepObject,
            // `form` explodes by default; `simple` (headers) does not.
            (Some("form") | None, explode) if location != ParamLocation::Header => {
                QueryStyle::Form { explode: explode.unwrap_or(true) }
            }
            (_, explode) => QueryStyle::Form { explode: explode.unwrap_or(false) },
        };
        let ty = parameter_type(types, node, at, &format!("{}{}", input.context, pascal(&name)))?;
        let required = node.get("required").and_then(Value::as_bool).unwrap_or(false);
        params.push(ResolvedParam { name, location, ty, required, style, doc: text(node, "description") });
    }
    Ok(params)
}

/// Documentation text, unless it is empty or blank (which would leave an item undocumented).
pub fn non_blank(text: Option<&str>) -> Option<String> {
    text.filter(|t| !t.trim().is_empty()).map(String::from)
}

/// `/search?query={q}&page={page}` -> (`/search`, [(`query`, `q`), (`page`, `page`)]). A path
/// without a query string, or with one that is not all `key={name}` pairs, is all path.
pub fn split_query_template(path: &str) -> (&str, Vec<(&str, &str)>) {
    let Some((before, query)) = path.split_once('?') else { return (path, Vec::new()) };
    let pairs: Option<Vec<(&str, &str)>> = query
        .split('&')
        .map(|pair| {
            let (key, value) = pair.split_once('=')?;
            let name = value.strip_prefix('{')?.strip_suffix('}')?;
            (!key.is_empty() && !name.contains(['{', '}'])).then_some((key, name))
        })
        .collect();
    match pairs {
        Some(pairs) => (before, pairs),
        None => (path, Vec::new()),
    }
}

fn parameter_type<'a>(types: &mut TypeResolver<'a>, node: &'a Value, at: &str, context: &str) -> Result<Ty, SpecError> {
    if let Some(schema) = node.get("schema") {
        return types.resolve(schema, &pointer_join(at, &["schema"]), context, Direction::Request).map(non_null);
    }
    if node.get("content").is_some() {
        types.warnings.push(Warning::new(at, "a parameter with `content` is sent as a plain string"));
    }
    Ok(Ty::String)
}

fn essence(content_type: &str) -> String {
    content_type.split(';').next().unwrap_or("").trim().to_ascii_lowercase()
}

fn is_json(content_type: &str) -> bool {
    let essence = essence(content_type);
    essence == "application/json" || essence.ends_with("+json")
}

/// How a media type is carried, best first: JSON (`application/json` before other `+json`
/// types, which may hold another schema: GeoJSON beside a plain record), form, multipart,
/// text, bytes.
fn body_kind(content_type: &str) -> (u8, BodyKind) {
    let essence = essence(content_type);
    match essence.as_str() {
        "application/json" => (0, BodyKind::Json),
        _ if is_json(&essence) => (1, BodyKind::Json),
        "application/x-www-form-urlencoded" => (2, BodyKind::Form),
        "multipart/form-data" => (3, BodyKind::Multipart),
        _ if essence.starts_with("text/") => (4, BodyKind::Text),
        _ => (5, BodyKind::Bytes),
    }
}

fn request_body<'a>(
    document: &'a Value,
    types: &mut TypeResolver<'a>,
    input: &OperationInput<'_>,
    pointer: &str,
) -> Result<Option<ResolvedBody>, SpecError> {
    let at = pointer_join(pointer, &["requestBody"]);
    let Some(node) = document.pointer(&at) else { return Ok(None) };
    let (node, at) = deref(document, node, &at)?;
    let doc = non_blank(node.get("description").and_then(Value::as_str));
    let required = node.get("required").and_then(Value::as_bool).unwrap_or(false);
    let Some(content) = node.get("content").and_then(Value::as_object) else {
        types.warnings.push(Warning::new(&at, "a request body without `content`; the call sends no body"));
        return Ok(None);
    };
    let Some((content_type, media)) = content.iter().min_by_key(|(ct, _)| body_kind(ct).0) else {
        return Ok(None);
    };
    let kind = body_kind(content_type).1;
    let schema_pointer = pointer_join(&at, &["content", content_type, "schema"]);
    // An optional body that can hold nothing (a closed object without properties, as on
    // Stripe's GETs) is no body: the caller would pass an argument that can only be empty.
    if !required && media.get("schema").is_some_and(|schema| holds_nothing(document, schema, &schema_pointer)) {
        return Ok(None);
    }
    let context = format!("{}Request", input.context);
    let ty = match (kind, media.get("schema")) {
        (BodyKind::Text, _) => Ty::String,
        (BodyKind::Bytes, _) => Ty::Bytes,
        (BodyKind::Multipart, Some(schema)) => non_null(types.resolve_multipart(schema, &schema_pointer, &context)?),
        // A JSON body may be `null` (the argument is an `Option`); a form has no `null`.
        (BodyKind::Json, Some(schema)) => types.resolve(schema, &schema_pointer, &context, Direction::Request)?,
        (_, Some(schema)) => non_null(types.resolve(schema, &schema_pointer, &context, Direction::Request)?),
        (_, None) => Ty::Json,
    };
    // Fields come from a struct; a form may also be a map of fields (an object without
    // properties), which URL-encodes as well.
    let has_fields = matches!(ty, Ty::Named(_)) || kind == BodyKind::Form && matches!(ty, Ty::Map(_));
    if matches!(kind, BodyKind::Form | BodyKind::Multipart) && !has_fields {
        types.warnings.push(Warning::new(
            &schema_pointer,
            format!(
                "a {content_type} body that is not an object has no fields; the call takes the encoded body as bytes"
            ),
        ));
        return Ok(Some(ResolvedBody {
            ty: Ty::Bytes,
            kind: BodyKind::Bytes,
            content_type: content_type.clone(),
            required,
            doc,
        }));
    }
    Ok(Some(ResolvedBody { ty, kind, content_type: content_type.clone(), required, doc }))
}

/// Whether a body schema admits only `{}`: an object without properties, closed to others.
fn holds_nothing(document: &Value, schema: &Value, pointer: &str) -> bool {
    let Ok((schema, _)) = deref(document, schema, pointer) else { return false };
    schema.get("type").and_then(Value::as_str) == Some("object")
        && schema.get("properties").and_then(Value::as_object).is_none_or(|p| p.is_empty())
        && schema.get("additionalProperties") == Some(&Value::Bool(false))
        && !["allOf", "oneOf", "anyOf", "patternProperties"].iter().any(|k| schema.get(*k).is_some())
}

type Responses = (Vec<ResolvedSuccess>, Vec<Ty>, Option<Option<Ty>>, Option<String>);

fn responses<'a>(
    document: &'a Value,
    types: &mut TypeResolver<'a>,
    input: &OperationInput<'_>,
    pointer: &str,
) -> Result<Responses, SpecError> {
    let empty = serde_json::Map::new();
    let responses = input.operation.get("responses").and_then(Value::as_object).unwrap_or(&empty);
    // Status codes as OpenAPI spells them, each with its key in the document.
    let mut keys: Vec<(&str, String)> = status_codes(responses).collect();
    let has_success = keys.iter().any(|(_, code)| code.starts_with('2'));
    if responses.contains_key("default") {
        keys.push(("default", "default".into()));
    }
    let mut success = Vec::new();
    let mut errors = Vec::new();
    let mut stream = None;
    let mut accepted: Vec<&str> = Vec::new();
    for (member, key) in keys {
        // Without a declared 2xx, `default` describes the success response too.
        let is_success = key.starts_with('2') || (key == "default" && !has_success);
        let is_error = key.starts_with('4') || key.starts_with('5') || key == "default";
        if !is_success && !is_error {
            continue;
        }
        let at = pointer_join(pointer, &["responses", member]);
        let node = document.pointer(&at).ok_or_else(|| SpecError::new(&at, "response not found"))?;
        let (node, at) = deref(document, node, &at)?;
        let doc = non_blank(node.get("description").and_then(Value::as_str));
        let mut content = node.get("content").and_then(Value::as_object);
        // HTTP gives 204 and 205 no body, whatever the spec declares.
        if content.is_some_and(|c| !c.is_empty()) && NO_CONTENT.contains(&key.as_str()) {
            let message = format!("a {key} response has no body; its `content` is ignored");
            types.warnings.push(Warning::new(pointer_join(&at, &["content"]), message));
            content = None;
        }
        let suffix = if is_success { "Response" } else { "Error" };
        // Server-sent events: the only content, the call streams; beside other content, the
        // operation gets a streaming twin.
        let events = content.and_then(|c| c.iter().find(|(ct, _)| essence(ct) == "text/event-stream"));
        if let (true, Some((content_type, media))) = (is_success, events) {
            let data = match media.get("schema").filter(|schema| !is_text_schema(document, schema)) {
                Some(schema) => {
                    let schema_pointer = pointer_join(&at, &["content", content_type, "schema"]);
                    let context = format!("{}Event", input.context);
                    Some(types.resolve(schema, &schema_pointer, &context, Direction::Response)?)
                }
                None => None,
            };
            if content.is_some_and(|c| c.len() == 1) {
                let media_type = Some(content_type.clone());
                success.push(ResolvedSuccess {
                    status: key,
                    body: ResolvedResponseBody::Events(data),
                    media_type,
                    doc,
                });
                continue;
            }
            stream.get_or_insert(data);
        }
        let others = content.map(|c| c.iter().filter(|(ct, _)| essence(ct) != "text/event-stream"));
        let chosen = others.and_then(|c| c.min_by_key(|(ct, _)| body_kind(ct).0));
        if let (true, Some((content_type, _))) = (is_success, chosen) {
            if !accepted.contains(&content_type.as_str()) {
                accepted.push(content_type);
            }
        }
        let body = match chosen {
            None => ResolvedResponseBody::Empty,
            Some((content_type, media)) => match body_kind(content_type).1 {
                BodyKind::Json => match media.get("schema") {
                    Some(schema) => {
                        let schema_pointer = pointer_join(&at, &["content", content_type, "schema"]);
                        let context = format!("{}{suffix}", input.context);
                        ResolvedResponseBody::Json(types.resolve(
                            schema,
                            &schema_pointer,
                            &context,
                            Direction::Response,
                        )?)
                    }
                    None => ResolvedResponseBody::Json(Ty::Json),
                },
                BodyKind::Text => ResolvedResponseBody::Text,
                _ => ResolvedResponseBody::Bytes,
            },
        };
        if is_success {
            let media_type = chosen.map(|(content_type, _)| content_type.clone());
            success.push(ResolvedSuccess { status: key, body, media_type, doc });
        } else if let ResolvedResponseBody::Json(ty) = body {
            errors.push(ty);
        }
    }
    // JSON alone is what the client asks for by default.
    let accept = (!accepted.iter().all(|ct| essence(ct) == "application/json")).then(|| accepted.join(", "));
    Ok((success, errors, stream, accept))
}

/// Statuses HTTP gives no body.
const NO_CONTENT: [&str; 2] = ["204", "205"];

/// A schema that describes text (`type: string`, or nothing): the events' data stays text.
fn is_text_schema(document: &Value, schema: &Value) -> bool {
    let target = deref(document, schema, "").map_or(schema, |(target, _)| target);
    target.get("type").is_none_or(|t| t == "string")
        && target.get("properties").is_none()
        && target.get("$ref").is_none()
        && ["oneOf", "anyOf", "allOf", "items"].iter().all(|k| target.get(k).is_none())
}
