//! Which description a document is, and its OpenAPI 3.0 form: Swagger 2.0 is converted,
//! OpenAPI 3.1 lowered, 3.0 read as it is. Anything else is not an API description.

use std::borrow::Cow;

use serde_json::Value;

use crate::error::{SpecError, Warning};

/// The version a document declares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SpecVersion {
    Swagger2,
    OpenApi30,
    OpenApi31,
}

impl SpecVersion {
    pub fn of(document: &Value) -> Result<Self, SpecError> {
        if let Some(version) = document.get("swagger") {
            return match version.as_str() {
                Some("2.0") => Ok(SpecVersion::Swagger2),
                _ => Err(SpecError::new("/swagger", format!("Swagger version {version} is not supported; 2.0 is"))),
            };
        }
        match document.get("openapi") {
            Some(Value::String(v)) if v.starts_with("3.0") => Ok(SpecVersion::OpenApi30),
            Some(Value::String(v)) if v.starts_with("3.1") => Ok(SpecVersion::OpenApi31),
            Some(other) => Err(SpecError::new(
                "/openapi",
                format!("OpenAPI version {other} is not supported; this generator reads 2.0, 3.0.x and 3.1.x"),
            )),
            None => Err(SpecError::new(
                "",
                "not an API description: no `openapi` (3.x) or `swagger` (2.0) version at the top level",
            )),
        }
    }
}

/// The document in OpenAPI 3.0 form, with warnings about what the conversion could not keep
/// (pointers into the document as given).
pub fn to_openapi30(document: &Value) -> Result<(Cow<'_, Value>, Vec<Warning>), SpecError> {
    match SpecVersion::of(document)? {
        SpecVersion::OpenApi30 => Ok((Cow::Borrowed(document), Vec::new())),
        SpecVersion::OpenApi31 => {
            let mut lowered = document.clone();
            let warnings = super::openapi31::lower(&mut lowered);
            Ok((Cow::Owned(lowered), warnings))
        }
        SpecVersion::Swagger2 => {
            let (converted, warnings) = super::swagger2::convert(document);
            Ok((Cow::Owned(converted), warnings))
        }
    }
}

/// Where a node of the OpenAPI 3.0 form of a Swagger 2.0 document came from, as far as the
/// conversion moved it (`/components/schemas/Pet` -> `/definitions/Pet`, a response's
/// `content/<media type>/schema` -> its `schema`); other pointers are the same in both.
pub fn swagger2_pointer(pointer: &str) -> String {
    const MOVED: [(&str, &str); 5] = [
        ("/components/schemas/", "/definitions/"),
        ("/components/parameters/", "/parameters/"),
        ("/components/requestBodies/", "/parameters/"),
        ("/components/responses/", "/responses/"),
        ("/components/securitySchemes/", "/securityDefinitions/"),
    ];
    let mut original = pointer.to_string();
    for (from, to) in MOVED {
        if let Some(rest) = pointer.strip_prefix(from) {
            original = format!("{to}{rest}");
            break;
        }
    }
    // `.../responses/200/content/application~1json/schema/...` -> `.../responses/200/schema/...`
    if let Some(at) = original.find("/content/") {
        let after = &original[at + "/content/".len()..];
        if let Some(slash) = after.find("/schema") {
            if original[..at].contains("/responses/") {
                original = format!("{}{}", &original[..at], &after[slash..]);
            }
        }
    }
    original
}

/// Brings every fragment into OpenAPI 3.0 form before they are merged. Errors and warnings
/// name the fragment's file.
pub fn fragments_to_openapi30(fragments: &mut [super::fragments::Fragment]) -> Result<Vec<Warning>, SpecError> {
    let mut warnings = Vec::new();
    for fragment in fragments {
        let (converted, mut converted_warnings) =
            to_openapi30(&fragment.document).map_err(|e| e.at(fragment.source.clone()))?;
        if let Cow::Owned(document) = converted {
            fragment.document = document;
        }
        warnings.append(&mut converted_warnings);
    }
    Ok(warnings)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn versions_are_told_apart_and_others_refused() {
        assert_eq!(SpecVersion::of(&json!({"swagger": "2.0"})).unwrap(), SpecVersion::Swagger2);
        assert_eq!(SpecVersion::of(&json!({"openapi": "3.0.3"})).unwrap(), SpecVersion::OpenApi30);
        assert_eq!(SpecVersion::of(&json!({"openapi": "3.1.0"})).unwrap(), SpecVersion::OpenApi31);
        assert!(SpecVersion::of(&json!({"openapi": "4.0"})).unwrap_err().message.contains("2.0, 3.0.x and 3.1.x"));
        assert!(SpecVersion::of(&json!({"swagger": "1.2"})).is_err());
        assert!(SpecVersion::of(&json!({"name": "x"})).unwrap_err().message.contains("not an API description"));
    }

    #[test]
    fn swagger2_pointers_are_found_again() {
        assert_eq!(swagger2_pointer("/components/schemas/Pet/properties/a"), "/definitions/Pet/properties/a");
        assert_eq!(
            swagger2_pointer("/paths/~1a/get/responses/200/content/application~1json/schema/items"),
            "/paths/~1a/get/responses/200/schema/items"
        );
        assert_eq!(swagger2_pointer("/paths/~1a/get/parameters/0"), "/paths/~1a/get/parameters/0");
    }
}
