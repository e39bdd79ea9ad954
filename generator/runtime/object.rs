//! `object!`: how the spec's object schemas are declared. serde's derives would write out,
//! for every struct, a field enum, two visitors and a dozen lines per member; in an API with
//! thousands of types that is most of what the compiler reads and checks. Here every struct
//! shares one visitor, and each member is one match arm and one serializer call.

/// Declares a struct for a JSON object, with `Serialize` and `Deserialize`, a constructor
/// `new` taking the required members, and, when a last line says `setters` (the types sent in
/// requests, which callers build), one chaining setter per member. Each member gives
/// the type of its value, its JSON key and, after it, how absence and `null` are handled
/// (which decides the field's Rust type):
///
/// - nothing: required, `T`; decoding fails when the key is missing.
/// - `nullable`: `Option<T>`, sent always (`None` as `null`); a missing key decodes as `None`.
/// - `optional`: `Option<T>`; `None` leaves the key out; a missing key or `null` decodes as
///   `None`.
/// - `optional_nullable`: `Option<Option<T>>`; `None` leaves the key out, `Some(None)` sends
///   `null`; decoding keeps the three apart.
///
/// The setter takes the member's value (`impl Into<T>`, whatever the presence: `null` is
/// sent by assigning the field) and is named after the field, or as written after `=>`
/// where that name is taken (`clone` -> `with_clone`).
///
/// The struct is `#[non_exhaustive]`: a member the spec adds later is a new field, a new
/// setter and no new argument of `new`, so code using the struct keeps compiling. Types only
/// received have no setters: they are read, and built in tests with `new` and their fields
/// (setters on every member of every type made GitHub's client a quarter slower to build).
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
///         pub name: String = "name" optional,
///     }
///     new(id: i64)
///     setters
/// }
/// ```
macro_rules! object {
    (
        $(#[$attribute:meta])*
        pub struct $name:ident {
            $(
                $(#[doc = $doc:literal])*
                pub $field:ident : $ty:ty = $json:literal $($kind:ident)? $(=> $setter:ident)?,
            )*
            $( .. pub $extra:ident : $extra_ty:ty, )?
        }
        new($( $param:ident : $param_ty:ty ),* $(,)?)
        $($setters:ident)?
    ) => {
        $(#[$attribute])*
        #[non_exhaustive]
        pub struct $name {
            $(
                $(#[doc = $doc])*
                pub $field: crate::object::object!(@type $ty, $($kind)?),
            )*
            $(
                /// Members not named above (`additionalProperties`).
                pub $extra: $extra_ty,
            )?
        }

        impl $name {
            /// A value with the required members given and every other one left out (set
            /// them with the methods named after them).
            #[allow(clippy::too_many_arguments)]
            #[must_use]
            pub fn new($( $param: impl Into<$param_ty> ),*) -> Self {
                $name {
                    $( $field: crate::object::object!(@init $field, $($kind)?), )*
                    $( $extra: <$extra_ty>::new(), )?
                }
            }

            crate::object::object!(@setters [$($setters)?] $( $field $(=> $setter)?, $ty, $($kind)?; )*);

            $(
                /// Sets the members not named above (`additionalProperties`).
                #[must_use]
                pub fn $extra(mut self, value: impl Into<$extra_ty>) -> Self {
                    self.$extra = value.into();
                    self
                }
            )?
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                let mut entries = crate::object::Entries::new(serializer)?;
                $( crate::object::object!(@serialize entries, self.$field, $json, $($kind)?); )*
                $(
                    for (key, value) in &self.$extra {
                        entries.put(key, value);
                    }
                )?
                entries.end()
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
                // Each member's type is inferred from the field it fills.
                $( let mut $field = None; )*
                $( let mut $extra = <$extra_ty>::new(); )?
                // A member's value that fails to decode leaves its error here: one check per
                // key rather than one per member keeps each struct's code small.
                let mut error = None;
                while let Some(key) = map.next_key::<crate::object::Key<'de>>()? {
                    match key.as_str() {
                        $( $json => $field = crate::object::object!(@value map, error, $($kind)?), )*
                        _ => crate::object::object!(@unknown map, error, key, $($extra)?),
                    }
                    if let Some(error) = error.take() {
                        return Err(error);
                    }
                }
                Ok($name {
                    $( $field: crate::object::object!(@finish $field, $json, $($kind)?), )*
                    $( $extra, )?
                })
            }
        }
    };

    (@type $ty:ty,) => { $ty };
    (@type $ty:ty, nullable) => { Option<$ty> };
    (@type $ty:ty, optional) => { Option<$ty> };
    (@type $ty:ty, optional_nullable) => { Option<Option<$ty>> };

    // In `new`: a required member is its argument; the others start out absent (`None`).
    (@init $field:ident,) => { $field.into() };
    (@init $field:ident, $kind:ident) => { None };

    // Setters only where the last line says `setters` (types sent in requests).
    (@setters [] $($members:tt)*) => {};
    (@setters [setters] $( $field:ident $(=> $setter:ident)?, $ty:ty, $($kind:ident)?; )*) => {
        $( crate::object::object!(@setter $field $(=> $setter)?, $ty, $($kind)?); )*
    };

    (@setter $field:ident, $ty:ty, $($kind:ident)?) => {
        crate::object::object!(@setter $field => $field, $ty, $($kind)?);
    };
    (@setter $field:ident => $setter:ident, $ty:ty,) => {
        /// Sets the field this setter is named after.
        #[must_use]
        #[allow(clippy::should_implement_trait)] // Named after its member (`sub`, a JWT claim), not an operator.
        pub fn $setter(mut self, value: impl Into<$ty>) -> Self {
            self.$field = value.into();
            self
        }
    };
    (@setter $field:ident => $setter:ident, $ty:ty, optional_nullable) => {
        /// Sets the field this setter is named after to `Some(Some(value))`.
        #[must_use]
        #[allow(clippy::should_implement_trait)] // Named after its member (`sub`, a JWT claim), not an operator.
        pub fn $setter(mut self, value: impl Into<$ty>) -> Self {
            self.$field = Some(Some(value.into()));
            self
        }
    };
    (@setter $field:ident => $setter:ident, $ty:ty, $kind:ident) => {
        /// Sets the field this setter is named after to `Some(value)`.
        #[must_use]
        #[allow(clippy::should_implement_trait)] // Named after its member (`sub`, a JWT claim), not an operator.
        pub fn $setter(mut self, value: impl Into<$ty>) -> Self {
            self.$field = Some(value.into());
            self
        }
    };

    (@serialize $entries:ident, $value:expr, $json:literal, optional) => {
        $entries.put_present($json, &$value)
    };
    (@serialize $entries:ident, $value:expr, $json:literal, optional_nullable) => {
        $entries.put_present($json, &$value)
    };
    (@serialize $entries:ident, $value:expr, $json:literal, $($kind:ident)?) => {
        $entries.put($json, &$value)
    };

    // `null` is `Some(None)` here, so it is read as the inner `Option`.
    (@value $map:ident, $error:ident, optional_nullable) => {
        crate::object::next_value(&mut $map, &mut $error).map(Some)
    };
    (@value $map:ident, $error:ident, $($kind:ident)?) => { crate::object::next_value(&mut $map, &mut $error) };

    (@unknown $map:ident, $error:ident, $key:ident,) => {{
        let _ = crate::object::next_value::<_, serde::de::IgnoredAny>(&mut $map, &mut $error);
    }};
    (@unknown $map:ident, $error:ident, $key:ident, $extra:ident) => {
        if let Some(value) = crate::object::next_value(&mut $map, &mut $error) {
            $extra.insert($key.into_string(), value);
        }
    };

    (@finish $field:ident, $json:literal,) => {
        match $field {
            Some(value) => value,
            None => return Err(serde::de::Error::missing_field($json)),
        }
    };
    (@finish $field:ident, $json:literal, $kind:ident) => { $field.unwrap_or_default() };
}
pub(crate) use object;

/// Decoding a struct from the entries of a JSON object: what `object!` writes per struct.
/// The serde visitor around it is written once, here.
pub(crate) trait FromMap: Sized {
    /// The struct's name, for error messages.
    const NAME: &'static str;

    fn from_map<'de, A: serde::de::MapAccess<'de>>(map: A) -> Result<Self, A::Error>;
}

/// The serde visitor of every `object!` struct.
pub(crate) struct ObjectVisitor<T>(std::marker::PhantomData<T>);

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

/// The next value of `map`, or `None` with the error left in `error`.
pub(crate) fn next_value<'de, A: serde::de::MapAccess<'de>, T: serde::Deserialize<'de>>(
    map: &mut A,
    error: &mut Option<A::Error>,
) -> Option<T> {
    match map.next_value() {
        Ok(value) => Some(value),
        Err(e) => {
            *error = Some(e);
            None
        }
    }
}

/// The entries of an object being serialized. The first error stops the rest and is returned
/// by [`end`](Self::end), so each member is one call, not a branch.
pub(crate) struct Entries<M: serde::ser::SerializeMap> {
    map: M,
    error: Option<M::Error>,
}

impl<M: serde::ser::SerializeMap> Entries<M> {
    pub(crate) fn new<S: serde::Serializer<SerializeMap = M, Error = M::Error>>(
        serializer: S,
    ) -> Result<Self, M::Error> {
        Ok(Entries { map: serializer.serialize_map(None)?, error: None })
    }

    pub(crate) fn put<V: serde::Serialize + ?Sized>(&mut self, key: &str, value: &V) {
        if self.error.is_none() {
            if let Err(e) = self.map.serialize_entry(key, value) {
                self.error = Some(e);
            }
        }
    }

    /// An optional member: left out when `None`.
    pub(crate) fn put_present<V: serde::Serialize>(&mut self, key: &str, value: &Option<V>) {
        if value.is_some() {
            self.put(key, value);
        }
    }

    pub(crate) fn end(self) -> Result<M::Ok, M::Error> {
        match self.error {
            Some(error) => Err(error),
            None => self.map.end(),
        }
    }
}

/// An object key as decoded: borrowed from the input when it can be, so matching a key
/// against the members' names copies nothing.
pub(crate) struct Key<'de>(std::borrow::Cow<'de, str>);

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

