//! Choosing Rust type names a person would choose.
//!
//! In order of preference: a name the spec gives (component name, `title`, or a short
//! noun-phrase `description` such as "API Key Record"); an `allOf` of a named member plus
//! a few properties (`ApiKeyRecordWithAppkey`); a response envelope around a named payload
//! (`ApiKeyRecordResponse`, `ApiKeyRecordListResponse`); the context where the schema is
//! used (`Meta` for a `meta` property, `ApiKeysListResponse` for a response body).
//!
//! Stability: when the spec grows, existing types keep their names. Spec-given names are
//! claimed first; among names of equal strength, a contested name goes to the shape met
//! first in the order of record (the merged document keeps the previous one's order, see
//! `load::keep_order_of`), and a shared shape prefers the context of its first use. The
//! later shape falls back to its context qualified by where it is used
//! (`DevicesListResponseMeta`), which depends on nothing else in the spec; a number is the
//! last resort. The one exception: a new spec-given name (a component, a `title`) takes
//! its name from an existing type that was only named by its context.

use std::collections::{BTreeSet, HashMap};

use super::idents::pascal;
use super::shapes::{qualified_context, short_context, Shape, ShapeKind, Ty};

/// Property names that hold the payload of a response envelope.
const PAYLOAD_PROPERTIES: [&str; 5] = ["data", "result", "results", "items", "records"];

/// Names that would shadow prelude, std or serde items the generated code uses.
pub const RESERVED: &[&str] = &[
    "String",
    "Vec",
    "Option",
    "Some",
    "None",
    "Box",
    "Result",
    "Ok",
    "Err",
    "BTreeMap",
    "HashMap",
    "Value",
    "Map",
    "Default",
    "Clone",
    "Copy",
    "Debug",
    "Display",
    "PartialEq",
    "Eq",
    "PartialOrd",
    "Ord",
    "Hash",
    "Serialize",
    "Deserialize",
    "Serializer",
    "Deserializer",
    "From",
    "Into",
    "TryFrom",
    "TryInto",
    "AsRef",
    "AsMut",
    "ToString",
    "ToOwned",
    "Send",
    "Sync",
    "Sized",
    "Unpin",
    "Drop",
    "Fn",
    "Iterator",
    "IntoIterator",
    "Self_",
];

/// One name per shape, unique, deterministic.
pub fn assign_names(shapes: &[Shape]) -> Vec<String> {
    let mut naming = Naming { shapes, preferred: HashMap::new() };
    let candidates: Vec<(usize, Vec<String>)> =
        (0..shapes.len()).map(|id| (id, naming.candidates(id, &mut BTreeSet::new()))).collect();
    // Shapes with stronger names (spec-given) claim them first; ties go to the shape met
    // first (ids number shapes in the order of record).
    let mut order: Vec<(u8, usize)> = candidates.iter().map(|(id, _)| (naming.strength(*id), *id)).collect();
    order.sort();
    let mut taken: BTreeSet<String> = RESERVED.iter().map(|s| s.to_string()).collect();
    let mut names = vec![String::new(); shapes.len()];
    for (_, id) in order {
        let options = &candidates[id].1;
        let name = options.iter().find(|n| !taken.contains(*n)).cloned().unwrap_or_else(|| {
            let base = &options[0];
            let base = if RESERVED.contains(&base.as_str()) { format!("{base}Model") } else { base.clone() };
            (1..)
                .map(|n| if n == 1 { base.clone() } else { format!("{base}{n}") })
                .find(|n| !taken.contains(n))
                .expect("unbounded")
        });
        taken.insert(name.clone());
        names[id] = name;
    }
    names
}

struct Naming<'s> {
    shapes: &'s [Shape],
    preferred: HashMap<usize, String>,
}

impl Naming<'_> {
    fn strength(&self, id: usize) -> u8 {
        let shape = &self.shapes[id];
        if shape.forced_name.is_some() {
            0
        } else if shape.explicit_name.is_some() {
            1
        } else if shape.composed_of.is_some() {
            2
        } else {
            3
        }
    }

    /// Candidate names, best first. `visiting` guards against recursive envelopes.
    fn candidates(&mut self, id: usize, visiting: &mut BTreeSet<usize>) -> Vec<String> {
        let shape = &self.shapes[id];
        let mut names = Vec::new();
        names.extend(shape.forced_name.clone());
        names.extend(shape.explicit_name.clone());
        if let Some((member, added)) = &shape.composed_of {
            if added.is_empty() {
                names.push(member.clone());
            } else if added.len() <= 2 {
                let added: Vec<String> = added.iter().map(|a| pascal(a)).collect();
                names.push(format!("{member}With{}", added.join("And")));
            }
        }
        if visiting.insert(id) {
            if let Some(envelope) = self.envelope_name(id, visiting) {
                names.push(envelope);
            }
            visiting.remove(&id);
        }
        names.extend(shape.contexts.iter().map(|context| short_context(context).to_string()));
        names.extend(shape.contexts.iter().map(|context| qualified_context(context)));
        names.retain(|n| !n.is_empty() && !n.starts_with("r#"));
        if names.is_empty() {
            names.push("Object".into());
        }
        let mut seen = BTreeSet::new();
        names.retain(|n| seen.insert(n.clone()));
        self.preferred.insert(id, names[0].clone());
        names
    }

    /// `{Payload}Response` / `{Payload}ListResponse` for an object whose payload property
    /// holds a named type.
    fn envelope_name(&mut self, id: usize, visiting: &mut BTreeSet<usize>) -> Option<String> {
        let ShapeKind::Struct { fields, .. } = &self.shapes[id].kind else { return None };
        let payloads: Vec<_> = fields.iter().filter(|f| PAYLOAD_PROPERTIES.contains(&f.json_name.as_str())).collect();
        let [payload] = payloads.as_slice() else { return None };
        let (inner, suffix) = match &payload.ty {
            Ty::Named(inner) => (*inner, "Response"),
            Ty::Vec(item) => match **item {
                Ty::Named(inner) => (inner, "ListResponse"),
                _ => return None,
            },
            _ => return None,
        };
        let inner_name = match self.preferred.get(&inner) {
            Some(name) => name.clone(),
            None => self.candidates(inner, visiting).into_iter().next()?,
        };
        Some(format!("{inner_name}{suffix}"))
    }
}
