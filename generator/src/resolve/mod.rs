//! Stage 2 of the pipeline: resolve the merged document (`$ref`s, `allOf`, inline schemas)
//! into the typed model of [`crate::model`], choosing every Rust name on the way.

mod all_of;
mod boxes_and_defaults;
mod document;
mod group_names;
mod idents;
mod method_names;
mod name_hints;
mod operations;
mod pagination;
mod parse;
mod path_groups;
mod presence;
mod refs;
mod returns;
mod security;
mod shapes;
mod type_depth;
mod type_names;
mod type_overrides;
mod types;
mod union_siblings;
mod union_types;
mod variant_names;
mod visibility;
mod words;

use std::collections::BTreeMap;

use serde_json::Value;

use crate::config::Config;
use crate::error::{SpecError, Warning};
use crate::model::{
    Api, EnumVariant, Field, Group, GroupOrigin, Operation, Parameter, RequestBody, ResponseBody, SuccessResponse,
    TypeDef, TypeKind, TypeRef, UnionVariant, CRATE_ROOT_NAMES,
};
use method_names::{method_names, OperationKey};
use operations::{resolve_operation, OperationInput, ResolvedOperation, ResolvedResponseBody};
use shapes::{ShapeKind, Ty};
use types::TypeResolver;

pub use idents::{first_free, pascal, snake};

/// The model plus warnings about constructs that fell back to a documented default.
#[derive(Debug, Clone)]
pub struct Resolved {
    pub api: Api,
    pub warnings: Vec<Warning>,
}

