//! The typed intermediate model: what the resolver produces from a spec and the emitter
//! turns into Rust. Every name in it is already a valid, final Rust identifier.

use std::collections::{BTreeMap, BTreeSet};

/// Module names the generated crate uses for itself: groups and custom modules keep clear.
/// Crates a generated crate names in paths (`core::`, `serde::`, ...): a module of the crate
/// with one of these names would make such a path ambiguous (`E0659`).
pub const CRATES_IN_SCOPE: [&str; 20] = [
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
    "base64",
    "jsonwebtoken",
];

/// Methods the call builder of a paged operation adds: parameter setters keep clear too.
pub const PAGING_METHODS: [&str; 2] = ["stream", "pages"];

/// Methods every call builder has (`call_options!` in `runtime/call.rs`): an optional
/// parameter's setter must not take one of these names.
pub const CALL_OPTION_METHODS: [&str; 9] = [
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

pub const RESERVED_MODULES: [&str; 19] = [
    "types",
    "attempt",
    "client_auth",
    "client",
    "error",
    "hooks",
    "call",
    "call_request",
    "call_response",
    "lib",
    "operation",
    "pagination",
    "params",
    "multipart",
    "object",
    "retry",
    "sse",
    "sse_parser",
    "string_enum",
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
    /// Adds to `into` the named types reachable from `ty`: through members, the values of
    /// maps and `additionalProperties`, and union variants.
    pub fn collect_reachable(&self, ty: &TypeRef, into: &mut BTreeSet<String>) {
        match ty {
            TypeOf::Vec(inner) | TypeOf::Map(inner) => self.collect_reachable(inner, into),
            TypeOf::Named(name) if into.insert(name.clone()) => {
                if let Some(def) = self.types.get(name) {
                    let additional = match &def.kind {
                        TypeKind::Struct { additional, .. } => additional.as_ref(),
                        _ => None,
                    };
                    for child in def.members().chain(additional) {
                        self.collect_reachable(child, into);
                    }
                }
            }
            _ => {}
        }
    }
}

impl TypeDef {
    /// The types this one holds directly: its members' types, or its union variants'.
    pub fn members(&self) -> impl Iterator<Item = &TypeRef> {
        let (fields, variants): (&[Field], &[UnionVariant]) = match &self.kind {
            TypeKind::Struct { fields, .. } => (fields, &[]),
            TypeKind::Union { variants, .. } => (&[], variants),
            TypeKind::StringEnum { .. } => (&[], &[]),
        };
        fields.iter().map(|f| &f.ty).chain(variants.iter().map(|v| &v.ty))
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct TypeDef {
    pub name: String,
    pub doc: Option<String>,
    /// Where operations use the type directly ("Returned by ..."), sorted.
    pub uses: Vec<String>,
    /// Whether callers build it: reachable from a request body or a parameter. Such a type
    /// keeps an optional member's "absent" and `null` apart ([`Presence::OptionalNullable`]).
    pub sent_in_requests: bool,
    /// Whether the struct derives `Default`: every required member's type has one.
    pub derives_default: bool,
    pub kind: TypeKind,
}

#[derive(Debug, Clone, PartialEq)]
pub enum TypeKind {
    Struct {
        fields: Vec<Field>,
        /// `additionalProperties`: the other members, collected into a map of this type.
        additional: Option<TypeRef>,
    },
    /// A string enum; unknown values decode into a catch-all variant.
    StringEnum { variants: Vec<EnumVariant> },
    /// `oneOf` / `anyOf`: one variant per member, plus a catch-all for unknown shapes.
    Union {
        variants: Vec<UnionVariant>,
        /// The `discriminator` property; without one, variants are tried in order.
        discriminator: Option<String>,
    },
}

#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    /// Name on the wire.
    pub json_name: String,
    /// Rust identifier (may be a raw identifier such as `r#type`).
    pub rust_name: String,
    pub ty: TypeRef,
    pub required: bool,
    pub nullable: bool,
    /// How `required` and `nullable` show in the Rust type, decided once for the emitter,
    /// the paging reader and the API change report.
    pub presence: Presence,
    /// Held in a `Box`: the member leads back to its own type (recursion).
    pub boxed: bool,
    pub doc: Option<String>,
    /// The schema's `default`, as JSON text (documented; the server applies it).
    pub default: Option<String>,
}

/// How a member's absence and `null` show in its Rust type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Presence {
    /// `T`: always there, never `null`.
    Required,
    /// `Option<T>`: may be left out (a `null` reads as left out).
    Optional,
    /// `Option<T>`: always there, may be `null`.
    Nullable,
    /// `Option<Option<T>>`: optional and nullable in a type sent in requests, where leaving
    /// the member out and sending `null` differ.
    OptionalNullable,
}

impl Presence {
    /// The presence of a member that is `required` or not and `nullable` or not, in a type
    /// sent in requests or not.
    pub fn of(required: bool, nullable: bool, sent_in_requests: bool) -> Presence {
        match (required, nullable) {
            (false, true) if sent_in_requests => Presence::OptionalNullable,
            (false, _) => Presence::Optional,
            (true, true) => Presence::Nullable,
            (true, false) => Presence::Required,
        }
    }

    /// `ty` as a member with this presence spells it.
    pub fn wrap(self, ty: String) -> String {
        match self {
            Presence::Required => ty,
            Presence::Optional | Presence::Nullable => format!("Option<{ty}>"),
            Presence::OptionalNullable => format!("Option<Option<{ty}>>"),
        }
    }

    /// Whether the Rust type is an `Option` (or two).
    pub fn is_option(self) -> bool {
        self != Presence::Required
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct EnumVariant {
    pub value: String,
    pub rust_name: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct UnionVariant {
    pub rust_name: String,
    pub ty: TypeRef,
    /// Held in a `Box`: the variant leads back to its union (recursion).
    pub boxed: bool,
    /// Discriminator values that select this variant.
    pub tags: Vec<String>,
}

/// A Rust type as used in a field, parameter or body.
pub type TypeRef = TypeOf<String>;

/// A type whose named types are `N`: names (`String`) in the model, shape ids while resolving.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum TypeOf<N> {
    String,
    Bool,
    I8,
    I16,
    I32,
    I64,
    U8,
    U16,
    U32,
    U64,
    F32,
    F64,
    /// `format: date-time`: `chrono::DateTime<chrono::Utc>`.
    DateTime,
    /// `format: date`: `chrono::NaiveDate`.
    Date,
    /// `format: uuid`: `uuid::Uuid`.
    Uuid,
    /// `format: ipv4` / `ipv6` / `ip`: `std::net` addresses.
    Ipv4,
    Ipv6,
    IpAddr,
    /// Raw bytes (`format: binary` bodies and file parts).
    Bytes,
    /// Any JSON: `{}` schemas, free-form values.
    Json,
    Vec(Box<TypeOf<N>>),
    Map(Box<TypeOf<N>>),
    Named(N),
}

impl<N> TypeOf<N> {
    /// The same type with every named type mapped by `f`.
    pub fn map_named<M>(&self, f: &impl Fn(&N) -> M) -> TypeOf<M> {
        match self {
            TypeOf::String => TypeOf::String,
            TypeOf::Bool => TypeOf::Bool,
            TypeOf::I8 => TypeOf::I8,
            TypeOf::I16 => TypeOf::I16,
            TypeOf::I32 => TypeOf::I32,
            TypeOf::I64 => TypeOf::I64,
            TypeOf::U8 => TypeOf::U8,
            TypeOf::U16 => TypeOf::U16,
            TypeOf::U32 => TypeOf::U32,
            TypeOf::U64 => TypeOf::U64,
            TypeOf::F32 => TypeOf::F32,
            TypeOf::F64 => TypeOf::F64,
            TypeOf::DateTime => TypeOf::DateTime,
            TypeOf::Date => TypeOf::Date,
            TypeOf::Uuid => TypeOf::Uuid,
            TypeOf::Ipv4 => TypeOf::Ipv4,
            TypeOf::Ipv6 => TypeOf::Ipv6,
            TypeOf::IpAddr => TypeOf::IpAddr,
            TypeOf::Bytes => TypeOf::Bytes,
            TypeOf::Json => TypeOf::Json,
            TypeOf::Vec(item) => TypeOf::Vec(Box::new(item.map_named(f))),
            TypeOf::Map(value) => TypeOf::Map(Box::new(value.map_named(f))),
            TypeOf::Named(name) => TypeOf::Named(f(name)),
        }
    }
}

impl TypeRef {
    /// The Rust type as source text, named types without a module path: how generated code
    /// spells it (see `emit::types::rust_type`, which a test ties to this) and how the API
    /// change report names it.
    pub fn rust_text(&self) -> String {
        match self {
            TypeOf::String => "String".into(),
            TypeOf::Bool => "bool".into(),
            TypeOf::I8 => "i8".into(),
            TypeOf::I16 => "i16".into(),
            TypeOf::I32 => "i32".into(),
            TypeOf::I64 => "i64".into(),
            TypeOf::U8 => "u8".into(),
            TypeOf::U16 => "u16".into(),
            TypeOf::U32 => "u32".into(),
            TypeOf::U64 => "u64".into(),
            TypeOf::F32 => "f32".into(),
            TypeOf::F64 => "f64".into(),
            TypeOf::DateTime => "chrono::DateTime<chrono::Utc>".into(),
            TypeOf::Date => "chrono::NaiveDate".into(),
            TypeOf::Uuid => "uuid::Uuid".into(),
            TypeOf::Ipv4 => "std::net::Ipv4Addr".into(),
            TypeOf::Ipv6 => "std::net::Ipv6Addr".into(),
            TypeOf::IpAddr => "std::net::IpAddr".into(),
            TypeOf::Bytes => "crate::FilePart".into(),
            TypeOf::Json => "serde_json::Value".into(),
            TypeOf::Vec(item) => format!("Vec<{}>", item.rust_text()),
            TypeOf::Map(value) => format!("std::collections::BTreeMap<String, {}>", value.rust_text()),
            TypeOf::Named(name) => name.clone(),
        }
    }
}

/// The placeholders of a path template in order, repeats included (a segment may hold
/// several: `{base}...{head}`): each `{` to the next `}`, as the generated client's
/// `Operation::fill_path` reads them.
pub fn template_parameters(path: &str) -> impl Iterator<Item = &str> {
    let mut rest = path;
    std::iter::from_fn(move || {
        let open = rest.find('{')?;
        let close = open + rest[open..].find('}')?;
        let name = &rest[open + 1..close];
        rest = &rest[close + 1..];
        Some(name)
    })
}

/// Operations sharing a tag: `client.<accessor>().<method>(..)`.
#[derive(Debug, Clone, PartialEq)]
pub struct Group {
    pub tag: String,
    pub module: String,
    pub struct_name: String,
    pub accessor: String,
    pub doc: Option<String>,
    pub operations: Vec<Operation>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Operation {
    pub operation_id: Option<String>,
    pub method_name: String,
    pub http_method: String,
    pub path_template: String,
    pub summary: Option<String>,
    pub description: Option<String>,
    pub deprecated: bool,
    /// Path parameters first (in path order), then the others as declared.
    pub params: Vec<Parameter>,
    pub body: Option<RequestBody>,
    pub success: Vec<SuccessResponse>,
    /// What awaiting the call gives.
    pub returns: Returns,
    /// The builder the method returns (`{Method}Call`) when it has optional parameters or
    /// pages; `None`: it returns a plain `Call`.
    pub call_builder: Option<String>,
    /// Alternatives of security schemes used together (`[]`: no credentials); `None` when
    /// the spec declares security neither for the operation nor for the document.
    pub security: Option<Vec<Vec<String>>>,
    /// The header carrying an idempotency key (`Idempotency-Key`), when the operation takes
    /// one: declared as a header parameter, or every POST and PATCH by the settings.
    pub idempotency_header: Option<String>,
    /// The streaming twin of this method, when a success response is also an event stream.
    pub stream_method: Option<StreamMethod>,
    /// How to fetch the next page, when the paging is known (`.stream()`, `.pages()`).
    pub pagination: Option<Pagination>,
    /// Why an operation that looks paged has no `.stream()`, for its docs.
    pub pagination_note: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamLocation {
    Path,
    Query,
    Header,
    Cookie,
}

/// How a query value is spelled (`style` and `explode`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QueryStyle {
    Form { explode: bool },
    SpaceDelimited,
    PipeDelimited,
    DeepObject,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Parameter {
    pub name: String,
    pub rust_name: String,
    pub location: ParamLocation,
    pub ty: TypeRef,
    pub required: bool,
    pub style: QueryStyle,
    pub doc: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BodyKind {
    Json,
    /// `application/x-www-form-urlencoded`
    Form,
    /// `multipart/form-data`: fields become parts; binary fields are files.
    Multipart,
    /// Any other media type: the caller passes bytes.
    Bytes,
    /// `text/*`: the caller passes a string.
    Text,
}

#[derive(Debug, Clone, PartialEq)]
pub struct RequestBody {
    pub ty: TypeRef,
    pub kind: BodyKind,
    pub content_type: String,
    pub required: bool,
    pub doc: Option<String>,
}

/// What awaiting an operation's call gives.
#[derive(Debug, Clone, PartialEq)]
pub enum Returns {
    /// One body for every success status; an event stream when one of them streams.
    Body(ResponseBody),
    /// Success statuses with different bodies: the enum `name`, with one variant per entry of
    /// the operation's `success`, in order.
    ByStatus { name: String, variants: Vec<String> },
}

impl RequestBody {
    /// The method's `body` argument as source text: a reference to the body type, bytes or
    /// text (`emit::operations` writes it; a test ties the two).
    pub fn argument_text(&self) -> String {
        match self.kind {
            BodyKind::Bytes => "impl Into<Vec<u8>>".into(),
            BodyKind::Text => "&str".into(),
            BodyKind::Json | BodyKind::Form | BodyKind::Multipart => format!("&{}", self.ty.rust_text()),
        }
    }
}

impl Field {
    /// The member's Rust type as source text, its `Box` and [`Presence`] included.
    pub fn rust_text(&self) -> String {
        self.presence.wrap(boxed_text(self.ty.rust_text(), self.boxed))
    }
}

impl UnionVariant {
    /// The variant's Rust type as source text, its `Box` included.
    pub fn rust_text(&self) -> String {
        boxed_text(self.ty.rust_text(), self.boxed)
    }
}

fn boxed_text(ty: String, boxed: bool) -> String {
    if boxed {
        format!("Box<{ty}>")
    } else {
        ty
    }
}

impl ResponseBody {
    /// What awaiting a call with this body gives, as source text.
    pub fn rust_text(&self) -> String {
        match self {
            ResponseBody::Json(ty) => ty.rust_text(),
            ResponseBody::Text => "String".into(),
            ResponseBody::Bytes => "bytes::Bytes".into(),
            ResponseBody::Empty => "()".into(),
            ResponseBody::Events(Some(ty)) => format!("crate::EventStream<{}>", ty.rust_text()),
            ResponseBody::Events(None) => "crate::EventStream<String>".into(),
        }
    }
}

/// One success status and what its body decodes into.
#[derive(Debug, Clone, PartialEq)]
pub struct SuccessResponse {
    /// `200`, `2XX`, or `default`.
    pub status: String,
    pub body: ResponseBody,
    pub doc: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum ResponseBody {
    Json(TypeRef),
    Text,
    Bytes,
    /// No content: the call returns `()`.
    Empty,
    /// `text/event-stream`: server-sent events whose data is JSON of this type, or text
    /// (`None`); the call returns a stream of events.
    Events(Option<TypeRef>),
}

impl ResponseBody {
    /// The type decoded from JSON in this body, if any (event data included).
    pub fn json_type(&self) -> Option<&TypeRef> {
        match self {
            ResponseBody::Json(ty) | ResponseBody::Events(Some(ty)) => Some(ty),
            _ => None,
        }
    }
}

/// One step from a response value to a member: the Rust field, and whether it is an
/// `Option`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldStep {
    pub rust_name: String,
    pub optional: bool,
}

/// Paging an operation's results: where the items are and how the next page is asked for.
#[derive(Debug, Clone, PartialEq)]
pub struct Pagination {
    pub style: PagingStyle,
    /// From the response to the list of items; empty: the response is the list.
    pub items: Vec<FieldStep>,
    pub item_type: TypeRef,
    /// Where the paging was learnt: a vendor extension, the settings or a convention.
    pub source: String,
}

/// How the next page is asked for.
#[derive(Debug, Clone, PartialEq)]
pub enum PagingStyle {
    /// The query parameter `param` takes the response's next-page token at `next`; no
    /// token (or an empty one) means the last page.
    Cursor { param: String, next: Vec<FieldStep> },
    /// Stripe: while the response's `has_more` is true, `param` takes the last item's `id`.
    AfterLastItem { param: String, has_more: Vec<FieldStep>, id: FieldStep },
    /// The `Link` response header's `rel="next"` URL (GitHub).
    LinkHeader,
    /// A URL in the response at `next` (Azure's `nextLink`); none means the last page.
    LinkInBody { next: Vec<FieldStep> },
    /// The query parameter `param` counts items (`offset`) or pages (`page`, from the
    /// value the first call sent, else 1) until a page comes back empty or `total` items
    /// have been seen.
    Counter { param: String, counts: Counting, total: Option<Vec<FieldStep>> },
}

/// What a counting parameter counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Counting {
    Items,
    Pages,
}

/// A second method for an operation whose success response is either JSON or an event
/// stream (OpenAI's `stream: true`): the main method decodes the JSON, this one streams.
#[derive(Debug, Clone, PartialEq)]
pub struct StreamMethod {
    pub name: String,
    /// The events' data type; `None`: text.
    pub data: Option<TypeRef>,
    /// Its builder (`{Name}Call`) when the operation has optional parameters.
    pub call_builder: Option<String>,
}
