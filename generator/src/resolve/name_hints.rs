//! Names a schema gives itself: its `title`, or a `description` that is a noun phrase.

use serde_json::Value;

use super::idents::pascal;

/// A type name the schema itself gives: its `title`, or a `description` short enough to be
/// a noun phrase (at most five words, no sentence punctuation).
pub fn name_hint(schema: &Value) -> Option<String> {
    if let Some(title) = title(schema) {
        return Some(title);
    }
    let description = schema.get("description")?.as_str()?.trim();
    let words: Vec<&str> = description.split_whitespace().collect();
    let noun_phrase = !words.is_empty()
        && words.len() <= 5
        && description.len() <= 48
        && words.iter().all(|w| w.chars().all(|c| c.is_alphanumeric() || c == '-' || c == '_'))
        && words[0].starts_with(|c: char| c.is_uppercase());
    noun_phrase.then(|| pascal(description))
}

/// The schema's `title`, as a type name.
pub fn title(schema: &Value) -> Option<String> {
    schema.get("title").and_then(Value::as_str).filter(|t| !t.trim().is_empty()).map(pascal)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn noun_phrase_descriptions_name_types_and_sentences_do_not() {
        assert_eq!(name_hint(&json!({"description":"API Key Record"})), Some("ApiKeyRecord".into()));
        assert_eq!(name_hint(&json!({"title":"device config"})), Some("DeviceConfig".into()));
        assert_eq!(name_hint(&json!({"description":"Return a list of all API Keys."})), None);
        assert_eq!(name_hint(&json!({"description":"the key"})), None);
    }
}
