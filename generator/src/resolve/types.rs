//! Resolving schemas into types. Inline object schemas become *shapes*; structurally
//! identical shapes are interned once, so the same inline schema repeated across
//! operations becomes one Rust type.

use std::collections::{BTreeSet, HashMap};

use serde_json::Value;

use super::all_of::{is_unconstrained, object_view};
use super::refs::{deref, last_token};
use super::type_names::name_hint;
use crate::error::{pointer_join, SpecError};

pub type ShapeId = usize;

/// A type before names are chosen: named types are still shape ids.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Ty {
    String,
    Bool,
    I32,
    I64,
    F32,
    F64,
    Json,
    Vec(Box<Ty>),
    Map(Box<Ty>),
    Shape(ShapeId),
}

#[derive(Debug, Clone)]
pub struct ShapeField {
    pub json_name: String,
    pub ty: Ty,
    pub required: bool,
    pub nullable: bool,
    pub doc: Option<String>,
}

#[derive(Debug, Clone)]
pub enum ShapeKind {
    Struct(Vec<ShapeField>),
    StringEnum(Vec<String>),
    /// Reserved for a `$ref` target while its body is resolved (recursion).
    Pending,
}

/// A type that will get a Rust name, and what that name can be derived from.
#[derive(Debug, Clone)]
pub struct Shape {
    pub kind: ShapeKind,
    /// From a component name, `title`, or a noun-phrase `description`.
    pub explicit_name: Option<String>,
    /// `allOf` of a named member plus others: the member's name and the added properties.
    pub composed_of: Option<(String, Vec<String>)>,
    /// Names from where the shape is used (`ApiKeysListResponse`, `Meta`, ...).
    pub contexts: BTreeSet<String>,
    /// Set by the resolver for shapes with a role (the common API error body).
    pub forced_name: Option<String>,
    /// How operations use the shape directly, for its documentation.
    pub uses: BTreeSet<String>,
    pub doc: Option<String>,
}

/// Structure that decides identity: docs are left out, names from the spec are in.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum ShapeKey {
    Struct(Option<String>, Vec<(String, Ty, bool, bool)>),
    StringEnum(Option<String>, Vec<String>),
}

pub struct TypeResolver<'a> {
    document: &'a Value,
    pub shapes: Vec<Shape>,
    interned: HashMap<ShapeKey, ShapeId>,
    by_ref: HashMap<String, Ty>,
    pub warnings: Vec<String>,
}

impl<'a> TypeResolver<'a> {
    pub fn new(document: &'a Value) -> Self {
        TypeResolver {
            document,
            shapes: Vec::new(),
            interned: HashMap::new(),
            by_ref: HashMap::new(),
            warnings: Vec::new(),
        }
    }

    /// The type of `schema` (at `pointer`); `context` names an inline shape if nothing better does.
    pub fn resolve(&mut self, schema: &'a Value, pointer: &str, context: &str) -> Result<Ty, SpecError> {
        if schema.get("$ref").is_some() {
            return self.resolve_ref(schema, pointer);
        }
        self.resolve_inline(schema, pointer, context, None)
    }

    fn resolve_ref(&mut self, schema: &'a Value, pointer: &str) -> Result<Ty, SpecError> {
        let (target, target_pointer) = deref(self.document, schema, pointer)?;
        if let Some(ty) = self.by_ref.get(&target_pointer) {
            return Ok(ty.clone());
        }
        let name = last_token(&target_pointer).to_string();
        let component_name = target_pointer.starts_with("/components/schemas/").then(|| name.clone());
        if is_shape(target) {
            // Reserve the id first so recursive references resolve to it.
            let id = self.push(Shape {
                kind: ShapeKind::Pending,
                explicit_name: component_name.clone().or_else(|| name_hint(target)),
                composed_of: None,
                contexts: BTreeSet::from([name.clone()]),
                forced_name: None,
                uses: BTreeSet::new(),
                doc: None,
            });
            self.by_ref.insert(target_pointer.clone(), Ty::Shape(id));
            let resolved = self.resolve_inline(target, &target_pointer, &name, Some(id))?;
            self.by_ref.insert(target_pointer, resolved.clone());
            return Ok(resolved);
        }
        let resolved = self.resolve_inline(target, &target_pointer, &name, None)?;
        self.by_ref.insert(target_pointer, resolved.clone());
        Ok(resolved)
    }

