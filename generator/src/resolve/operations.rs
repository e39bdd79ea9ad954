//! Resolving one operation: parameters, request body and responses, with the schemas
//! resolved into types (named after the operation when nothing better names them).

use openapiv3::{Parameter, ReferenceOr, StatusCode};
use serde_json::Value;

use super::idents::snake;
use super::refs::deref;
use super::types::{Ty, TypeResolver};
use crate::error::{pointer_join, SpecError};

/// An operation with its types still as shape ids (names are chosen after all are seen).
#[derive(Debug, Clone)]
pub struct ResolvedOperation {
    pub path_params: Vec<(String, Ty, Option<String>)>,
    pub body: Option<(Ty, String, Option<String>)>,
    /// The success body type (`None`: no content) and the response description.
    pub success: (Option<Ty>, Option<String>),
    pub error_bodies: Vec<Ty>,
}

pub struct OperationInput<'a> {
    pub path: &'a str,
    pub http_method: &'a str,
    pub operation: &'a openapiv3::Operation,
    pub path_level_parameters: &'a [ReferenceOr<Parameter>],
    /// Pascal-case prefix for context names (`ApiKeysList`).
    pub context: String,
}

fn operation_pointer(input: &OperationInput<'_>) -> String {
    pointer_join("/paths", &[input.path, input.http_method])
}

pub fn resolve_operation<'a>(
    document: &'a Value,
    types: &mut TypeResolver<'a>,
    input: &OperationInput<'_>,
    warnings: &mut Vec<String>,
) -> Result<ResolvedOperation, SpecError> {
    let pointer = operation_pointer(input);
    let path_params = path_parameters(document, types, input, &pointer, warnings)?;
    let body = request_body(document, types, input, &pointer)?;
    let (success, error_bodies) = responses(document, types, input, &pointer)?;
    Ok(ResolvedOperation { path_params, body, success, error_bodies })
}

fn path_parameters<'a>(
    document: &'a Value,
    types: &mut TypeResolver<'a>,
    input: &OperationInput<'_>,
    pointer: &str,
    warnings: &mut Vec<String>,
) -> Result<Vec<(String, Ty, Option<String>)>, SpecError> {
    // Raw nodes of path-level then operation-level parameters; the operation's win.
    let mut nodes: Vec<(&'a Value, String)> = Vec::new();
    let path_pointer = pointer_join("/paths", &[input.path]);
    for (base, list) in
        [(path_pointer.as_str(), input.path_level_parameters.len()), (pointer, input.operation.parameters.len())]
    {
        for index in 0..list {
            let at = pointer_join(base, &["parameters", &index.to_string()]);
            let node = document.pointer(&at).ok_or_else(|| SpecError::new(&at, "parameter not found"))?;
            let (node, _) = deref(document, node, &at)?;
            nodes.push((node, at));
        }
    }
    let find = |name: &str, location: &str| {
        nodes.iter().rev().find(|(node, _)| {
            node.get("name").and_then(Value::as_str) == Some(name)
                && node.get("in").and_then(Value::as_str) == Some(location)
        })
    };
    for (node, at) in &nodes {
        let location = node.get("in").and_then(Value::as_str).unwrap_or("");
        if location != "path" {
            let name = node.get("name").and_then(Value::as_str).unwrap_or("");
            warnings.push(format!("{at}: {location} parameter `{name}` is not supported yet and is not sent"));
        }
    }
    let mut params = Vec::new();
    for segment in input.path.split('/').filter(|s| s.starts_with('{') && s.ends_with('}')) {
        let name = &segment[1..segment.len() - 1];
        let (node, at) = find(name, "path").ok_or_else(|| {
            SpecError::new(
                pointer,
                format!("path parameter `{name}` of `{}` is not declared in `parameters`", input.path),
            )
        })?;
        let ty = match node.get("schema") {
            Some(schema) => types.resolve(
                schema,
                &pointer_join(at, &["schema"]),
                &format!("{}{}", input.context, super::idents::pascal(name)),
            )?,
            None => Ty::String,
        };
        let doc = node.get("description").and_then(Value::as_str).map(String::from);
        params.push((name.to_string(), ty, doc));
    }
    Ok(params)
}

fn is_json(content_type: &str) -> bool {
    let essence = content_type.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
    essence == "application/json" || essence.ends_with("+json")
}

/// The JSON media type of a `content` map, if any: (content type, schema node, schema pointer).
fn json_content<'a>(node: &'a Value, pointer: &str) -> Option<(String, Option<&'a Value>, String)> {
    let content = node.get("content")?.as_object()?;
    let (content_type, media) = content.iter().find(|(ct, _)| is_json(ct))?;
    let schema_pointer = pointer_join(pointer, &["content", content_type, "schema"]);
    Some((content_type.clone(), media.get("schema"), schema_pointer))
}

fn request_body<'a>(
    document: &'a Value,
    types: &mut TypeResolver<'a>,
    input: &OperationInput<'_>,
    pointer: &str,
) -> Result<Option<(Ty, String, Option<String>)>, SpecError> {
    let at = pointer_join(pointer, &["requestBody"]);
    let Some(node) = document.pointer(&at) else { return Ok(None) };
    let (node, at) = deref(document, node, &at)?;
    let doc = node.get("description").and_then(Value::as_str).map(String::from);
    let Some((content_type, schema, schema_pointer)) = json_content(node, &at) else {
        let types: Vec<&String> =
            node.get("content").and_then(Value::as_object).map(|c| c.keys().collect()).unwrap_or_default();
        return Err(SpecError::new(
            pointer_join(&at, &["content"]),
            format!("request body content {types:?} is not supported yet (only JSON request bodies are)"),
        ));
    };
    let ty = match schema {
        Some(schema) => types.resolve(schema, &schema_pointer, &format!("{}Request", input.context))?,
        None => Ty::Json,
    };
    Ok(Some((ty, content_type, doc)))
}

type Responses = ((Option<Ty>, Option<String>), Vec<Ty>);

fn responses<'a>(
    document: &'a Value,
    types: &mut TypeResolver<'a>,
    input: &OperationInput<'_>,
    pointer: &str,
) -> Result<Responses, SpecError> {
    let responses = &input.operation.responses;
    let mut success: Option<(Option<Ty>, Option<String>)> = None;
    let mut errors = Vec::new();
    let codes = responses.responses.keys().map(|code| (Some(code), code.to_string()));
    let default = responses.default.as_ref().map(|_| (None, "default".to_string()));
    for (code, key) in codes.chain(default) {
        let class = match code {
            Some(StatusCode::Code(n)) => n / 100,
            Some(StatusCode::Range(n)) => *n,
            None => 0,
        };
        let at = pointer_join(pointer, &["responses", &key]);
        let node = document.pointer(&at).ok_or_else(|| SpecError::new(&at, "response not found"))?;
        let (node, at) = deref(document, node, &at)?;
        let description = node.get("description").and_then(Value::as_str).map(String::from);
        let context = if class == 2 { format!("{}Response", input.context) } else { format!("{}Error", input.context) };
        let body = match json_content(node, &at) {
            Some((_, Some(schema), schema_pointer)) => Some(types.resolve(schema, &schema_pointer, &context)?),
            Some((_, None, _)) => Some(Ty::Json),
            None => None,
        };
        match class {
            2 if success.is_none() => success = Some((body, description)),
            1..=3 => {}
            _ => errors.extend(body),
        }
    }
    Ok((success.unwrap_or((None, None)), errors))
}

/// The Rust name of a path parameter.
pub fn parameter_name(name: &str) -> String {
    snake(name)
}
