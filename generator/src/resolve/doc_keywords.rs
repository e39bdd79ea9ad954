//! Keywords that document a schema without constraining its shape.

use serde_json::Value;

/// True for `{}` and schemas that only carry documentation: they constrain nothing.
pub fn is_unconstrained(schema: &Value) -> bool {
    schema.as_object().is_some_and(|members| members.keys().all(|k| is_doc_keyword(k)))
}

/// A keyword that documents a schema (or says it allows `null`) without constraining its shape.
pub fn is_doc_keyword(key: &str) -> bool {
    const DOC_ONLY: [&str; 11] = [
        "description",
        "title",
        "readOnly",
        "writeOnly",
        "example",
        "examples",
        "deprecated",
        "nullable",
        "externalDocs",
        "xml",
        "$comment",
    ];
    DOC_ONLY.contains(&key) || key.starts_with("x-")
}