/// A discriminated union's variant, encoded, with its tag: `tag` is added under `property`
/// when the variant's own members do not carry it.
pub(crate) fn with_tag(mut value: serde_json::Value, property: &str, tag: Option<&str>) -> serde_json::Value {
    if let (serde_json::Value::Object(members), Some(tag)) = (&mut value, tag) {
        members.entry(property).or_insert_with(|| serde_json::Value::String(tag.into()));
    }
    value
}

/// Decodes a value as one variant of a union.
pub(crate) type DecodeVariant<T> = fn(serde_json::Value) -> Result<T, serde_json::Error>;

/// How a union without a discriminator decodes a value: the first variant that decodes it
/// and keeps every member the value has (at any depth), else the first that decodes it at
/// all, else `None` (the caller's catch-all). A variant whose members are all optional
/// decodes any object, so "decodes" alone would let it take objects meant for a later
/// variant and drop their members.
pub(crate) fn decode_union<T: serde::Serialize>(value: &serde_json::Value, variants: &[DecodeVariant<T>]) -> Option<T> {
    let mut first = None;
    for decode in variants {
        let Ok(decoded) = decode(value.clone()) else { continue };
        if serde_json::to_value(&decoded).is_ok_and(|encoded| keeps(value, &encoded)) {
            return Some(decoded);
        }
        first.get_or_insert(decoded);
    }
    first
}