    fn resolve_inline(
        &mut self,
        schema: &'a Value,
        pointer: &str,
        context: &str,
        reserved: Option<ShapeId>,
    ) -> Result<Ty, SpecError> {
        if !schema.is_object() {
            return Err(SpecError::new(pointer, "a schema must be an object"));
        }
        let type_name = schema.get("type").and_then(Value::as_str);
        if let Some(variants) = schema.get("enum") {
            if type_name.is_none_or(|t| t == "string") {
                return self.string_enum(schema, variants, pointer, context, reserved);
            }
        }
        if is_object_like(schema) {
            return self.object(schema, pointer, context, reserved);
        }
        for composition in ["oneOf", "anyOf", "not"] {
            if schema.get(composition).is_some() {
                self.warnings
                    .push(format!("{pointer}: `{composition}` is not supported yet; typed as serde_json::Value"));
                return Ok(Ty::Json);
            }
        }
        let format = schema.get("format").and_then(Value::as_str);
        Ok(match type_name {
            Some("string") => Ty::String,
            Some("boolean") => Ty::Bool,
            Some("integer") => match format {
                Some("int32") => Ty::I32,
                _ => Ty::I64,
            },
            Some("number") => match format {
                Some("float") => Ty::F32,
                _ => Ty::F64,
            },
            Some("array") => {
                let item_context = format!("{context}Item");
                match schema.get("items") {
                    Some(items) => {
                        Ty::Vec(Box::new(self.resolve(items, &pointer_join(pointer, &["items"]), &item_context)?))
                    }
                    None => Ty::Vec(Box::new(Ty::Json)),
                }
            }
            None if is_unconstrained(schema) => Ty::Json,
            None => Ty::Json,
            Some(other) => {
                return Err(SpecError::new(pointer_join(pointer, &["type"]), format!("unknown schema type `{other}`")))
            }
        })
    }

    fn object(
        &mut self,
        schema: &'a Value,
        pointer: &str,
        context: &str,
        reserved: Option<ShapeId>,
    ) -> Result<Ty, SpecError> {
        let view = object_view(self.document, schema, pointer)?;
        if let Some(sole_ref) = view.sole_ref {
            return self.resolve_ref(sole_ref, &pointer_join(pointer, &["allOf", "0"]));
        }
        if view.properties.is_empty() {
            let value = match &view.additional {
                Some(additional) => self.resolve(additional.schema, &additional.pointer, &format!("{context}Value"))?,
                None => Ty::Json,
            };
            return Ok(Ty::Map(Box::new(value)));
        }
        let mut fields = Vec::new();
        for (name, property) in &view.properties {
            let (target, _) = deref(self.document, property.schema, &property.pointer)?;
            let child_context = super::idents::pascal(name);
            let ty = self.resolve(property.schema, &property.pointer, &child_context)?;
            let doc = text(property.schema, "description").or_else(|| text(target, "description"));
            fields.push(ShapeField {
                json_name: name.to_string(),
                ty,
                required: view.required.contains(name),
                nullable: target.get("nullable").and_then(Value::as_bool).unwrap_or(false),
                doc,
            });
        }
        let explicit_name = name_hint(schema);
        let doc = text(schema, "description").or_else(|| {
            let (_, added) = view.named_member.as_ref()?;
            let base = first_member_description(schema)?;
            let added: Vec<String> = added.iter().map(|p| format!("`{p}`")).collect();
            Some(if added.is_empty() { base } else { format!("{base}, with {}.", added.join(", ")) })
        });
        let key = ShapeKey::Struct(
            explicit_name.clone(),
            fields.iter().map(|f| (f.json_name.clone(), f.ty.clone(), f.required, f.nullable)).collect(),
        );
        let composed_of = view.named_member.map(|(hint, added)| (hint, added.into_iter().map(String::from).collect()));
        let shape = Shape {
            kind: ShapeKind::Struct(fields),
            explicit_name,
            composed_of,
            contexts: BTreeSet::from([context.to_string()]),
            forced_name: None,
            uses: BTreeSet::new(),
            doc,
        };
        Ok(Ty::Shape(self.intern(key, shape, reserved)))
    }

