//! Group names: one per tag, as a person writes it (`Labels - IPs` -> `labels_ips`,
//! `OAuth Delegations` -> `oauth_delegations`).
//!
//! The rule, per tag:
//! 1. an override from `[groups]` in the settings, by tag;
//! 2. the tag's words (acronyms and plurals kept whole, see [`super::words::words`]) joined
//!    with `_`;
//! 3. a long tag, `Section Name - Part` whose section has two words or more, shortens to its
//!    part when the part names a collection (its last word is a plural) and no other tag
//!    gives that name: `Traffic Sources - Devices` -> `devices`, `Detect and Respond -
//!    Response Policies` -> `response_policies`; `Labels - IPs` and `Raw Records - Fetch`
//!    stay whole;
//! 4. a name that would clash with the crate's own modules, a crate in scope (`core`,
//!    `serde`, ...) or the client's methods gets `_api`; a name another group has gets a number.

use std::collections::BTreeMap;

use super::idents::{first_free, snake};
use super::words::{is_plural, words};
use crate::model::{CRATES_IN_SCOPE, RESERVED_MODULES};

/// Methods of the runtime `Client`, and of the mock's `MockServer` (which has an accessor per
/// group too), that a group accessor must not shadow.
const CLIENT_METHODS: [&str; 15] = [
    "builder",
    "base_url",
    "retry_policy",
    "new",
    "request",
    "start",
    "start_with",
    "uri",
    "client",
    "client_builder",
    "received",
    "received_for",
    "verify",
    "problems",
    "expect",
];

/// Module names for `tags` (in order), avoiding `taken` (custom modules).
pub fn group_names(tags: &[String], overrides: &BTreeMap<String, String>, taken: &[String]) -> Vec<String> {
    let full: Vec<String> = tags.iter().map(|tag| joined(&words(tag))).collect();
    let shortened: Vec<Option<String>> = tags.iter().map(|tag| short_name(tag)).collect();
    let mut names: Vec<String> = taken.to_vec();
    let mut result = Vec::new();
    for (index, tag) in tags.iter().enumerate() {
        let wanted = match (overrides.get(tag), &shortened[index]) {
            (Some(name), _) => snake(name),
            // Unique: no other tag's full or short name is the same.
            (None, Some(short)) if !full.iter().chain(short_names(&shortened, index)).any(|other| other == short) => {
                short.clone()
            }
            _ => full[index].clone(),
        };
        let name = usable(&wanted);
        let name = first_free(&name, "_", |n| names.iter().any(|t| t == n));
        names.push(name.clone());
        result.push(name);
    }
    result
}

fn short_names(short: &[Option<String>], except: usize) -> impl Iterator<Item = &String> {
    short.iter().enumerate().filter(move |(i, _)| *i != except).filter_map(|(_, s)| s.as_ref())
}

fn joined(words: &[String]) -> String {
    if words.is_empty() {
        "operations".into()
    } else {
        snake(&words.join("_"))
    }
}

/// The part of a long `Section Name - Part` tag when it names a collection.
fn short_name(tag: &str) -> Option<String> {
    let (section, part) =
        tag.rsplit_once(" - ").or_else(|| tag.rsplit_once(": ")).or_else(|| tag.rsplit_once(" / "))?;
    let (section, part) = (words(section), words(part));
    (section.len() >= 2 && part.last().is_some_and(|w| is_plural(w))).then(|| joined(&part))
}

/// A plain identifier that clashes with nothing the crate declares itself.
fn usable(name: &str) -> String {
    let mut module = name.trim_start_matches("r#").to_string();
    if name.starts_with("r#")
        || module.ends_with('_')
        || RESERVED_MODULES.contains(&module.as_str())
        || CRATES_IN_SCOPE.contains(&module.as_str())
        || CLIENT_METHODS.contains(&module.as_str())
        // Each group is also a cargo feature, and cargo owns the feature `default`.
        || module == "default"
    {
        module = format!("{}_api", module.trim_end_matches('_'));
    }
    module
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(tags: &[&str], overrides: &[(&str, &str)]) -> Vec<String> {
        let tags: Vec<String> = tags.iter().map(|t| t.to_string()).collect();
        let overrides = overrides.iter().map(|(a, b)| (a.to_string(), b.to_string())).collect();
        group_names(&tags, &overrides, &["custom".to_string()])
    }

    #[test]
    fn tags_read_as_people_write_them() {
        assert_eq!(
            names(&["Labels - IPs", "Traffic Sources - VPCs", "OAuth Delegations", "API Keys", "code-scanning"], &[]),
            ["labels_ips", "vpcs", "oauth_delegations", "api_keys", "code_scanning"]
        );
        assert_eq!(names(&["MITRE ATT&CK"], &[("MITRE ATT&CK", "mitre_attack")]), ["mitre_attack"]);
    }

    #[test]
    fn long_tags_shorten_to_a_collection_part_that_stays_unique() {
        assert_eq!(
            names(&["Traffic Sources - Devices", "Traffic Sources - DNS Devices", "Raw Records - Fetch"], &[]),
            ["devices", "dns_devices", "raw_records_fetch"]
        );
        // Two tags with the same part keep their full names.
        assert_eq!(
            names(&["Traffic Sources - Devices", "Asset Inventory - Devices"], &[]),
            ["traffic_sources_devices", "asset_inventory_devices"]
        );
        // A tag whose full name is the short name of another keeps it.
        assert_eq!(names(&["Devices", "Traffic Sources - Devices"], &[]), ["devices", "traffic_sources_devices"]);
    }

    /// A group's accessor is a method of `Client` and of `MockServer`: every method their
    /// `impl` blocks declare is in `CLIENT_METHODS` (a tag `Retry Policy` met
    /// `Client::retry_policy`).
    #[test]
    fn client_methods_are_all_listed() {
        for (source, block_start) in [
            (include_str!("../../runtime/client.rs"), "\nimpl Client {\n"),
            (include_str!("../../runtime/mock_server.rs"), "\nimpl MockServer {\n"),
        ] {
            let block = source.split(block_start).nth(1).expect(block_start).split("\n}\n").next().unwrap();
            let methods: Vec<&str> = block
                .lines()
                .filter_map(|line| {
                    let line = line.trim_start();
                    line.strip_prefix("pub fn ")
                        .or_else(|| line.strip_prefix("pub async fn "))
                        .or_else(|| line.strip_prefix("pub(crate) fn "))
                        .or_else(|| line.strip_prefix("pub(crate) async fn "))
                })
                .map(|rest| rest.split(['(', '<']).next().unwrap())
                .collect();
            assert!(!methods.is_empty());
            for method in methods {
                assert!(CLIENT_METHODS.contains(&method), "{block_start:?}: {method} is not in CLIENT_METHODS");
            }
        }
        // The generated mock adds `start`.
        assert!(CLIENT_METHODS.contains(&"start"));
    }

    #[test]
    fn names_clash_with_nothing() {
        assert_eq!(
            names(
                &["Client", "Types", "Builder", "Custom", "A", "a", "core", "Serde", "Default", "Mock", "Verify"],
                &[]
            ),
            [
                "client_api",
                "types_api",
                "builder_api",
                "custom_2",
                "a",
                "a_2",
                "core_api",
                "serde_api",
                "default_api",
                "mock_api",
                "verify_api"
            ]
        );
    }
}
