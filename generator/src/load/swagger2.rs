//! Swagger 2.0 converted into the OpenAPI 3.0 form the resolver reads, as the OpenAPI
//! Initiative's own mapping (and swagger2openapi) does: `definitions` -> `components/schemas`,
//! `body` and `formData` parameters -> request bodies, `produces`/`consumes` -> media types,
//! `collectionFormat` -> `style`/`explode`, `host`/`basePath`/`schemes` -> `servers`.

use serde_json::{json, Map, Value};

use crate::error::{pointer_join, Warning};

const METHODS: &[&str] = &["get", "put", "post", "delete", "options", "head", "patch"];
/// Keywords a 2.0 non-body parameter shares with a schema.
const PARAMETER_SCHEMA_KEYS: &[&str] = &[
    "type",
    "format",
    "items",
    "default",
    "maximum",
    "exclusiveMaximum",
    "minimum",
    "exclusiveMinimum",
    "maxLength",
    "minLength",
    "pattern",
    "maxItems",
    "minItems",
    "uniqueItems",
    "enum",
    "multipleOf",
    "x-nullable",
];

/// Converts a 2.0 document into 3.0, returning what could not be carried over.
pub fn convert(document: &Value) -> (Value, Vec<Warning>) {
    let mut converter = Converter { document, warnings: Vec::new() };
    let converted = converter.document();
    (converted, converter.warnings)
}

struct Converter<'a> {
    document: &'a Value,
    warnings: Vec<Warning>,
}

impl<'a> Converter<'a> {
    fn document(&mut self) -> Value {
        let source = self.document;
        let mut out = Map::new();
        out.insert("openapi".into(), json!("3.0.3"));
        for key in ["info", "tags", "externalDocs", "security"] {
            if let Some(value) = source.get(key) {
                out.insert(key.into(), value.clone());
            }
        }
        for (key, value) in source.as_object().into_iter().flatten().filter(|(k, _)| k.starts_with("x-")) {
            out.insert(key.clone(), value.clone());
        }
        if let Some(servers) = servers(source) {
            out.insert("servers".into(), servers);
        }
        let mut paths = Map::new();
        for (path, item) in source.get("paths").and_then(Value::as_object).into_iter().flatten() {
            let at = pointer_join("/paths", &[path]);
            paths.insert(path.clone(), if path.starts_with("x-") { item.clone() } else { self.path_item(item, &at) });
        }
        out.insert("paths".into(), Value::Object(paths));
        out.insert("components".into(), self.components());
        let mut converted = Value::Object(out);
        rewrite_refs(&mut converted, 0);
        super::schema_walk::visit_schemas(&mut converted, &mut |schema, _| schema_to_3(schema));
        converted
    }

    fn components(&mut self) -> Value {
        let source = self.document;
        let mut components = Map::new();
        if let Some(definitions) = source.get("definitions") {
            components.insert("schemas".into(), definitions.clone());
        }
        let mut parameters = Map::new();
        let mut bodies = Map::new();
        for (name, parameter) in source.get("parameters").and_then(Value::as_object).into_iter().flatten() {
            let at = pointer_join("/parameters", &[name]);
            match parameter.get("in").and_then(Value::as_str) {
                Some("body") => {
                    bodies.insert(name.clone(), self.body(parameter, &global_list(source, "consumes")));
                }
                // Form fields are merged into each operation's body where they are used.
                Some("formData") => {}
                _ => {
                    parameters.insert(name.clone(), self.parameter(parameter, &at));
                }
            }
        }
        if !parameters.is_empty() {
            components.insert("parameters".into(), Value::Object(parameters));
        }
        if !bodies.is_empty() {
            components.insert("requestBodies".into(), Value::Object(bodies));
        }
        let produces = global_list(source, "produces");
        let mut responses = Map::new();
        for (name, response) in source.get("responses").and_then(Value::as_object).into_iter().flatten() {
            responses.insert(name.clone(), response_to_3(response, &produces));
        }
        if !responses.is_empty() {
            components.insert("responses".into(), Value::Object(responses));
        }
        if let Some(definitions) = source.get("securityDefinitions").and_then(Value::as_object) {
            let mut schemes = Map::new();
            for (name, scheme) in definitions {
                let at = pointer_join("/securityDefinitions", &[name]);
                if let Some(scheme) = self.security_scheme(scheme, &at) {
                    schemes.insert(name.clone(), scheme);
                }
            }
            components.insert("securitySchemes".into(), Value::Object(schemes));
        }
        Value::Object(components)
    }

