//! What a crate calls each request and each type, keyed by what they are for: the places
//! `API.md` lists, and the record a regeneration compares to find what a generator or
//! settings change renamed (`api_diff::renamed_calls`, `api_diff::renamed_types`).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::operations::{Group, ResponseBody};
use super::types::{TypeDef, TypeKind, TypeRef};

/// The names of a crate, by request and by place. Written beside the merged spec as JSON.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApiNames {
    /// `GET /a/{id}` -> `client.a().get`.
    pub calls: BTreeMap<String, String>,
    /// The first place a request or response holds a type -> the type's name (see
    /// [`Api::type_places`]).
    pub types: BTreeMap<String, String>,
    /// Each union's variants, in order (a generator change can name them otherwise).
    #[serde(default)]
    pub variants: BTreeMap<String, Vec<String>>,
}

impl ApiNames {
    /// The names of an API's `groups` and `types` (see `Api::names`).
    pub fn of(groups: &[Group], types: &BTreeMap<String, TypeDef>) -> ApiNames {
        let mut calls = BTreeMap::new();
        for group in groups {
            for op in &group.operations {
                let request = format!("{} {}", op.http_method.to_ascii_uppercase(), op.path_template);
                let call = format!("client.{}().{}", group.accessor, op.method_name.trim_start_matches("r#"));
                calls.entry(request).or_insert(call);
            }
        }
        let variants = types
            .values()
            .filter_map(|def| match &def.kind {
                TypeKind::Union { variants, .. } => {
                    Some((def.name.clone(), variants.iter().map(|v| v.rust_name.clone()).collect()))
                }
                _ => None,
            })
            .collect();
        ApiNames { calls, types: type_places(groups, types).into_iter().collect(), variants }
    }
}

/// Named types by the first place (in the order of record) an operation's request body or
/// response holds them: `response 200 of `GET /a` at `data[]``. Walked with a stack: the
/// nesting is the spec's.
pub fn type_places(groups: &[Group], types: &BTreeMap<String, TypeDef>) -> Vec<(String, String)> {
    let mut seen: BTreeMap<&str, ()> = BTreeMap::new();
    let mut places = Vec::new();
    for op in groups.iter().flat_map(|g| &g.operations) {
        let request = format!("`{} {}`", op.http_method.to_ascii_uppercase(), op.path_template);
        let mut roots: Vec<(String, &TypeRef)> = Vec::new();
        if let Some(body) = &op.body {
            roots.push((format!("request body of {request}"), &body.ty));
        }
        for success in &op.success {
            match &success.body {
                ResponseBody::Json(ty) => roots.push((format!("response {} of {request}", success.status), ty)),
                ResponseBody::Events(Some(ty)) => roots.push((format!("events of {request}"), ty)),
                _ => {}
            }
        }
        if let Some(ty) = op.stream_method.as_ref().and_then(|m| m.data.as_ref()) {
            roots.push((format!("events of {request}"), ty));
        }
        for (root, ty) in roots {
            let mut stack: Vec<(String, &TypeRef)> = vec![(String::new(), ty)];
            while let Some((path, ty)) = stack.pop() {
                match ty {
                    TypeRef::Vec(inner) => stack.push((format!("{path}[]"), inner)),
                    TypeRef::Map(inner) => stack.push((format!("{path}{{}}"), inner)),
                    TypeRef::Nullable(inner) => stack.push((path, inner)),
                    TypeRef::Named(name) if seen.insert(name.as_str(), ()).is_none() => {
                        let at = if path.is_empty() { String::new() } else { format!(" at `{path}`") };
                        places.push((format!("{root}{at}"), name.clone()));
                        let Some(def) = types.get(name) else { continue };
                        let dot = if path.is_empty() { "" } else { "." };
                        let mut children: Vec<(String, &TypeRef)> = match &def.kind {
                            TypeKind::Struct { fields, additional } => fields
                                .iter()
                                .map(|f| (format!("{path}{dot}{}", f.json_name), &f.ty))
                                .chain(additional.iter().map(|ty| (format!("{path}{{}}"), ty)))
                                .collect(),
                            TypeKind::Union { variants, .. } => variants
                                .iter()
                                .enumerate()
                                .map(|(i, v)| (format!("{path}({})", i + 1), &v.ty))
                                .collect(),
                            TypeKind::StringEnum { .. } => Vec::new(),
                        };
                        // Popped in declaration order.
                        children.reverse();
                        stack.extend(children);
                    }
                    _ => {}
                }
            }
        }
    }
    places
}
