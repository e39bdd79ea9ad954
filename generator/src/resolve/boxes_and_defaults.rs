//! Two Rust forms a type takes from the types around it, decided once on shapes before the
//! model's types are built: which members and union variants are boxed (a member that leads
//! back to its own type would make it infinitely large), and which structs derive `Default`
//! (every required member's type has one).

use std::collections::BTreeSet;

use super::shapes::{Shape, ShapeId, ShapeKind, Ty};
use crate::model::Presence;

/// The decisions, by shape: `(shape, member or variant index)` pairs to box, and the structs
/// that derive `Default`.
#[derive(Debug, Default)]
pub struct Forms {
    pub boxed: BTreeSet<(ShapeId, usize)>,
    pub defaults: BTreeSet<ShapeId>,
}

/// `sent`: the shapes callers send (their optional nullable members are `Option<Option<T>>`).
pub fn decide(shapes: &[Shape], sent: &BTreeSet<ShapeId>) -> Forms {
    let mut boxed = BTreeSet::new();
    for (id, shape) in shapes.iter().enumerate() {
        for (index, ty) in members(&shape.kind).into_iter().enumerate() {
            if leads_back(shapes, id, ty) {
                boxed.insert((id, index));
            }
        }
    }
    Forms { boxed, defaults: with_default(shapes, sent) }
}

/// The types a shape holds as members (not `additionalProperties`): its fields', or its
/// union variants'.
fn members(kind: &ShapeKind) -> Vec<&Ty> {
    match kind {
        ShapeKind::Struct { fields, .. } => fields.iter().map(|f| &f.ty).collect(),
        ShapeKind::Union { variants, .. } => variants.iter().map(|v| &v.ty).collect(),
        ShapeKind::StringEnum(_) | ShapeKind::Pending => Vec::new(),
    }
}

/// The structs that can derive `Default`, as a fixpoint: a struct can when every required
/// member's type has a default.
fn with_default(shapes: &[Shape], sent: &BTreeSet<ShapeId>) -> BTreeSet<ShapeId> {
    let mut defaults = BTreeSet::new();
    loop {
        let before = defaults.len();
        for (id, shape) in shapes.iter().enumerate() {
            if let ShapeKind::Struct { fields, .. } = &shape.kind {
                let all = fields.iter().all(|f| {
                    Presence::of(f.required, f.nullable, sent.contains(&id)) != Presence::Required
                        || has_default(&f.ty, &defaults)
                });
                if all {
                    defaults.insert(id);
                }
            }
        }
        if defaults.len() == before {
            return defaults;
        }
    }
}

fn has_default(ty: &Ty, defaults: &BTreeSet<ShapeId>) -> bool {
    match ty {
        Ty::Named(id) => defaults.contains(id),
        Ty::DateTime | Ty::Date | Ty::Ipv4 | Ty::Ipv6 | Ty::IpAddr => false,
        _ => true,
    }
}

/// A member holding `ty` directly (not behind a `Vec` or map) that leads back to `owner`.
fn leads_back(shapes: &[Shape], owner: ShapeId, ty: &Ty) -> bool {
    let Some(target) = held_directly(ty) else { return false };
    reaches(shapes, target, owner, &mut BTreeSet::new())
}

/// The shape a value of `ty` holds inline: itself, or inside an `Option`.
fn held_directly(ty: &Ty) -> Option<ShapeId> {
    match ty {
        Ty::Named(id) => Some(*id),
        Ty::Nullable(inner) => held_directly(inner),
        _ => None,
    }
}

fn reaches(shapes: &[Shape], from: ShapeId, to: ShapeId, seen: &mut BTreeSet<ShapeId>) -> bool {
    if from == to {
        return true;
    }
    if !seen.insert(from) {
        return false;
    }
    members(&shapes[from].kind)
        .into_iter()
        .any(|ty| held_directly(ty).is_some_and(|next| reaches(shapes, next, to, seen)))
}
