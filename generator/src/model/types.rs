//! The model's types: named types (structs, string enums, unions), their members, and how
//! a type is spelled in Rust.

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

    /// Every type a value of this one holds: [`members`](Self::members) and the type of
    /// `additionalProperties`.
    pub fn held_types(&self) -> impl Iterator<Item = &TypeRef> {
        let additional = match &self.kind {
            TypeKind::Struct { additional, .. } => additional.as_ref(),
            _ => None,
        };
        self.members().chain(additional)
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
    /// The chaining setter's name: `rust_name`, or `with_<name>` where a method every struct
    /// has takes it ([`TYPE_METHODS`](super::TYPE_METHODS)).
    pub setter_name: String,
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
    /// `Option<T>`: a schema that allows `null` where no member's presence says so: an
    /// array item, a map value, a union member, a whole body. (A struct member's `null` is
    /// its [`Presence`]; a `Json` value holds `null` itself.)
    Nullable(Box<TypeOf<N>>),
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
            TypeOf::Nullable(inner) => TypeOf::Nullable(Box::new(inner.map_named(f))),
            TypeOf::Named(name) => TypeOf::Named(f(name)),
        }
    }
}

impl<N> TypeOf<N> {
    /// The type without its `Option`, if it has one.
    pub fn non_null(&self) -> &TypeOf<N> {
        match self {
            TypeOf::Nullable(inner) => inner,
            other => other,
        }
    }
}

impl Field {
    /// The member's Rust type as source text, its `Box` and [`Presence`] included.
    pub fn rust_text(&self) -> String {
        self.presence.wrap(self.value_text())
    }

    /// The type of the member's value: its `Box` included, its [`Presence`] not.
    pub fn value_text(&self) -> String {
        boxed_text(self.ty.rust_text(), self.boxed)
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
