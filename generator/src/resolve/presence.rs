//! Which types callers build, and so how each member's absence and `null` show in Rust:
//! decided once here, read by the emitter, the paging reader and the API change report.

use std::collections::BTreeSet;

use crate::model::{Api, BodyKind, Presence, TypeKind};

/// Sets every type's `sent_in_requests` and every member's `presence`.
pub fn decide(api: &mut Api) {
    let mut sent = BTreeSet::new();
    for op in api.groups.iter().flat_map(|g| &g.operations) {
        let bodies = op.body.iter().filter(|b| matches!(b.kind, BodyKind::Json | BodyKind::Form | BodyKind::Multipart));
        for ty in bodies.map(|b| &b.ty).chain(op.params.iter().map(|p| &p.ty)) {
            api.collect_reachable(ty, &mut sent);
        }
    }
    for def in api.types.values_mut() {
        def.sent_in_requests = sent.contains(&def.name);
        if let TypeKind::Struct { fields, .. } = &mut def.kind {
            for field in fields {
                field.presence = Presence::of(field.required, field.nullable, def.sent_in_requests);
            }
        }
    }
}
