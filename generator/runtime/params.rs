//! Spelling parameter values as the spec's `style` and `explode` say.

use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use serde_json::Value;

/// How a query value is spelled (OpenAPI `style` + `explode`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum QueryStyle {
    Form { explode: bool },
    SpaceDelimited,
    PipeDelimited,
    DeepObject,
}

/// A scalar as text; `None` for null.
fn scalar(value: &Value) -> Option<String> {
    match value {
        Value::Null => None,
        Value::String(s) => Some(s.clone()),
        other => Some(other.to_string()),
    }
}

/// `name=value` pairs for one query parameter.
pub(crate) fn query_pairs(name: &str, value: &Value, style: QueryStyle) -> Vec<(String, String)> {
    match (value, style) {
        (Value::Null, _) => Vec::new(),
        (Value::Array(items), QueryStyle::Form { explode: true }) => {
            items.iter().filter_map(scalar).map(|item| (name.to_string(), item)).collect()
        }
        (Value::Array(items), style) => {
            let separator = match style {
                QueryStyle::SpaceDelimited => " ",
                QueryStyle::PipeDelimited => "|",
                _ => ",",
            };
            let joined: Vec<String> = items.iter().filter_map(scalar).collect();
            vec![(name.to_string(), joined.join(separator))]
        }
        (Value::Object(members), QueryStyle::DeepObject) => {
            members.iter().filter_map(|(key, member)| Some((format!("{name}[{key}]"), scalar(member)?))).collect()
        }
        (Value::Object(members), QueryStyle::Form { explode: true }) => {
            members.iter().filter_map(|(key, member)| Some((key.clone(), scalar(member)?))).collect()
        }
        (Value::Object(members), _) => {
            let joined: Vec<String> =
                members.iter().filter_map(|(key, member)| Some(format!("{key},{}", scalar(member)?))).collect();
            vec![(name.to_string(), joined.join(","))]
        }
        (scalar_value, _) => scalar(scalar_value).map(|s| vec![(name.to_string(), s)]).unwrap_or_default(),
    }
}

/// The `simple` style of path and header parameters: arrays and objects comma-joined.
pub(crate) fn simple_value(value: &Value) -> String {
    match value {
        Value::Array(items) => items.iter().filter_map(scalar).collect::<Vec<_>>().join(","),
        Value::Object(members) => members
            .iter()
            .filter_map(|(key, member)| Some(format!("{key},{}", scalar(member)?)))
            .collect::<Vec<_>>()
            .join(","),
        other => scalar(other).unwrap_or_default(),
    }
}

/// Characters `application/x-www-form-urlencoded` leaves as they are.
const FORM: &AsciiSet = &NON_ALPHANUMERIC.remove(b'*').remove(b'-').remove(b'.').remove(b'_');

/// Pairs as an `application/x-www-form-urlencoded` string.
pub(crate) fn form_encode(pairs: &[(String, String)]) -> String {
    let encode = |text: &str| utf8_percent_encode(text, FORM).to_string().replace("%20", "+");
    pairs.iter().map(|(k, v)| format!("{}={}", encode(k), encode(v))).collect::<Vec<_>>().join("&")
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn styles_spell_values_as_the_spec_says() {
        let ids = json!([1, 2]);
        assert_eq!(
            query_pairs("id", &ids, QueryStyle::Form { explode: true }),
            [("id".into(), "1".into()), ("id".into(), "2".into())]
        );
        assert_eq!(
            query_pairs("id", &ids, QueryStyle::Form { explode: false }),
            [("id".to_string(), "1,2".to_string())]
        );
        assert_eq!(query_pairs("id", &ids, QueryStyle::PipeDelimited), [("id".to_string(), "1|2".to_string())]);
        let filter = json!({"a": "x", "b": 2});
        assert_eq!(
            query_pairs("f", &filter, QueryStyle::DeepObject),
            [("f[a]".to_string(), "x".to_string()), ("f[b]".to_string(), "2".to_string())]
        );
        assert_eq!(simple_value(&ids), "1,2");
        assert_eq!(form_encode(&[("a b".into(), "c&d".into())]), "a+b=c%26d");
    }
}
