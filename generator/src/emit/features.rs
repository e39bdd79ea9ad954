//! Cargo features per tag: each group of operations is a feature (all on by default), and a
//! type is compiled when a feature whose operations use it is on, so a client built for a
//! few tags compiles only their types.

use std::collections::{BTreeMap, BTreeSet};

use proc_macro2::{Delimiter, TokenStream, TokenTree};
use quote::quote;

use crate::model::{Api, ResponseBody, TypeKind, TypeRef};

/// True when some operation returns server-sent events.
fn has_event_streams(api: &Api) -> bool {
    api.groups
        .iter()
        .flat_map(|g| &g.operations)
        .any(|op| op.stream_method.is_some() || op.success.iter().any(|s| matches!(s.body, ResponseBody::Events(_))))
}

/// The feature for types no operation uses (components only).
pub const OTHER_TYPES: &str = "other-types";

pub struct TagFeatures {
    /// Feature names, one per group, in group order.
    pub groups: Vec<String>,
    /// Type name -> the features that need it; absent: always compiled.
    gates: BTreeMap<String, Vec<String>>,
}

impl TagFeatures {
    pub fn of(api: &Api) -> Self {
        let groups: Vec<String> = api.groups.iter().map(|g| g.module.clone()).collect();
        let mut used_by: BTreeMap<String, BTreeSet<usize>> = BTreeMap::new();
        for (index, group) in api.groups.iter().enumerate() {
            let mut reached = BTreeSet::new();
            for op in &group.operations {
                let bodies = op.success.iter().filter_map(|s| s.body.json_type());
                let stream_data = op.stream_method.as_ref().and_then(|m| m.data.as_ref());
                let roots = op
                    .params
                    .iter()
                    .map(|p| &p.ty)
                    .chain(op.body.iter().map(|b| &b.ty))
                    .chain(bodies)
                    .chain(stream_data);
                for root in roots {
                    api.collect_reachable(root, &mut reached);
                }
            }
            for name in reached {
                used_by.entry(name).or_default().insert(index);
            }
        }
        // The error body is used by the runtime whatever features are on.
        let mut always = BTreeSet::new();
        if let Some(error_body) = &api.error_body {
            api.collect_reachable(error_body, &mut always);
        }
        let mut gates = BTreeMap::new();
        for name in api.types.keys().filter(|name| !always.contains(*name)) {
            match used_by.get(name) {
                None => {
                    gates.insert(name.clone(), vec![OTHER_TYPES.to_string()]);
                }
                Some(users) if users.len() == groups.len() => {}
                Some(users) => {
                    gates.insert(name.clone(), users.iter().map(|&i| groups[i].clone()).collect());
                }
            }
        }
        TagFeatures { groups, gates }
    }

    /// Whether any type is compiled only with the `other-types` feature.
    pub fn has_other_types(&self) -> bool {
        self.gates.values().any(|features| features == &[OTHER_TYPES])
    }

    /// The gate of a type laid out without the formatter, as text; `None`: always compiled.
    pub fn cfg_text(&self, name: &str) -> Option<String> {
        self.gates.get(name).map(|features| cfg_text(features))
    }

    /// The type's items, each behind the features that need it.
    pub fn gate_type(&self, name: &str, items: TokenStream) -> TokenStream {
        match self.gates.get(name) {
            Some(features) => gate_items(&cfg(features), items),
            None => items,
        }
    }
}

/// The gate as the formatter lays it out: on one line when short, else one feature a line.
fn cfg_text(features: &[String]) -> String {
    let listed: Vec<String> =
        features.iter().map(|f| format!("feature = {}", proc_macro2::Literal::string(f))).collect();
    match listed.as_slice() {
        [one] => format!("#[cfg({one})]"),
        many => {
            let line = format!("#[cfg(any({}))]", many.join(", "));
            if line.len() <= 100 {
                return line;
            }
            let lines: Vec<String> = many.iter().map(|f| format!("        {f}")).collect();
            format!("#[cfg(\n    any(\n{}\n    )\n)]", lines.join(",\n"))
        }
    }
}

