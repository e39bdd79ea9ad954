//! Stands in for the modules the generator writes (`types.rs`, one module per tag, custom
//! code): one use of every runtime entry point, in the form generated code uses it (see
//! `generator/src/emit/`). With it, an item the runtime declares but nothing can use is
//! dead code here, and clippy says so. Generated crates use a part of the runtime each,
//! so they allow dead code where they declare its modules.

use crate::call::{self, Call, Operation};
use crate::object::object;
use crate::string_enum::string_enum;

/// Generated types: the `object!` and `string_enum!` forms.
pub mod types {
    use serde::{Deserialize, Serialize};

    use super::{object, string_enum};

    object! {
        /// A page of pets.
        #[derive(Debug, Clone, PartialEq, Default)]
        pub struct PetPage {
            /// The pets.
            pub items: Vec<Pet> = "items",
            /// The next page's cursor.
            pub next: String = "next" optional,
            /// Whether more pages follow.
            pub has_more: bool = "has_more" optional,
            /// A URL of the next page.
            pub next_link: String = "nextLink" nullable,
            /// Pets in all pages.
            pub total: i64 = "total" optional,
        }
        new(items: Vec<Pet>)
    }

    object! {
        /// A pet.
        #[derive(Debug, Clone, PartialEq, Default)]
        pub struct Pet {
            /// Its id.
            pub id: String = "id",
            /// Its kind.
            pub kind: Kind = "kind" optional,
            /// A nickname, which may be cleared with `null`.
            pub nickname: String = "nickname" optional_nullable,
            .. pub additional_properties: std::collections::BTreeMap<String, serde_json::Value>,
        }
        new(id: String)
        setters
    }

    string_enum! {
        /// The kind of a pet.
        Kind {
            Cat = "cat",
            Dog = "dog",
        }
    }

    /// A pet or its id: a union without a discriminator.
    #[derive(Debug, Clone, PartialEq, Serialize)]
    #[serde(untagged)]
    pub enum PetOrId {
        /// The `Pet` variant.
        Pet(Pet),
        /// The `String` variant.
        String(String),
        /// A value matching no variant this version of the client knows.
        Other(serde_json::Value),
    }

    impl<'de> Deserialize<'de> for PetOrId {
        fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            let value = serde_json::Value::deserialize(deserializer)?;
            let decoded = crate::object::decode_union(
                &value,
                &[
                    |value| serde_json::from_value(value).map(PetOrId::Pet),
                    |value| serde_json::from_value(value).map(PetOrId::String),
                ],
            );
            Ok(decoded.unwrap_or(PetOrId::Other(value)))
        }
    }

    /// A pet by its kind: a union with a discriminator, whose tag `Pet` does not carry.
    #[derive(Debug, Clone, PartialEq)]
    pub enum PetByKind {
        /// Selected by `kind` = `cat`.
        Cat(Pet),
        /// A value matching no variant this version of the client knows.
        Other(serde_json::Value),
    }

    impl Serialize for PetByKind {
        fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            let (tag, value) = match self {
                PetByKind::Cat(value) => (Some("cat"), serde_json::to_value(value)),
                PetByKind::Other(value) => return value.serialize(serializer),
            };
            let value = value.map_err(serde::ser::Error::custom)?;
            crate::object::with_tag(value, "kind", tag).serialize(serializer)
        }
    }

    impl<'de> Deserialize<'de> for PetByKind {
        fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            let value = serde_json::Value::deserialize(deserializer)?;
            let tag = value.get("kind").and_then(serde_json::Value::as_str).map(str::to_owned);
            match tag.as_deref() {
                Some("cat") => serde_json::from_value(value).map(PetByKind::Cat).map_err(serde::de::Error::custom),
                _ => Ok(PetByKind::Other(value)),
            }
        }
    }

    /// A form with a file.
    #[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
    pub struct Upload {
        /// The photo.
        pub photo: crate::FilePart,
        /// Its caption.
        pub caption: Option<String>,
    }
}

/// A generated group: one operation per way the emitter sends a request or reads a response.
#[derive(Debug, Clone, Copy)]
pub struct Pets<'c> {
    client: &'c crate::Client,
}

impl crate::Client {
    /// The `pets` operations.
    pub fn pets(&self) -> Pets<'_> {
        Pets { client: self }
    }
}

