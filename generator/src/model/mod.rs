//! The typed intermediate model: what the resolver produces from a spec and the emitter
//! turns into Rust. Every name in it is already a valid, final Rust identifier.

use std::collections::{BTreeMap, BTreeSet};

mod names;
mod operations;
mod spelling;
mod types;

pub use names::ApiNames;
pub use operations::*;
pub use spelling::{ident, rust_type, text_of};
pub use types::*;

/// Crates a generated crate names in paths (`core::`, `serde::`, ...): a module of the crate
/// with one of these names would make such a path ambiguous (`E0659`).
pub const CRATES_IN_SCOPE: [&str; 22] = [
    "core",
    "std",
    "alloc",
    "proc_macro",
    "test",
    "bytes",
    "percent_encoding",
    "reqwest",
    "serde",
    "serde_json",
    "thiserror",
    "fastrand",
    "httpdate",
    "tokio",
    "tracing",
    "chrono",
    "uuid",
    "futures",
    "futures_core",
    "wiremock",
    "base64",
    "jsonwebtoken",
];

/// Every name the generated crate root declares besides group handles and modules: the
/// runtime's re-exports (all of them, whichever parts an API uses), the items `lib.rs`
/// declares, and the names group modules import (`Call`, `Operation`). A group handle takes
/// none of them (`Items` -> `ItemsApi`). A test in `emit` ties this list to the emitted
/// crate root. Named types live in `types::` and cannot meet these names.
pub const CRATE_ROOT_NAMES: [&str; 38] = [
    "ApiError",
    "ApiErrorBody",
    "AttemptOutcome",
    "AuthError",
    "AuthFuture",
    "AuthSource",
    "BodySnippet",
    "BuildError",
    "ByteStream",
    "Call",
    "Client",
    "ClientBuilder",
    "DEFAULT_BASE_URL",
    "EVENT_STREAM_END",
    "Error",
    "Event",
    "EventStream",
    "FilePart",
    "Hooks",
    "IntoUploadBody",
    "IssuedToken",
    "Items",
    "Method",
    "Operation",
    "OutgoingRequest",
    "Pages",
    "RAW_REQUEST_SECURITY",
    "RawRequest",
    "RenewingToken",
    "Response",
    "RetryPolicy",
    "SECURITY_SCHEMES",
    "Secret",
    "TOKEN_ENV_VAR",
    "TokenIssuer",
    "UploadBody",
    "mock",
    "types",
];

/// Rust's keywords (strict, reserved and weak): identifiers escape them, crate names avoid them.
pub const RUST_KEYWORDS: [&str; 51] = [
    "as", "break", "const", "continue", "crate", "else", "enum", "extern", "false", "fn", "for", "if", "impl", "in",
    "let", "loop", "match", "mod", "move", "mut", "pub", "ref", "return", "self", "Self", "static", "struct", "super",
    "trait", "true", "type", "unsafe", "use", "where", "while", "async", "await", "dyn", "abstract", "become", "box",
    "do", "final", "macro", "override", "priv", "typeof", "unsized", "virtual", "yield", "try",
];

/// The revision of the generated API's design this generator writes (what every crate gets
/// whatever its spec: derives, attributes, how types are built). `api_diff::design_changes`
/// says what each revision changed.
pub const API_DESIGN: u32 = 3;

/// The key under `[package.metadata.client-generator]` of a generated `Cargo.toml` that
/// records the revision that wrote it.
pub const API_DESIGN_KEY: &str = "api-design";

/// Methods and associated functions every generated struct has that code calls on one: `new`,
/// the derived and serde traits' and the standard library's blanket ones. A member's chaining
/// setter is named after it unless the name is one of these, which it would hide
/// (`x.clone()` would call the setter): then it is `with_<name>`. (`From::from` and
/// `Any::type_id` are left out: only pointless calls reach them on these types, and `from`
/// is a common member.)
pub const TYPE_METHODS: [&str; 17] = [
    "new",
    "default",
    "clone",
    "clone_from",
    "clone_into",
    "to_owned",
    "eq",
    "ne",
    "fmt",
    "serialize",
    "deserialize",
    "from_map",
    "into",
    "try_into",
    "try_from",
    "borrow",
    "borrow_mut",
];

