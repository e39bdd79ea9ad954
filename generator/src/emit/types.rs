//! Emitting the `types` module: one Rust type per named shape of the model.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::docs;
use super::pieces::Piece;
use crate::model::{Api, EnumVariant, Field, Presence, TypeDef, TypeKind, TypeRef, UnionVariant};

pub use crate::model::{ident, rust_type};

/// The `types` module: its header (docs and imports), then one item group per type. Kept
/// apart so a big module is formatted in pieces, in parallel and in less memory.
pub fn emit_types(api: &Api, uses: &super::features::Features, features: &super::features::TagFeatures) -> Vec<Piece> {
    let module_doc = docs::inner(&format!("Types of the {} requests and responses.", api.title));
    // With few features on, a client may compile no enum (or no derive) at all.
    let enum_import = uses.string_enums.then(|| {
        quote! {
            #[allow(unused_imports)]
            use crate::string_enum::string_enum;
        }
    });
    let object_import = uses.objects.then(|| {
        quote! {
            #[allow(unused_imports)]
            use crate::object::object;
        }
    });
    let header = quote! {
        #module_doc
        #[allow(unused_imports)]
        use serde::{Deserialize, Serialize};
        #object_import
        #enum_import
    };
    let defs = api.types.values().map(|def| match &def.kind {
        TypeKind::Struct { fields, additional } => {
            Piece::Formatted(emit_struct(def, fields, additional.as_ref(), features.cfg_text(&def.name)))
        }
        TypeKind::StringEnum { variants } => Piece::Formatted(emit_enum(def, variants, features.cfg_text(&def.name))),
        // Token streams cannot cross threads: they go to the formatter as text.
        TypeKind::Union { variants, discriminator } => Piece::Tokens(
            features.gate_type(&def.name, emit_union(def, variants, discriminator.as_deref())).to_string(),
        ),
    });
    let send_sync = api
        .types
        .values()
        .filter(|_| api.declares_send_sync)
        .map(|def| Piece::Tokens(features.gate_type(&def.name, declare_send_sync(def)).to_string()));
    std::iter::once(Piece::Tokens(header.to_string())).chain(defs).chain(send_sync).collect()
}

/// `Send` and `Sync` declared for a type whose nesting is deeper than the compiler proves
/// them (`resolve::type_depth` says why this is sound), beside a check that its members are
/// both: given the other types' declarations, that check is shallow.
fn declare_send_sync(def: &TypeDef) -> TokenStream {
    let name = ident(&def.name);
    let members = def.held_types().map(|ty| rust_type(ty, &quote!()));
    quote! {
        // SAFETY: every member is owned data that is `Send` and `Sync`, checked below.
        unsafe impl Send for #name {}
        // SAFETY: as for `Send`.
        unsafe impl Sync for #name {}
        #[allow(dead_code)]
        const _: () = {
            fn send_and_sync<T: Send + Sync>() {}
            fn members() {
                #(send_and_sync::<#members>();)*
            }
        };
    }
}

/// The spec's description (or a plain fallback), then where operations use the type.
fn type_doc_text(def: &TypeDef, what: &str) -> String {
    let fallback = if def.uses.is_empty() { Some(format!("The `{}` {what}.", def.name)) } else { None };
    let uses = def.uses.join("\n");
    docs::paragraphs([def.doc.as_deref().or(fallback.as_deref()), Some(uses.as_str())])
}

fn type_doc(def: &TypeDef, what: &str) -> TokenStream {
    docs::outer(&type_doc_text(def, what))
}

/// Objects are declared with the runtime's `object!` (which writes their serde impls, `new`
/// and setters), one line per member giving its value's type, its JSON key and how absence
/// and `null` are handled, then `new`'s arguments (the required members) and, for types sent
/// in requests, `setters`.
fn emit_struct(def: &TypeDef, fields: &[Field], additional: Option<&TypeRef>, cfg: Option<String>) -> String {
    let mut out = macro_item_start(cfg, "object", &type_doc_text(def, "object"));
    let default = if def.derives_default { ", Default" } else { "" };
    out.push_str(&format!("    #[derive(Debug, Clone, PartialEq{default})]\n"));
    out.push_str(&format!("    pub struct {} {{\n", def.name));
    for field in fields {
        let json_name = &field.json_name;
        let kind = match field.presence {
            Presence::OptionalNullable => " optional_nullable",
            Presence::Optional => " optional",
            Presence::Nullable => " nullable",
            Presence::Required => "",
        };
        let setter =
            if field.setter_name == field.rust_name { String::new() } else { format!(" => {}", field.setter_name) };
        let fallback = match &field.ty {
            TypeRef::Named(name) => format!("The `{json_name}` member: see [`{name}`]."),
            _ => format!("The `{json_name}` member."),
        };
        let mut text = field.doc.clone().unwrap_or(fallback);
        if let Some(default) = &field.default {
            text.push_str(&format!("\n\nDefault: `{default}`."));
        }
        if field.presence == Presence::OptionalNullable {
            text.push_str("\n\n`None` leaves the member out; `Some(None)` sends `null`.");
        }
        out.push_str(&docs::outer_text(&text, "        "));
        let json = proc_macro2::Literal::string(json_name);
        out.push_str(&format!("        pub {}: {} = {json}{kind}{setter},\n", field.rust_name, field.value_text()));
    }
    if let Some(value) = additional {
        let value = value.rust_text();
        out.push_str(&format!("        .. pub additional_properties: std::collections::BTreeMap<String, {value}>,\n"));
    }
    out.push_str("    }\n");
    let arguments: Vec<String> = fields
        .iter()
        .filter(|f| f.presence == Presence::Required)
        .map(|f| format!("{}: {}", f.rust_name, f.value_text()))
        .collect();
    let one_line = format!("    new({})\n", arguments.join(", "));
    if one_line.len() <= 100 {
        out.push_str(&one_line);
    } else {
        out.push_str("    new(\n");
        for argument in arguments {
            out.push_str(&format!("        {argument},\n"));
        }
        out.push_str("    )\n");
    }
    if def.sent_in_requests {
        out.push_str("    setters\n");
    }
    out.push_str("}\n");
    out
}

