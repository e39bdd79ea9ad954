//! Emitting one module per API group: a borrowed handle (`client.api_keys()`) whose
//! methods build a `Call` for each operation. Required parameters are arguments; optional
//! ones are setters on a per-operation builder, so the common call stays short.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::docs;
use super::types::{ident, rust_type};
use crate::model::{
    BodyKind, Group, GroupOrigin, Operation, ParamLocation, Parameter, Presence, QueryStyle, ResponseBody, Returns,
    TypeRef,
};

pub fn emit_group(group: &Group, api_types: &std::collections::BTreeMap<String, crate::model::TypeDef>) -> TokenStream {
    let struct_name = ident(&group.struct_name);
    let accessor = ident(&group.accessor);
    let tag = &group.tag;
    let origin = match &group.origin {
        GroupOrigin::Tag => format!("Operations tagged `{tag}`."),
        GroupOrigin::Path(prefix) => format!("Operations on paths under `{prefix}` (the spec tags none of them)."),
        GroupOrigin::Untagged => "The operations the spec gives no tag.".to_string(),
    };
    let module_doc = docs::inner(&docs::paragraphs([Some(origin.as_str()), group.doc.as_deref()]));
    let struct_doc = docs::outer(&format!(
        "The `{tag}` operations. Get it from [`Client::{accessor}`](crate::Client::{accessor}); it borrows the client and is cheap to copy."
    ));
    let accessor_doc =
        docs::outer(&docs::paragraphs([Some(format!("The `{tag}` operations.").as_str()), group.doc.as_deref()]));
    // An operation with a streaming twin is emitted twice: as declared (JSON), and as the
    // twin, whose only success response is the event stream.
    let operations: Vec<EmittedOperation> = group
        .operations
        .iter()
        .flat_map(|op| {
            std::iter::once(op.clone()).chain(op.stream_method.as_ref().map(|stream| stream_twin(op, stream)))
        })
        .map(|op| emit_operation(group, &op, api_types))
        .collect();
    let methods: Vec<&TokenStream> = operations.iter().map(|o| &o.method).collect();
    let code: Vec<&TokenStream> = operations.iter().flat_map(|o| [&o.method, &o.extra_items]).collect();
    let uses = |module: &str| code.iter().any(|tokens| uses_module(tokens, module));
    let types_import = uses("types").then(|| {
        quote!(
            use crate::types;
        )
    });
    // A group whose every call streams decodes nothing with `call::`.
    let uses_call_module = uses("call");
    let call_import = if uses_call_module {
        quote!(
            use crate::call::{self, Call, Operation};
        )
    } else {
        quote!(
            use crate::call::{Call, Operation};
        )
    };
    let extras = operations.iter().map(|o| &o.extra_items);
    quote! {
        #module_doc

        #call_import
        #types_import

        #struct_doc
        #[derive(Debug, Clone, Copy)]
        pub struct #struct_name<'c> {
            client: &'c crate::Client,
        }

        impl crate::Client {
            #accessor_doc
            pub fn #accessor(&self) -> #struct_name<'_> {
                #struct_name { client: self }
            }
        }

        impl<'c> #struct_name<'c> {
            #(#methods)*
        }

        #(#extras)*
    }
}

/// The operation as its streaming twin: the stream method's name, the first success status
/// answering with events.
fn stream_twin(op: &Operation, stream: &crate::model::StreamMethod) -> Operation {
    let mut twin = op.clone();
    twin.method_name = stream.name.clone();
    let status = op.success.first().map_or_else(|| "200".to_string(), |s| s.status.clone());
    let doc = Some(format!("a stream of events (the `text/event-stream` form of [`{}`](Self::{0}))", op.method_name));
    let body = ResponseBody::Events(stream.data.clone());
    let media_type = Some("text/event-stream".to_string());
    twin.success = vec![crate::model::SuccessResponse { status, body, media_type, doc }];
    twin.returns = Returns::Body(ResponseBody::Events(stream.data.clone()));
    twin.call_builder = stream.call_builder.clone();
    twin.stream_method = None;
    // Paging reads JSON pages; the twin's body is a stream.
    twin.pagination = None;
    twin.pagination_note = None;
    twin
}

struct EmittedOperation {
    method: TokenStream,
    /// A builder for optional parameters and an enum of several responses, when needed.
    extra_items: TokenStream,
}