    fn path_item(&mut self, item: &Value, at: &str) -> Value {
        let Some(item) = item.as_object() else { return item.clone() };
        let mut out = Map::new();
        let shared: Vec<Value> = item.get("parameters").and_then(Value::as_array).cloned().unwrap_or_default();
        for (key, value) in item {
            if METHODS.contains(&key.as_str()) {
                out.insert(key.clone(), self.operation(value, &shared, &pointer_join(at, &[key])));
            } else if key == "parameters" {
                // Path-level body and form parameters are carried into each operation.
                let mut kept = Vec::new();
                for (index, parameter) in shared.iter().enumerate() {
                    if !matches!(self.location(parameter), Some("body" | "formData")) {
                        kept.push(self.parameter(parameter, &pointer_join(at, &["parameters", &index.to_string()])));
                    }
                }
                out.insert(key.clone(), Value::Array(kept));
            } else {
                out.insert(key.clone(), value.clone());
            }
        }
        Value::Object(out)
    }

    fn operation(&mut self, operation: &Value, shared: &[Value], at: &str) -> Value {
        let Some(source) = operation.as_object() else { return operation.clone() };
        let consumes = list(operation, "consumes").unwrap_or_else(|| global_list(self.document, "consumes"));
        let produces = list(operation, "produces").unwrap_or_else(|| global_list(self.document, "produces"));
        let mut out = Map::new();
        let mut parameters = Vec::new();
        let mut form_fields: Vec<Value> = Vec::new();
        let own: Vec<Value> = source.get("parameters").and_then(Value::as_array).cloned().unwrap_or_default();
        // Operation parameters override path-level ones of the same name and place.
        let key = |p: &Value, me: &Self| {
            let resolved = me.resolved_parameter(p);
            (resolved.get("name").cloned(), resolved.get("in").cloned())
        };
        let inherited: Vec<&Value> =
            shared.iter().filter(|s| !own.iter().any(|o| key(o, self) == key(s, self))).collect();
        let mut body = None;
        for (index, parameter) in own.iter().enumerate() {
            let here = pointer_join(at, &["parameters", &index.to_string()]);
            match self.location(parameter) {
                Some("body") => body = Some(self.body_of(parameter, &consumes)),
                Some("formData") => form_fields.push(self.resolved_parameter(parameter).clone()),
                _ => parameters.push(self.parameter(parameter, &here)),
            }
        }
        for parameter in inherited {
            match self.location(parameter) {
                Some("body") if body.is_none() => body = Some(self.body_of(parameter, &consumes)),
                Some("formData") => form_fields.push(self.resolved_parameter(parameter).clone()),
                _ => {}
            }
        }
        if !form_fields.is_empty() && body.is_none() {
            body = Some(form_body(&form_fields, &consumes));
        }
        for (key, value) in source {
            match key.as_str() {
                "parameters" | "consumes" | "produces" | "schemes" => {}
                "responses" => {
                    let mut responses = Map::new();
                    for (status, response) in value.as_object().into_iter().flatten() {
                        responses.insert(status.clone(), response_to_3(response, &produces));
                    }
                    out.insert(key.clone(), Value::Object(responses));
                }
                _ => {
                    out.insert(key.clone(), value.clone());
                }
            }
        }
        if !parameters.is_empty() {
            out.insert("parameters".into(), Value::Array(parameters));
        }
        if let Some(body) = body {
            out.insert("requestBody".into(), body);
        }
        Value::Object(out)
    }

