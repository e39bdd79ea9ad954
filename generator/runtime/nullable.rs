//! Optional fields that may also be `null`: `None` leaves the field out, `Some(None)` sends
//! `null`, `Some(Some(v))` sends the value. Used with `#[serde(with = "crate::nullable")]`.

// With per-tag features, the operations or types that use this may be compiled out.
#![allow(dead_code)]

use serde::{Deserialize, Deserializer, Serialize, Serializer};

pub(crate) fn serialize<T: Serialize, S: Serializer>(
    value: &Option<Option<T>>,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    match value {
        Some(inner) => inner.serialize(serializer),
        None => serializer.serialize_none(),
    }
}

pub(crate) fn deserialize<'de, T: Deserialize<'de>, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<Option<T>>, D::Error> {
    Option::<T>::deserialize(deserializer).map(Some)
}
