//! `object!`: how the spec's object schemas are declared. serde's derives would write out,
//! for every struct, a field enum, two visitors and a dozen lines per member; in an API with
//! thousands of types that is most of what the compiler reads (about three quarters of
//! GitHub's client after expansion). This macro writes one small visitor per struct.

/// Declares a struct for a JSON object, with `Serialize` and `Deserialize`. Each member names
/// its JSON key and, after it, how absence and `null` are handled:
///
/// - nothing: required; decoding fails when the key is missing.
/// - `nullable`: sent always (`None` as `null`); a missing key decodes as `None`.
/// - `optional`: `None` leaves the key out; a missing key or `null` decodes as `None`.
/// - `optional_nullable`: `None` leaves the key out, `Some(None)` sends `null`; decoding
///   keeps the three apart.
///
/// A last member written `.. pub name: Map,` collects the keys not named above
/// (`additionalProperties`). Other unknown keys are skipped.
///
/// ```text
/// object! {
///     /// The struct's documentation.
///     #[derive(Debug, Clone, PartialEq)]
///     pub struct Name {
///         /// A member's documentation.
///         pub id: i64 = "id",
///         pub name: Option<String> = "name" optional,
///     }
/// }
/// ```
#[allow(unused_macros)] // A client built with few features may use none.
macro_rules! object {
    (
        $(#[$attribute:meta])*
        pub struct $name:ident {
            $(
                $(#[doc = $doc:literal])*
                pub $field:ident : $ty:ty = $json:literal $($kind:ident)?,
            )*
            $( .. pub $extra:ident : $extra_ty:ty, )?
        }
    ) => {
        $(#[$attribute])*
        pub struct $name {
            $(
                $(#[doc = $doc])*
                pub $field: $ty,
            )*
            $(
                /// Members not named above (`additionalProperties`).
                pub $extra: $extra_ty,
            )?
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                use serde::ser::SerializeMap;
                let mut map = serializer.serialize_map(None)?;
                $( crate::object::object!(@serialize map, self.$field, $json, $($kind)?); )*
                $(
                    for (key, value) in &self.$extra {
                        map.serialize_entry(key, value)?;
                    }
                )?
                map.end()
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                deserializer.deserialize_map(crate::object::ObjectVisitor::<$name>::new())
            }
        }

        impl crate::object::FromMap for $name {
            const NAME: &'static str = stringify!($name);

            fn from_map<'de, A: serde::de::MapAccess<'de>>(mut map: A) -> Result<Self, A::Error> {
                $( let mut $field: Option<$ty> = None; )*
                $( let mut $extra = <$extra_ty>::new(); )?
                while let Some(key) = map.next_key::<crate::object::Key<'de>>()? {
                    match key.as_str() {
                        $( $json => $field = Some(crate::object::object!(@value map, $($kind)?)), )*
                        _ => crate::object::object!(@unknown map, key, $($extra)?),
                    }
                }
                Ok($name {
                    $( $field: crate::object::object!(@finish $field, $json, $($kind)?), )*
                    $( $extra, )?
                })
            }
        }
    };

    (@serialize $map:ident, $value:expr, $json:literal, optional) => {
        if $value.is_some() {
            $map.serialize_entry($json, &$value)?;
        }
    };
    (@serialize $map:ident, $value:expr, $json:literal, optional_nullable) => {
        crate::object::object!(@serialize $map, $value, $json, optional)
    };
    (@serialize $map:ident, $value:expr, $json:literal, $($kind:ident)?) => {
        $map.serialize_entry($json, &$value)?
    };

    // `null` is `Some(None)` here, so it is read as the inner `Option`.
    (@value $map:ident, optional_nullable) => { Some($map.next_value()?) };
    (@value $map:ident, $($kind:ident)?) => { $map.next_value()? };

    (@unknown $map:ident, $key:ident,) => {{
        $map.next_value::<serde::de::IgnoredAny>()?;
    }};
    (@unknown $map:ident, $key:ident, $extra:ident) => {{
        $extra.insert($key.into_string(), $map.next_value()?);
    }};

    (@finish $field:ident, $json:literal,) => {
        match $field {
            Some(value) => value,
            None => return Err(serde::de::Error::missing_field($json)),
        }
    };
    (@finish $field:ident, $json:literal, $kind:ident) => { $field.unwrap_or_default() };
}
#[allow(unused_imports)]
pub(crate) use object;

/// Decoding a struct from the entries of a JSON object: what `object!` writes per struct.
/// The serde visitor around it is written once, here.
pub(crate) trait FromMap: Sized {
    /// The struct's name, for error messages.
    const NAME: &'static str;

    fn from_map<'de, A: serde::de::MapAccess<'de>>(map: A) -> Result<Self, A::Error>;
}

/// The serde visitor of every `object!` struct.
#[allow(dead_code)]
pub(crate) struct ObjectVisitor<T>(std::marker::PhantomData<T>);

#[allow(dead_code)]
impl<T> ObjectVisitor<T> {
    pub(crate) fn new() -> Self {
        ObjectVisitor(std::marker::PhantomData)
    }
}

impl<'de, T: FromMap> serde::de::Visitor<'de> for ObjectVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "a JSON object ({})", T::NAME)
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
        T::from_map(map)
    }
}

/// An object key as decoded: borrowed from the input when it can be, so matching a key
/// against the members' names copies nothing.
#[allow(dead_code)]
pub(crate) struct Key<'de>(std::borrow::Cow<'de, str>);

#[allow(dead_code)]
impl Key<'_> {
    pub(crate) fn as_str(&self) -> &str {
        &self.0
    }

    pub(crate) fn into_string(self) -> String {
        self.0.into_owned()
    }
}

impl<'de> serde::Deserialize<'de> for Key<'de> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct KeyVisitor;

        impl<'de> serde::de::Visitor<'de> for KeyVisitor {
            type Value = Key<'de>;

            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("an object key")
            }

            fn visit_borrowed_str<E: serde::de::Error>(self, value: &'de str) -> Result<Key<'de>, E> {
                Ok(Key(std::borrow::Cow::Borrowed(value)))
            }

            fn visit_str<E: serde::de::Error>(self, value: &str) -> Result<Key<'de>, E> {
                Ok(Key(std::borrow::Cow::Owned(value.to_string())))
            }

            fn visit_string<E: serde::de::Error>(self, value: String) -> Result<Key<'de>, E> {
                Ok(Key(std::borrow::Cow::Owned(value)))
            }
        }

        deserializer.deserialize_str(KeyVisitor)
    }
}
