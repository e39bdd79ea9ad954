//! Emitting the crate root (`lib.rs`, with the usage example) and `Cargo.toml`.

use proc_macro2::TokenStream;
use quote::quote;

use super::docs;
use super::features::Features;
use super::types::{ident, rust_type};
use crate::config::Config;
use crate::model::{Api, Group, Operation, ParamLocation, SecuritySchemeKind, TypeRef};

pub fn emit_lib<'r>(
    api: &Api,
    config: &Config,
    features: &Features,
    runtime: impl Iterator<Item = &'r str>,
) -> TokenStream {
    let lib = config.lib_name();
    let crate_doc = docs::inner(&crate_doc(api, config, &lib, features));
    // The hand-written guide beside the crate, after the generated overview.
    let readme_doc = config.krate.readme.as_ref().map(|readme| {
        let path = format!("../{readme}");
        quote!(#![doc = include_str!(#path)])
    });
    let modules = api.groups.iter().map(|g| {
        let module = ident(&g.module);
        let doc = docs::outer(&format!("The `{}` operations.", g.tag));
        let feature = &g.module;
        quote! { #doc #[cfg(feature = #feature)] #[rustfmt::skip] pub mod #module; }
    });
    // One sorted block of re-exports: rustfmt would reorder them otherwise, and lib.rs is
    // the one generated file rustfmt reads.
    let mut reexports: Vec<(String, TokenStream)> = vec![
        // Two lines: prettyplease would wrap one line that rustfmt keeps whole.
        ("client_auth".into(), quote! { pub use client_auth::{AuthFuture, AuthSource, Secret}; }),
        ("client_auth".into(), quote! { pub use client_auth::{IssuedToken, RenewingToken, TokenIssuer}; }),
        ("byte_stream".into(), quote! { pub use byte_stream::ByteStream; }),
        ("call".into(), quote! { pub use call::Call; }),
        ("call_response".into(), quote! { pub use call_response::Response; }),
        ("client".into(), quote! { pub use client::{BuildError, Client, ClientBuilder}; }),
        ("error".into(), quote! { pub use error::{ApiError, AuthError, BodySnippet, Error}; }),
        ("retry".into(), quote! { pub use retry::RetryPolicy; }),
        ("hooks".into(), quote! { pub use hooks::{AttemptOutcome, Hooks, OutgoingRequest}; }),
        ("raw_request".into(), quote! { pub use raw_request::{Method, RawRequest}; }),
        ("upload".into(), quote! { pub use upload::{IntoUploadBody, UploadBody}; }),
    ];
    if features.event_streams {
        reexports.push(("sse".into(), quote! { pub use sse::{Event, EventStream}; }));
    }
    if features.pagination {
        reexports.push(("pagination".into(), quote! { pub use pagination::{Items, Pages}; }));
    }
    if features.multipart {
        reexports.push(("multipart".into(), quote! { pub use multipart::FilePart; }));
    }
    for group in &api.groups {
        let module = ident(&group.module);
        let name = ident(&group.struct_name);
        let feature = &group.module;
        reexports.push((group.module.clone(), quote! { #[cfg(feature = #feature)] pub use #module::#name; }));
    }
    reexports.sort_by(|a, b| a.0.cmp(&b.0));
    let reexports = reexports.into_iter().map(|(_, tokens)| tokens);
    let error_body = match &api.error_body {
        Some(TypeRef::Named(name)) => {
            let name = ident(name);
            quote! {
                /// The decoded body of an error response, kept in [`ApiError::body`].
                pub type ApiErrorBody = types::#name;
            }
        }
        other => {
            let ty = other.as_ref().map(|t| rust_type(t, &quote!(types::))).unwrap_or(quote!(serde_json::Value));
            quote! {
                /// The decoded body of an error response, kept in [`ApiError::body`]. The spec
                /// gives error responses no single schema, so this is free-form JSON.
                pub type ApiErrorBody = #ty;
            }
        }
    };
    let base_url = match &api.default_server {
        Some(url) => quote!(Some(#url)),
        None => quote!(None),
    };
    let token_env = match &config.client.token_env {
        Some(var) => quote!(Some(#var)),
        None => quote!(None),
    };
    let security_schemes = security_schemes(api);
    let raw_request_security = raw_request_security(api);
    let custom_modules = config.custom.sources.iter().map(|module| {
        let name = ident(&module.name);
        quote!(pub mod #name;)
    });
    // Each API uses a part of the runtime: unused parts are not warned about here. The
    // runtime's own crate (`generator/runtime/`) checks it whole, dead code included. rustfmt
    // leaves the copies as written (the attribute is assembled from parts because rustfmt
    // acts on it even inside `quote!`).
    let runtime_modules = runtime.map(|name| {
        // The mock's server is compiled with the mock.
        let cfg = (name == "mock_server").then(|| {
            let feature = super::mock::MOCK_FEATURE;
            quote!(#[cfg(feature = #feature)])
        });
        let (name, rustfmt) = (ident(name), quote::format_ident!("rustfmt"));
        quote!(#cfg #[allow(dead_code, unused_imports, unused_macros)] #[#rustfmt::skip] mod #name;)
    });
    let mock_feature = super::mock::MOCK_FEATURE;
    let event_stream_end = features.event_streams.then(|| {
        let end = match &config.client.event_stream_end {
            Some(data) => quote!(Some(#data)),
            None => quote!(None),
        };
        quote! {
            /// The event data that ends an event stream of this API (such as `[DONE]`), from the
            /// settings; [`EventStream::ends_at`] sets it per stream.
            pub const EVENT_STREAM_END: Option<&str> = #end;
        }
    });
    // Names are the spec's, even `foo`: clippy's placeholder-name lint does not apply.
    quote! {
        #crate_doc
        #readme_doc
        #![deny(missing_docs)]
        #![allow(clippy::disallowed_names)]

        #(#runtime_modules)*
        #[rustfmt::skip]
        pub mod types;
        #(#modules)*
        /// The mock API for tests (cargo feature `mock`).
        #[cfg(feature = #mock_feature)]
        #[rustfmt::skip]
        pub mod mock;
        #(#custom_modules)*

        #(#reexports)*
        #error_body

        #security_schemes
        #raw_request_security

        /// The server the spec names first; [`ClientBuilder::base_url`] overrides it.
        pub const DEFAULT_BASE_URL: Option<&str> = #base_url;
        /// The environment variable [`ClientBuilder::bearer_token_from_env`] reads.
        pub const TOKEN_ENV_VAR: Option<&str> = #token_env;
        #event_stream_end
    }
}

/// The builder call of the usage example that gives the client its credentials: the
/// settings' choice, else what the first scheme takes.
fn example_credentials(api: &Api, config: &Config) -> String {
    if let Some(line) = &config.client.example_credentials {
        return line.clone();
    }
    let token = match &config.client.token_env {
        Some(var) => format!("std::env::var({var:?})?"),
        None => "\"YOUR-TOKEN\"".to_string(),
    };
    match api.security_schemes.first().map(|s| &s.kind) {
        Some(SecuritySchemeKind::Basic) => ".basic_auth(\"USER\", \"PASSWORD\")".into(),
        Some(SecuritySchemeKind::ApiKey { .. }) => ".api_key(\"YOUR-API-KEY\")".into(),
        Some(SecuritySchemeKind::OAuth2ClientCredentials { .. }) => {
            ".oauth2_client_credentials(\"CLIENT-ID\", \"CLIENT-SECRET\")".into()
        }
        Some(SecuritySchemeKind::Bearer) | None => format!(".bearer_token({token})"),
    }
}

/// The crate docs' list of security schemes and the builder settings each one takes.
fn authentication_doc(api: &Api) -> String {
    let mut doc = String::from(
        "\n# Authentication\n\nThe spec declares these security schemes; each operation's documentation says \
         which it uses, and an operation that needs none sends no credentials. Credentials are asked for before \
         every attempt; your own source of them is an [`AuthSource`].\n\n",
    );
    for scheme in &api.security_schemes {
        let how = match &scheme.kind {
            SecuritySchemeKind::Bearer => {
                "a bearer token: [`ClientBuilder::bearer_token`], or [`ClientBuilder::auth_source`]".to_string()
            }
            SecuritySchemeKind::Basic => "HTTP basic: [`ClientBuilder::basic_auth`]".to_string(),
            SecuritySchemeKind::ApiKey { location, name } => {
                let place = match location {
                    ParamLocation::Query => "query parameter",
                    ParamLocation::Cookie => "cookie",
                    ParamLocation::Header | ParamLocation::Path => "header",
                };
                format!("an API key in the {place} `{}`: [`ClientBuilder::api_key`]", name.replace('`', "'"))
            }
            SecuritySchemeKind::OAuth2ClientCredentials { token_url } => format!(
                "OAuth2 client credentials, exchanged at `{}` for tokens that are kept and renewed: \
                 [`ClientBuilder::oauth2_client_credentials`]",
                token_url.replace('`', "'")
            ),
        };
        doc.push_str(&format!("- `{}`: {how}", scheme.name.replace('`', "'")));
        if let Some(description) = scheme.doc.as_deref().map(str::trim).filter(|d| !d.is_empty()) {
            doc.push_str(&format!(". {}", description.replace('\n', " ")));
        }
        doc.push('\n');
    }
    doc.push_str("\nOne scheme by name: [`ClientBuilder::scheme_auth`].\n");
    doc
}

/// The spec's security schemes, for the runtime to match credentials with operations.
fn security_schemes(api: &Api) -> TokenStream {
    let schemes = api.security_schemes.iter().map(|scheme| {
        let name = &scheme.name;
        let kind = match &scheme.kind {
            SecuritySchemeKind::Bearer => quote!(Bearer),
            SecuritySchemeKind::Basic => quote!(Basic),
            SecuritySchemeKind::ApiKey { location, name } => match location {
                ParamLocation::Query => quote!(QueryKey(#name)),
                ParamLocation::Cookie => quote!(CookieKey(#name)),
                ParamLocation::Header | ParamLocation::Path => quote!(HeaderKey(#name)),
            },
            SecuritySchemeKind::OAuth2ClientCredentials { token_url } => quote!(OAuth2ClientCredentials(#token_url)),
        };
        quote!(client_auth::Scheme { name: #name, kind: client_auth::SchemeKind::#kind })
    });
    // Laid out by prettyplease like the other generated code; rustfmt would redo it.
    let rustfmt = quote::format_ident!("rustfmt");
    quote! {
        /// The security schemes the spec declares: operations name them in their `security`.
        #[#rustfmt::skip]
        pub(crate) static SECURITY_SCHEMES: &[client_auth::Scheme] = &[#(#schemes),*];
    }
}

/// The security raw requests use: the requirement most operations declare (the first of
/// those as common), so [`Client::request`] sends what a call of the spec would.
fn raw_request_security(api: &Api) -> TokenStream {
    let mut counts: Vec<(&Option<Vec<Vec<String>>>, usize)> = Vec::new();
    for op in api.groups.iter().flat_map(|g| &g.operations) {
        match counts.iter_mut().find(|(security, _)| **security == op.security) {
            Some((_, count)) => *count += 1,
            None => counts.push((&op.security, 1)),
        }
    }
    let most = counts.iter().map(|(_, count)| *count).max().unwrap_or(0);
    let security = counts.iter().find(|(_, count)| *count == most).and_then(|(security, _)| security.as_ref());
    let value = match security {
        Some(alternatives) => {
            let alternatives = alternatives.iter().map(|schemes| quote!(&[#(#schemes),*]));
            quote!(Some(&[#(#alternatives),*]))
        }
        None => quote!(None),
    };
    // Laid out by prettyplease like the other generated code; rustfmt would redo it.
    let rustfmt = quote::format_ident!("rustfmt");
    quote! {
        /// The security raw requests ([`Client::request`]) use: what most operations require.
        #[#rustfmt::skip]
        pub(crate) const RAW_REQUEST_SECURITY: Option<client_auth::Requirement> = #value;
    }
}

fn crate_doc(api: &Api, config: &Config, lib: &str, features: &Features) -> String {
    let mut doc = format!("Typed async client for the {} (version {}).", api.title, api.version);
    if let Some(description) = &api.description {
        doc.push_str("\n\n");
        doc.push_str(description.trim());
    }
    doc.push_str(
        "\n\nGenerated from the OpenAPI document by this project's generator: do not edit, regenerate.\n\n# Usage\n\n",
    );
    let credentials = example_credentials(api, config);
    let call = example_call(api);
    doc.push_str(&format!(
        "```no_run\n# async fn example() -> Result<(), Box<dyn std::error::Error>> {{\nlet client = {lib}::Client::builder()\n    {credentials}\n    .build()?;\n{call}# Ok(())\n# }}\n```\n"
    ));
    doc.push_str(
        "\nEvery operation returns a [`Call`]: await it for the typed body, or set per-request options \
         ([`Call::timeout`], [`Call::header`], [`Call::max_retries`], [`Call::retry_policy`], \
         [`Call::retry_non_idempotent`]) and use [`Call::send_with_response`] for the status and headers. \
         Failures are an [`Error`]; an error status keeps its code, decoded body and raw bytes in an [`ApiError`].\n\n\
         Failed calls of idempotent methods are retried on connection errors, timeouts and 408, 429, 502, 503 \
         and 504, with exponential backoff and `Retry-After` honoured: see [`RetryPolicy`] \
         ([`ClientBuilder::retry_policy`], [`ClientBuilder::max_retries`]). Calls are traced with `tracing`: \
         one span per call, one event per attempt; never the token or a body.\n\n\
         A large body need not be in memory: `Call::byte_stream` reads a success body as chunks as they \
         arrive, and a binary request body can be an [`UploadBody`], a file or a stream. \
         [`Client::request`] sends what the spec does not describe, through the same client.\n\n\
         # Testing your code\n\n\
         With the cargo feature `mock` (in your `[dev-dependencies]`), the `mock` module's `MockServer` \
         serves this API from your test's process: set expectations with the client's own groups, \
         methods and types (`server.<group>().<method>(<required arguments>).returns(<body>).await`), \
         run your code with `server.client()`, and `server.verify()` names every expectation not met \
         and every request that matched none.\n",
    );
    if !api.security_schemes.is_empty() {
        doc.push_str(&authentication_doc(api));
    }
    doc.push_str(&types_doc(api, lib));
    let groups: Vec<String> =
        api.groups.iter().map(|g| format!("- [`Client::{}`]: the `{}` operations", g.accessor, g.tag)).collect();
    if !groups.is_empty() {
        doc.push_str(&format!("\n# Operations\n\n{}\n", groups.join("\n")));
        let example = &api.groups[0].module;
        doc.push_str(&format!(
            "\n# Cargo features\n\nEach group of operations is a feature, all on by default. With \
             `default-features = false` and `features = [\"{example}\"]`, only the listed groups' \
             operations and the types they use are compiled.\n"
        ));
        if features.other_types {
            doc.push_str("Types that no operation uses are behind the `other-types` feature, off by default.\n");
        }
    }
    doc
}

/// How types are built and matched, with an example built from a request type whose members
/// take literals, when there is one.
fn types_doc(api: &Api, lib: &str) -> String {
    let mut doc = String::from(
        "\n# Types\n\nThe request and response types are in [`types`]. A struct is built with `new` (its \
         required members, in the spec's order) and one chaining setter per member; fields are read and \
         assigned directly. Structs, enums and unions are `#[non_exhaustive]`: what the spec adds later (a \
         member, a value, a variant) does not break code that builds or matches them, so a `match` has a `_` \
         arm.\n",
    );
    if let Some(example) = type_example(api) {
        doc.push_str(&format!("\n```no_run\nlet value = {lib}::types::{example};\n# let _ = value;\n```\n"));
    }
    doc
}

/// `Name::new(..).member(..)` for the first struct sent in requests whose required members and
/// one optional member all take a literal; one with required members first.
fn type_example(api: &Api) -> Option<String> {
    let examples: Vec<(bool, String)> = type_examples(api).collect();
    let with_arguments = examples.iter().find(|(arguments, _)| *arguments);
    with_arguments.or(examples.first()).map(|(_, example)| example.clone())
}

/// Every example [`type_example`] could choose, with whether `new` takes arguments.
fn type_examples(api: &Api) -> impl Iterator<Item = (bool, String)> + '_ {
    let literal = |ty: &TypeRef| match ty {
        TypeRef::String => Some("\"text\""),
        TypeRef::Bool => Some("true"),
        TypeRef::I8 | TypeRef::I16 | TypeRef::I32 | TypeRef::I64 => Some("1"),
        TypeRef::U8 | TypeRef::U16 | TypeRef::U32 | TypeRef::U64 => Some("1"),
        TypeRef::F32 | TypeRef::F64 => Some("1.0"),
        _ => None,
    };
    api.types.values().filter(|def| def.sent_in_requests && !def.uses.is_empty()).filter_map(move |def| {
        let crate::model::TypeKind::Struct { fields, .. } = &def.kind else { return None };
        let required = fields.iter().filter(|f| f.presence == crate::model::Presence::Required);
        let arguments: Option<Vec<&str>> = required.map(|f| literal(&f.ty).filter(|_| !f.boxed)).collect();
        let optional = fields
            .iter()
            .filter(|f| f.presence != crate::model::Presence::Required && !f.boxed)
            .find_map(|f| Some(format!(".{}({})", f.setter_name, literal(&f.ty)?)))?;
        let arguments = arguments?;
        Some((!arguments.is_empty(), format!("{}::new({}){optional}", def.name, arguments.join(", "))))
    })
}

/// A call for the crate example: the first operation that needs no arguments, if any.
fn example_call(api: &Api) -> String {
    let simple = |op: &&Operation| op.params.iter().all(|p| !p.required) && op.body.is_none();
    let found = api.groups.iter().find_map(|g: &Group| g.operations.iter().find(simple).map(|op| (g, op)));
    match found {
        Some((group, op)) => format!(
            "let response = client.{}().{}().await?;\nprintln!(\"{{response:?}}\");\n",
            group.accessor, op.method_name
        ),
        None => String::new(),
    }
}

pub fn emit_cargo_toml(
    config: &Config,
    features: &Features,
    tag_features: &super::features::TagFeatures,
    header: &str,
) -> String {
    let krate = &config.krate;
    let mut out =
        format!("{header}\n[package]\nname = {:?}\nversion = {:?}\nedition = \"2021\"\n", krate.name, krate.version);
    if let Some(description) = &krate.description {
        out.push_str(&format!("description = {description:?}\n"));
    }
    if let Some(readme) = &krate.readme {
        out.push_str(&format!("readme = {readme:?}\n"));
    }
    out.push_str(&format!("\n[lib]\nname = {:?}\n", config.lib_name()));
    let mut dependencies = vec![
        "bytes = \"1\"",
        // The `Stream` trait byte streams (and event streams, pages) implement; reqwest
        // already builds it.
        "futures-core = \"0.3\"",
        "percent-encoding = \"2\"",
        // `stream`: request bodies from files and streams.
        "reqwest = { version = \"0.12\", default-features = false, features = [\"rustls-tls\", \"stream\"] }",
        "serde = { version = \"1\", features = [\"derive\"] }",
        "serde_json = \"1\"",
        "thiserror = \"2\"",
        // The runtime's retries: sleeping between attempts (reqwest already runs on tokio),
        // jitter, `Retry-After` dates, and tracing without its proc-macros; tokio's `sync`
        // lets concurrent calls wait for one login.
        "fastrand = \"2\"",
        "httpdate = \"1\"",
        "tokio = { version = \"1\", features = [\"fs\", \"sync\", \"time\"] }",
        "tracing = { version = \"0.1\", default-features = false, features = [\"std\"] }",
    ];
    if features.chrono {
        dependencies.push("chrono = { version = \"0.4\", default-features = false, features = [\"serde\", \"std\"] }");
    }
    if features.uuid {
        dependencies.push("uuid = { version = \"1\", features = [\"serde\"] }");
    }
    // The mock's HTTP server (feature `mock`).
    dependencies.push("wiremock = { version = \"0.6\", optional = true }");
    let custom: Vec<String> =
        config.custom.dependencies.iter().map(|(name, value)| format!("{name} = {value}")).collect();
    let mut dependencies: Vec<&str> = dependencies.into_iter().chain(custom.iter().map(String::as_str)).collect();
    dependencies.sort();
    out.push_str(&format!("\n[dependencies]\n{}\n", dependencies.join("\n")));
    // One feature per tag, all on by default: `default-features = false` and a list of tags
    // builds only their operations and the types they use. Types no operation uses (such
    // as webhook payloads) are off by default: most clients never need them, and in big
    // APIs they are a large share of the build.
    // One line per feature, so a new tag adds a line and changes none.
    let listed: String = tag_features.groups.iter().map(|t| format!("    {t:?},\n")).collect();
    out.push_str(&format!("\n[features]\ndefault = [\n{listed}]\n"));
    for tag in &tag_features.groups {
        out.push_str(&format!("{tag} = []\n"));
    }
    if features.other_types {
        out.push_str(&format!("{} = []\n", super::features::OTHER_TYPES));
    }
    // The mock API for users' tests, off by default: `features = ["mock"]` in their
    // `[dev-dependencies]`.
    out.push_str(&format!("{} = [\"dep:wiremock\"]\n", super::mock::MOCK_FEATURE));
    // The generated API's design revision: regenerating reports what changed since.
    out.push_str(&format!(
        "\n[package.metadata.client-generator]\n{} = {}\n",
        crate::model::API_DESIGN_KEY,
        crate::model::API_DESIGN
    ));
    out.push_str("\n[dev-dependencies]\n");
    // The doctests need tokio's macros and runtime; settings may ask for more of it.
    if !krate.dev_dependencies.contains_key("tokio") {
        out.push_str("tokio = { version = \"1\", features = [\"macros\", \"rt-multi-thread\"] }\n");
    }
    for (name, value) in &krate.dev_dependencies {
        out.push_str(&format!("{name} = {value}\n"));
    }
    for bench in &krate.benches {
        out.push_str(&format!("\n[[bench]]\nname = {bench:?}\nharness = false\n"));
    }
    out
}
