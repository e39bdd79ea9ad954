//! Stage 2 of the pipeline: resolve the merged document (`$ref`s, `allOf`, inline schemas)
//! into the typed model of [`crate::model`], choosing every Rust name on the way.

mod all_of;
mod assemble;
mod boxes_and_defaults;
mod doc_keywords;
mod document;
mod group_names;
mod idents;
mod method_names;
mod name_hints;
mod open_any_of;
mod operations;
mod pagination;
mod parse;
mod path_groups;
mod pending_refs;
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
use crate::model::{Api, Group, GroupOrigin, TypeRef, CRATE_ROOT_NAMES};
use method_names::{method_names, OperationKey};
use operations::{resolve_operation, OperationInput, ResolvedOperation, ResolvedResponseBody};
use shapes::Ty;
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

    // Per operation (in the order of record): its group and method name.
    let mut placement: Vec<(usize, String)> = vec![(0, String::new()); operations.len()];
    let tags: Vec<String> = tag_order.into_iter().filter(|tag| by_tag.contains_key(tag)).collect();
    // Custom modules keep their names; groups go around them.
    let custom: Vec<String> = config.custom.sources.iter().map(|m| m.name.clone()).collect();
    let modules = group_names::group_names(&tags, &config.groups, &custom);
    let mut heads: Vec<GroupHead> = Vec::new();
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
            placement[index] = (heads.len(), name);
        }
        let struct_name = group_struct_name(&module);
        let doc = declared_tags.iter().find(|(name, _)| name == tag).and_then(|(_, doc)| operations::non_blank(*doc));
        heads.push(GroupHead { tag: tag.clone(), origin: origins[tag].clone(), module, struct_name, doc });
    }

    // Schemas are resolved in the order of record, so the shapes an operation introduces are
    // numbered after those of every operation listed before it: contested type names go to
    // the first (see `type_names`), and an appended operation cannot take one.
    let mut resolved_ops: Vec<Vec<ResolvedOperation>> = vec![Vec::new(); heads.len()];
    let mut operations_of: Vec<Vec<usize>> = vec![Vec::new(); heads.len()];
    for (index, op) in operations.iter().enumerate() {
        let (group_index, method_name) = &placement[index];
        let head = &heads[*group_index];
        let input = OperationInput {
            path: op.path,
            item_pointer: op.item_pointer,
            http_method: op.method,
            operation: op.node,
            context: format!("{}{}", head.struct_name, pascal(method_name)),
        };
        let resolved = resolve_operation(document, &mut types, &input)?;
        let link = format!("[`{0}::{1}`](crate::{0}::{1})", head.struct_name, method_name.trim_start_matches("r#"));
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

    // The phases after the shapes, each from the ones before: names; what callers send; boxes
    // and defaults; the types; then each operation whole (paging, returns, builders).
    let mut names = type_names::assign_names(&types.shapes);
    warnings.extend(type_overrides::rename_types(&mut names, &config.types));
    let sent = presence::sent_in_requests(&types.shapes, resolved_ops.iter().flatten());
    let forms = boxes_and_defaults::decide(&types.shapes, &sent);
    let (type_defs, union_variants) = assemble::types(&types.shapes, &names, &sent, &forms, config);
    warnings.extend(type_overrides::unused_variant_overrides(&config.types, &union_variants));

    let security_schemes = security::security_schemes(document, &mut warnings);
    let context = assemble::OperationContext {
        document,
        config,
        types: &type_defs,
        names: &names,
        security_schemes: &security_schemes,
    };
    let mut groups = Vec::new();
    for ((head, resolved_group), members) in heads.into_iter().zip(&resolved_ops).zip(&operations_of) {
        let method_names: Vec<String> = members.iter().map(|&index| placement[index].1.clone()).collect();
        let stream_names = assemble::stream_method_names(&method_names, resolved_group);
        let group_operations = members
            .iter()
            .zip(resolved_group)
            .zip(method_names.into_iter().zip(stream_names))
            .map(|((&index, resolved), (method_name, stream_name))| {
                assemble::operation(&context, &operations[index], method_name, resolved, stream_name, &mut warnings)
            })
            .collect();
        let GroupHead { tag, origin, module, struct_name, doc } = head;
        groups.push(Group {
            tag,
            origin,
            accessor: module.clone(),
            module,
            struct_name,
            doc,
            operations: group_operations,
        });
    }

    warnings.extend(types.warnings);
    warnings.sort();
    warnings.dedup();
    let to_ref = |ty: &Ty| -> TypeRef { ty.map_named(&|id: &usize| names[*id].clone()) };
    let api = Api {
        title: document::info_text(document, "title").unwrap_or_default().to_string(),
        version: document::info_text(document, "version").unwrap_or_default().to_string(),
        description: operations::non_blank(document::info_text(document, "description")),
        default_server: document::first_server(document).map(String::from),
        declares_send_sync: type_depth::declare_send_sync(&type_defs),
        types: type_defs,
        groups,
        error_body: common_error.map(|ty| to_ref(&ty)),
        security_schemes,
    };
    Ok(Resolved { api, warnings })
}

/// A group before its operations are built: its tag, where it comes from, its names.
struct GroupHead {
    tag: String,
    origin: GroupOrigin,
    module: String,
    struct_name: String,
    doc: Option<String>,
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

/// Tags that name one group: equal but for case and punctuation.
fn same_tag(a: &str, b: &str) -> bool {
    let key =
        |tag: &str| -> String { tag.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).collect() };
    a == b || (!key(a).is_empty() && key(a) == key(b))
}
