//! Turning spec names into valid, readable Rust identifiers.

use heck::{ToSnakeCase, ToUpperCamelCase};

use crate::model::RUST_KEYWORDS;

/// Keywords that cannot be raw identifiers.
const NOT_RAW: [&str; 5] = ["crate", "self", "Self", "super", "_"];

/// Keeps ASCII letters and digits, turning everything else into word breaks.
fn ascii_words(raw: &str) -> String {
    raw.chars().map(|c| if c.is_ascii_alphanumeric() { c } else { ' ' }).collect()
}

/// `snake_case` identifier for fields, methods, parameters and modules.
pub fn snake(raw: &str) -> String {
    let mut name = ascii_words(raw).to_snake_case();
    if name.is_empty() {
        name = "value".into();
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name.insert(0, '_');
    }
    escape_keyword(name)
}

/// `UpperCamelCase` identifier for types, variants and API groups.
pub fn pascal(raw: &str) -> String {
    let mut name = ascii_words(raw).to_upper_camel_case();
    if name.is_empty() {
        name = "Value".into();
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name.insert(0, 'N');
    }
    // `Self` is the one UpperCamelCase keyword; it cannot be a raw identifier.
    if name == "Self" {
        name.push_str("Value");
    }
    name
}

/// `base` if `is_taken` says it is free, else `base` numbered from 2 (`base{separator}2`,
/// ...). A raw identifier loses its `r#` when numbered: `r#type_2` is not valid, `type_2` is.
/// A base that already ends in the separator is not given a second one: `self_` numbers as
/// `self_2` (`self__2` breaks `non_snake_case`).
pub fn first_free(base: &str, separator: &str, is_taken: impl Fn(&str) -> bool) -> String {
    if !is_taken(base) {
        return base.to_string();
    }
    let stem = base.trim_start_matches("r#");
    let stem = if separator.is_empty() { stem } else { stem.strip_suffix(separator).unwrap_or(stem) };
    (2..).map(|n| format!("{stem}{separator}{n}")).find(|name| !is_taken(name)).expect("unbounded")
}

fn escape_keyword(name: String) -> String {
    if NOT_RAW.contains(&name.as_str()) {
        format!("{name}_")
    } else if RUST_KEYWORDS.contains(&name.as_str()) {
        format!("r#{name}")
    } else {
        name
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifiers_are_valid_rust() {
        assert_eq!(snake("last_login"), "last_login");
        assert_eq!(snake("lastLogin"), "last_login");
        assert_eq!(snake("type"), "r#type");
        assert_eq!(snake("self"), "self_");
        assert_eq!(snake("2fa-code"), "_2fa_code");
        assert_eq!(snake("ünï"), "n");
        assert_eq!(snake("***"), "value");
        assert_eq!(pascal("API Keys"), "ApiKeys");
        assert_eq!(pascal("404 page"), "N404Page");
        assert_eq!(pascal("Self"), "SelfValue");
        let taken = ["a", "a_2", "r#type"];
        assert_eq!(first_free("b", "_", |n| taken.contains(&n)), "b");
        assert_eq!(first_free("a", "_", |n| taken.contains(&n)), "a_3");
        assert_eq!(first_free("r#type", "_", |n| taken.contains(&n)), "type_2");
        // `self` and `Self` are both `self_`: the second keeps snake case.
        assert_eq!(first_free("self_", "_", |n| n == "self_"), "self_2");
    }
}
