//! How the model's types are spelled in Rust: once, as tokens. Generated code uses the tokens;
//! the laid-out items, `API.md` and the API change report print the same tokens as text
//! ([`text_of`]), so the two can never disagree.

use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

use super::operations::{BodyKind, RequestBody};
use super::types::TypeRef;

/// An identifier token, raw (`r#type`) where the model says so.
pub fn ident(name: &str) -> Ident {
    match name.strip_prefix("r#") {
        Some(raw) => Ident::new_raw(raw, Span::call_site()),
        None => Ident::new(name, Span::call_site()),
    }
}

/// The Rust type for a [`TypeRef`]; named types are written as `prefix::Name` (`prefix` may
/// be empty).
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
        TypeRef::Nullable(inner) => {
            let inner = rust_type(inner, prefix);
            quote!(Option<#inner>)
        }
        TypeRef::Named(name) => {
            let name = ident(name);
            quote!(#prefix #name)
        }
    }
}

impl RequestBody {
    /// The method's `body` argument: a reference to the body type (`Option<&T>` when the
    /// schema allows `null`, and `None` sends it), anything that becomes an upload, or text.
    pub fn argument_type(&self, prefix: &TokenStream) -> TokenStream {
        match self.kind {
            BodyKind::Json if self.sends_null() => {
                let ty = rust_type(self.ty.non_null(), prefix);
                quote!(Option<&#ty>)
            }
            BodyKind::Json | BodyKind::Form | BodyKind::Multipart => {
                let ty = rust_type(&self.ty, prefix);
                quote!(&#ty)
            }
            // Anything `Into<Vec<u8>>`, as before files and streams, or an `UploadBody`.
            BodyKind::Bytes => quote!(impl crate::IntoUploadBody),
            BodyKind::Text => quote!(&str),
        }
    }

    /// [`argument_type`](Self::argument_type) as source text, named types without a path.
    pub fn argument_text(&self) -> String {
        text_of(&self.argument_type(&TokenStream::new()))
    }
}

impl TypeRef {
    /// [`rust_type`] as source text, named types without a module path
    /// (`std::collections::BTreeMap<String, Pet>`).
    pub fn rust_text(&self) -> String {
        text_of(&rust_type(self, &TokenStream::new()))
    }
}

/// Tokens of a type as a person writes them: no spaces but between two words and after a
/// comma (`impl crate::IntoUploadBody`, `BTreeMap<String, Vec<u8>>`).
pub fn text_of(tokens: &TokenStream) -> String {
    let spaced = tokens.to_string();
    let chars: Vec<char> = spaced.chars().collect();
    let word = |c: Option<&char>| c.is_some_and(|c| c.is_alphanumeric() || *c == '_');
    let mut text = String::with_capacity(chars.len());
    for (at, c) in chars.iter().enumerate() {
        match c {
            ' ' if word(text.chars().last().as_ref()) && word(chars.get(at + 1)) => text.push(' '),
            ' ' => {}
            ',' => text.push_str(", "),
            other => text.push(*other),
        }
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn types_read_as_a_person_writes_them() {
        let pet = || Box::new(TypeRef::Named("Pet".into()));
        let cases = [
            (TypeRef::Map(Box::new(TypeRef::Vec(pet()))), "std::collections::BTreeMap<String, Vec<Pet>>"),
            (TypeRef::Nullable(Box::new(TypeRef::DateTime)), "Option<chrono::DateTime<chrono::Utc>>"),
            (TypeRef::Named("r#type".into()), "r#type"),
            (TypeRef::Bytes, "crate::FilePart"),
        ];
        for (ty, text) in cases {
            assert_eq!(ty.rust_text(), text);
        }
        let body = |kind, ty| RequestBody { ty, kind, content_type: String::new(), required: true, doc: None };
        assert_eq!(body(BodyKind::Bytes, TypeRef::Bytes).argument_text(), "impl crate::IntoUploadBody");
        assert_eq!(body(BodyKind::Text, TypeRef::String).argument_text(), "&str");
        assert_eq!(body(BodyKind::Json, TypeRef::Nullable(pet())).argument_text(), "Option<&Pet>");
        assert_eq!(body(BodyKind::Multipart, TypeRef::Named("Form".into())).argument_text(), "&Form");
    }
}
