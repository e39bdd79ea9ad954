//! Choosing method names for operations, within the group of their tag.
//!
//! A name depends on the operation itself and its tag, never on the other operations of
//! the spec, so it does not change when operations are added or removed. The rule:
//! 1. an override from the config (`[methods]` in `specs/codegen.toml`, by operationId);
//! 2. a verb from the HTTP method and the shape of the path: `GET` on a collection is
//!    `list`, on an item (the path ends in a `{parameter}`) or a sub-resource `get`; `POST`
//!    is `create`, `PUT` `update`, `PATCH` `patch`, `DELETE` `delete`. Then the resource
//!    unless it is what the tag names: the resource is the literal segment (before any
//!    parameter) that the tag names, else the last literal segment before the first
//!    parameter (`/api-keys` in the `API Keys` group gives `list`; `/orders/{id}` in the
//!    `store` group `get_orders`). Then literal segments after the resource:
//!    `PUT /api-keys/{appname}/regen` is `update_regen`, `GET /store/inventory` in the
//!    `store` group is `get_inventory`;
//! 3. when two operations of a group still get one name, the first in the order of record
//!    keeps it and the later one is named after its operationId (or method and path), then
//!    numbered: an operation added later never takes a name an existing one has.

use std::collections::BTreeMap;

use super::idents::{first_free, snake};

/// What naming needs to know about one operation.
#[derive(Debug, Clone)]
pub struct OperationKey<'a> {
    pub http_method: &'a str,
    pub path: &'a str,
    pub operation_id: Option<&'a str>,
}

