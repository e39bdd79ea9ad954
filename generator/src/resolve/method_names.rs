//! Choosing method names for operations, within the group of their tag.
//!
//! The rule, in order:
//! 1. an override from the config (`[methods]` in `specs/codegen.toml`, by operationId);
//! 2. a CRUD verb from the HTTP method and the shape of the path, relative to the longest
//!    literal prefix the group's paths share: `GET` on a collection is `list`, on an item
//!    (path ends in a `{parameter}`) `get`; `POST` is `create`, `PUT` `update`, `PATCH`
//!    `patch`, `DELETE` `delete`. Literal segments after the shared prefix are appended:
//!    `PUT /api-keys/{appname}/regen` is `update_regen`;
//! 3. names that still collide inside a group fall back to the snake-cased operationId
//!    (or method and path when there is none).

use std::collections::BTreeMap;

use super::idents::snake;

/// What naming needs to know about one operation.
#[derive(Debug, Clone)]
pub struct OperationKey<'a> {
    pub http_method: &'a str,
    pub path: &'a str,
    pub operation_id: Option<&'a str>,
}

/// Method names for the operations of one group, in the same order.
pub fn method_names(operations: &[OperationKey<'_>], overrides: &BTreeMap<String, String>) -> Vec<String> {
    let prefix = shared_literal_prefix(operations.iter().map(|op| op.path));
    let mut names: Vec<String> = operations.iter().map(|op| derived_name(op, prefix)).collect();
    let colliding: Vec<bool> =
        (0..names.len()).map(|i| names.iter().enumerate().any(|(j, name)| i != j && *name == names[i])).collect();
    for (index, op) in operations.iter().enumerate() {
        if colliding[index] {
            names[index] = fallback_name(op);
        }
    }
    for (index, op) in operations.iter().enumerate() {
        if let Some(name) = op.operation_id.and_then(|id| overrides.get(id)) {
            names[index] = snake(name);
        }
    }
    // Fallbacks can still collide (duplicate operationIds): number the later ones.
    for index in 0..names.len() {
        let mut n = 2;
        let base = names[index].clone();
        while names[..index].contains(&names[index]) {
            names[index] = format!("{base}_{n}");
            n += 1;
        }
    }
    names
}

fn segments(path: &str) -> impl Iterator<Item = &str> {
    path.split('/').filter(|s| !s.is_empty())
}

fn is_parameter(segment: &str) -> bool {
    segment.contains('{')
}

/// Number of leading literal segments all paths share.
fn shared_literal_prefix<'a>(paths: impl Iterator<Item = &'a str>) -> usize {
    let paths: Vec<Vec<&str>> = paths.map(|p| segments(p).collect()).collect();
    let Some(first) = paths.first() else { return 0 };
    let mut prefix = first.iter().take_while(|s| !is_parameter(s)).count();
    for path in &paths[1..] {
        prefix = prefix.min(first.iter().zip(path).take_while(|(a, b)| a == b && !is_parameter(a)).count());
    }
    // The resource segment itself stays out of the prefix: it is not a qualifier.
    let shortest = paths.iter().map(Vec::len).min().unwrap_or(0);
    prefix.min(shortest.saturating_sub(1))
}

fn derived_name(op: &OperationKey<'_>, prefix: usize) -> String {
    let rest: Vec<&str> = segments(op.path).skip(prefix).collect();
    let qualifiers: Vec<&str> = rest.iter().skip(1).filter(|s| !is_parameter(s)).copied().collect();
    let ends_with_parameter = rest.last().is_some_and(|s| is_parameter(s));
    let verb = match op.http_method {
        "get" if ends_with_parameter || !qualifiers.is_empty() => "get",
        "get" => "list",
        "post" => "create",
        "put" => "update",
        "patch" => "patch",
        "delete" => "delete",
        other => other,
    };
    // Escape keywords once, on the whole name: `get_override`, not `get_r#override`.
    snake(&format!("{verb} {}", qualifiers.join(" ")))
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

    fn names(ops: &[(&str, &str, Option<&str>)], overrides: &[(&str, &str)]) -> Vec<String> {
        let keys: Vec<OperationKey> =
            ops.iter().map(|(m, p, id)| OperationKey { http_method: m, path: p, operation_id: *id }).collect();
        let overrides = overrides.iter().map(|(a, b)| (a.to_string(), b.to_string())).collect();
        method_names(&keys, &overrides)
    }

    #[test]
    fn crud_names_from_method_and_path() {
        let ops = [
            ("get", "/api/v1/api-keys", Some("v1_api_keys_get")),
            ("post", "/api/v1/api-keys", None),
            ("get", "/api/v1/api-keys/{appname}", None),
            ("put", "/api/v1/api-keys/{appname}", None),
            ("delete", "/api/v1/api-keys/{appname}", None),
            ("put", "/api/v1/api-keys/{appname}/regen", Some("regen_op")),
        ];
        assert_eq!(names(&ops, &[]), ["list", "create", "get", "update", "delete", "update_regen"]);
        assert_eq!(names(&ops, &[("regen_op", "regenerate")])[5], "regenerate");
    }

    #[test]
    fn single_operation_groups_and_collisions() {
        assert_eq!(names(&[("get", "/api/v1/api-keys/{appname}", None)], &[]), ["get"]);
        assert_eq!(names(&[("get", "/api/v1/api-keys", None)], &[]), ["list"]);
        let colliding = [("post", "/search/flow", Some("searchFlow")), ("post", "/search/flow", Some("searchFlow2"))];
        assert_eq!(names(&colliding, &[]), ["search_flow", "search_flow2"]);
        let no_ids = [("get", "/a/{id}", None), ("get", "/a/{id}", None)];
        assert_eq!(names(&no_ids, &[]), ["get_a_id", "get_a_id_2"]);
        assert_eq!(
            names(&[("get", "/things/{id}/override", None), ("get", "/things", None)], &[]),
            ["get_override", "list"]
        );
        assert_eq!(names(&[("get", "/type", None)], &[]), ["list"]);
    }
}
