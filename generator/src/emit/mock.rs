//! Emitting `src/mock.rs`, the mock API of the cargo feature `mock`: the runtime's
//! `MockServer` with one accessor per group and one expectation method per operation, named
//! and taking required arguments as the client's do (`server.devices().get(id)`), so a
//! user's test reads like the code it tests.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::docs;
use super::operations::{argument, path_values};
use super::types::{ident, rust_type};
use crate::model::{Api, Operation, ParamLocation, QueryStyle, ResponseBody, Returns};

/// The cargo feature that compiles the mock (and its `wiremock` dependency).
pub const MOCK_FEATURE: &str = "mock";

pub fn emit_mock(api: &Api) -> TokenStream {
    // Each operation is a static of its own (`operations::api_keys::LIST`), listed in a slice:
    // an operation added to the spec adds lines and changes none.
    let mut table = Vec::new();
    let mut statics = Vec::new();
    let mut groups = Vec::new();
    let mut accessors = Vec::new();
    for group in &api.groups {
        let feature = &group.module;
        let mock_name = format_ident!("{}Mock", group.struct_name);
        let accessor = ident(&group.accessor);
        let module = ident(&group.module);
        let client_struct = &group.struct_name;
        let mut methods = Vec::new();
        let mut group_statics = Vec::new();
        for op in &group.operations {
            let name = format_ident!("{}", op.method_name.trim_start_matches("r#").to_ascii_uppercase());
            let entry = operation_entry(&group.module, op);
            group_statics.push(quote!(pub(crate) static #name: MockOperation = #entry;));
            let path = quote!(operations::#module::#name);
            table.push(quote!(&#path));
            methods.push(expectation_method(client_struct, op, &path));
        }
        if !group_statics.is_empty() {
            statics.push(quote! {
                pub(super) mod #module {
                    use super::super::{MockOperation, Operation};
                    #(#group_statics)*
                }
            });
        }
        let struct_doc = docs::outer(&format!(
            "Expectations for the `{}` operations: one method per method of [`{client_struct}`](crate::{client_struct}), with its required arguments.",
            group.tag
        ));
        groups.push(quote! {
            #struct_doc
            #[cfg(feature = #feature)]
            #[derive(Debug, Clone, Copy)]
            pub struct #mock_name<'s> {
                server: &'s MockServer,
            }

            #[cfg(feature = #feature)]
            impl<'s> #mock_name<'s> {
                #(#methods)*
            }
        });
        let accessor_doc = docs::outer(&format!(
            "Expectations for the `{}` operations, as [`Client::{}`](crate::Client::{}).",
            group.tag,
            group.accessor.trim_start_matches("r#"),
            group.accessor.trim_start_matches("r#")
        ));
        accessors.push(quote! {
            #accessor_doc
            #[cfg(feature = #feature)]
            pub fn #accessor(&self) -> #mock_name<'_> {
                #mock_name { server: self }
            }
        });
    }
    // A spec of webhooks alone has no operation to build.
    let operation_import = (!table.is_empty()).then(|| {
        quote!(
            use crate::operation::Operation;
        )
    });
    quote! {
        //! The mock API for your tests (cargo feature `mock`, for `[dev-dependencies]`): an HTTP
        //! server in the test's process with the client's groups and methods, so that the code
        //! under test goes through the whole client (credentials, retries, hooks, paging).
        //!
        //! ```no_run
        #![doc = concat!("# async fn example() -> Result<(), ", env!("CARGO_CRATE_NAME"), "::Error> {")]
        #![doc = concat!("use ", env!("CARGO_CRATE_NAME"), "::mock::MockServer;")]
        //!
        //! let server = MockServer::start().await;
        //! // server.<group>().<method>(<required arguments>).returns(<a generated type>).await;
        //! let client = server.client();
        //! // ... run the code under test with `client` ...
        //! server.verify();
        //! # Ok(())
        //! # }
        //! ```
        //!
        //! Expectations narrow with `query`, `header`, `body` and `matching`, answer with
        //! `returns` (the operation's success status and a typed body), `fails` (a status and
        //! the API's error body) or `responds_with` (anything), and take `times` and `delay`;
        //! expectations for the same request answer in the order set, each for its `times`.
        //! A request none matches gets `501` naming its operation and that operation's
        //! expectations; [`MockServer::verify`] fails with the same words.

        pub use crate::mock_server::{Expectation, MockServer, NotJson, ReceivedRequest};
        use crate::mock_server::MockOperation;
        #operation_import

        /// Every operation of the API, for naming what a request was meant to call.
        static OPERATIONS: &[&MockOperation] = &[#(#table),*];

        /// The operations, by group (a group may be named `operations` too).
        #[allow(clippy::module_inception)]
        mod operations {
            #(#statics)*
        }

        impl MockServer {
            /// Starts the mock API on a local port, with no expectations.
            pub async fn start() -> Self {
                MockServer::start_with(OPERATIONS).await
            }

            #(#accessors)*
        }

        #(#groups)*
    }
}

fn operation_entry(module: &str, op: &Operation) -> TokenStream {
    let name = format!("{module}.{}", op.method_name.trim_start_matches("r#"));
    let constructor = format_ident!("{}", op.http_method.to_ascii_lowercase());
    let template = &op.path_template;
    let status: u16 = op.success.first().and_then(|s| s.status.parse().ok()).unwrap_or(200);
    quote!(MockOperation { operation: Operation::#constructor(#name, #template), success_status: #status })
}

/// The expectation method of one operation: the client method's name and required
/// arguments, each matched (path parameters fill the path; query parameters in the default
/// style and headers are matched; cookies are taken, not matched).
fn expectation_method(client_struct: &str, op: &Operation, operation: &TokenStream) -> TokenStream {
    let method_name = ident(&op.method_name);
    let result = match &op.returns {
        Returns::Body(ResponseBody::Json(ty)) => rust_type(ty, &quote!(crate::types::)),
        Returns::Body(ResponseBody::Empty) => quote!(()),
        _ => quote!(NotJson),
    };
    let mut args = Vec::new();
    let mut narrowing = Vec::new();
    let path_values = path_values(op, &quote!(crate::call));
    let mut unmatched = Vec::new();
    for param in op.params.iter().filter(|p| p.is_argument()) {
        let name = ident(&param.rust_name);
        let json_name = &param.name;
        let (ty, _) = argument(&param.ty, &name, &quote!(crate::types::));
        args.push(quote!(#name: #ty));
        match param.location {
            ParamLocation::Path => {}
            ParamLocation::Query if param.style == (QueryStyle::Form { explode: true }) => {
                narrowing.push(quote!(.query(#json_name, #name)))
            }
            ParamLocation::Header => narrowing.push(quote!(.header(#json_name, #name))),
            // Cookies, and query styles the mock does not spell: taken, not matched.
            _ => unmatched.push(quote!(let _ = #name;)),
        }
    }
    let doc = docs::outer(&format!(
        "Expects [`{client_struct}::{m}`](crate::{client_struct}::{m}): `{} {}`.",
        op.http_method,
        op.path_template,
        m = op.method_name.trim_start_matches("r#")
    ));
    // `&self` counts: as the client's methods, a long list of required parameters is the spec's.
    let many_arguments = (args.len() + 1 > 7).then(|| quote!(#[allow(clippy::too_many_arguments)]));
    quote! {
        #doc
        #many_arguments
        pub fn #method_name(&self, #(#args),*) -> Expectation<'s, #result> {
            #(#unmatched)*
            self.server.expect(&#operation, &[#(#path_values),*]) #(#narrowing)*
        }
    }
}
