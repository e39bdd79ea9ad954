//! `API.md`: every group and method of the crate with the HTTP method and path it calls, and
//! every type with the first place a request or response holds it, so a reviewer reads the
//! whole surface (and its diff) in one place, and a rename shows as the same place with
//! another name.

use std::collections::BTreeMap;

use crate::model::{Api, ResponseBody, TypeKind, TypeRef};

pub fn emit_api_index(api: &Api, crate_name: &str, header: &str) -> String {
    let mut out = format!(
        "{header}\n# API of `{crate_name}`\n\nEvery group (`client.<group>()`) and method, with the request it sends. \
         Required parameters are arguments; optional ones are setters on the returned call.\n"
    );
    for group in &api.groups {
        out.push_str(&format!("\n## `client.{}()`: {}\n\n", group.accessor, one_line(&group.tag)));
        out.push_str("| method | request | summary |\n| --- | --- | --- |\n");
        for op in &group.operations {
            let mut arguments: Vec<&str> =
                op.params.iter().filter(|p| p.required).map(|p| p.rust_name.trim_start_matches("r#")).collect();
            if op.body.is_some() {
                arguments.push("body");
            }
            let names =
                std::iter::once(op.method_name.as_str()).chain(op.stream_method.as_ref().map(|m| m.name.as_str()));
            for name in names {
                out.push_str(&format!(
                    "| `{}({})` | `{} {}` | {} |\n",
                    name.trim_start_matches("r#"),
                    arguments.join(", "),
                    op.http_method.to_ascii_uppercase(),
                    op.path_template.replace('`', "'"),
                    one_line(op.summary.as_deref().unwrap_or(""))
                ));
            }
        }
    }
    let places = type_places(api);
    if !places.is_empty() {
        out.push_str("\n## Types\n\nEach type with the first place a request or response holds it.\n\n");
        out.push_str("| type | where |\n| --- | --- |\n");
        for (place, name) in places {
            out.push_str(&format!("| `{name}` | {place} |\n"));
        }
    }
    out
}

/// Named types by the first place (in the order of record) an operation's request body or
/// response holds them: `response 200 of `GET /a` at `data[]``. Walked with a stack: the
/// nesting is the spec's.
fn type_places(api: &Api) -> Vec<(String, String)> {
    let mut seen: BTreeMap<&str, ()> = BTreeMap::new();
    let mut places = Vec::new();
    for op in api.groups.iter().flat_map(|g| &g.operations) {
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
                        let Some(def) = api.types.get(name) else { continue };
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

/// Spec text on one table line: no line breaks, no column separators.
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ").replace('|', "\\|")
}
