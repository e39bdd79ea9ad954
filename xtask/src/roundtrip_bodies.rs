//! `cargo xtask roundtrip`, the bodies to check: each operation's JSON success-response
//! bodies and JSON request body, with the Rust type the generated client decodes them into
//! (from the model) and their schema (from the OpenAPI 3.0 document).

use generator::model::{Api, BodyKind, ResponseBody};
use serde_json::Value;

/// Whether a body is sent (its `readOnly` members left out) or received (`writeOnly` ones).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    Request,
    Response,
}

impl Direction {
    pub fn as_str(self) -> &'static str {
        match self {
            Direction::Request => "request",
            Direction::Response => "response",
        }
    }
}

/// One body to check. Bodies with the same type, direction and schema are checked once:
/// `labels` names every operation that has it.
#[derive(Debug, Clone)]
pub struct Body {
    pub rust_type: String,
    pub direction: Direction,
    pub schema: Value,
    pub labels: Vec<String>,
}

/// The bodies of `api`'s operations, and the ones skipped with the reason.
#[derive(Debug, Default)]
pub struct Bodies {
    pub checked: Vec<Body>,
    /// (operation and status, reason)
    pub skipped: Vec<(String, String)>,
}

pub fn collect(api: &Api, document: &Value) -> Bodies {
    let mut bodies = Bodies::default();
    for operation in api.groups.iter().flat_map(|g| &g.operations) {
        let method = operation.http_method.to_ascii_lowercase();
        let at = format!("/paths/{}/{method}", escape(&operation.path_template));
        let name = format!("{} {}", operation.http_method.to_ascii_uppercase(), operation.path_template);
        for success in &operation.success {
            let label = format!("{name} {}", success.status);
            let reason = match &success.body {
                ResponseBody::Json(_) => None,
                ResponseBody::Text => Some("text"),
                ResponseBody::Bytes => Some("bytes"),
                ResponseBody::Empty => Some("no body"),
                ResponseBody::Events(_) => Some("event stream"),
            };
            let (Some(ty), None) = (success.body.json_type(), reason) else {
                bodies.skipped.push((label, reason.unwrap_or("event stream").into()));
                continue;
            };
            let response = follow(document, document.pointer(&format!("{at}/responses/{}", escape(&success.status))));
            let schema = response.and_then(|r| schema_of(r, success.media_type.as_deref()?));
            bodies.add(label, ty.rust_text(), Direction::Response, schema);
        }
        if let Some(body) = &operation.body {
            let label = format!("{name} request");
            let reason = match body.kind {
                BodyKind::Json => None,
                BodyKind::Form => Some("form"),
                BodyKind::Multipart => Some("multipart"),
                BodyKind::Bytes => Some("bytes"),
                BodyKind::Text => Some("text"),
            };
            if let Some(reason) = reason {
                bodies.skipped.push((label, reason.into()));
                continue;
            }
            let request = follow(document, document.pointer(&format!("{at}/requestBody")));
            let schema = request.and_then(|r| schema_of(r, &body.content_type));
            bodies.add(label, body.ty.rust_text(), Direction::Request, schema);
        }
    }
    bodies
}

impl Bodies {
    fn add(&mut self, label: String, rust_type: String, direction: Direction, schema: Option<&Value>) {
        let Some(schema) = schema else {
            return self.skipped.push((label, "no JSON schema in the spec".into()));
        };
        if rust_type.contains("FilePart") {
            return self.skipped.push((label, "file".into()));
        }
        let same = |b: &Body| b.rust_type == rust_type && b.direction == direction && &b.schema == schema;
        match self.checked.iter_mut().find(|b| same(b)) {
            Some(body) => body.labels.push(label),
            None => self.checked.push(Body { rust_type, direction, schema: schema.clone(), labels: vec![label] }),
        }
    }
}

/// A response or request body object, its `$ref`s followed.
fn follow<'a>(document: &'a Value, mut node: Option<&'a Value>) -> Option<&'a Value> {
    for _ in 0..8 {
        match node?.get("$ref").and_then(Value::as_str).and_then(|r| r.strip_prefix('#')) {
            Some(target) => node = document.pointer(target),
            None => return node,
        }
    }
    None
}

/// The schema of a response or request body under the media type the client reads or
/// sends it as (the model's choice: the harness checks what the client does).
fn schema_of<'a>(body: &'a Value, media_type: &str) -> Option<&'a Value> {
    body.get("content")?.get(media_type)?.get("schema")
}

/// A JSON pointer token.
fn escape(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}