impl<'c> Pets<'c> {
    /// JSON in and out, path and query parameters of every style, a header and a cookie.
    pub fn update(&self, id: i64, body: &types::Pet) -> UpdateCall<'c> {
        static OP: Operation = Operation::put("pets.update", "/pets/{id}").secured(&[&["bearer"], &[]]);
        let call = Call::new(self.client, &OP, &[&call::path_value(&id)], call::decode_json)
            .json_body("application/json", body)
            .query_param("tags", &["a", "b"], crate::params::QueryStyle::Form { explode: false })
            .query_param("ids", &[1, 2], crate::params::QueryStyle::SpaceDelimited)
            .query_param("fields", &["x"], crate::params::QueryStyle::PipeDelimited)
            .query_param("filter", body, crate::params::QueryStyle::DeepObject)
            .header_param("X-Trace", "t")
            .cookie_param("session", "s");
        UpdateCall(call)
    }

    /// A union body: a pet or its id.
    pub fn find(&self) -> Call<'c, types::PetOrId> {
        static OP: Operation = Operation::get("pets.find", "/pets/find");
        Call::new(self.client, &OP, &[], call::decode_json)
    }

    /// A discriminated union, sent and returned.
    pub fn adopt(&self, body: &types::PetByKind) -> Call<'c, types::PetByKind> {
        static OP: Operation = Operation::post("pets.adopt", "/pets/adopt");
        Call::new(self.client, &OP, &[], call::decode_json).json_body("application/json", body)
    }

    /// A form body; an idempotency key on every attempt.
    pub fn create(&self, body: &types::Pet) -> Call<'c, String> {
        static OP: Operation = Operation::post("pets.create", "/pets").idempotent_with("Idempotency-Key");
        Call::new(self.client, &OP, &[], call::decode_text).form_body("application/x-www-form-urlencoded", body)
    }

    /// A multipart body.
    pub fn upload(&self, body: &types::Upload) -> Call<'c, ()> {
        static OP: Operation = Operation::patch("pets.upload", "/pets/photo");
        let mut parts = vec![crate::multipart::Part::file("photo", &body.photo)];
        if let Some(value) = &body.caption {
            parts.push(crate::multipart::Part::text("caption", value));
        }
        let (content_type, encoded) = crate::multipart::encode(&parts);
        Call::new(self.client, &OP, &[], call::decode_empty).bytes_body(&content_type, encoded)
    }

    /// Bytes in and out; every other method.
    pub fn raw(&self, method: u8, body: Vec<u8>) -> Call<'c, bytes::Bytes> {
        static GET: Operation = Operation::get("pets.raw", "/raw").accepting("application/octet-stream");
        static DELETE: Operation = Operation::delete("pets.raw", "/raw");
        static OPTIONS: Operation = Operation::options("pets.raw", "/raw");
        static HEAD: Operation = Operation::head("pets.raw", "/raw");
        static TRACE: Operation = Operation::trace("pets.raw", "/raw");
        let op = [&GET, &DELETE, &OPTIONS, &HEAD, &TRACE][usize::from(method) % 5];
        Call::new(self.client, op, &[], call::decode_bytes).bytes_body("application/octet-stream", body)
    }

    /// Events with JSON data.
    pub fn watch(&self) -> Call<'c, crate::EventStream<types::Pet>> {
        static OP: Operation = Operation::get("pets.watch", "/pets/events");
        Call::streaming(self.client, &OP, &[], |operation, response, headers| {
            crate::sse::EventStream::new(operation, response, headers, crate::sse::json_data)
        })
    }

    /// Events with text data.
    pub fn tail(&self) -> Call<'c, crate::EventStream<String>> {
        static OP: Operation = Operation::get("pets.tail", "/pets/log");
        Call::streaming(self.client, &OP, &[], |operation, response, headers| {
            crate::sse::EventStream::new(operation, response, headers, crate::sse::text_data)
        })
    }

    /// Paged six ways: the page after is chosen by `style`.
    pub fn list(&self, style: u8) -> crate::Items<'c, types::PetPage, types::Pet> {
        static OP: Operation = Operation::get("pets.list", "/pets");
        let call = Call::new(self.client, &OP, &[], call::decode_json);
        let pages = match style {
            0 => crate::pagination::Pages::new(call, |body: &types::PetPage, _| {
                crate::pagination::token(body.next.clone(), "cursor")
            }),
            1 => crate::pagination::Pages::new(call, |_, headers| crate::pagination::next_link(headers)),
            2 => crate::pagination::Pages::new(call, |body, _| match &body.next_link {
                Some(url) if !url.is_empty() => crate::pagination::Next::Url(url.clone()),
                _ => crate::pagination::Next::End,
            }),
            3 => crate::pagination::Pages::new(call, |body, _| crate::pagination::Next::Count {
                param: "offset",
                counts: crate::pagination::Counting::Items,
                page_items: body.items.len(),
                total: body.total.and_then(|total| u64::try_from(total).ok()),
            }),
            4 => crate::pagination::Pages::new(call, |body, _| crate::pagination::Next::CountInBody {
                member: "from",
                page_items: body.items.len(),
                total: None,
            }),
            _ => crate::pagination::Pages::new(call, |body, _| {
                if !body.has_more.unwrap_or(false) {
                    return crate::pagination::Next::End;
                }
                crate::pagination::Next::Count {
                    param: "page",
                    counts: crate::pagination::Counting::Pages,
                    page_items: body.items.len(),
                    total: None,
                }
            }),
        };
        crate::pagination::Items::new(pages, |body| body.items)
    }
}

/// A call builder for optional parameters.
#[must_use = "a call does nothing until it is awaited"]
#[derive(Debug)]
pub struct UpdateCall<'c>(Call<'c, types::Pet>);

impl UpdateCall<'_> {
    /// An optional query parameter.
    pub fn limit(self, limit: i64) -> Self {
        Self(self.0.query("limit", &limit))
    }
}

call::call_options!(UpdateCall, types::Pet);

/// Custom code: settings that imply the server or can be invalid.
impl crate::ClientBuilder {
    /// Credentials that carry the server's address.
    pub fn credentials_at(self, url: &str) -> Self {
        match url.strip_prefix("https://") {
            Some(_) => self.implied_base_url(url),
            None => self.defer_error(crate::BuildError::InvalidCredentials("url".into(), "not an https URL".into())),
        }
    }
}