/// Whether `encoded` still has every member of `original` that is not `null`, and every
/// number's value (an `f32` variant rounds a double).
fn keeps(original: &serde_json::Value, encoded: &serde_json::Value) -> bool {
    use serde_json::Value;
    match (original, encoded) {
        (Value::Object(members), Value::Object(kept)) => {
            members.iter().all(|(key, value)| value.is_null() || kept.get(key).is_some_and(|other| keeps(value, other)))
        }
        (Value::Array(items), Value::Array(kept)) => {
            items.len() == kept.len() && items.iter().zip(kept).all(|(item, other)| keeps(item, other))
        }
        (Value::Number(number), Value::Number(kept)) => number.as_f64() == kept.as_f64(),
        (Value::Object(_) | Value::Array(_), _) => false,
        _ => true,
    }
}

#[cfg(test)]
mod union_tests {
    use serde_json::{json, Value};

    #[derive(Debug, PartialEq, serde::Serialize, serde::Deserialize)]
    struct KeyValue {
        #[serde(skip_serializing_if = "Option::is_none")]
        key: Option<String>,
    }

    #[derive(Debug, PartialEq, serde::Serialize, serde::Deserialize)]
    struct Named {
        name: String,
    }

    #[derive(Debug, PartialEq, serde::Serialize)]
    #[serde(untagged)]
    enum Point {
        KeyValue(KeyValue),
        Named(Named),
    }

    fn decode(value: Value) -> Option<Point> {
        super::decode_union(
            &value,
            &[|v| serde_json::from_value(v).map(Point::KeyValue), |v| serde_json::from_value(v).map(Point::Named)],
        )
    }

    #[test]
    fn the_variant_that_keeps_every_member_wins() {
        assert_eq!(decode(json!({"name": "a"})), Some(Point::Named(Named { name: "a".into() })));
        assert_eq!(decode(json!({"key": "k"})), Some(Point::KeyValue(KeyValue { key: Some("k".into()) })));
        // Nothing keeps `other`: the first variant that decodes.
        assert_eq!(decode(json!({"other": 1})), Some(Point::KeyValue(KeyValue { key: None })));
        assert_eq!(decode(json!(3)), None);
    }

    #[derive(Debug, PartialEq, serde::Serialize)]
    #[serde(untagged)]
    enum Number {
        Float(f32),
        Double(f64),
    }

    #[test]
    fn a_variant_that_rounds_a_number_does_not_keep_it() {
        let decode = |value: Value| {
            super::decode_union(
                &value,
                &[|v| serde_json::from_value(v).map(Number::Float), |v| serde_json::from_value(v).map(Number::Double)],
            )
        };
        assert_eq!(decode(json!(0.5)), Some(Number::Float(0.5)));
        assert_eq!(decode(json!(-538.4379662573338)), Some(Number::Double(-538.4379662573338)));
    }
}
