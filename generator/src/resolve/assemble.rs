//! The last phases of resolution: the model's types and operations, each built once, whole,
//! from the phases before it (names; what callers send; boxes and defaults; paging; what
//! each method returns). Nothing in the model is a placeholder filled in later.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use super::boxes_and_defaults::Forms;
use super::document::OperationAt;
use super::operations::{self, ResolvedOperation, ResolvedResponseBody};
use super::shapes::{self, Shape, ShapeId, ShapeKind, Ty};
use super::{first_free, pagination, pascal, returns, security, snake, type_overrides};
use crate::config::Config;
use crate::error::Warning;
use crate::model::{
    EnumVariant, Field, Operation, ParamLocation, Parameter, Presence, RequestBody, ResponseBody, SecurityScheme,
    StreamMethod, SuccessResponse, TypeDef, TypeKind, TypeRef, UnionVariant,
};

/// The model's types, from the named shapes and the decisions about them. Also returns the
/// `(union, variant)` pairs, for unused `[types]` overrides.
pub fn types(
    shapes: &[Shape],
    names: &[String],
    sent: &BTreeSet<ShapeId>,
    forms: &Forms,
    config: &Config,
) -> (BTreeMap<String, TypeDef>, BTreeSet<(String, String)>) {
    let to_ref = |ty: &Ty| -> TypeRef { ty.map_named(&|id: &usize| names[*id].clone()) };
    let mut union_variants = BTreeSet::new();
    let mut type_defs = BTreeMap::new();
    for (id, shape) in shapes.iter().enumerate() {
        let sent_in_requests = sent.contains(&id);
        let kind = match &shape.kind {
            ShapeKind::Struct { fields, additional } => TypeKind::Struct {
                fields: fields
                    .iter()
                    .zip(member_names(fields, additional.is_some()))
                    .enumerate()
                    .map(|(index, (f, (rust_name, setter_name)))| Field {
                        json_name: f.json_name.clone(),
                        rust_name,
                        setter_name,
                        ty: to_ref(&f.ty),
                        required: f.required,
                        nullable: f.nullable,
                        presence: Presence::of(f.required, f.nullable, sent_in_requests),
                        boxed: forms.boxed.contains(&(id, index)),
                        doc: f.doc.clone(),
                        default: f.default.clone(),
                    })
                    .collect(),
                additional: additional.as_ref().map(to_ref),
            },
            ShapeKind::StringEnum(values) => TypeKind::StringEnum { variants: enum_variants(values) },
            ShapeKind::Union { variants, discriminator } => {
                let mut named: Vec<UnionVariant> = Vec::new();
                for (index, v) in variants.iter().enumerate() {
                    union_variants.insert((names[id].clone(), v.name.clone()));
                    // An override never takes a name the union already uses.
                    let clashes = |n: &str| {
                        n == "Other" || variants.iter().any(|o| o.name == n) || named.iter().any(|o| o.rust_name == n)
                    };
                    let rust_name = type_overrides::variant_name(&config.types, &names[id], &v.name)
                        .filter(|n| !clashes(n))
                        .unwrap_or_else(|| v.name.clone());
                    let boxed = forms.boxed.contains(&(id, index));
                    named.push(UnionVariant { rust_name, ty: to_ref(&v.ty), boxed, tags: v.tags.clone() });
                }
                TypeKind::Union { variants: named, discriminator: discriminator.clone() }
            }
            ShapeKind::Pending => continue,
        };
        let def = TypeDef {
            name: names[id].clone(),
            doc: shape.doc.clone(),
            uses: shape.uses.iter().cloned().collect(),
            sent_in_requests,
            derives_default: forms.defaults.contains(&id),
            kind,
        };
        type_defs.insert(names[id].clone(), def);
    }
    (type_defs, union_variants)
}

/// What building an operation reads besides its own resolution.
pub struct OperationContext<'a> {
    pub document: &'a Value,
    pub config: &'a Config,
    pub types: &'a BTreeMap<String, TypeDef>,
    pub names: &'a [String],
    pub security_schemes: &'a [SecurityScheme],
}