    /// A parameter as given, or the global one it refers to.
    fn resolved_parameter<'v>(&self, parameter: &'v Value) -> &'v Value
    where
        'a: 'v,
    {
        match parameter.get("$ref").and_then(Value::as_str).and_then(|r| r.strip_prefix('#')) {
            Some(pointer) => self.document.pointer(pointer).unwrap_or(parameter),
            None => parameter,
        }
    }

    fn location<'v>(&self, parameter: &'v Value) -> Option<&'v str>
    where
        'a: 'v,
    {
        self.resolved_parameter(parameter).get("in").and_then(Value::as_str)
    }

    /// A body parameter: a reference to a global one stays a reference.
    fn body_of(&mut self, parameter: &Value, consumes: &[String]) -> Value {
        match parameter.get("$ref").and_then(Value::as_str).and_then(|r| r.strip_prefix("#/parameters/")) {
            Some(name) => json!({"$ref": format!("#/components/requestBodies/{name}")}),
            None => self.body(parameter, consumes),
        }
    }

    fn body(&mut self, parameter: &Value, consumes: &[String]) -> Value {
        let schema = parameter.get("schema").cloned().unwrap_or_else(|| json!({}));
        let media: Vec<String> = if consumes.is_empty() { vec!["application/json".into()] } else { consumes.to_vec() };
        let mut content = Map::new();
        for media_type in media {
            content.insert(media_type, json!({"schema": schema.clone()}));
        }
        let mut body = Map::new();
        if let Some(description) = parameter.get("description") {
            body.insert("description".into(), description.clone());
        }
        body.insert("content".into(), Value::Object(content));
        if parameter.get("required").and_then(Value::as_bool) == Some(true) {
            body.insert("required".into(), json!(true));
        }
        Value::Object(body)
    }

    /// A query, path, header or cookie parameter: its type keywords move into `schema`,
    /// `collectionFormat` into `style`/`explode`.
    fn parameter(&mut self, parameter: &Value, at: &str) -> Value {
        if parameter.get("$ref").is_some() {
            return parameter.clone();
        }
        let Some(source) = parameter.as_object() else { return parameter.clone() };
        let (mut schema, mut out) = split_type_keywords(source);
        out.retain(|key, _| key != "collectionFormat" && key != "allowEmptyValue");
        if schema.get("type").is_some_and(|t| t == "file") {
            schema.insert("type".into(), json!("string"));
            schema.insert("format".into(), json!("binary"));
        }
        let location = source.get("in").and_then(Value::as_str).unwrap_or("");
        if schema.get("type").is_some_and(|t| t == "array") {
            let format = source.get("collectionFormat").and_then(Value::as_str).unwrap_or("csv");
            let (style, explode) = match (format, location) {
                ("multi", _) => ("form", true),
                ("ssv", "query") => ("spaceDelimited", false),
                ("pipes", "query") => ("pipeDelimited", false),
                ("csv", "query") => ("form", false),
                ("csv", _) => ("simple", false),
                (other, _) => {
                    self.warnings.push(Warning::new(
                        pointer_join(at, &["collectionFormat"]),
                        format!(
                            "`collectionFormat: {other}` has no OpenAPI 3 form here; values are sent comma-separated"
                        ),
                    ));
                    (if location == "query" { "form" } else { "simple" }, false)
                }
            };
            out.insert("style".into(), json!(style));
            out.insert("explode".into(), json!(explode));
        }
        out.insert("schema".into(), Value::Object(schema));
        Value::Object(out)
    }

    fn security_scheme(&mut self, scheme: &Value, at: &str) -> Option<Value> {
        let description = scheme.get("description").cloned();
        let mut out = match scheme.get("type").and_then(Value::as_str) {
            Some("basic") => json!({"type": "http", "scheme": "basic"}),
            Some("apiKey") => json!({"type": "apiKey", "name": scheme.get("name"), "in": scheme.get("in")}),
            Some("oauth2") => {
                let scopes = scheme.get("scopes").cloned().unwrap_or_else(|| json!({}));
                let urls = |keys: &[&str]| -> Map<String, Value> {
                    keys.iter().filter_map(|k| scheme.get(*k).map(|v| ((*k).to_string(), v.clone()))).collect()
                };
                let (flow, mut fields) = match scheme.get("flow").and_then(Value::as_str) {
                    Some("implicit") => ("implicit", urls(&["authorizationUrl"])),
                    Some("password") => ("password", urls(&["tokenUrl"])),
                    Some("application") => ("clientCredentials", urls(&["tokenUrl"])),
                    Some("accessCode") => ("authorizationCode", urls(&["authorizationUrl", "tokenUrl"])),
                    other => {
                        self.warnings.push(Warning::new(
                            pointer_join(at, &["flow"]),
                            format!("unknown OAuth2 flow {other:?}; the scheme is skipped"),
                        ));
                        return None;
                    }
                };
                fields.insert("scopes".into(), scopes);
                json!({"type": "oauth2", "flows": {flow: fields}})
            }
            other => {
                self.warnings.push(Warning::new(
                    pointer_join(at, &["type"]),
                    format!("unknown security scheme type {other:?}; the scheme is skipped"),
                ));
                return None;
            }
        };
        if let (Some(description), Some(map)) = (description, out.as_object_mut()) {
            map.insert("description".into(), description);
        }
        Some(out)
    }
}

