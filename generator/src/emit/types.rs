//! Emitting the `types` module: one Rust type per named shape of the model.

use std::collections::{BTreeMap, BTreeSet};

use proc_macro2::{Ident, Span, TokenStream};
use quote::{format_ident, quote};

use super::docs;
use crate::model::{Api, BodyKind, EnumVariant, Field, TypeDef, TypeKind, TypeRef, UnionVariant};

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
        TypeRef::I8 => quote!(i8),
        TypeRef::I16 => quote!(i16),
        TypeRef::I32 => quote!(i32),
        TypeRef::I64 => quote!(i64),
        TypeRef::U8 => quote!(u8),
        TypeRef::U16 => quote!(u16),
        TypeRef::U32 => quote!(u32),
        TypeRef::U64 => quote!(u64),
        TypeRef::F32 => quote!(f32),
        TypeRef::F64 => quote!(f64),
        TypeRef::DateTime => quote!(chrono::DateTime<chrono::Utc>),
        TypeRef::Date => quote!(chrono::NaiveDate),
        TypeRef::Uuid => quote!(uuid::Uuid),
        TypeRef::Ipv4 => quote!(std::net::Ipv4Addr),
        TypeRef::Ipv6 => quote!(std::net::Ipv6Addr),
        TypeRef::IpAddr => quote!(std::net::IpAddr),
        TypeRef::Bytes => quote!(crate::FilePart),
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

/// The `types` module as pieces: its header (docs and imports), then one item group per type.
/// Kept apart so a big module is formatted in pieces, in parallel and in less memory.
pub fn emit_types(api: &Api, features: &super::features::TagFeatures) -> Vec<TokenStream> {
    let analysis = Analysis::new(api);
    let module_doc = docs::inner(&format!("Types of the {} requests and responses.", api.title));
    let header = quote! {
        #module_doc
        #[allow(unused_imports)]
        use serde::{Deserialize, Serialize};
    };
    let defs = api.types.values().map(|def| {
        let items = match &def.kind {
            TypeKind::Struct { fields, additional } => emit_struct(def, fields, additional.as_ref(), &analysis),
            TypeKind::StringEnum { variants } => emit_enum(def, variants),
            TypeKind::Union { variants, discriminator } => {
                emit_union(def, variants, discriminator.as_deref(), &analysis)
            }
        };
        features.gate_type(&def.name, items)
    });
    std::iter::once(header).chain(defs).collect()
}

/// The spec's description (or a plain fallback), then where operations use the type.
fn type_doc(def: &TypeDef, what: &str) -> TokenStream {
    let fallback = if def.uses.is_empty() { Some(format!("The `{}` {what}.", def.name)) } else { None };
    let uses = def.uses.join("\n");
    docs::outer(&docs::paragraphs([def.doc.as_deref().or(fallback.as_deref()), Some(uses.as_str())]))
}

