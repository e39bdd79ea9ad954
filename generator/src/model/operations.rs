//! The model's operations: groups, parameters, bodies, responses, what a call returns,
//! paging and event streams.

use super::types::TypeRef;

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

/// Where a group's operations come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GroupOrigin {
    /// The spec tags them `tag`.
    Tag,
    /// The spec tags none of them; their paths start with this resource (`/accounts`).
    Path(String),
    /// The spec tags none of them, and they are few: one handle holds them all.
    Untagged,
}

/// Operations sharing a tag (or, untagged, a resource): `client.<accessor>().<method>(..)`.
#[derive(Debug, Clone, PartialEq)]
pub struct Group {
    /// The tag, or for untagged operations the text standing in for one.
    pub tag: String,
    pub origin: GroupOrigin,
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
    /// The `Accept` header: the media types the success responses are read as, when they
    /// are not JSON alone (`text/csv`, `application/json, text/plain`); `None`: JSON.
    pub accept: Option<String>,
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

impl Parameter {
    /// Whether the method takes it as an argument (required, or in the path); else it is a
    /// setter on the call builder.
    pub fn is_argument(&self) -> bool {
        self.required || self.location == ParamLocation::Path
    }
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
    /// A JSON body whose schema allows `null`: the argument is `Option<&T>`, `None` sends `null`.
    pub fn sends_null(&self) -> bool {
        matches!(self.ty, TypeRef::Nullable(_))
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
    /// The media type of the spec's content the body is read as (`application/json`,
    /// `text/csv`; the first JSON type when there are several); `None`: no content.
    pub media_type: Option<String>,
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
    /// The JSON body's integer member `member` counts items (Elasticsearch's `from`, beside
    /// a page size), from the value the first call sent, else 0, until a page comes back
    /// empty or `total` items have been seen.
    BodyOffset { member: String, total: Option<Vec<FieldStep>> },
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
