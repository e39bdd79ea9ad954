//! Groups for operations without a tag, from their paths: a person groups an untagged API by
//! the resource each path names, as Stripe's SDKs do (`client.accounts().get(account)`,
//! `client.accounts().list_external_accounts(account)`), rather than putting hundreds of
//! methods on one handle.
//!
//! The rule, over the untagged operations of a spec:
//! 1. at most [`ONE_HANDLE_AT_MOST`] of them stay on one handle, `operations`: their
//!    methods fit on one page of docs, and a handle per resource would mostly hold one or
//!    two methods, adding a hop to every call without grouping anything;
//! 2. more are grouped by the first literal segment of their path after `api` and version
//!    segments (`/v1/accounts/{account}/bank_accounts` -> `accounts`); nested resources stay
//!    under their parent, where method naming reads them (`list_bank_accounts`);
//! 3. a resource with more than [`GROUP_AT_MOST`] operations is split by its second literal
//!    segment (`/v1/test_helpers/issuing/cards` -> `test_helpers issuing`): nobody scans a
//!    handle of a hundred methods;
//! 4. a path with no literal segment (`/`, `/{id}`) stays in `operations`.
//!
//! The group's name is the resource's tag-like text, so a tag spelled the same way
//! (`Accounts`) and the path's `accounts` are one group.

use std::collections::BTreeMap;

use super::method_names::is_version;
use crate::model::GroupOrigin;

/// The most untagged operations that stay on one `operations` handle.
pub const ONE_HANDLE_AT_MOST: usize = 15;
/// The most operations a group from paths holds before it is split by a nested resource.
pub const GROUP_AT_MOST: usize = 100;
/// The tag of operations that have none and are not grouped by path.
pub const UNTAGGED: &str = "Operations";

/// The group each untagged operation joins, given their paths (query templates removed), in
/// the order of record: the tag it stands in for, and where it comes from.
pub fn untagged_groups(paths: &[&str]) -> Vec<(String, GroupOrigin)> {
    if paths.len() <= ONE_HANDLE_AT_MOST {
        return vec![(UNTAGGED.to_string(), GroupOrigin::Untagged); paths.len()];
    }
    let resources: Vec<Vec<&str>> = paths.iter().map(|path| literal_segments(path)).collect();
    let mut sizes: BTreeMap<&str, usize> = BTreeMap::new();
    for segments in &resources {
        if let Some(first) = segments.first() {
            *sizes.entry(first).or_default() += 1;
        }
    }
    resources
        .iter()
        .map(|segments| match segments.as_slice() {
            [] => (UNTAGGED.to_string(), GroupOrigin::Untagged),
            [first, second, ..] if sizes[first] > GROUP_AT_MOST => {
                (format!("{first} {second}"), GroupOrigin::Path(format!("/{first}/{second}")))
            }
            [first, ..] => (first.to_string(), GroupOrigin::Path(format!("/{first}"))),
        })
        .collect()
}

/// The literal segments of a path after any `api` and version prefix, up to its second
/// literal one: parameters and segments mixing text and parameters (`{name}.{format}`) are
/// not resources.
fn literal_segments(path: &str) -> Vec<&str> {
    path.split('/')
        .filter(|s| !s.is_empty())
        .skip_while(|s| s.eq_ignore_ascii_case("api") || is_version(s))
        .filter(|s| !s.contains('{'))
        .take(2)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_few_untagged_operations_stay_on_one_handle() {
        let paths = ["/pets", "/pets/{id}", "/owners"];
        assert_eq!(untagged_groups(&paths), vec![(UNTAGGED.to_string(), GroupOrigin::Untagged); 3]);
    }

    fn untagged_tags(paths: &[&str]) -> Vec<String> {
        untagged_groups(paths).into_iter().map(|(tag, _)| tag).collect()
    }

    #[test]
    fn many_are_grouped_by_the_resource_their_path_names() {
        let mut paths = vec!["/v1/accounts", "/v1/accounts/{account}", "/v1/accounts/{account}/bank_accounts/{id}"];
        paths.extend(["/v1/charges", "/api/v2/charges/{charge}/refunds", "/", "/{id}"]);
        paths.extend(["/v1/balance"; 10]);
        let tags = untagged_tags(&paths);
        assert_eq!(&tags[..7], ["accounts", "accounts", "accounts", "charges", "charges", UNTAGGED, UNTAGGED]);
        assert_eq!(tags[7], "balance");
    }

    #[test]
    fn a_resource_over_the_limit_splits_by_its_nested_resource() {
        let mut paths = vec!["/v1/test_helpers/issuing/cards/{card}/shipping/ship"; 60];
        paths.extend(vec!["/v1/test_helpers/terminal/readers/{reader}"; 60]);
        paths.push("/v1/test_helpers");
        let tags = untagged_tags(&paths);
        assert_eq!(tags[0], "test_helpers issuing");
        assert_eq!(untagged_groups(&paths)[0].1, GroupOrigin::Path("/test_helpers/issuing".into()));
        assert_eq!(tags[60], "test_helpers terminal");
        assert_eq!(tags[120], "test_helpers");
    }
}