/// A 2.0 parameter or header, whose type keywords sit beside its other members: (the type
/// keywords, as a 3.0 schema; the other members).
fn split_type_keywords(node: &Map<String, Value>) -> (Map<String, Value>, Map<String, Value>) {
    let (schema, rest): (Vec<_>, Vec<_>) = node
        .iter()
        .map(|(k, v)| (k.clone(), v.clone()))
        .partition(|(key, _)| PARAMETER_SCHEMA_KEYS.contains(&key.as_str()));
    (schema.into_iter().collect(), rest.into_iter().collect())
}

/// `formData` parameters: one object schema, sent as `multipart/form-data` when a field is a
/// file or the operation consumes it, else as `application/x-www-form-urlencoded`.
fn form_body(fields: &[Value], consumes: &[String]) -> Value {
    let mut properties = Map::new();
    let mut required = Vec::new();
    let mut has_file = false;
    for field in fields {
        let Some(name) = field.get("name").and_then(Value::as_str) else { continue };
        let mut schema = Map::new();
        for key in PARAMETER_SCHEMA_KEYS.iter().chain(&["description"]) {
            if let Some(value) = field.get(*key) {
                schema.insert((*key).to_string(), value.clone());
            }
        }
        if schema.get("type").is_some_and(|t| t == "file") {
            has_file = true;
            schema.insert("type".into(), json!("string"));
            schema.insert("format".into(), json!("binary"));
        }
        properties.insert(name.to_string(), Value::Object(schema));
        if field.get("required").and_then(Value::as_bool) == Some(true) {
            required.push(json!(name));
        }
    }
    let media = if has_file || consumes.iter().any(|c| c.starts_with("multipart/")) {
        "multipart/form-data"
    } else {
        "application/x-www-form-urlencoded"
    };
    let mut schema = json!({"type": "object", "properties": properties});
    if !required.is_empty() {
        schema["required"] = Value::Array(required.clone());
    }
    let mut body = json!({"content": {media: {"schema": schema}}});
    if !required.is_empty() {
        body["required"] = json!(true);
    }
    body
}