fn emit_struct(def: &TypeDef, fields: &[Field], additional: Option<&TypeRef>, analysis: &Analysis<'_>) -> TokenStream {
    let name = ident(&def.name);
    let doc = type_doc(def, "object");
    let in_requests = analysis.sent_in_requests.contains(&def.name);
    let fields = fields.iter().map(|field| {
        let mut ty = rust_type(&field.ty, &quote!());
        if analysis.needs_box(&def.name, &field.ty) {
            ty = quote!(Box<#ty>);
        }
        let json_name = &field.json_name;
        let rust_name = ident(&field.rust_name);
        let mut serde_args = Vec::new();
        if field.rust_name.trim_start_matches("r#") != json_name {
            serde_args.push(quote!(rename = #json_name));
        }
        // An optional nullable member of a request type keeps "absent" and "null" apart.
        let double_option = !field.required && field.nullable && in_requests;
        let ty = if double_option {
            serde_args.push(quote!(default, skip_serializing_if = "Option::is_none", with = "crate::nullable"));
            quote!(Option<Option<#ty>>)
        } else if !field.required {
            serde_args.push(quote!(default, skip_serializing_if = "Option::is_none"));
            quote!(Option<#ty>)
        } else if field.nullable {
            quote!(Option<#ty>)
        } else {
            ty
        };
        let serde_attr = (!serde_args.is_empty()).then(|| quote!(#[serde(#(#serde_args),*)]));
        let fallback = match &field.ty {
            TypeRef::Named(name) => format!("The `{json_name}` member: see [`{name}`]."),
            _ => format!("The `{json_name}` member."),
        };
        let mut text = field.doc.clone().unwrap_or(fallback);
        if let Some(default) = &field.default {
            text.push_str(&format!("\n\nDefault: `{default}`."));
        }
        if double_option {
            text.push_str("\n\n`None` leaves the member out; `Some(None)` sends `null`.");
        }
        let doc = docs::outer(&text);
        quote! {
            #doc
            #serde_attr
            pub #rust_name: #ty,
        }
    });
    let additional = additional.map(|value| {
        let value = rust_type(value, &quote!());
        quote! {
            /// Members not named above (`additionalProperties`).
            #[serde(flatten)]
            pub additional_properties: std::collections::BTreeMap<String, #value>,
        }
    });
    let default = analysis.has_default(&def.name).then(|| quote!(Default,));
    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq, #default Serialize, Deserialize)]
        pub struct #name {
            #(#fields)*
            #additional
        }
    }
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

/// `oneOf` / `anyOf`: serialized as the variant itself. Decoding picks the variant the
/// discriminator names, or the first that fits; anything else is kept in `Other`.
fn emit_union(
    def: &TypeDef,
    variants: &[UnionVariant],
    discriminator: Option<&str>,
    analysis: &Analysis<'_>,
) -> TokenStream {
    let name = ident(&def.name);
    let doc = type_doc(def, "union");
    let declarations = variants.iter().map(|variant| {
        let variant_name = format_ident!("{}", variant.rust_name);
        let mut ty = rust_type(&variant.ty, &quote!());
        if analysis.needs_box(&def.name, &variant.ty) {
            ty = quote!(Box<#ty>);
        }
        let text = match variant.tags.as_slice() {
            [] => format!("The `{}` variant.", variant.rust_name),
            tags => format!(
                "Selected by `{}` = {}.",
                discriminator.unwrap_or(""),
                tags.iter().map(|t| format!("`{t}`")).collect::<Vec<_>>().join(" or ")
            ),
        };
        let doc = docs::outer(&text);
        quote!(#doc #variant_name(#ty),)
    });
    let deserialize = match discriminator {
        None => quote!(Deserialize,),
        Some(_) => quote!(),
    };
    let by_tag = discriminator.map(|property| {
        let arms = variants.iter().filter(|v| !v.tags.is_empty()).map(|variant| {
            let variant_name = format_ident!("{}", variant.rust_name);
            let tags = &variant.tags;
            quote! {
                #( Some(#tags) )|* => serde_json::from_value(value).map(#name::#variant_name).map_err(serde::de::Error::custom),
            }
        });
        quote! {
            impl<'de> Deserialize<'de> for #name {
                fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                    let value = serde_json::Value::deserialize(deserializer)?;
                    let tag = value.get(#property).and_then(serde_json::Value::as_str).map(str::to_owned);
                    match tag.as_deref() {
                        #(#arms)*
                        _ => Ok(#name::Other(value)),
                    }
                }
            }
        }
    });
    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq, Serialize, #deserialize)]
        #[serde(untagged)]
        pub enum #name {
            #(#declarations)*
            /// A value matching no variant this version of the client knows.
            Other(serde_json::Value),
        }

        #by_tag
    }
}

/// Facts about the types that decide derives, boxing and nullable handling.
struct Analysis<'a> {
    types: &'a BTreeMap<String, TypeDef>,
    defaults: BTreeSet<String>,
    /// Types reachable from a request body: these keep "absent" and "null" apart.
    sent_in_requests: BTreeSet<String>,
}

impl<'a> Analysis<'a> {
    fn new(api: &'a Api) -> Self {
        let types = &api.types;
        // A fixpoint: a struct has Default when all its required members' types have one.
        let mut defaults = BTreeSet::new();
        loop {
            let before = defaults.len();
            for def in types.values() {
                if let TypeKind::Struct { fields, .. } = &def.kind {
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
        let mut sent_in_requests = BTreeSet::new();
        let bodies = api.groups.iter().flat_map(|g| &g.operations).filter_map(|op| op.body.as_ref());
        for body in bodies.filter(|b| matches!(b.kind, BodyKind::Json | BodyKind::Form | BodyKind::Multipart)) {
            api.collect_reachable(&body.ty, &mut sent_in_requests);
        }
        Analysis { types, defaults, sent_in_requests }
    }

    fn has_default(&self, name: &str) -> bool {
        self.defaults.contains(name)
    }

    /// A member holding `ty` directly (not behind a Vec or map) that leads back to `owner`.
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
        let Some(def) = self.types.get(from) else { return false };
        def.members().any(|ty| matches!(ty, TypeRef::Named(next) if self.reaches(next, to, seen)))
    }
}

fn type_has_default(ty: &TypeRef, defaults: &BTreeSet<String>) -> bool {
    match ty {
        TypeRef::Named(name) => defaults.contains(name),
        TypeRef::DateTime | TypeRef::Date | TypeRef::Ipv4 | TypeRef::Ipv6 | TypeRef::IpAddr => false,
        _ => true,
    }
}
