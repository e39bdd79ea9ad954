//! The parameters and body of a call, set by the generated operation methods: each value is
//! spelled as its parameter's style says (`params`) when the call is built.

use bytes::Bytes;

use crate::call::Call;
use crate::upload::Payload;

/// Parameters and bodies, set by the generated operation methods.
impl<T> Call<'_, T> {
    /// Serializes the body now, so the call does not borrow it.
    pub(crate) fn json_body<B: serde::Serialize + ?Sized>(mut self, content_type: &str, body: &B) -> Self {
        let encoded = serde_json::to_vec(body).map(|bytes| Payload::from(Bytes::from(bytes)));
        self.body = Some((content_type.to_string(), encoded.map_err(|e| e.to_string())));
        self
    }

    /// An `application/x-www-form-urlencoded` body from a struct's members.
    pub(crate) fn form_body<B: serde::Serialize + ?Sized>(mut self, content_type: &str, body: &B) -> Self {
        let encoded = serde_json::to_value(body).map_err(|e| e.to_string()).map(|value| {
            // Each member is a form field; arrays repeat the field (`form`, exploded).
            let style = crate::params::QueryStyle::Form { explode: true };
            let pairs: Vec<(String, String)> = match &value {
                serde_json::Value::Object(members) => {
                    members.iter().flat_map(|(name, member)| crate::params::query_pairs(name, member, style)).collect()
                }
                other => crate::params::query_pairs("", other, style),
            };
            Payload::from(Bytes::from(crate::params::form_encode(&pairs).into_bytes()))
        });
        self.body = Some((content_type.to_string(), encoded));
        self
    }

    /// A body sent as it is.
    pub(crate) fn bytes_body(mut self, content_type: &str, body: Vec<u8>) -> Self {
        self.body = Some((content_type.to_string(), Ok(Payload::from(Bytes::from(body)))));
        self
    }

    /// A binary body: bytes, a file or a stream (see [`UploadBody`](crate::UploadBody)).
    pub(crate) fn upload_body(mut self, content_type: &str, body: crate::upload::UploadBody) -> Self {
        self.body = Some((content_type.to_string(), Ok(body.0)));
        self
    }

    /// One query parameter in the default style (`form`, exploded); `None` and null send
    /// nothing.
    pub(crate) fn query<V: serde::Serialize + ?Sized>(self, name: &str, value: &V) -> Self {
        self.query_param(name, value, crate::params::QueryStyle::Form { explode: true })
    }

    /// One query parameter, spelled as its `style` says; `None` and null send nothing.
    pub(crate) fn query_param<V: serde::Serialize + ?Sized>(
        mut self,
        name: &str,
        value: &V,
        style: crate::params::QueryStyle,
    ) -> Self {
        match serde_json::to_value(value) {
            Ok(value) => self.query.extend(crate::params::query_pairs(name, &value, style)),
            Err(e) => self.problems.push(format!("query parameter {name}: {e}")),
        }
        self
    }

    /// One header parameter (`simple` style).
    pub(crate) fn header_param<V: serde::Serialize + ?Sized>(mut self, name: &str, value: &V) -> Self {
        match serde_json::to_value(value) {
            Ok(serde_json::Value::Null) => {}
            Ok(value) => self.headers.push((name.to_string(), crate::params::simple_value(&value))),
            Err(e) => self.problems.push(format!("header parameter {name}: {e}")),
        }
        self
    }

    /// One cookie parameter, added to the `Cookie` header.
    pub(crate) fn cookie_param<V: serde::Serialize + ?Sized>(mut self, name: &str, value: &V) -> Self {
        match serde_json::to_value(value) {
            Ok(serde_json::Value::Null) => {}
            Ok(value) => {
                let pair = format!("{name}={}", crate::params::simple_value(&value));
                match self.headers.iter_mut().find(|(n, _)| n.eq_ignore_ascii_case("cookie")) {
                    Some((_, cookies)) => *cookies = format!("{cookies}; {pair}"),
                    None => self.headers.push(("cookie".to_string(), pair)),
                }
            }
            Err(e) => self.problems.push(format!("cookie parameter {name}: {e}")),
        }
        self
    }

    /// The JSON body's member `name` as a count, if the body is an object that has one.
    pub(crate) fn body_member(&self, name: &str) -> Option<u64> {
        let (_, Ok(body)) = self.body.as_ref()? else { return None };
        serde_json::from_slice::<serde_json::Value>(body.as_bytes()?).ok()?.get(name)?.as_u64()
    }

    /// The same call with the JSON body's member `name` set to `value` (paging in the body).
    pub(crate) fn replace_body_member(mut self, name: &str, value: u64) -> Self {
        if let Some((_, Ok(body))) = &mut self.body {
            let decoded = body.as_bytes().and_then(|bytes| serde_json::from_slice(bytes).ok());
            if let Some(serde_json::Value::Object(mut members)) = decoded {
                members.insert(name.to_string(), value.into());
                if let Ok(encoded) = serde_json::to_vec(&members) {
                    *body = Payload::from(Bytes::from(encoded));
                }
            }
        }
        self
    }
}