/// String enums keep a catch-all variant, so a value the server adds later still decodes.
/// They are declared with the runtime's `string_enum!`, one line per value.
fn emit_enum(def: &TypeDef, variants: &[EnumVariant], cfg: Option<String>) -> String {
    let mut out = macro_item_start(cfg, "string_enum", &type_doc_text(def, "values"));
    out.push_str(&format!("    {} {{\n", def.name));
    for variant in variants {
        let value = proc_macro2::Literal::string(&variant.value);
        out.push_str(&format!("        {} = {value},\n", variant.rust_name));
    }
    out.push_str("    }\n}\n");
    out
}

/// The feature gate, the macro call and the type's docs. Macro calls are laid out here, not
/// by the formatter, which prints a macro's body as one run of tokens.
fn macro_item_start(cfg: Option<String>, macro_name: &str, doc: &str) -> String {
    let mut out = cfg.map(|cfg| cfg + "\n").unwrap_or_default();
    out.push_str(&format!("{macro_name}! {{\n"));
    out.push_str(&docs::outer_text(doc, "    "));
    out
}

/// `oneOf` / `anyOf`: serialized as the variant itself. Decoding picks the variant the
/// discriminator names, or the first that fits; anything else is kept in `Other`.
fn emit_union(def: &TypeDef, variants: &[UnionVariant], discriminator: Option<&str>) -> TokenStream {
    let name = ident(&def.name);
    let doc = type_doc(def, "union");
    let declarations = variants.iter().map(|variant| {
        let variant_name = format_ident!("{}", variant.rust_name);
        let mut ty = rust_type(&variant.ty, &quote!());
        if variant.boxed {
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
    let (derives, impls) = match discriminator {
        Some(property) => {
            let (serialize, deserialize) = (with_tag(&name, variants, property), by_tag(&name, variants, property));
            (quote!(#[derive(Debug, Clone, PartialEq)]), quote!(#serialize #deserialize))
        }
        None => (quote!(#[derive(Debug, Clone, PartialEq, Serialize)] #[serde(untagged)]), in_order(&name, variants)),
    };
    quote! {
        #doc
        #derives
        // Variants are decoded values, kept inline as the spec shapes them.
        #[allow(clippy::large_enum_variant)]
        // A variant the spec adds later must not break a `match` written today.
        #[non_exhaustive]
        pub enum #name {
            #(#declarations)*
            /// A value matching no variant this version of the client knows.
            Other(serde_json::Value),
        }

        #impls
    }
}

/// With a discriminator, a variant is encoded with its tag even when its own members do not
/// carry the property (declared beside the `oneOf` only): the variant's one tag is added
/// (the runtime's `with_tag`). A variant several tags select keeps what its value says.
fn with_tag(name: &proc_macro2::Ident, variants: &[UnionVariant], property: &str) -> TokenStream {
    let arms = variants.iter().map(|variant| {
        let variant_name = format_ident!("{}", variant.rust_name);
        let tag = match variant.tags.as_slice() {
            [tag] => quote!(Some(#tag)),
            _ => quote!(None),
        };
        quote!(#name::#variant_name(value) => (#tag, serde_json::to_value(value)),)
    });
    quote! {
        impl Serialize for #name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                let (tag, value) = match self {
                    #(#arms)*
                    #name::Other(value) => return value.serialize(serializer),
                };
                let value = value.map_err(serde::ser::Error::custom)?;
                crate::object::with_tag(value, #property, tag).serialize(serializer)
            }
        }
    }
}

/// Without a discriminator, the first variant that decodes the value and keeps every member
/// it has (the runtime's `decode_union`); else the catch-all.
fn in_order(name: &proc_macro2::Ident, variants: &[UnionVariant]) -> TokenStream {
    let attempts = variants.iter().map(|variant| {
        let variant_name = format_ident!("{}", variant.rust_name);
        quote!(|value| serde_json::from_value(value).map(#name::#variant_name))
    });
    quote! {
        impl<'de> Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let value = serde_json::Value::deserialize(deserializer)?;
                let decoded = crate::object::decode_union(&value, &[#(#attempts),*]);
                Ok(decoded.unwrap_or(#name::Other(value)))
            }
        }
    }
}

/// With a discriminator, the variant its tag selects; an unknown tag is the catch-all.
fn by_tag(name: &proc_macro2::Ident, variants: &[UnionVariant], property: &str) -> TokenStream {
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
}