fn emit_operation(
    group: &Group,
    op: &Operation,
    api_types: &std::collections::BTreeMap<String, crate::model::TypeDef>,
) -> EmittedOperation {
    let method_name = ident(&op.method_name);
    let types_prefix = quote!(types::);
    let http_method = format_ident!("{}", op.http_method.to_ascii_lowercase());
    let operation_name = format!("{}.{}", group.module, op.method_name.trim_start_matches("r#"));
    let template = &op.path_template;

    let mut args = Vec::new();
    let mut arg_docs = Vec::new();
    let mut setters = Vec::new();
    let mut apply = Vec::new();
    for param in &op.params {
        let name = ident(&param.rust_name);
        let shown = param.rust_name.trim_start_matches("r#");
        let (arg_ty, value) = argument(&param.ty, &name, &types_prefix);
        let set = set_param(param, &value);
        if param.is_argument() {
            args.push(quote!(#name: #arg_ty));
            arg_docs.push(format!("- `{shown}`: {}", param.doc.as_deref().unwrap_or("").trim()));
            if param.location != ParamLocation::Path {
                apply.push(set);
            }
        } else {
            let doc = docs::outer(param.doc.as_deref().unwrap_or(&format!("Sets the `{}` parameter.", param.name)));
            setters.push(quote! {
                #doc
                pub fn #name(self, #name: #arg_ty) -> Self {
                    Self(self.0 #set)
                }
            });
        }
    }

    let mut body_setup = TokenStream::new();
    if let Some(body) = &op.body {
        let content_type = &body.content_type;
        arg_docs.push(format!("- `body`: {}", body.doc.as_deref().unwrap_or("the request body").trim()));
        let argument = body.argument_type(&types_prefix);
        args.push(quote!(body: #argument));
        match body.kind {
            BodyKind::Json | BodyKind::Form => {
                let setter = if body.kind == BodyKind::Json { quote!(json_body) } else { quote!(form_body) };
                let value = if body.sends_null() { quote!(&body) } else { quote!(body) };
                apply.push(quote!(.#setter(#content_type, #value)));
            }
            BodyKind::Multipart => {
                let parts = multipart_parts(&body.ty, api_types);
                body_setup = quote! {
                    let mut parts = Vec::new();
                    #(#parts)*
                    let (content_type, encoded) = crate::multipart::encode(&parts);
                };
                apply.push(quote!(.bytes_body(&content_type, encoded)));
            }
            BodyKind::Bytes => {
                apply.push(quote!(.upload_body(#content_type, crate::IntoUploadBody::into_upload_body(body))))
            }
            BodyKind::Text => apply.push(quote!(.bytes_body(#content_type, body.as_bytes().to_vec()))),
        }
    }

    let path_values = path_values(op, &quote!(call));
    let (returns, decode, extra_enum, returns_doc) = success_type(op, &types_prefix);

    let usage = format!("`{} {}`{}", op.http_method.to_ascii_uppercase(), op.path_template, security_note(op));
    let mut sections = vec![op.summary.clone(), op.description.clone(), Some(usage)];
    sections.push(super::pagination::paging_note(op));
    if let Some(header) = &op.idempotency_header {
        sections.push(Some(format!(
            "Each call sends a new idempotency key in `{}` (unless you set one), the same on every attempt, so \
             the call is retried like a GET.",
            header.replace('`', "'")
        )));
    }
    if !arg_docs.is_empty() {
        sections.push(Some(format!("# Arguments\n\n{}", arg_docs.join("\n"))));
    }
    let builder_name = op.call_builder.as_deref().map(|name| format_ident!("{}", name));
    let streams = matches!(op.returns, Returns::Body(ResponseBody::Events(_)));
    let awaiting = match &builder_name {
        None if streams => {
            "Await the returned [`Call`] for the stream of events (see [`EventStream`](crate::EventStream))."
                .to_string()
        }
        None => "Await the returned [`Call`] for the body, or use its methods for per-request options and the raw \
                 response."
            .to_string(),
        Some(builder_name) if setters.is_empty() => format!(
            "Await the returned [`{builder_name}`] for the body, or read every page with its `.stream()` and `.pages()`."
        ),
        Some(builder_name) => {
            format!("Optional parameters are set on the returned [`{builder_name}`]; await it for the body.")
        }
    };
    // One closing paragraph: what comes back, and how to send it.
    sections.push(Some(match returns_doc {
        Some(returns) => format!("{returns} {awaiting}"),
        None => awaiting,
    }));
    let doc = docs::outer(&docs::paragraphs(sections.iter().map(Option::as_deref)));
    let deprecated = op.deprecated.then(|| quote!(#[deprecated]));

    let constructor = if streams { quote!(streaming) } else { quote!(new) };
    let call = quote!(Call::#constructor(self.client, &OP, &[#(#path_values),*], #decode) #(#apply)*);
    let (result_type, result) = match &builder_name {
        None => (quote!(Call<'c, #returns>), call),
        Some(builder_name) => (quote!(#builder_name<'c>), quote!(#builder_name(#call))),
    };
    let security = op.security.as_ref().map(|alternatives| {
        let alternatives = alternatives.iter().map(|schemes| quote!(&[#(#schemes),*]));
        quote!(.secured(&[#(#alternatives),*]))
    });
    let idempotency = op.idempotency_header.as_ref().map(|header| quote!(.idempotent_with(#header)));
    let accept = op.accept.as_ref().map(|accept| quote!(.accepting(#accept)));
    // The spec decides how many parameters are required; each is an argument, as documented.
    let many_arguments = (args.len() + 1 > 7).then(|| quote!(#[allow(clippy::too_many_arguments)]));
    let method = quote! {
        #doc
        #deprecated
        #many_arguments
        pub fn #method_name(&self, #(#args),*) -> #result_type {
            static OP: Operation = Operation::#http_method(#operation_name, #template) #security #idempotency #accept;
            #body_setup
            #result
        }
    };

    let builder = builder_name.map(|builder_name| {
        let paging = op.pagination.as_ref().map(|pagination| {
            let methods = super::pagination::paging_methods(op, pagination, &returns);
            quote!(impl<'c> #builder_name<'c> { #methods })
        });
        let setters_impl = (!setters.is_empty()).then(|| quote!(impl #builder_name<'_> { #(#setters)* }));
        let what = if setters.is_empty() {
            "to page through"
        } else {
            "with its optional parameters: set them, then await it"
        };
        let builder_doc = docs::outer(&format!(
            "A call to [`{0}::{1}`] {what}.",
            group.struct_name,
            op.method_name.trim_start_matches("r#")
        ));
        quote! {
            #builder_doc
            #[must_use = "a call does nothing until it is awaited"]
            #[derive(Debug)]
            pub struct #builder_name<'c>(Call<'c, #returns>);

            #setters_impl

            #paging

            crate::call::call_options!(#builder_name, #returns);
        }
    });
    EmittedOperation { method, extra_items: quote!(#extra_enum #builder) }
}

/// Whether `tokens` name a path that starts with the module `module` as imported (`types::X`,
/// not `crate::types::X`), at any depth of the token tree: what decides the `use` lines.
fn uses_module(tokens: &TokenStream, module: &str) -> bool {
    use proc_macro2::TokenTree;
    let trees: Vec<TokenTree> = tokens.clone().into_iter().collect();
    trees.iter().enumerate().any(|(at, tree)| match tree {
        TokenTree::Group(group) => uses_module(&group.stream(), module),
        TokenTree::Ident(ident) if ident == module => {
            let colon = |i: usize| matches!(trees.get(i), Some(TokenTree::Punct(p)) if p.as_char() == ':');
            let after_path = at >= 2 && colon(at - 1) && colon(at - 2);
            colon(at + 1) && colon(at + 2) && !after_path
        }
        _ => false,
    })
}

/// The argument type of a parameter and the expression that passes its value on; generated
/// types are spelled after `prefix` (`types::` in a group module). The mock's expectation
/// methods take the same arguments.
pub(super) fn argument(ty: &TypeRef, name: &proc_macro2::Ident, prefix: &TokenStream) -> (TokenStream, TokenStream) {
    match ty {
        TypeRef::String => (quote!(&str), quote!(#name)),
        TypeRef::Vec(item) => {
            let item = rust_type(item, prefix);
            (quote!(&[#item]), quote!(#name))
        }
        TypeRef::Named(_) | TypeRef::Map(_) | TypeRef::Json => {
            let ty = rust_type(ty, prefix);
            (quote!(&#ty), quote!(#name))
        }
        other => (rust_type(other, prefix), quote!(&#name)),
    }
}

/// `.query_param(..)` and friends for one parameter.
fn set_param(param: &Parameter, value: &TokenStream) -> TokenStream {
    let name = &param.name;
    match param.location {
        ParamLocation::Query => {
            let style = match param.style {
                QueryStyle::Form { explode: true } => return quote!(.query(#name, #value)),
                QueryStyle::Form { explode } => quote!(crate::params::QueryStyle::Form { explode: #explode }),
                QueryStyle::SpaceDelimited => quote!(crate::params::QueryStyle::SpaceDelimited),
                QueryStyle::PipeDelimited => quote!(crate::params::QueryStyle::PipeDelimited),
                QueryStyle::DeepObject => quote!(crate::params::QueryStyle::DeepObject),
            };
            quote!(.query_param(#name, #value, #style))
        }
        ParamLocation::Header => quote!(.header_param(#name, #value)),
        ParamLocation::Cookie => quote!(.cookie_param(#name, #value)),
        ParamLocation::Path => TokenStream::new(),
    }
}

/// The values that fill the path template's placeholders, in order (the runtime
/// percent-encodes each as one segment). Non-string values are spelled as text first, by
/// `path_value` of the runtime module `call` (as the calling module names it). The mock
/// fills its expected paths the same way.
pub(super) fn path_values(op: &Operation, call: &TokenStream) -> Vec<TokenStream> {
    let path_params: Vec<&Parameter> = op.params.iter().filter(|p| p.location == ParamLocation::Path).collect();
    crate::model::template_parameters(&op.path_template)
        // Resolution checked that every placeholder has a parameter.
        .filter_map(|name| path_params.iter().find(|p| p.name == name))
        .map(|param| {
            let arg = ident(&param.rust_name);
            match param.ty {
                TypeRef::String => quote!(#arg),
                _ => quote!(&#call::path_value(&#arg)),
            }
        })
        .collect()
}

/// The result type, its decoder, the enum of several responses (as the model names it), and
/// the doc line.
fn success_type(
    op: &Operation,
    prefix: &TokenStream,
) -> (TokenStream, TokenStream, Option<TokenStream>, Option<String>) {
    let single = |body: &ResponseBody| match body {
        ResponseBody::Json(ty) => (rust_type(ty, prefix), quote!(call::decode_json)),
        ResponseBody::Text => (quote!(String), quote!(call::decode_text)),
        ResponseBody::Bytes => (quote!(bytes::Bytes), quote!(call::decode_bytes)),
        ResponseBody::Empty => (quote!(()), quote!(call::decode_empty)),
        ResponseBody::Events(data) => {
            let (item, decode) = match data {
                Some(ty) => (rust_type(ty, prefix), quote!(crate::sse::json_data)),
                None => (quote!(String), quote!(crate::sse::text_data)),
            };
            let start = quote!(|operation, response, headers| crate::sse::EventStream::new(operation, response, headers, #decode));
            (quote!(crate::EventStream<#item>), start)
        }
    };
    let returns_doc = |response: &crate::model::SuccessResponse| {
        response.doc.as_deref().map(|d| format!("Returns {}.", d.trim().trim_end_matches('.')))
    };
    let (enum_name, variant_names) = match &op.returns {
        Returns::Body(body) => {
            let (ty, decode) = single(body);
            let documented = op.success.iter().find(|s| s.body == *body).or(op.success.first());
            return (ty, decode, None, documented.and_then(returns_doc));
        }
        Returns::ByStatus { name, variants } => (format_ident!("{}", name), variants),
    };
    let mut variants = Vec::new();
    let mut arms = Vec::new();
    for (response, name) in op.success.iter().zip(variant_names) {
        let variant = format_ident!("{}", name);
        let doc = docs::outer(&format!("`{}`: {}", response.status, response.doc.as_deref().unwrap_or("").trim()));
        let (ty, decode) = single(&response.body);
        let (declaration, construct) = if response.body == ResponseBody::Empty {
            (quote!(#doc #variant,), quote!(#enum_name::#variant))
        } else {
            (quote!(#doc #variant(#ty),), quote!(#enum_name::#variant(#decode(status, body)?)))
        };
        variants.push(declaration);
        let pattern = match response.status.parse::<u16>() {
            Ok(code) => quote!(#code),
            Err(_) => {
                let class = response.status.chars().next().and_then(|c| c.to_digit(10)).unwrap_or(2) as u16;
                let (low, high) = (class * 100, class * 100 + 99);
                quote!(#low..=#high)
            }
        };
        arms.push((pattern, construct));
    }
    let first = arms[0].1.clone();
    let arms = arms.iter().map(|(pattern, construct)| quote!(#pattern => #construct,));
    let enum_doc =
        docs::outer(&format!("The success responses of `{}`, by status.", op.method_name.trim_start_matches("r#")));
    let extra = quote! {
        #enum_doc
        #[derive(Debug, Clone, PartialEq)]
        #[allow(clippy::large_enum_variant)]
        // A success status the spec adds later must not break a `match` written today.
        #[non_exhaustive]
        pub enum #enum_name {
            #(#variants)*
        }
    };
    let decode = quote! {
        {
            #[allow(unreachable_patterns)]
            fn decode(status: reqwest::StatusCode, body: &[u8]) -> Result<#enum_name, serde_json::Error> {
                Ok(match status.as_u16() {
                    #(#arms)*
                    _ => #first,
                })
            }
            decode
        }
    };
    (quote!(#enum_name), decode, Some(extra), Some(format!("Returns a [`{enum_name}`] by status.")))
}

/// Statements pushing one multipart part per member of the body struct.
fn multipart_parts(
    ty: &TypeRef,
    api_types: &std::collections::BTreeMap<String, crate::model::TypeDef>,
) -> Vec<TokenStream> {
    let TypeRef::Named(name) = ty else { return Vec::new() };
    let Some(crate::model::TypeDef { kind: crate::model::TypeKind::Struct { fields, .. }, .. }) = api_types.get(name)
    else {
        return Vec::new();
    };
    fields
        .iter()
        .map(|field| {
            let member = ident(&field.rust_name);
            let json_name = &field.json_name;
            let push_one = |value: TokenStream, ty: &TypeRef| match ty {
                TypeRef::Bytes => quote!(parts.push(crate::multipart::Part::file(#json_name, #value));),
                _ => quote!(parts.push(crate::multipart::Part::text(#json_name, #value));),
            };
            let (element_ty, is_list) = match &field.ty {
                TypeRef::Vec(item) if **item == TypeRef::Bytes => (&**item, true),
                other => (other, false),
            };
            let push = if is_list {
                let one = push_one(quote!(item), element_ty);
                quote!(for item in value { #one })
            } else {
                push_one(quote!(value), element_ty)
            };
            // A part that is absent or `null` is left out: multipart has no `null`.
            match field.presence {
                Presence::Required => quote!({ let value = &body.#member; #push }),
                Presence::Optional | Presence::Nullable => quote!(if let Some(value) = &body.#member { #push }),
                Presence::OptionalNullable => quote!(if let Some(Some(value)) = &body.#member { #push }),
            }
        })
        .collect()
}

/// What the operation authenticates with, after its method and path: ` (authentication:
/// `A` and `B`, or `C`)`, ` (no authentication)`, or nothing when the spec does not say.
fn security_note(op: &Operation) -> String {
    let Some(alternatives) = &op.security else { return String::new() };
    let alternatives: Vec<String> = alternatives
        .iter()
        .map(|schemes| match schemes.as_slice() {
            [] => "none".to_string(),
            schemes => schemes.iter().map(|s| format!("`{}`", s.replace('`', "'"))).collect::<Vec<_>>().join(" and "),
        })
        .collect();
    if alternatives.is_empty() {
        " (no authentication)".to_string()
    } else {
        format!(" (authentication: {})", alternatives.join(", or "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_module_is_used_where_a_path_starts_with_it() {
        assert!(uses_module(
            &quote!(
                fn f() -> Vec<types::Pet> {}
            ),
            "types"
        ));
        assert!(uses_module(
            &quote!({
                {
                    call::decode_json
                }
            }),
            "call"
        ));
        assert!(!uses_module(&quote!(crate::call::call_options!(X, Y)), "call"));
        assert!(!uses_module(&quote!(let types = 1; call(types);), "types"));
        assert!(!uses_module(&quote!(crate::types::Pet), "types"));
    }
}