/// Resolves a whole document.
pub fn resolve(document: &Value, config: &Config) -> Result<Resolved, SpecError> {
    let moved = union_siblings::move_shared_properties(document);
    let document = moved.as_ref().unwrap_or(document);
    let parse::Parsed { document: repaired, mut warnings } = parse::parse_leniently(document)?;
    let document: &Value = &repaired;
    let mut types = TypeResolver::new(document);
    types.strict_refs = config.strict_refs;

    let items = document::path_items(document, &mut warnings)?;
    let operations = document::operations_in_order_of_record(&items);
    let declared_tags = document::tags(document);

    // Group operations by their first tag, in the order tags are declared, then met. Tags
    // that differ only in case or punctuation (`Widgets`, `widgets`) are one group, under the
    // first spelling met.
    let mut tag_order: Vec<String> = Vec::new();
    for (name, _) in &declared_tags {
        if !tag_order.iter().any(|t| same_tag(t, name)) {
            tag_order.push(name.to_string());
        }
    }
    // Operations without a tag are grouped by the resource their path names (see `path_groups`).
    let untagged_paths: Vec<&str> = operations
        .iter()
        .filter(|op| op.first_tag().is_none())
        .map(|op| operations::split_query_template(op.path).0)
        .collect();
    let mut untagged = path_groups::untagged_groups(&untagged_paths).into_iter();
    let mut origins: BTreeMap<String, GroupOrigin> = BTreeMap::new();
    let mut by_tag: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (index, operation) in operations.iter().enumerate() {
        let (first, origin) = match operation.first_tag() {
            Some(tag) => (tag.to_string(), GroupOrigin::Tag),
            None => untagged.next().unwrap_or_else(|| (path_groups::UNTAGGED.to_string(), GroupOrigin::Untagged)),
        };
        let first = first.as_str();
        let tag = tag_order.iter().find(|t| same_tag(t, first)).cloned().unwrap_or_else(|| first.to_string());
        if !tag_order.contains(&tag) {
            tag_order.push(tag.clone());
        }
        // A tag the spec declares, or that any of the group's operations has, is a tag.
        let declared = declared_tags.iter().any(|(name, _)| same_tag(name, &tag));
        let kept = origins.entry(tag.clone()).or_insert(origin.clone());
        if declared || origin == GroupOrigin::Tag {
            *kept = GroupOrigin::Tag;
        }
        by_tag.entry(tag).or_default().push(index);
    }

    let security_schemes = security::security_schemes(document, &mut warnings);

    let mut groups = Vec::new();
    // Per operation (in the order of record): its group and method name.
    let mut placement: Vec<(usize, String)> = vec![(0, String::new()); operations.len()];
    let tags: Vec<String> = tag_order.into_iter().filter(|tag| by_tag.contains_key(tag)).collect();
    // Custom modules keep their names; groups go around them.
    let custom: Vec<String> = config.custom.sources.iter().map(|m| m.name.clone()).collect();
    let modules = group_names::group_names(&tags, &config.groups, &custom);
    for (tag, module) in tags.iter().zip(modules) {
        let members = &by_tag[tag];
        let keys: Vec<OperationKey> = members
            .iter()
            .map(|&index| {
                let op = &operations[index];
                OperationKey {
                    http_method: op.method,
                    path: operations::split_query_template(op.path).0,
                    operation_id: op.text("operationId"),
                    returns_list: op.returns_list(document),
                }
            })
            .collect();
        let names = method_names(tag, &module, &keys, &config.methods);
        for (&index, name) in members.iter().zip(names) {
            placement[index] = (groups.len(), name);
        }
        let struct_name = group_struct_name(&module);
        let doc = declared_tags.iter().find(|(name, _)| name == tag).and_then(|(_, doc)| operations::non_blank(*doc));
        groups.push(Group {
            tag: tag.clone(),
            origin: origins[tag].clone(),
            accessor: module.clone(),
            module,
            struct_name,
            doc,
            operations: Vec::new(),
        });
    }

    // Schemas are resolved in the order of record, so the shapes an operation introduces are
    // numbered after those of every operation listed before it: contested type names go to
    // the first (see `type_names`), and an appended operation cannot take one.
    let mut resolved_ops: Vec<Vec<ResolvedOperation>> = vec![Vec::new(); groups.len()];
    let mut operations_of: Vec<Vec<usize>> = vec![Vec::new(); groups.len()];
    // Each operation's node in the document, by group, for what only the raw node says.
    let mut operation_pointers: Vec<String> = Vec::new();
    for (index, op) in operations.iter().enumerate() {
        let (group_index, method_name) = &placement[index];
        let group = &groups[*group_index];
        let input = OperationInput {
            path: op.path,
            item_pointer: op.item_pointer,
            http_method: op.method,
            operation: op.node,
            context: format!("{}{}", group.struct_name, pascal(method_name)),
        };
        let resolved = resolve_operation(document, &mut types, &input)?;
        let link = format!("[`{0}::{1}`](crate::{0}::{1})", group.struct_name, method_name.trim_start_matches("r#"));
        for success in &resolved.success {
            match &success.body {
                ResolvedResponseBody::Json(Ty::Named(id)) => {
                    types.shapes[*id].uses.insert(format!("Returned by {link}."));
                }
                ResolvedResponseBody::Events(Some(Ty::Named(id))) => {
                    types.shapes[*id].uses.insert(format!("The data of the events {link} streams."));
                }
                _ => {}
            }
        }
        if let Some(Some(Ty::Named(id))) = &resolved.stream {
            types.shapes[*id].uses.insert(format!("The data of the events streamed by the `_stream` twin of {link}."));
        }
        if let Some(Ty::Named(id)) = resolved.body.as_ref().map(|b| &b.ty) {
            types.shapes[*id].uses.insert(format!("The request body of {link}."));
        }
        resolved_ops[*group_index].push(resolved);
        operations_of[*group_index].push(index);
    }
    for (group, members) in groups.iter_mut().zip(&operations_of) {
        for &index in members {
            let operation = operations[index];
            let operation_id = operation.text("operationId");
            let summary = operation_id.and_then(|id| config.summaries.get(id)).cloned();
            let security = security::requirement(
                operation.security(),
                document.get("security").and_then(Value::as_array).map(Vec::as_slice),
                &security_schemes,
                &operation.pointer(),
                &mut warnings,
            );
            operation_pointers.push(operation.pointer());
            group.operations.push(Operation {
                operation_id: operation_id.map(String::from),
                method_name: placement[index].1.clone(),
                http_method: operation.method.to_string(),
                path_template: operations::split_query_template(operation.path).0.to_string(),
                summary: summary.or_else(|| operations::non_blank(operation.text("summary"))),
                description: operations::non_blank(operation.text("description")),
                deprecated: operation.deprecated(),
                params: Vec::new(),
                body: None,
                success: Vec::new(),
                returns: crate::model::Returns::Body(crate::model::ResponseBody::Empty),
                call_builder: None,
                security,
                idempotency_header: None,
                accept: None,
                stream_method: None,
                pagination: None,
                pagination_note: None,
            });
        }
    }

    types.resolve_components()?;

    // One error body shared by every operation gets the role name `ApiErrorBody`.
    let mut error_tys: Vec<&Ty> = Vec::new();
    for ty in resolved_ops.iter().flatten().flat_map(|op| &op.error_bodies) {
        if !error_tys.contains(&ty) {
            error_tys.push(ty);
        }
    }
    let common_error = match error_tys.as_slice() {
        [only] => Some((*only).clone()),
        _ => None,
    };
    if let Some(Ty::Named(id)) = &common_error {
        let shape = &mut types.shapes[*id];
        if shape.explicit_name.is_none() {
            shape.forced_name = Some("ApiErrorBody".into());
        }
        shape
            .uses
            .insert("The body of error responses, decoded into [`ApiError::body`](crate::ApiError::body).".into());
    }

    let mut names = type_names::assign_names(&types.shapes);
    warnings.extend(type_overrides::rename_types(&mut names, &config.types));
    let mut union_variants = std::collections::BTreeSet::new();
    let to_ref = |ty: &Ty| -> TypeRef { ty.map_named(&|id: &usize| names[*id].clone()) };
    for (group, resolved_group) in groups.iter_mut().zip(&resolved_ops) {
        for (operation, resolved) in group.operations.iter_mut().zip(resolved_group) {
            fill_operation(operation, resolved, &to_ref);
            operation.idempotency_header = idempotency_header(operation, config);
        }
        name_stream_methods(group, resolved_group, &to_ref);
    }

    let mut type_defs = BTreeMap::new();
    for (id, shape) in types.shapes.iter().enumerate() {
        let kind = match &shape.kind {
            ShapeKind::Struct { fields, additional } => TypeKind::Struct {
                fields: fields
                    .iter()
                    .zip(member_names(fields, additional.is_some()))
                    .map(|(f, (rust_name, setter_name))| Field {
                        json_name: f.json_name.clone(),
                        rust_name,
                        setter_name,
                        ty: to_ref(&f.ty),
                        required: f.required,
                        nullable: f.nullable,
                        presence: crate::model::Presence::of(f.required, f.nullable, false),
                        boxed: false,
                        doc: f.doc.clone(),
                        default: f.default.clone(),
                    })
                    .collect(),
                additional: additional.as_ref().map(to_ref),
            },
            ShapeKind::StringEnum(values) => TypeKind::StringEnum { variants: enum_variants(values) },
            ShapeKind::Union { variants, discriminator } => {
                let mut named: Vec<UnionVariant> = Vec::new();
                for v in variants {
                    union_variants.insert((names[id].clone(), v.name.clone()));
                    // An override never takes a name the union already uses.
                    let clashes = |n: &str| {
                        n == "Other" || variants.iter().any(|o| o.name == n) || named.iter().any(|o| o.rust_name == n)
                    };
                    let rust_name = type_overrides::variant_name(&config.types, &names[id], &v.name)
                        .filter(|n| !clashes(n))
                        .unwrap_or_else(|| v.name.clone());
                    named.push(UnionVariant { rust_name, ty: to_ref(&v.ty), boxed: false, tags: v.tags.clone() });
                }
                TypeKind::Union { variants: named, discriminator: discriminator.clone() }
            }
            ShapeKind::Pending => continue,
        };
        let def = TypeDef {
            name: names[id].clone(),
            doc: shape.doc.clone(),
            uses: shape.uses.iter().cloned().collect(),
            sent_in_requests: false,
            derives_default: false,
            kind,
        };
        type_defs.insert(names[id].clone(), def);
    }
    warnings.extend(type_overrides::unused_variant_overrides(&config.types, &union_variants));

    warnings.extend(types.warnings);
    warnings.sort();
    warnings.dedup();
    let declares_send_sync = type_depth::declare_send_sync(&type_defs);
    let mut api = Api {
        title: document::info_text(document, "title").unwrap_or_default().to_string(),
        version: document::info_text(document, "version").unwrap_or_default().to_string(),
        description: operations::non_blank(document::info_text(document, "description")),
        default_server: document::first_server(document).map(String::from),
        types: type_defs,
        groups,
        error_body: common_error.map(|ty| to_ref(&ty)),
        security_schemes,
        declares_send_sync,
    };
    presence::decide(&mut api);
    boxes_and_defaults::decide(&mut api.types);
    let raw: Vec<Option<&Value>> = operation_pointers.iter().map(|p| document.pointer(p)).collect();
    let mut operations: Vec<&mut Operation> = api.groups.iter_mut().flat_map(|g| g.operations.iter_mut()).collect();
    pagination::detect(&mut operations, &raw, &api.types, &config.pagination);
    returns::decide(&mut api);
    Ok(Resolved { api, warnings })
}

