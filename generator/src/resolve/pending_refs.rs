//! A `$ref` target reserved as a named shape (so recursion can name it) that turns out not
//! to be one (a map, an alias of another type), after references to it were made.
//!
//! `SlotMap: {additionalProperties: {$ref: Hint}}` with `Hint` holding a `SlotMap`: while
//! `SlotMap` resolves, `Hint`'s member names the reserved shape; `SlotMap` then comes out as
//! a map, so the member would name a type that is never written. Such references are
//! replaced by what the target came to (`BTreeMap<String, Hint>`); a target that contains
//! itself stays a named type: a map as an object of only its extra members, anything else
//! (an alias of itself) as JSON.

use super::shapes::{ShapeId, ShapeKind, Ty};
use super::types::TypeResolver;

impl TypeResolver<'_> {
    /// What the reserved shape `id`, referenced while pending, stands for now that its
    /// target resolved to `resolved`.
    pub(super) fn settle_pending(&mut self, id: ShapeId, resolved: Ty) -> Ty {
        let replacement = match resolved {
            Ty::Map(value) if contains(&value, id) => {
                self.shapes[id].kind = ShapeKind::Struct { fields: Vec::new(), additional: Some(*value) };
                return Ty::Named(id);
            }
            resolved if contains(&resolved, id) => {
                let mut resolved = resolved;
                substitute(&mut resolved, id, &Ty::Json);
                resolved
            }
            resolved => resolved,
        };
        for shape in &mut self.shapes {
            match &mut shape.kind {
                ShapeKind::Struct { fields, additional } => {
                    for field in fields {
                        substitute(&mut field.ty, id, &replacement);
                    }
                    if let Some(additional) = additional {
                        substitute(additional, id, &replacement);
                    }
                }
                ShapeKind::Union { variants, .. } => {
                    for variant in variants {
                        substitute(&mut variant.ty, id, &replacement);
                    }
                }
                ShapeKind::StringEnum(_) | ShapeKind::Pending => {}
            }
        }
        for ty in self.by_ref.values_mut() {
            substitute(ty, id, &replacement);
        }
        replacement
    }
}

fn contains(ty: &Ty, id: ShapeId) -> bool {
    match ty {
        Ty::Named(named) => *named == id,
        Ty::Vec(inner) | Ty::Map(inner) | Ty::Nullable(inner) => contains(inner, id),
        _ => false,
    }
}

fn substitute(ty: &mut Ty, id: ShapeId, with: &Ty) {
    match ty {
        Ty::Named(named) if *named == id => *ty = with.clone(),
        Ty::Vec(inner) | Ty::Map(inner) | Ty::Nullable(inner) => substitute(inner, id, with),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn resolver_of(document: &serde_json::Value) -> TypeResolver<'_> {
        TypeResolver::new(document)
    }

    #[test]
    fn a_map_reached_through_its_own_values_is_written_where_it_is_used() {
        let document = json!({"components": {"schemas": {
            "SlotMap": {"type": "object", "additionalProperties": {"$ref": "#/components/schemas/Hint"}},
            "Hint": {"type": "object", "properties": {"sub": {"$ref": "#/components/schemas/SlotMap"}}},
        }}});
        let mut types = resolver_of(&document);
        let schema = json!({"$ref": "#/components/schemas/SlotMap"});
        let slot_map = types.resolve(&schema, "/s", "S", super::super::visibility::Direction::Response).unwrap();
        let Ty::Map(hint) = slot_map else { panic!("{slot_map:?}") };
        let Ty::Named(hint) = *hint else { panic!() };
        let ShapeKind::Struct { fields, .. } = &types.shapes[hint].kind else { panic!() };
        assert_eq!(fields[0].ty, Ty::Map(Box::new(Ty::Named(hint))));
    }

    #[test]
    fn a_map_of_itself_stays_a_named_type() {
        let document = json!({"components": {"schemas": {
            "Tree": {"type": "object", "additionalProperties": {"$ref": "#/components/schemas/Tree"}},
        }}});
        let mut types = resolver_of(&document);
        let schema = json!({"$ref": "#/components/schemas/Tree"});
        let tree = types.resolve(&schema, "/s", "S", super::super::visibility::Direction::Response).unwrap();
        let Ty::Named(id) = tree else { panic!("{tree:?}") };
        assert!(matches!(&types.shapes[id].kind,
            ShapeKind::Struct { fields, additional: Some(Ty::Named(value)) } if fields.is_empty() && *value == id));
    }
}
