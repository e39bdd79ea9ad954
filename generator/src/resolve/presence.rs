//! Which types callers build, and so how each member's absence and `null` show in Rust
//! ([`crate::model::Presence`]): decided once, on shapes, before the model's types are built.

use std::collections::BTreeSet;

use super::operations::ResolvedOperation;
use super::shapes::{Shape, ShapeId, ShapeKind, Ty};
use crate::model::BodyKind;

/// The shapes callers send: every one a JSON, form or multipart request body or a parameter
/// of `operations` reaches, through members, list items, map values and union variants.
pub fn sent_in_requests<'a>(
    shapes: &[Shape],
    operations: impl Iterator<Item = &'a ResolvedOperation>,
) -> BTreeSet<ShapeId> {
    let mut sent = BTreeSet::new();
    for op in operations {
        let bodies = op.body.iter().filter(|b| matches!(b.kind, BodyKind::Json | BodyKind::Form | BodyKind::Multipart));
        for ty in bodies.map(|b| &b.ty).chain(op.params.iter().map(|p| &p.ty)) {
            collect_reachable(shapes, ty, &mut sent);
        }
    }
    sent
}

/// Adds to `into` the shapes reachable from `ty`.
pub fn collect_reachable(shapes: &[Shape], ty: &Ty, into: &mut BTreeSet<ShapeId>) {
    match ty {
        Ty::Vec(inner) | Ty::Map(inner) | Ty::Nullable(inner) => collect_reachable(shapes, inner, into),
        Ty::Named(id) if into.insert(*id) => {
            for child in held_types(&shapes[*id].kind) {
                collect_reachable(shapes, child, into);
            }
        }
        _ => {}
    }
}

/// The types a value of the shape holds directly: its members' (then `additionalProperties`'),
/// or its union variants'.
pub fn held_types(kind: &ShapeKind) -> Vec<&Ty> {
    match kind {
        ShapeKind::Struct { fields, additional } => fields.iter().map(|f| &f.ty).chain(additional).collect(),
        ShapeKind::Union { variants, .. } => variants.iter().map(|v| &v.ty).collect(),
        ShapeKind::StringEnum(_) | ShapeKind::Pending => Vec::new(),
    }
}
