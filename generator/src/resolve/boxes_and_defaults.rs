//! Two Rust forms a type takes from the types around it, decided once for the emitter and
//! the API change report: which members and union variants are boxed (a member that leads
//! back to its own type would make it infinitely large), and which structs derive
//! `Default` (every required member's type has one).

use std::collections::{BTreeMap, BTreeSet};

use crate::model::{Presence, TypeDef, TypeKind, TypeRef};

pub fn decide(types: &mut BTreeMap<String, TypeDef>) {
    let defaults = with_default(types);
    let boxed: Vec<(String, usize)> = types
        .values()
        .flat_map(|def| {
            let types = &*types;
            def.members()
                .enumerate()
                .filter(move |(_, ty)| leads_back(types, &def.name, ty))
                .map(|(i, _)| (def.name.clone(), i))
        })
        .collect();
    for def in types.values_mut() {
        def.derives_default = defaults.contains(&def.name);
    }
    for (name, index) in boxed {
        let Some(def) = types.get_mut(&name) else { continue };
        match &mut def.kind {
            TypeKind::Struct { fields, .. } => fields[index].boxed = true,
            TypeKind::Union { variants, .. } => variants[index].boxed = true,
            TypeKind::StringEnum { .. } => {}
        }
    }
}

/// The structs that can derive `Default`, as a fixpoint: a struct can when every required
/// member's type has a default.
fn with_default(types: &BTreeMap<String, TypeDef>) -> BTreeSet<String> {
    let mut defaults = BTreeSet::new();
    loop {
        let before = defaults.len();
        for def in types.values() {
            if let TypeKind::Struct { fields, .. } = &def.kind {
                let all = fields.iter().all(|f| f.presence != Presence::Required || has_default(&f.ty, &defaults));
                if all {
                    defaults.insert(def.name.clone());
                }
            }
        }
        if defaults.len() == before {
            return defaults;
        }
    }
}

fn has_default(ty: &TypeRef, defaults: &BTreeSet<String>) -> bool {
    match ty {
        TypeRef::Named(name) => defaults.contains(name),
        TypeRef::DateTime | TypeRef::Date | TypeRef::Ipv4 | TypeRef::Ipv6 | TypeRef::IpAddr => false,
        _ => true,
    }
}

/// A member holding `ty` directly (not behind a `Vec` or map) that leads back to `owner`.
fn leads_back(types: &BTreeMap<String, TypeDef>, owner: &str, ty: &TypeRef) -> bool {
    let Some(target) = held_directly(ty) else { return false };
    reaches(types, target, owner, &mut BTreeSet::new())
}

/// The named type a value of `ty` holds inline: itself, or inside an `Option`.
fn held_directly(ty: &TypeRef) -> Option<&String> {
    match ty {
        TypeRef::Named(name) => Some(name),
        TypeRef::Nullable(inner) => held_directly(inner),
        _ => None,
    }
}

fn reaches(types: &BTreeMap<String, TypeDef>, from: &str, to: &str, seen: &mut BTreeSet<String>) -> bool {
    if from == to {
        return true;
    }
    if !seen.insert(from.to_string()) {
        return false;
    }
    let Some(def) = types.get(from) else { return false };
    def.members().any(|ty| held_directly(ty).is_some_and(|next| reaches(types, next, to, seen)))
}