/// Methods the call builder of a paged operation adds: parameter setters keep clear too.
pub const PAGING_METHODS: [&str; 2] = ["stream", "pages"];

/// Methods every call builder has (`call_options!` in `runtime/call.rs`): an optional
/// parameter's setter must not take one of these names.
pub const CALL_OPTION_METHODS: [&str; 10] = [
    "byte_stream",
    "timeout",
    "header",
    "retry_policy",
    "max_retries",
    "retry_non_idempotent",
    "send",
    "send_with_response",
    "into_call",
    "into_future",
];

/// Module names the generated crate uses for itself (`types`, `lib` and the runtime's
/// modules, which a test in `emit` ties to `emit::RUNTIME`): groups and custom modules keep
/// clear.
pub const RESERVED_MODULES: [&str; 24] = [
    "types",
    "attempt",
    "byte_stream",
    "client_auth",
    "client",
    "error",
    "hooks",
    "call",
    "call_request",
    "call_response",
    "lib",
    "mock",
    "mock_server",
    "operation",
    "pagination",
    "params",
    "raw_request",
    "multipart",
    "object",
    "retry",
    "sse",
    "sse_parser",
    "string_enum",
    "upload",
];

/// The whole API, ready to emit. The default is an API with nothing in it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Api {
    pub title: String,
    pub version: String,
    pub description: Option<String>,
    pub default_server: Option<String>,
    /// Named types, ordered by name so output order never depends on discovery order.
    pub types: BTreeMap<String, TypeDef>,
    pub groups: Vec<Group>,
    /// The body type of error responses, when every operation shares one.
    pub error_body: Option<TypeRef>,
    /// The security schemes the spec declares, in its order.
    pub security_schemes: Vec<SecurityScheme>,
    /// Whether every type declares `Send` and `Sync` (`unsafe impl`): its types nest deeper
    /// than the compiler's own proof reaches (see `resolve::type_depth`).
    pub declares_send_sync: bool,
}

/// A security scheme of `components/securitySchemes`.
#[derive(Debug, Clone, PartialEq)]
pub struct SecurityScheme {
    /// Its name in the spec, which operations' requirements use.
    pub name: String,
    pub kind: SecuritySchemeKind,
    pub doc: Option<String>,
}

/// How a scheme's credential travels.
#[derive(Debug, Clone, PartialEq)]
pub enum SecuritySchemeKind {
    /// `Authorization: Bearer`: HTTP bearer, and OAuth2 or OpenID Connect without a flow the
    /// client can run itself (the caller brings the token).
    Bearer,
    /// HTTP basic.
    Basic,
    /// `apiKey` in a header, query parameter or cookie, under this name.
    ApiKey { location: ParamLocation, name: String },
    /// OAuth2 with a client-credentials flow: the client gets bearer tokens here.
    OAuth2ClientCredentials { token_url: String },
}

impl Api {
    /// What the crate calls each request and each type (see [`ApiNames`]).
    pub fn names(&self) -> ApiNames {
        ApiNames::of(&self.groups, &self.types)
    }

    /// Named types by the first place an operation's request or response holds them (see
    /// [`names::type_places`]): the type table of `API.md`.
    pub fn type_places(&self) -> Vec<(String, String)> {
        names::type_places(&self.groups, &self.types)
    }

    /// Adds to `into` the named types reachable from `ty`: through members, the values of
    /// maps and `additionalProperties`, and union variants.
    pub fn collect_reachable(&self, ty: &TypeRef, into: &mut BTreeSet<String>) {
        match ty {
            TypeOf::Vec(inner) | TypeOf::Map(inner) | TypeOf::Nullable(inner) => self.collect_reachable(inner, into),
            TypeOf::Named(name) if into.insert(name.clone()) => {
                if let Some(def) = self.types.get(name) {
                    for child in def.held_types() {
                        self.collect_reachable(child, into);
                    }
                }
            }
            _ => {}
        }
    }
}
