//! Following `$ref`s inside the one merged document (JSON pointers, RFC 6901).

use serde_json::Value;

use crate::error::SpecError;

/// Follows `$ref` chains from `node` (found at `pointer`) to the node that holds a
/// definition. Returns it with its own pointer. External references are an error.
pub fn deref<'a>(document: &'a Value, node: &'a Value, pointer: &str) -> Result<(&'a Value, String), SpecError> {
    let mut node = node;
    let mut pointer = pointer.to_string();
    for _ in 0..64 {
        let Some(reference) = node.get("$ref") else {
            return Ok((node, pointer));
        };
        let ref_pointer = format!("{pointer}/$ref");
        let Some(reference) = reference.as_str() else {
            return Err(SpecError::new(ref_pointer, "`$ref` must be a string"));
        };
        let target = ref_target(reference).ok_or_else(|| {
            SpecError::new(
                &ref_pointer,
                format!("`{reference}` is not a local reference (`#/...`); external references are not supported"),
            )
        })?;
        node = document.pointer(&target).ok_or_else(|| {
            SpecError::new(
                &ref_pointer,
                format!("unresolvable `$ref`: `{reference}` points to nothing in the document"),
            )
        })?;
        pointer = target;
    }
    Err(SpecError::new(pointer, "`$ref` chain does not end (a reference cycle without a schema)"))
}

/// `#/components/schemas/A%20B` -> `/components/schemas/A B`.
pub fn ref_target(reference: &str) -> Option<String> {
    let fragment = reference.strip_prefix('#')?;
    Some(percent_decode(fragment))
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let (Some(h), Some(l)) = (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                out.push((h * 16 + l) as u8);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The last token of a pointer as written (`~0`/`~1` escapes kept): the component name for
/// `/components/schemas/X`.
pub fn last_token(pointer: &str) -> &str {
    pointer.rsplit('/').next().unwrap_or(pointer)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn follows_chains_and_reports_missing_targets() {
        let doc = json!({"components":{"schemas":{"A":{"$ref":"#/components/schemas/B"},"B":{"type":"string"},"C D":{"type":"integer"}}},
                         "x":{"$ref":"#/components/schemas/A"},"y":{"$ref":"#/components/schemas/Nope"},"z":{"$ref":"#/components/schemas/C%20D"}});
        let (node, pointer) = deref(&doc, &doc["x"], "/x").unwrap();
        assert_eq!(node, &json!({"type":"string"}));
        assert_eq!(pointer, "/components/schemas/B");
        assert_eq!(deref(&doc, &doc["z"], "/z").unwrap().0, &json!({"type":"integer"}));
        let error = deref(&doc, &doc["y"], "/y").unwrap_err();
        assert_eq!(error.pointer, "/y/$ref");
        assert!(error.message.contains("#/components/schemas/Nope"));
    }
}