/// One operation of the model, whole: its parameters, bodies and responses, how it pages,
/// what it returns and the builders it hands out, its streaming twin.
pub fn operation(
    context: &OperationContext,
    at: &OperationAt,
    method_name: String,
    resolved: &ResolvedOperation,
    stream_name: Option<String>,
    warnings: &mut Vec<Warning>,
) -> Operation {
    let to_ref = |ty: &Ty| -> TypeRef { ty.map_named(&|id: &usize| context.names[*id].clone()) };
    let config = context.config;
    let operation_id = at.text("operationId");
    let params = parameters(resolved, &to_ref);
    let body = resolved.body.as_ref().map(|b| RequestBody {
        ty: to_ref(&b.ty),
        kind: b.kind,
        content_type: b.content_type.clone(),
        required: b.required,
        doc: b.doc.clone(),
    });
    let success: Vec<SuccessResponse> = resolved
        .success
        .iter()
        .map(|s| SuccessResponse {
            status: s.status.clone(),
            body: match &s.body {
                ResolvedResponseBody::Json(ty) => ResponseBody::Json(to_ref(ty)),
                ResolvedResponseBody::Text => ResponseBody::Text,
                ResolvedResponseBody::Bytes => ResponseBody::Bytes,
                ResolvedResponseBody::Empty => ResponseBody::Empty,
                ResolvedResponseBody::Events(data) => ResponseBody::Events(data.as_ref().map(to_ref)),
            },
            media_type: s.media_type.clone(),
            doc: s.doc.clone(),
        })
        .collect();
    let request = pagination::Request {
        operation_id,
        http_method: at.method,
        params: &params,
        body: body.as_ref(),
        success: &success,
    };
    let raw = context.document.pointer(&at.pointer());
    let (pagination, pagination_note) = match pagination::detect(&request, raw, context.types, &config.pagination) {
        Some(Ok(pagination)) => (Some(pagination), None),
        Some(Err(note)) => (None, Some(note)),
        None => (None, None),
    };
    let decided = returns::decide(&method_name, &params, &success, pagination.is_some(), stream_name.as_deref());
    let stream_method = stream_name.map(|name| StreamMethod {
        name,
        data: resolved.stream.as_ref().and_then(|data| data.as_ref().map(to_ref)),
        call_builder: decided.stream_call_builder,
    });
    let security = security::requirement(
        at.security(),
        context.document.get("security").and_then(Value::as_array).map(Vec::as_slice),
        context.security_schemes,
        &at.pointer(),
        warnings,
    );
    let summary = operation_id.and_then(|id| config.summaries.get(id)).cloned();
    Operation {
        operation_id: operation_id.map(String::from),
        idempotency_header: idempotency_header(&params, at.method, config),
        method_name,
        http_method: at.method.to_string(),
        path_template: operations::split_query_template(at.path).0.to_string(),
        summary: summary.or_else(|| operations::non_blank(at.text("summary"))),
        description: operations::non_blank(at.text("description")),
        deprecated: at.deprecated(),
        params,
        body,
        success,
        returns: decided.returns,
        call_builder: decided.call_builder,
        security,
        accept: resolved.accept.clone(),
        stream_method,
        pagination,
        pagination_note,
    }
}

/// The streaming twins' names of a group's operations (by index): `create` gets
/// `create_stream`, clear of every other method of the group and of the twins before it.
pub fn stream_method_names(method_names: &[String], resolved: &[ResolvedOperation]) -> Vec<Option<String>> {
    let mut names: Vec<Option<String>> = Vec::new();
    for (method_name, resolved) in method_names.iter().zip(resolved) {
        let name = resolved.stream.as_ref().map(|_| {
            let base = format!("{}_stream", method_name.trim_start_matches("r#"));
            first_free(&base, "_", |name| {
                method_names.iter().any(|m| m == name) || names.iter().flatten().any(|taken| taken == name)
            })
        });
        names.push(name);
    }
    names
}

/// The header an operation's idempotency key goes in: a header parameter the spec declares
/// for it (`Idempotency-Key`, any case), else the settings' header for POST and PATCH.
fn idempotency_header(params: &[Parameter], http_method: &str, config: &Config) -> Option<String> {
    let declared =
        params.iter().find(|p| p.location == ParamLocation::Header && p.name.eq_ignore_ascii_case("idempotency-key"));
    let by_settings = || {
        let writes = matches!(http_method, "post" | "patch");
        config.client.idempotency_header.clone().filter(|_| writes)
    };
    declared.map(|p| p.name.clone()).or_else(by_settings)
}

fn parameters(resolved: &ResolvedOperation, to_ref: &impl Fn(&Ty) -> TypeRef) -> Vec<Parameter> {
    let mut taken: Vec<String> = vec!["body".into()];
    resolved
        .params
        .iter()
        .map(|p| {
            let mut wanted = snake(&p.name);
            // An optional parameter's setter sits beside the call's own options.
            if crate::model::CALL_OPTION_METHODS.contains(&wanted.as_str())
                || crate::model::PAGING_METHODS.contains(&wanted.as_str())
            {
                wanted = format!("{wanted}_param");
            }
            let rust_name = first_free(&wanted, "_", |n| taken.iter().any(|t| t == n));
            taken.push(rust_name.clone());
            Parameter {
                name: p.name.clone(),
                rust_name,
                location: p.location,
                ty: to_ref(&p.ty),
                required: p.required,
                style: p.style,
                doc: p.doc.clone(),
            }
        })
        .collect()
}

fn enum_variants(values: &[String]) -> Vec<EnumVariant> {
    let mut variants: Vec<EnumVariant> = Vec::new();
    for value in values {
        let base = pascal(value).trim_start_matches("r#").trim_end_matches('_').to_string();
        let base = if base == "Unknown" { "UnknownValue".to_string() } else { base };
        let name = first_free(&base, "", |n| variants.iter().any(|v| v.rust_name == n));
        variants.push(EnumVariant { value: value.clone(), rust_name: name });
    }
    variants
}

/// Each member's field and setter names. `fooBar` and `foo_bar` both become `foo_bar`: the
/// later ones are numbered. A setter a method of every struct would hide is `with_<name>`.
fn member_names(fields: &[shapes::ShapeField], has_additional: bool) -> Vec<(String, String)> {
    let mut taken: Vec<String> = Vec::new();
    if has_additional {
        taken.push("additional_properties".into());
    }
    let mut names = Vec::new();
    for field in fields {
        let rust_name = first_free(&snake(&field.json_name), "_", |n| taken.iter().any(|t| t == n));
        taken.push(rust_name.clone());
        names.push(rust_name);
    }
    // Setters share one namespace with `new` and the traits' methods, not with fields.
    let mut setters: Vec<String> = Vec::new();
    for rust_name in &names {
        let bare = rust_name.trim_start_matches("r#");
        let wanted =
            if crate::model::TYPE_METHODS.contains(&bare) { format!("with_{bare}") } else { rust_name.clone() };
        let setter =
            first_free(&wanted, "_", |n| setters.iter().any(|t| t == n) || crate::model::TYPE_METHODS.contains(&n));
        setters.push(setter);
    }
    names.into_iter().zip(setters).collect()
}