/// Method names for the operations of the group of `tag`, given in the order of record.
pub fn method_names(tag: &str, operations: &[OperationKey<'_>], overrides: &BTreeMap<String, String>) -> Vec<String> {
    let overridden: Vec<Option<String>> =
        operations.iter().map(|op| op.operation_id.and_then(|id| overrides.get(id)).map(|name| snake(name))).collect();
    // Overrides are chosen by a person: they are taken before any derived name.
    let mut taken: Vec<String> = overridden.iter().flatten().cloned().collect();
    let mut names = Vec::new();
    for (op, overridden) in operations.iter().zip(overridden) {
        let name = match overridden {
            Some(name) => name,
            None => {
                let derived = derived_name(op, tag);
                let name = if taken.contains(&derived) { fallback_name(op) } else { derived };
                first_free(&name, "_", |n| taken.iter().any(|t| t == n))
            }
        };
        taken.push(name.clone());
        names.push(name);
    }
    names
}

/// `{id}`, and also segments mixing text and parameters such as `{name}.{format}`.
fn is_parameter(segment: &str) -> bool {
    segment.contains('{')
}

/// `api-keys`, `API Keys` and `api_key` all name the same resource.
fn same_resource(segment: &str, tag: &str) -> bool {
    let normalize = |text: &str| snake(text).trim_start_matches("r#").trim_end_matches('s').to_string();
    normalize(segment) == normalize(tag)
}

fn derived_name(op: &OperationKey<'_>, tag: &str) -> String {
    let segments: Vec<&str> = op.path.split('/').filter(|s| !s.is_empty()).collect();
    let first_parameter = segments.iter().position(|s| is_parameter(s)).unwrap_or(segments.len());
    // The segment the tag names, else the last literal one before any parameter.
    let literals = &segments[..first_parameter];
    let resource = literals.iter().position(|s| same_resource(s, tag)).or(literals.len().checked_sub(1));
    let after_resource = resource.map_or(0, |at| at + 1);
    let qualifiers: Vec<&str> = segments[after_resource..].iter().copied().filter(|s| !is_parameter(s)).collect();
    let ends_with_parameter = segments.last().is_some_and(|s| is_parameter(s));
    let verb = match op.http_method {
        "get" if ends_with_parameter || !qualifiers.is_empty() => "get",
        "get" => "list",
        "post" => "create",
        "put" => "update",
        "patch" => "patch",
        "delete" => "delete",
        other => other,
    };
    let mut words = vec![verb.to_string()];
    if let Some(at) = resource.filter(|&at| !same_resource(segments[at], tag)) {
        words.push(segments[at].to_string());
    }
    words.extend(qualifiers.iter().map(|q| q.to_string()));
    snake(&words.join(" "))
}

fn fallback_name(op: &OperationKey<'_>) -> String {
    match op.operation_id {
        Some(id) => snake(id),
        None => snake(&format!("{} {}", op.http_method, op.path.replace(['{', '}'], " "))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(tag: &str, ops: &[(&str, &str, Option<&str>)], overrides: &[(&str, &str)]) -> Vec<String> {
        let keys: Vec<OperationKey> =
            ops.iter().map(|(m, p, id)| OperationKey { http_method: m, path: p, operation_id: *id }).collect();
        let overrides = overrides.iter().map(|(a, b)| (a.to_string(), b.to_string())).collect();
        method_names(tag, &keys, &overrides)
    }

    const API_KEYS: [(&str, &str, Option<&str>); 6] = [
        ("get", "/api/v1/api-keys", Some("v1_api_keys_get")),
        ("post", "/api/v1/api-keys", None),
        ("get", "/api/v1/api-keys/{appname}", None),
        ("put", "/api/v1/api-keys/{appname}", None),
        ("delete", "/api/v1/api-keys/{appname}", None),
        ("put", "/api/v1/api-keys/{appname}/regen", Some("regen_op")),
    ];

    #[test]
    fn crud_names_from_method_and_path() {
        assert_eq!(names("API Keys", &API_KEYS, &[]), ["list", "create", "get", "update", "delete", "update_regen"]);
        assert_eq!(names("API Keys", &API_KEYS, &[("regen_op", "regenerate")])[5], "regenerate");
    }

    #[test]
    fn a_resource_the_tag_does_not_name_is_part_of_the_name() {
        let store = [
            ("get", "/store/inventory", None),
            ("post", "/store/order", None),
            ("get", "/store/order/{orderId}", None),
            ("delete", "/store/order/{orderId}", None),
        ];
        assert_eq!(names("store", &store, &[]), ["get_inventory", "create_order", "get_order", "delete_order"]);
        assert_eq!(names("Reports", &[("get", "/report/pdf", None)], &[]), ["get_pdf"]);
        assert_eq!(names("Teams", &[("get", "/users/{id}/teams", None)], &[]), ["get_users_teams"]);
        assert_eq!(names("Devices", &[("get", "/devices/{id}/ports/{port}", None)], &[]), ["get_ports"]);
        assert_eq!(names("Files", &[("get", "/files/{name}.{format}", None)], &[]), ["get"]);
        assert_eq!(names("Things", &[("get", "/things/{id}/override", None)], &[]), ["get_override"], "keyword-safe");
        assert_eq!(names("Pets", &[("get", "/pet/{petId}", None)], &[]), ["get"], "plural tag, singular path");
        assert_eq!(names("Search", &[("post", "/api/v1/search/flow", None)], &[]), ["create_flow"]);
    }

    /// Each name depends on its own operation only: adding or removing operations (even
    /// ones on other paths of the group) leaves the others' names as they are.
    #[test]
    fn names_do_not_depend_on_the_other_operations() {
        let all = names("API Keys", &API_KEYS, &[]);
        for skipped in 0..API_KEYS.len() {
            let mut fewer = API_KEYS.to_vec();
            fewer.remove(skipped);
            let mut expected = all.clone();
            expected.remove(skipped);
            assert_eq!(names("API Keys", &fewer, &[]), expected, "without operation {skipped}");
        }
        let mut more = API_KEYS.to_vec();
        more.insert(0, ("get", "/api/v2/keys", None));
        more.insert(0, ("get", "/other/{id}/usage", None));
        assert_eq!(names("API Keys", &more, &[])[2..], all);
    }

    #[test]
    fn a_later_colliding_operation_gets_its_operation_id_and_the_first_keeps_its_name() {
        let colliding =
            [("get", "/api/v1/api-keys/{appname}", Some("getKey")), ("get", "/api/v2/api-keys/{id}", Some("getKeyV2"))];
        assert_eq!(names("API Keys", &colliding, &[]), ["get", "get_key_v2"]);
        let no_ids = [("get", "/a/{id}", None), ("get", "/a/{id}", None), ("get", "/a/{id}", None)];
        assert_eq!(names("a", &no_ids, &[]), ["get", "get_a_id", "get_a_id_2"]);
        // An override is taken first: the derived name that equals it goes to the fallback.
        let overridden = [("get", "/a/{id}", Some("first")), ("get", "/a/{id}/x", Some("second"))];
        assert_eq!(names("a", &overridden, &[("second", "get")]), ["first", "get"]);
    }
}
