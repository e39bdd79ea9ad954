//! Emitting one module per API group: a borrowed handle (`client.api_keys()`) whose
//! methods build a [`Call`](../runtime/call.rs) for each operation.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::docs;
use super::types::{ident, rust_type};
use crate::model::{Group, Operation, SuccessResponse, TypeRef};

pub fn emit_group(group: &Group) -> TokenStream {
    let struct_name = ident(&group.struct_name);
    let accessor = ident(&group.accessor);
    let tag = &group.tag;
    let module_doc =
        docs::inner(&docs::paragraphs([Some(format!("Operations tagged `{tag}`.").as_str()), group.doc.as_deref()]));
    let struct_doc = docs::outer(&format!(
        "The `{tag}` operations. Get it from [`Client::{accessor}`](crate::Client::{accessor}); it borrows the client and is cheap to copy."
    ));
    let accessor_doc =
        docs::outer(&docs::paragraphs([Some(format!("The `{tag}` operations.").as_str()), group.doc.as_deref()]));
    let methods = group.operations.iter().map(|op| emit_operation(group, op));
    quote! {
        #module_doc

        use crate::call::{Call, OperationInfo};
        use crate::types;

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
    }
}

fn emit_operation(group: &Group, op: &Operation) -> TokenStream {
    let method_name = ident(&op.method_name);
    let types_prefix = quote!(types::);
    let http_method = format_ident!("{}", op.http_method.to_ascii_uppercase());
    let operation_name = format!("{}.{}", group.module, op.method_name);
    let template = &op.path_template;

    let mut args = Vec::new();
    let mut arg_docs = Vec::new();
    for param in &op.path_params {
        let name = ident(&param.rust_name);
        let ty = match &param.ty {
            TypeRef::String => quote!(&str),
            other => rust_type(other, &types_prefix),
        };
        args.push(quote!(#name: #ty));
        let shown = param.rust_name.trim_start_matches("r#");
        arg_docs.push(format!("- `{shown}`: {}", param.doc.as_deref().unwrap_or("path parameter").trim()));
    }
    let body = op.body.as_ref().map(|body| {
        let ty = rust_type(&body.ty, &types_prefix);
        args.push(quote!(body: &#ty));
        arg_docs.push(format!("- `body`: {}", body.doc.as_deref().unwrap_or("request body").trim()));
        let content_type = &body.content_type;
        quote!(.json_body(#content_type, body))
    });

    let path = if op.path_params.is_empty() {
        quote!(String::from(#template))
    } else {
        let mut format_string = template.clone();
        for param in &op.path_params {
            format_string = format_string
                .replace(&format!("{{{}}}", param.name), &format!("{{{}}}", param.rust_name.trim_start_matches("r#")));
        }
        let bindings = op.path_params.iter().map(|param| {
            let binding = format_ident!("{}", param.rust_name.trim_start_matches("r#"));
            let name = ident(&param.rust_name);
            let value = match param.ty {
                TypeRef::String => quote!(#name),
                _ => quote!(&#name.to_string()),
            };
            quote!(#binding = crate::call::encode_path_segment(#value))
        });
        quote!(format!(#format_string, #(#bindings),*))
    };

    let (returns, decode, returns_doc) = match &op.success {
        SuccessResponse::Json { ty, doc } => {
            (rust_type(ty, &types_prefix), quote!(crate::call::decode_json), doc.clone())
        }
        SuccessResponse::Empty { doc } => (quote!(()), quote!(crate::call::decode_empty), doc.clone()),
    };

    let usage = format!("`{} {}`", op.http_method.to_ascii_uppercase(), op.path_template);
    let mut sections = vec![op.summary.clone(), op.description.clone(), Some(usage)];
    if !arg_docs.is_empty() {
        sections.push(Some(format!("# Arguments\n\n{}", arg_docs.join("\n"))));
    }
    sections.push(returns_doc.map(|d| format!("Returns {}.", d.trim().trim_end_matches('.'))));
    sections.push(Some(
        "Await the returned [`Call`] for the body, or use its builder methods for per-request options and the raw response."
            .to_string(),
    ));
    let doc = docs::outer(&docs::paragraphs(sections.iter().map(Option::as_deref)));
    let deprecated = op.deprecated.then(|| quote!(#[deprecated]));

    quote! {
        #doc
        #deprecated
        pub fn #method_name(&self, #(#args),*) -> Call<'c, #returns> {
            static OPERATION: OperationInfo = OperationInfo {
                name: #operation_name,
                method: reqwest::Method::#http_method,
                path_template: #template,
            };
            Call::new(self.client, &OPERATION, #path, #decode) #body
        }
    }
}
