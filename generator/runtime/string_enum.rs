//! `string_enum!`: how the spec's string enums are declared. One macro instead of five impls
//! written out per enum keeps the `types.rs` of APIs with hundreds of enums short.

/// Declares a string enum: one variant per value the spec lists, documented with that value,
/// plus `Unknown`, so a value the server adds later still decodes (and is sent back as it
/// came). It is `#[non_exhaustive]`: a value the spec adds later is a new variant, which
/// a `match` written today already covers with its `_` arm. It gets `as_str`, `Display`,
/// `From<&str>`, and `Serialize`/`Deserialize` as a JSON string.
///
/// ```text
/// string_enum! {
///     /// The enum's documentation.
///     Name {
///         Variant = "wire value",
///     }
/// }
/// ```
macro_rules! string_enum {
    (
        $(#[$attribute:meta])*
        $name:ident {
            $( $variant:ident = $value:literal, )*
        }
    ) => {
        $(#[$attribute])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum $name {
            $(
                #[doc = concat!("`", $value, "`")]
                $variant,
            )*
            /// A value this version of the client does not know. A later version may name it
            /// with its own variant: match on the named variants and `_`, not on this.
            Unknown(String),
        }

        impl $name {
            /// The value as sent on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    $( Self::$variant => $value, )*
                    Self::Unknown(value) => value,
                }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl From<&str> for $name {
            fn from(value: &str) -> Self {
                match value {
                    $( $value => Self::$variant, )*
                    other => Self::Unknown(other.to_string()),
                }
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                crate::string_enum::deserialize_str(deserializer, |value: &str| Self::from(value))
            }
        }
    };
}
pub(crate) use string_enum;

/// Decodes a JSON string through `from` without copying it first: known values allocate
/// nothing. One generic visitor for every string enum.
pub(crate) fn deserialize_str<'de, D: serde::Deserializer<'de>, T>(
    deserializer: D,
    from: fn(&str) -> T,
) -> Result<T, D::Error> {
    struct StrVisitor<T>(fn(&str) -> T);

    impl<T> serde::de::Visitor<'_> for StrVisitor<T> {
        type Value = T;

        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("a string")
        }

        fn visit_str<E: serde::de::Error>(self, value: &str) -> Result<T, E> {
            Ok((self.0)(value))
        }
    }

    deserializer.deserialize_str(StrVisitor(from))
}