/// The group's handle type, named after its (unique) module and re-exported at the crate
/// root: it takes no name the root already has ([`CRATE_ROOT_NAMES`]) nor a prelude name
/// (`Result`). Its call builders and status enums end in `Call` and `Response`
/// (`resolve::returns`): the handle takes neither suffix, so a method added later can never
/// rename it.
fn group_struct_name(module: &str) -> String {
    let name = pascal(module).trim_start_matches("r#").to_string();
    let clashes = CRATE_ROOT_NAMES.contains(&name.as_str())
        || type_names::RESERVED.contains(&name.as_str())
        || name.ends_with("Call")
        || name.ends_with("Response");
    if clashes {
        format!("{name}Api")
    } else {
        name
    }
}

/// The streaming twin of each operation whose success response is also an event stream:
/// `create` gets `create_stream`, clear of every other method of the group.
fn name_stream_methods(group: &mut Group, resolved: &[ResolvedOperation], to_ref: &impl Fn(&Ty) -> TypeRef) {
    for index in 0..group.operations.len() {
        let Some(data) = resolved.get(index).and_then(|r| r.stream.as_ref()) else { continue };
        let base = format!("{}_stream", group.operations[index].method_name.trim_start_matches("r#"));
        let taken = |name: &str| {
            group
                .operations
                .iter()
                .any(|op| op.method_name == name || op.stream_method.as_ref().is_some_and(|stream| stream.name == name))
        };
        let name = first_free(&base, "_", taken);
        group.operations[index].stream_method =
            Some(crate::model::StreamMethod { name, data: data.as_ref().map(to_ref), call_builder: None });
    }
}