fn response_to_3(response: &Value, produces: &[String]) -> Value {
    let Some(source) = response.as_object() else { return response.clone() };
    if source.contains_key("$ref") {
        return response.clone();
    }
    let mut out = Map::new();
    out.insert("description".into(), source.get("description").cloned().unwrap_or_else(|| json!("")));
    if let Some(schema) = source.get("schema") {
        let is_file = schema.get("type").is_some_and(|t| t == "file");
        let media: Vec<String> = if is_file {
            vec!["application/octet-stream".into()]
        } else if produces.is_empty() {
            vec!["application/json".into()]
        } else {
            produces.to_vec()
        };
        let schema = if is_file { json!({"type": "string", "format": "binary"}) } else { schema.clone() };
        let mut content = Map::new();
        for media_type in media {
            content.insert(media_type, json!({"schema": schema.clone()}));
        }
        out.insert("content".into(), Value::Object(content));
    }
    if let Some(headers) = source.get("headers").and_then(Value::as_object) {
        let converted: Map<String, Value> = headers
            .iter()
            .map(|(name, header)| {
                let (schema, mut out) = header.as_object().map(split_type_keywords).unwrap_or_default();
                out.retain(|key, _| key == "description" || key.starts_with("x-"));
                out.insert("schema".into(), Value::Object(schema));
                (name.clone(), Value::Object(out))
            })
            .collect();
        out.insert("headers".into(), Value::Object(converted));
    }
    for (key, value) in source.iter().filter(|(k, _)| k.starts_with("x-")) {
        out.insert(key.clone(), value.clone());
    }
    Value::Object(out)
}

/// `host`, `basePath` and `schemes` -> one server per scheme, `https` first.
fn servers(document: &Value) -> Option<Value> {
    let base_path = document.get("basePath").and_then(Value::as_str).unwrap_or("");
    let base_path = base_path.trim_end_matches('/');
    let Some(host) = document.get("host").and_then(Value::as_str) else {
        return (!base_path.is_empty()).then(|| json!([{"url": base_path}]));
    };
    let mut schemes = list(document, "schemes").unwrap_or_default();
    schemes.retain(|s| s == "https" || s == "http");
    schemes.sort_by_key(|s| s != "https");
    if schemes.is_empty() {
        schemes.push("https".into());
    }
    let servers: Vec<Value> =
        schemes.iter().map(|scheme| json!({"url": format!("{scheme}://{host}{base_path}")})).collect();
    Some(Value::Array(servers))
}

fn list(node: &Value, key: &str) -> Option<Vec<String>> {
    node.get(key)?.as_array().map(|items| items.iter().filter_map(Value::as_str).map(str::to_string).collect())
}

fn global_list(document: &Value, key: &str) -> Vec<String> {
    list(document, key).unwrap_or_default()
}

/// `#/definitions/X` -> `#/components/schemas/X`, and likewise for parameters and responses.
fn rewrite_refs(node: &mut Value, depth: usize) {
    if depth > super::schema_walk::MAX_DEPTH * 4 {
        return;
    }
    match node {
        Value::Object(map) => {
            if let Some(Value::String(reference)) = map.get_mut("$ref") {
                for (from, to) in [
                    ("#/definitions/", "#/components/schemas/"),
                    ("#/parameters/", "#/components/parameters/"),
                    ("#/responses/", "#/components/responses/"),
                ] {
                    if let Some(rest) = reference.strip_prefix(from) {
                        *reference = format!("{to}{rest}");
                        break;
                    }
                }
            }
            for (key, child) in map.iter_mut() {
                if key != "example" && key != "examples" {
                    rewrite_refs(child, depth + 1);
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|child| rewrite_refs(child, depth + 1)),
        _ => {}
    }
}

/// Schema keywords of 2.0 in their 3.0 form.
fn schema_to_3(schema: &mut Value) {
    let Some(map) = schema.as_object_mut() else { return };
    if let Some(nullable) = map.remove("x-nullable") {
        map.insert("nullable".into(), nullable);
    }
    if map.get("type").is_some_and(|t| t == "file") {
        map.insert("type".into(), json!("string"));
        map.insert("format".into(), json!("binary"));
    }
    if let Some(Value::String(property)) = map.get("discriminator").cloned() {
        map.insert("discriminator".into(), json!({"propertyName": property}));
    }
}

#[cfg(test)]
mod tests;
