//! Renames a generator or settings change makes (no spec change): found by comparing the
//! `API.md` index of the crate before and after, call by request and type by the first place
//! that holds it.

use super::change::{ApiChange, ChangeKind};

/// Calls whose name changed while their request stayed (`GET /a/{id}` was
/// `client.a().get_a()`, is `client.a().get()`), from two `API.md` indexes: renames that a
/// generator or settings change makes, which comparing two specs with one generator cannot
/// see. Breaking, like any rename.
pub fn renamed_calls(old_index: &str, new_index: &str) -> Vec<ApiChange> {
    let old = calls_by_request(old_index);
    let new = calls_by_request(new_index);
    new.iter()
        .filter_map(|(request, now)| {
            let before = old.iter().find(|(r, _)| r == request).map(|(_, call)| call)?;
            (before != now).then(|| ApiChange {
                kind: ChangeKind::Changed,
                breaking: true,
                what: format!("the name of `{request}`"),
                detail: Some(format!("`{before}` is now `{now}`")),
            })
        })
        .collect()
}

/// Types whose name changed while the first place that holds them stayed (`response 200 of
/// `GET /a` at `data[]`` was `AItem`, is `Record`), from two `API.md` indexes.
pub fn renamed_types(old_index: &str, new_index: &str) -> Vec<ApiChange> {
    let old = types_by_place(old_index);
    types_by_place(new_index)
        .into_iter()
        .filter_map(|(place, now)| {
            let before = old.iter().find(|(p, _)| *p == place).map(|(_, name)| name)?;
            (*before != now).then(|| ApiChange {
                kind: ChangeKind::Changed,
                breaking: true,
                what: format!("the name of the type at {place}"),
                detail: Some(format!("`{before}` is now `{now}`")),
            })
        })
        .collect()
}

/// `(place, type)` pairs of an `API.md`'s type table.
fn types_by_place(index: &str) -> Vec<(String, String)> {
    let Some((_, types)) = index.split_once("\n## Types\n") else { return Vec::new() };
    types
        .lines()
        .filter_map(|line| line.strip_prefix("| `"))
        .filter_map(|row| row.split_once("` | "))
        .map(|(name, place)| (place.trim_end_matches(" |").to_string(), name.to_string()))
        .collect()
}

/// `(request, call)` pairs of an `API.md`: `("GET /a/{id}", "client.a().get")`.
fn calls_by_request(index: &str) -> Vec<(String, String)> {
    let mut group = "";
    let mut calls = Vec::new();
    let groups = index.split("\n## Types\n").next().unwrap_or(index);
    for line in groups.lines() {
        if let Some(rest) = line.strip_prefix("## `client.") {
            group = rest.split("()").next().unwrap_or("");
        } else if let Some(row) = line.strip_prefix("| `") {
            let cells: Vec<&str> = row.split(" | ").collect();
            let (Some(method), Some(request)) = (cells.first(), cells.get(1)) else { continue };
            let method = method.split('(').next().unwrap_or("");
            calls.push((request.trim_matches('`').to_string(), format!("client.{group}().{method}")));
        }
    }
    calls
}
