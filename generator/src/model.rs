//! The typed intermediate model: what the resolver produces from a spec and the emitter
//! turns into Rust. Every name in it is already a valid, final Rust identifier.

use std::collections::BTreeMap;

/// The whole API, ready to emit.
#[derive(Debug, Clone, PartialEq)]
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
}

#[derive(Debug, Clone, PartialEq)]
pub struct TypeDef {
    pub name: String,
    pub doc: Option<String>,
    /// Where operations use the type directly ("Returned by ..."), sorted.
    pub uses: Vec<String>,
    pub kind: TypeKind,
}

#[derive(Debug, Clone, PartialEq)]
pub enum TypeKind {
    Struct {
        fields: Vec<Field>,
    },
    /// A string enum; unknown values decode into a catch-all variant.
    StringEnum {
        variants: Vec<EnumVariant>,
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
    pub doc: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct EnumVariant {
    pub value: String,
    pub rust_name: String,
}

/// A Rust type as used in a field, parameter or body.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum TypeRef {
    String,
    Bool,
    I32,
    I64,
    F32,
    F64,
    /// Any JSON: `{}` schemas, free-form values.
    Json,
    Vec(Box<TypeRef>),
    Map(Box<TypeRef>),
    Named(String),
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
    pub path_params: Vec<PathParam>,
    pub body: Option<RequestBody>,
    pub success: SuccessResponse,
}

#[derive(Debug, Clone, PartialEq)]
pub struct PathParam {
    pub name: String,
    pub rust_name: String,
    pub ty: TypeRef,
    pub doc: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct RequestBody {
    pub ty: TypeRef,
    pub content_type: String,
    pub doc: Option<String>,
}

/// What a successful call returns.
#[derive(Debug, Clone, PartialEq)]
pub enum SuccessResponse {
    /// A JSON body decoded into this type.
    Json { ty: TypeRef, doc: Option<String> },
    /// No body (e.g. 204): the call returns `()`.
    Empty { doc: Option<String> },
}
