//! Emitting the `types` module: one Rust type per named shape of the model.

use std::collections::{BTreeMap, BTreeSet};

use proc_macro2::{Ident, Span, TokenStream};
use quote::{format_ident, quote};

use super::docs;
use crate::model::{Api, EnumVariant, Field, TypeDef, TypeKind, TypeRef};

/// An identifier token, raw (`r#type`) where the model says so.
pub fn ident(name: &str) -> Ident {
    match name.strip_prefix("r#") {
        Some(raw) => Ident::new_raw(raw, Span::call_site()),
        None => Ident::new(name, Span::call_site()),
    }
}

/// The Rust type for a [`TypeRef`]; named types are written as `prefix::Name`.
pub fn rust_type(ty: &TypeRef, prefix: &TokenStream) -> TokenStream {
    match ty {
        TypeRef::String => quote!(String),
        TypeRef::Bool => quote!(bool),
        TypeRef::I32 => quote!(i32),
        TypeRef::I64 => quote!(i64),
        TypeRef::F32 => quote!(f32),
        TypeRef::F64 => quote!(f64),
        TypeRef::Json => quote!(serde_json::Value),
        TypeRef::Vec(item) => {
            let item = rust_type(item, prefix);
            quote!(Vec<#item>)
        }
        TypeRef::Map(value) => {
            let value = rust_type(value, prefix);
            quote!(std::collections::BTreeMap<String, #value>)
        }
        TypeRef::Named(name) => {
            let name = ident(name);
            quote!(#prefix #name)
        }
    }
}

pub fn emit_types(api: &Api) -> TokenStream {
    let analysis = Analysis::new(&api.types);
    let defs = api.types.values().map(|def| match &def.kind {
        TypeKind::Struct { fields } => emit_struct(def, fields, &analysis),
        TypeKind::StringEnum { variants } => emit_enum(def, variants),
    });
    let module_doc = docs::inner(&format!("Types of the {} requests and responses.", api.title));
    quote! {
        #module_doc
        use serde::{Deserialize, Serialize};
        #(#defs)*
    }
}

fn emit_struct(def: &TypeDef, fields: &[Field], analysis: &Analysis<'_>) -> TokenStream {
    let name = ident(&def.name);
    let doc = type_doc(def, "object");
    let fields = fields.iter().map(|field| {
        let mut ty = rust_type(&field.ty, &quote!());
        if analysis.needs_box(&def.name, &field.ty) {
            ty = quote!(Box<#ty>);
        }
        let optional = !field.required || field.nullable;
        let json_name = &field.json_name;
        let rust_name = ident(&field.rust_name);
        let mut serde_args = Vec::new();
        if field.rust_name.trim_start_matches("r#") != json_name {
            serde_args.push(quote!(rename = #json_name));
        }
        if !field.required {
            serde_args.push(quote!(default, skip_serializing_if = "Option::is_none"));
        }
        let serde_attr = (!serde_args.is_empty()).then(|| quote!(#[serde(#(#serde_args),*)]));
        let ty = if optional { quote!(Option<#ty>) } else { ty };
        let fallback = match &field.ty {
            TypeRef::Named(name) => format!("The `{json_name}` member: see [`{name}`]."),
            _ => format!("The `{json_name}` member."),
        };
        let doc = docs::outer(field.doc.as_deref().unwrap_or(&fallback));
        quote! {
            #doc
            #serde_attr
            pub #rust_name: #ty,
        }
    });
    let default = analysis.has_default(&def.name).then(|| quote!(Default,));
    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq, #default Serialize, Deserialize)]
        pub struct #name {
            #(#fields)*
        }
    }
}

/// The spec's description (or a plain fallback), then where operations use the type.
fn type_doc(def: &TypeDef, what: &str) -> TokenStream {
    let fallback = if def.uses.is_empty() { Some(format!("The `{}` {what}.", def.name)) } else { None };
    let uses = def.uses.join("\n");
    docs::outer(&docs::paragraphs([def.doc.as_deref().or(fallback.as_deref()), Some(uses.as_str())]))
}

/// String enums keep a catch-all variant, so a value the server adds later still decodes.
fn emit_enum(def: &TypeDef, variants: &[EnumVariant]) -> TokenStream {
    let name = ident(&def.name);
    let doc = type_doc(def, "values");
    let idents: Vec<Ident> = variants.iter().map(|v| format_ident!("{}", v.rust_name)).collect();
    let values: Vec<&str> = variants.iter().map(|v| v.value.as_str()).collect();
    let variant_docs = values.iter().map(|v| docs::outer(&format!("`{v}`")));
    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum #name {
            #( #variant_docs #idents, )*
            /// A value this version of the client does not know.
            Unknown(String),
        }

        impl #name {
            /// The value as sent on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    #( #name::#idents => #values, )*
                    #name::Unknown(value) => value,
                }
            }
        }

        impl std::fmt::Display for #name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl From<&str> for #name {
            fn from(value: &str) -> Self {
                match value {
                    #( #values => #name::#idents, )*
                    other => #name::Unknown(other.to_string()),
                }
            }
        }

        impl Serialize for #name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let value = String::deserialize(deserializer)?;
                Ok(#name::from(value.as_str()))
            }
        }
    }
}

/// Which structs can derive `Default`, and which fields need a `Box` to break a cycle.
struct Analysis<'a> {
    types: &'a BTreeMap<String, TypeDef>,
    defaults: BTreeSet<String>,
}

impl<'a> Analysis<'a> {
    fn new(types: &'a BTreeMap<String, TypeDef>) -> Self {
        // A fixpoint: a struct has Default when all its required fields' types have one.
        let mut defaults = BTreeSet::new();
        loop {
            let before = defaults.len();
            for def in types.values() {
                if let TypeKind::Struct { fields } = &def.kind {
                    let all = fields.iter().all(|f| !f.required || f.nullable || type_has_default(&f.ty, &defaults));
                    if all {
                        defaults.insert(def.name.clone());
                    }
                }
            }
            if defaults.len() == before {
                break;
            }
        }
        Analysis { types, defaults }
    }

    fn has_default(&self, name: &str) -> bool {
        self.defaults.contains(name)
    }

    /// A field holding `ty` directly (not behind a Vec or map) that leads back to `owner`.
    fn needs_box(&self, owner: &str, ty: &TypeRef) -> bool {
        let TypeRef::Named(target) = ty else { return false };
        let mut seen = BTreeSet::new();
        self.reaches(target, owner, &mut seen)
    }

    fn reaches(&self, from: &str, to: &str, seen: &mut BTreeSet<String>) -> bool {
        if from == to {
            return true;
        }
        if !seen.insert(from.to_string()) {
            return false;
        }
        let Some(TypeDef { kind: TypeKind::Struct { fields }, .. }) = self.types.get(from) else { return false };
        fields.iter().any(|f| matches!(&f.ty, TypeRef::Named(next) if self.reaches(next, to, seen)))
    }
}

fn type_has_default(ty: &TypeRef, defaults: &BTreeSet<String>) -> bool {
    match ty {
        TypeRef::Named(name) => defaults.contains(name),
        _ => true,
    }
}