    fn string_enum(
        &mut self,
        schema: &'a Value,
        variants: &Value,
        pointer: &str,
        context: &str,
        reserved: Option<ShapeId>,
    ) -> Result<Ty, SpecError> {
        let variants = variants
            .as_array()
            .ok_or_else(|| SpecError::new(pointer_join(pointer, &["enum"]), "`enum` must be an array"))?;
        let mut values: Vec<String> = Vec::new();
        for value in variants {
            match value {
                Value::String(s) if !values.contains(s) => values.push(s.clone()),
                Value::String(_) | Value::Null => {}
                other => {
                    return Err(SpecError::new(
                        pointer_join(pointer, &["enum"]),
                        format!("a string enum holds a non-string value {other}"),
                    ))
                }
            }
        }
        let explicit_name = name_hint(schema);
        let key = ShapeKey::StringEnum(explicit_name.clone(), values.clone());
        let shape = Shape {
            kind: ShapeKind::StringEnum(values),
            explicit_name,
            composed_of: None,
            contexts: BTreeSet::from([context.to_string()]),
            forced_name: None,
            uses: BTreeSet::new(),
            doc: text(schema, "description"),
        };
        Ok(Ty::Shape(self.intern(key, shape, reserved)))
    }

    fn intern(&mut self, key: ShapeKey, shape: Shape, reserved: Option<ShapeId>) -> ShapeId {
        if let Some(id) = reserved {
            let slot = &mut self.shapes[id];
            let explicit_name = slot.explicit_name.take();
            let contexts = std::mem::take(&mut slot.contexts);
            let uses = std::mem::take(&mut slot.uses);
            *slot = Shape { explicit_name: explicit_name.or(shape.explicit_name), contexts, uses, ..shape };
            self.interned.entry(key).or_insert(id);
            return id;
        }
        if let Some(&id) = self.interned.get(&key) {
            self.shapes[id].contexts.extend(shape.contexts);
            return id;
        }
        let id = self.push(shape);
        self.interned.insert(key, id);
        id
    }

    fn push(&mut self, shape: Shape) -> ShapeId {
        self.shapes.push(shape);
        self.shapes.len() - 1
    }
}

/// Objects (with properties, `allOf`, or `type: object`) and enums get named types.
fn is_shape(schema: &Value) -> bool {
    is_object_like(schema)
        || schema.get("enum").is_some() && schema.get("type").and_then(Value::as_str).is_none_or(|t| t == "string")
}

fn is_object_like(schema: &Value) -> bool {
    schema.get("type").and_then(Value::as_str) == Some("object")
        || schema.get("properties").is_some()
        || schema.get("allOf").is_some()
        || schema.get("additionalProperties").is_some_and(Value::is_object)
}

fn text(schema: &Value, key: &str) -> Option<String> {
    schema.get(key).and_then(Value::as_str).map(str::trim).filter(|s| !s.is_empty()).map(String::from)
}

/// The description of the first `allOf` member that has one (`API Key Record`).
fn first_member_description(schema: &Value) -> Option<String> {
    schema.get("allOf")?.as_array()?.iter().find_map(|member| text(member, "description"))
}
