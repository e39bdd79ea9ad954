//! Types before they have names: *shapes*, which the resolver interns (one per distinct
//! structure) and `type_names` names.

use std::collections::BTreeSet;

use crate::model::TypeOf;

pub type ShapeId = usize;

/// A type before names are chosen: named types are still shape ids.
pub type Ty = TypeOf<ShapeId>;

#[derive(Debug, Clone)]
pub struct ShapeField {
    pub json_name: String,
    pub ty: Ty,
    pub required: bool,
    pub nullable: bool,
    pub doc: Option<String>,
    pub default: Option<String>,
}

#[derive(Debug, Clone)]
pub struct ShapeVariant {
    pub name: String,
    pub ty: Ty,
    pub tags: Vec<String>,
}

#[derive(Debug, Clone, Default)]
pub enum ShapeKind {
    Struct {
        fields: Vec<ShapeField>,
        additional: Option<Ty>,
    },
    StringEnum(Vec<String>),
    Union {
        variants: Vec<ShapeVariant>,
        discriminator: Option<String>,
    },
    /// Reserved for a `$ref` target while its body is resolved (recursion).
    #[default]
    Pending,
}

/// A type that will get a Rust name, and what that name can be derived from.
#[derive(Debug, Clone, Default)]
pub struct Shape {
    pub kind: ShapeKind,
    /// From a component name, `title`, or a noun-phrase `description`.
    pub explicit_name: Option<String>,
    /// `allOf` of a named member plus others: the member's name and the added properties.
    pub composed_of: Option<(String, Vec<String>)>,
    /// Where the shape is used, in the order of record: each is the chain of names from
    /// the operation down to the schema, joined by `.` (`ApiKeysListResponse.Meta`); see
    /// [`short_context`] and [`qualified_context`].
    pub contexts: Vec<String>,
    /// Set by the resolver for shapes with a role (the common API error body).
    pub forced_name: Option<String>,
    /// How operations use the shape directly, for its documentation.
    pub uses: BTreeSet<String>,
    pub doc: Option<String>,
}

/// Structure that decides identity: docs are left out, names from the spec are in.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(super) enum ShapeKey {
    Struct(Option<String>, Vec<(String, Ty, bool, bool)>, Option<Ty>),
    StringEnum(Option<String>, Vec<String>),
    Union(Option<String>, Vec<(String, Ty, Vec<String>)>, Option<String>),
}

/// The name a context gives on its own: `Meta` for `ApiKeysListResponse.Meta`.
pub fn short_context(context: &str) -> &str {
    context.rsplit('.').next().unwrap_or(context)
}

/// The name a context gives with where it is: `ApiKeysListResponseMeta`.
pub fn qualified_context(context: &str) -> String {
    context.split('.').collect()
}