/// `#[cfg(feature = "a")]` or `#[cfg(any(feature = "a", feature = "b"))]`.
pub fn cfg(features: &[String]) -> TokenStream {
    match features {
        [one] => quote!(#[cfg(feature = #one)]),
        many => quote!(#[cfg(any(#(feature = #many),*))]),
    }
}

/// Puts `attribute` before every item of `items`: items end with a top-level brace group
/// (the emitted structs, enums and impls all do).
fn gate_items(attribute: &TokenStream, items: TokenStream) -> TokenStream {
    let mut out = TokenStream::new();
    let mut at_item_start = true;
    let mut tokens = items.into_iter().peekable();
    while let Some(token) = tokens.next() {
        if at_item_start {
            out.extend(attribute.clone());
        }
        // An item ends with its braces (`struct S { .. }`), or with a `;` (`const _: () = { .. };`).
        let is_semicolon = |token: &TokenTree| matches!(token, TokenTree::Punct(p) if p.as_char() == ';');
        let braces = matches!(&token, TokenTree::Group(g) if g.delimiter() == Delimiter::Brace);
        let ends_item = is_semicolon(&token) || braces && !tokens.peek().is_some_and(is_semicolon);
        out.extend([token]);
        at_item_start = ends_item;
    }
    out
}

/// What the API uses beyond the core runtime: optional modules and dependencies.
#[derive(Debug, Clone, Copy, Default)]
pub struct Features {
    pub multipart: bool,
    /// Server-sent events: the `sse` runtime module and `futures-core`.
    pub event_streams: bool,
    /// Paged operations: the `pagination` runtime module and `futures-core`.
    pub pagination: bool,
    /// Structs or unions: the `object` runtime module (`object!`, `decode_union`).
    pub objects: bool,
    pub string_enums: bool,
    /// Some types are behind the `other-types` feature.
    pub other_types: bool,
    pub chrono: bool,
    pub uuid: bool,
}

impl Features {
    pub fn of(api: &Api, tag_features: &TagFeatures) -> Self {
        let mut features = Features {
            multipart: api
                .groups
                .iter()
                .flat_map(|g| &g.operations)
                .any(|op| op.body.as_ref().is_some_and(|b| b.kind == crate::model::BodyKind::Multipart)),
            event_streams: has_event_streams(api),
            pagination: api.groups.iter().flat_map(|g| &g.operations).any(|op| op.pagination.is_some()),
            objects: api.types.values().any(|def| matches!(def.kind, TypeKind::Struct { .. } | TypeKind::Union { .. })),
            other_types: tag_features.has_other_types(),
            string_enums: api.types.values().any(|def| matches!(def.kind, TypeKind::StringEnum { .. })),
            chrono: false,
            uuid: false,
        };
        let mut visit = |ty: &TypeRef| {
            let mut stack = vec![ty];
            while let Some(ty) = stack.pop() {
                match ty {
                    TypeRef::DateTime | TypeRef::Date => features.chrono = true,
                    TypeRef::Uuid => features.uuid = true,
                    TypeRef::Vec(inner) | TypeRef::Map(inner) | TypeRef::Nullable(inner) => stack.push(inner),
                    _ => {}
                }
            }
        };
        for def in api.types.values() {
            match &def.kind {
                TypeKind::Struct { fields, additional } => {
                    fields.iter().map(|f| &f.ty).chain(additional).for_each(&mut visit);
                }
                TypeKind::Union { variants, .. } => variants.iter().for_each(|v| visit(&v.ty)),
                TypeKind::StringEnum { .. } => {}
            }
        }
        for op in api.groups.iter().flat_map(|g| &g.operations) {
            op.params.iter().for_each(|p| visit(&p.ty));
            op.body.iter().for_each(|b| visit(&b.ty));
            op.success.iter().filter_map(|s| s.body.json_type()).for_each(&mut visit);
            op.stream_method.iter().filter_map(|m| m.data.as_ref()).for_each(&mut visit);
        }
        features
    }
}

#[cfg(test)]
mod tests {
    use quote::quote;

    /// Every item gets the gate: items ending in braces, in braces and `;`, or in `;`.
    #[test]
    fn each_item_is_gated_once() {
        let items = quote! {
            unsafe impl Send for T {}
            const _: () = { fn f() {} };
            pub struct U(i64);
            pub enum E { A }
        };
        let gated = super::gate_items(&quote!(#[cfg(x)]), items).to_string();
        assert_eq!(gated.matches("# [cfg (x)]").count(), 4, "{gated}");
        assert!(gated.contains("{ fn f () { } } ; # [cfg (x)] pub struct U (i64) ; # [cfg (x)] pub enum"), "{gated}");
    }
}