/// The header an operation's idempotency key goes in: a header parameter the spec declares
/// for it (`Idempotency-Key`, any case), else the settings' header for POST and PATCH.
fn idempotency_header(operation: &Operation, config: &Config) -> Option<String> {
    let declared = operation
        .params
        .iter()
        .find(|p| p.location == crate::model::ParamLocation::Header && p.name.eq_ignore_ascii_case("idempotency-key"));
    let by_settings = || {
        let writes = matches!(operation.http_method.as_str(), "post" | "patch");
        config.client.idempotency_header.clone().filter(|_| writes)
    };
    declared.map(|p| p.name.clone()).or_else(by_settings)
}

fn fill_operation(operation: &mut Operation, resolved: &ResolvedOperation, to_ref: &impl Fn(&Ty) -> TypeRef) {
    let mut taken: Vec<String> = vec!["body".into()];
    operation.params = resolved
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
        .collect();
    operation.accept = resolved.accept.clone();
    operation.body = resolved.body.as_ref().map(|b| RequestBody {
        ty: to_ref(&b.ty),
        kind: b.kind,
        content_type: b.content_type.clone(),
        required: b.required,
        doc: b.doc.clone(),
    });
    operation.success = resolved
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
            doc: s.doc.clone(),
        })
        .collect();
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

/// Tags that name one group: equal but for case and punctuation.
fn same_tag(a: &str, b: &str) -> bool {
    let key =
        |tag: &str| -> String { tag.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).collect() };
    a == b || (!key(a).is_empty() && key(a) == key(b))
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
