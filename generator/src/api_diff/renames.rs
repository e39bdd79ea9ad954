//! Renames a generator or settings change makes (no spec change): found by comparing the
//! names the crate before and after gives each request and each type ([`ApiNames`]), call by
//! request and type by the first place that holds it.

use super::change::{ApiChange, ChangeKind};
use crate::model::ApiNames;

/// Calls whose name changed while their request stayed (`GET /a/{id}` was
/// `client.a().get_a()`, is `client.a().get()`): renames that a generator or settings change
/// makes, which comparing two specs with one generator cannot see. Breaking, like any
/// rename. In the order of the new requests.
pub fn renamed_calls(old: &ApiNames, new: &ApiNames) -> Vec<ApiChange> {
    new.calls
        .iter()
        .filter_map(|(request, now)| {
            let before = old.calls.get(request)?;
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
/// `GET /a` at `data[]`` was `AItem`, is `Record`).
pub fn renamed_types(old: &ApiNames, new: &ApiNames) -> Vec<ApiChange> {
    new.types
        .iter()
        .filter_map(|(place, now)| {
            let before = old.types.get(place)?;
            (before != now).then(|| ApiChange {
                kind: ChangeKind::Changed,
                breaking: true,
                what: format!("the name of the type at {place}"),
                detail: Some(format!("`{before}` is now `{now}`")),
            })
        })
        .collect()
}

/// Unions whose variants a generator or settings change named otherwise (`Dog(Dog)` for the
/// tags `dog` and `doggo` was one variant `Dog`): the same union, other variants.
pub fn renamed_variants(old: &ApiNames, new: &ApiNames) -> Vec<ApiChange> {
    new.variants
        .iter()
        .filter_map(|(union, now)| {
            let before = old.variants.get(union)?;
            (before != now).then(|| ApiChange {
                kind: ChangeKind::Changed,
                breaking: true,
                what: format!("the variants of `{union}`"),
                detail: Some(format!("`{}` are now `{}`", before.join(", "), now.join(", "))),
            })
        })
        .collect()
}
