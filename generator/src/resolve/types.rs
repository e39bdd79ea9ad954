//! Resolving schemas into types. Inline object schemas become *shapes*; structurally
//! identical shapes are interned once, so the same inline schema repeated across
//! operations becomes one Rust type.

use std::collections::{HashMap, HashSet};

use serde_json::Value;

use super::all_of::{object_view, object_view_of_parts, ObjectView, Property};
use super::doc_keywords::is_doc_keyword;
use super::name_hints::name_hint;
use super::open_any_of;
use super::refs::{deref, last_token};
use super::shapes::{Shape, ShapeField, ShapeId, ShapeKey, ShapeKind, Ty};
use super::visibility::{is_visible, Direction, Sensitivity};
use crate::error::{pointer_join, SpecError, Warning};

pub struct TypeResolver<'a> {
    pub(super) document: &'a Value,
    pub shapes: Vec<Shape>,
    interned: HashMap<ShapeKey, ShapeId>,
    /// `$ref` target -> type, per direction when the target's type depends on it.
    pub(super) by_ref: HashMap<(String, Option<Direction>), Ty>,
    sensitivity: Sensitivity<'a>,
    /// Inside a multipart body, `format: binary` strings are file parts.
    binary_as_bytes: bool,
    /// Inline schemas being resolved, innermost last (by address in the document): a schema
    /// met again inside itself (through `allOf` members) is a cycle no `$ref` breaks.
    in_progress: Vec<usize>,
    /// Shapes reserved for a `$ref` target that were referenced before their body was
    /// resolved: they must stay named types (a map that contains itself).
    pub(super) referenced_while_pending: HashSet<ShapeId>,
    /// See [`crate::Config::strict_refs`].
    pub strict_refs: bool,
    pub warnings: Vec<Warning>,
}

/// Inline schemas nested deeper than this are typed as `serde_json::Value`: the spec
/// decides the depth, the stack must not.
const MAX_NESTING: usize = 64;

impl<'a> TypeResolver<'a> {
    pub fn new(document: &'a Value) -> Self {
        TypeResolver {
            document,
            shapes: Vec::new(),
            interned: HashMap::new(),
            by_ref: HashMap::new(),
            sensitivity: Sensitivity::new(document),
            binary_as_bytes: false,
            in_progress: Vec::new(),
            referenced_while_pending: HashSet::new(),
            strict_refs: false,
            warnings: Vec::new(),
        }
    }

    /// The type of `schema` (at `pointer`); `context` names an inline shape if nothing better does.
    pub fn resolve(
        &mut self,
        schema: &'a Value,
        pointer: &str,
        context: &str,
        direction: Direction,
    ) -> Result<Ty, SpecError> {
        let resolved = if schema.get("$ref").is_some() {
            self.resolve_ref(schema, pointer, direction)
        } else {
            self.resolve_inline(schema, pointer, context, None, direction)
        };
        // One schema that cannot be typed does not refuse the spec: it is a JSON value.
        match resolved {
            Err(error) if !(self.strict_refs && error.message.contains("`$ref`")) => {
                self.warn(&error.pointer, &format!("{}; typed as serde_json::Value", error.message));
                Ok(Ty::Json)
            }
            Ok(ty) if self.allows_null(schema, pointer) => Ok(nullable(ty)),
            other => other,
        }
    }

    /// `nullable: true` on the schema, or on the schema a `$ref` leads to.
    fn allows_null(&self, schema: &Value, pointer: &str) -> bool {
        let target = deref(self.document, schema, pointer).map_or(schema, |(target, _)| target);
        [schema, target].iter().any(|s| s.get("nullable").and_then(Value::as_bool).unwrap_or(false))
    }

    /// A multipart body: like a request body, with binary strings as file parts.
    pub fn resolve_multipart(&mut self, schema: &'a Value, pointer: &str, context: &str) -> Result<Ty, SpecError> {
        self.binary_as_bytes = true;
        let resolved = self.resolve(schema, pointer, context, Direction::Request);
        self.binary_as_bytes = false;
        resolved
    }

    /// Every schema under `components/schemas`, so the API's named types exist even when
    /// no operation uses them (as responses; request variants appear where requests use them).
    pub fn resolve_components(&mut self) -> Result<(), SpecError> {
        let document = self.document;
        let Some(schemas) = document.pointer("/components/schemas").and_then(Value::as_object) else { return Ok(()) };
        for (name, schema) in schemas {
            let pointer = pointer_join("/components/schemas", &[name]);
            let sensitive = self.sensitivity.depends_on_direction(schema, &pointer);
            let (target, target_pointer) = deref(document, schema, &pointer)?;
            self.resolve_target(target, target_pointer, Direction::Response, sensitive)?;
        }
        Ok(())
    }

    fn resolve_ref(&mut self, schema: &'a Value, pointer: &str, direction: Direction) -> Result<Ty, SpecError> {
        let (target, target_pointer) = deref(self.document, schema, pointer)?;
        let sensitive = self.sensitivity.depends_on_direction(schema, pointer);
        self.resolve_target(target, target_pointer, direction, sensitive)
    }

    /// The type of a `$ref` target, cached per target (and direction, when it matters).
    fn resolve_target(
        &mut self,
        target: &'a Value,
        target_pointer: String,
        direction: Direction,
        sensitive: bool,
    ) -> Result<Ty, SpecError> {
        let key = (target_pointer.clone(), sensitive.then_some(direction));
        if let Some(ty) = self.by_ref.get(&key) {
            if let Ty::Named(id) = ty {
                if matches!(self.shapes[*id].kind, ShapeKind::Pending) {
                    self.referenced_while_pending.insert(*id);
                }
            }
            return Ok(ty.clone());
        }
        let token = last_token(&target_pointer).to_string();
        let component = target_pointer.starts_with("/components/schemas/").then(|| super::idents::pascal(&token));
        let mut explicit_name = component.or_else(|| name_hint(target));
        if sensitive && direction == Direction::Request {
            explicit_name = explicit_name.map(|name| format!("{name}Request"));
        }
        let context = super::idents::pascal(&token);
        if is_shape(target) {
            // Reserve the id first so recursive references resolve to it.
            let id = self.push(Shape {
                kind: ShapeKind::Pending,
                explicit_name,
                contexts: vec![context.clone()],
                ..Shape::default()
            });
            self.by_ref.insert(key.clone(), Ty::Named(id));
            let resolved = self.resolve_inline(target, &target_pointer, &context, Some(id), direction);
            if resolved.is_err() {
                // References made while resolving name the reserved shape: it stays a type,
                // one that holds any JSON object.
                self.shapes[id].kind = ShapeKind::Struct { fields: Vec::new(), additional: Some(Ty::Json) };
            }
            let resolved = match resolved? {
                resolved if resolved != Ty::Named(id) && self.referenced_while_pending.contains(&id) => {
                    self.settle_pending(id, resolved)
                }
                resolved => resolved,
            };
            self.by_ref.insert(key, resolved.clone());
            return Ok(resolved);
        }
        let resolved = self.resolve_inline(target, &target_pointer, &context, None, direction)?;
        self.by_ref.insert(key, resolved.clone());
        Ok(resolved)
    }

    fn resolve_inline(
        &mut self,
        schema: &'a Value,
        pointer: &str,
        context: &str,
        reserved: Option<ShapeId>,
        direction: Direction,
    ) -> Result<Ty, SpecError> {
        if !schema.is_object() {
            return Err(SpecError::new(pointer, "a schema must be an object"));
        }
        let address = schema as *const Value as usize;
        if self.in_progress.contains(&address) {
            return Err(SpecError::new(
                pointer,
                "the schema contains itself through `allOf` without a `$ref` to name it",
            ));
        }
        if self.in_progress.len() >= MAX_NESTING {
            return Err(SpecError::new(pointer, format!("schemas nest more than {MAX_NESTING} levels deep")));
        }
        self.within(address, |types| types.resolve_shape(schema, pointer, context, reserved, direction))
    }

    fn resolve_shape(
        &mut self,
        schema: &'a Value,
        pointer: &str,
        context: &str,
        reserved: Option<ShapeId>,
        direction: Direction,
    ) -> Result<Ty, SpecError> {
        let type_name = schema.get("type").and_then(Value::as_str);
        if let Some(values) = schema.get("enum") {
            let all_strings = values.as_array().is_some_and(|v| v.iter().all(|v| v.is_string() || v.is_null()));
            if type_name.is_none_or(|t| t == "string") && all_strings {
                return self.string_enum(schema, values, pointer, context, reserved);
            }
            if type_name.is_none() {
                // An enum of other values (`[true, false]`, `[1, 2]`) is typed by its values.
                return Ok(enum_value_type(values));
            }
        }
        for key in ["oneOf", "anyOf"] {
            match schema.get(key) {
                // `anyOf: [{required: [a]}, {required: [b]}]` next to properties constrains
                // which members are present; the type is the object.
                Some(members) if schema.get("properties").is_some() && only_constraints(members) => {}
                Some(_) if key == "anyOf" && open_any_of::mergeable_members(self.document, schema).is_some() => {
                    return self.object(schema, pointer, context, reserved, direction)
                }
                Some(members) => return self.union(schema, key, members, pointer, context, reserved, direction),
                None => {}
            }
        }
        if let Some((index, member)) = scalar_all_of(self.document, schema) {
            return self.resolve(member, &pointer_join(pointer, &["allOf", &index.to_string()]), context, direction);
        }
        if is_object_like(schema) {
            return self.object(schema, pointer, context, reserved, direction);
        }
        if schema.get("not").is_some() {
            self.warn(pointer, "`not` cannot be expressed as a Rust type; typed as serde_json::Value");
            return Ok(Ty::Json);
        }
        let format = schema.get("format").and_then(Value::as_str);
        Ok(match type_name {
            Some("string") if self.binary_as_bytes && format == Some("binary") => Ty::Bytes,
            Some("string") => string_format(format),
            Some("boolean") => Ty::Bool,
            Some("integer") => match format {
                Some("int8") => Ty::I8,
                Some("int16") => Ty::I16,
                Some("int32") => Ty::I32,
                Some("uint8") => Ty::U8,
                Some("uint16") => Ty::U16,
                Some("uint32") => Ty::U32,
                Some("uint64") => Ty::U64,
                // No width declared, but bounds past `i64` from 0 (a byte count up to 2^64):
                // the unsigned width holds them.
                None if unsigned_past_i64(schema) => Ty::U64,
                _ => Ty::I64,
            },
            Some("number") => match format {
                Some("float") => Ty::F32,
                _ => Ty::F64,
            },
            Some("array") => self.array(schema, pointer, context, direction)?,
            None if schema.get("items").is_some() => self.array(schema, pointer, context, direction)?,
            None => Ty::Json,
            Some(other) => {
                return Err(SpecError::new(pointer_join(pointer, &["type"]), format!("unknown schema type `{other}`")))
            }
        })
    }

    fn array(
        &mut self,
        schema: &'a Value,
        pointer: &str,
        context: &str,
        direction: Direction,
    ) -> Result<Ty, SpecError> {
        let item = match schema.get("items") {
            Some(items) => {
                self.resolve(items, &pointer_join(pointer, &["items"]), &format!("{context}Item"), direction)?
            }
            None => Ty::Json,
        };
        Ok(Ty::Vec(Box::new(item)))
    }

    fn object(
        &mut self,
        schema: &'a Value,
        pointer: &str,
        context: &str,
        reserved: Option<ShapeId>,
        direction: Direction,
    ) -> Result<Ty, SpecError> {
        let view = object_view(self.document, schema, pointer)?;
        if let Some(sole_ref) = view.sole_ref {
            // Through `resolve`, so a target that allows `null` keeps it.
            return self.resolve(sole_ref, &pointer_join(pointer, &["allOf", "0"]), context, direction);
        }
        self.struct_of(view, schema, context, reserved, direction)
    }

    /// A property that members of an `allOf` each give as an object: one object with the
    /// members of every part (or the part that has them all). A part met again inside
    /// itself is typed alone (its `$ref` names the cycle).
    fn object_of_parts(
        &mut self,
        property: &Property<'a>,
        context: &str,
        direction: Direction,
    ) -> Result<Ty, SpecError> {
        let address = property.schema as *const Value as usize;
        if self.in_progress.contains(&address) {
            return self.resolve(property.schema, &property.pointer, context, direction);
        }
        let parts: Vec<(&'a Value, String)> =
            std::iter::once((property.schema, property.pointer.clone())).chain(property.also.iter().cloned()).collect();
        let view = object_view_of_parts(self.document, &parts)?;
        let mut targets: Vec<&'a Value> = Vec::with_capacity(parts.len());
        for (part, pointer) in &parts {
            let (target, target_pointer) = deref(self.document, part, pointer)?;
            // A part that has every member already (`KeysWithPrivateKey` beside the `Keys` it
            // extends) is the type, under its own name.
            let alone = object_view(self.document, target, &target_pointer)?;
            if alone.sole_ref.is_none() && view.properties.keys().all(|name| alone.properties.contains_key(name)) {
                return self.resolve(part, pointer, context, direction);
            }
            targets.push(target);
        }
        // The part that describes itself names and documents the whole.
        let described = targets.iter().find(|t| t.get("description").is_some()).unwrap_or(&targets[0]);
        self.within(address, |types| types.struct_of(view, described, context, None, direction))
    }

    /// `resolve` with the schema at `address` marked as being resolved, so that meeting it
    /// again inside itself is seen.
    fn within<T>(&mut self, address: usize, resolve: impl FnOnce(&mut Self) -> T) -> T {
        self.in_progress.push(address);
        let resolved = resolve(self);
        self.in_progress.pop();
        resolved
    }

    /// The struct of an object view (`schema` gives its name hint, description and openness).
    fn struct_of(
        &mut self,
        view: ObjectView<'a>,
        schema: &'a Value,
        context: &str,
        reserved: Option<ShapeId>,
        direction: Direction,
    ) -> Result<Ty, SpecError> {
        let additional = match &view.additional {
            Some(additional) => {
                Some(self.resolve(additional.schema, &additional.pointer, &format!("{context}Value"), direction)?)
            }
            None if schema.get("additionalProperties") == Some(&Value::Bool(true)) => Some(Ty::Json),
            None => None,
        };
        let mut fields = Vec::new();
        for (name, property) in &view.properties {
            // A reference that leads nowhere is reported (and typed) by `resolve` below.
            let target = deref(self.document, property.schema, &property.pointer).map_or(property.schema, |(t, _)| t);
            if !is_visible(target, direction) || !is_visible(property.schema, direction) {
                continue;
            }
            let child_context = format!("{context}.{}", super::idents::pascal(name));
            // A member's `null` is its presence (`Option`), not part of its type. A JSON value
            // holds `null` itself (`resolve` does not wrap it), so its member reads `nullable`.
            let declared_null = target.get("nullable").and_then(Value::as_bool).unwrap_or(false);
            let ty = if property.also.is_empty() {
                self.resolve(property.schema, &property.pointer, &child_context, direction)?
            } else {
                self.object_of_parts(property, &child_context, direction)?
            };
            let (ty, nullable) = match ty {
                Ty::Nullable(inner) => (*inner, true),
                ty => (ty, declared_null),
            };
            let doc = text(property.schema, "description").or_else(|| text(target, "description")).or_else(|| {
                let target = |part| deref(self.document, part, "").map_or(part, |(t, _)| t);
                property.also.iter().find_map(|(part, _)| text(target(part), "description"))
            });
            fields.push(ShapeField {
                json_name: name.to_string(),
                ty,
                required: view.required.contains(name),
                nullable,
                doc,
                default: target.get("default").map(Value::to_string),
            });
        }
        if fields.is_empty() {
            return Ok(Ty::Map(Box::new(additional.unwrap_or(Ty::Json))));
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
            additional.clone(),
        );
        let composed_of = view.named_member.map(|(hint, added)| (hint, added.into_iter().map(String::from).collect()));
        let shape = Shape {
            kind: ShapeKind::Struct { fields, additional },
            explicit_name,
            composed_of,
            contexts: vec![context.to_string()],
            doc,
            ..Shape::default()
        };
        Ok(Ty::Named(self.intern(key, shape, reserved)))
    }

    pub(super) fn intern(&mut self, key: ShapeKey, shape: Shape, reserved: Option<ShapeId>) -> ShapeId {
        if let Some(id) = reserved {
            let slot = &mut self.shapes[id];
            let explicit_name = slot.explicit_name.take().or(shape.explicit_name);
            let contexts = std::mem::take(&mut slot.contexts);
            *slot = Shape { explicit_name, contexts, ..shape };
            self.interned.entry(key).or_insert(id);
            return id;
        }
        if let Some(&id) = self.interned.get(&key) {
            let contexts = &mut self.shapes[id].contexts;
            for context in shape.contexts {
                if !contexts.contains(&context) {
                    contexts.push(context);
                }
            }
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

    pub(super) fn warn(&mut self, pointer: &str, message: &str) {
        self.warnings.push(Warning::new(pointer, message));
    }
}

/// `ty` allowing `null`: `Option<ty>`, unless it holds `null` already (a JSON value).
fn nullable(ty: Ty) -> Ty {
    match ty {
        Ty::Json | Ty::Nullable(_) => ty,
        ty => Ty::Nullable(Box::new(ty)),
    }
}

/// The type without its `Option`: where `null` cannot be sent (parameters, form and
/// multipart bodies).
pub fn non_null(ty: Ty) -> Ty {
    match ty {
        Ty::Nullable(inner) => *inner,
        ty => ty,
    }
}

/// `minimum` at least 0 and `maximum` past `i64::MAX`.
fn unsigned_past_i64(schema: &Value) -> bool {
    let bound = |key: &str| schema.get(key).and_then(Value::as_f64);
    bound("minimum").is_some_and(|min| min >= 0.0) && bound("maximum").is_some_and(|max| max > i64::MAX as f64)
}

/// String formats with a Rust type worth having (see docs/openapi-support.md, the feature table).
fn string_format(format: Option<&str>) -> Ty {
    match format {
        Some("date-time") => Ty::DateTime,
        Some("date") => Ty::Date,
        Some("uuid") => Ty::Uuid,
        Some("ipv4") => Ty::Ipv4,
        Some("ipv6") => Ty::Ipv6,
        Some("ip") => Ty::IpAddr,
        _ => Ty::String,
    }
}

/// Members that only say which properties are required (or document themselves).
fn only_constraints(members: &Value) -> bool {
    const CONSTRAINTS: [&str; 4] = ["required", "description", "title", "not"];
    members.as_array().is_some_and(|members| {
        members.iter().all(|m| m.as_object().is_some_and(|m| m.keys().all(|k| CONSTRAINTS.contains(&k.as_str()))))
    })
}

/// The type of an untyped non-string enum, from its values: all booleans, all integers, all
/// numbers, or free-form JSON when mixed.
fn enum_value_type(values: &Value) -> Ty {
    let values = values.as_array().map(Vec::as_slice).unwrap_or_default();
    let all = |test: fn(&Value) -> bool| !values.is_empty() && values.iter().all(|v| v.is_null() || test(v));
    if all(Value::is_boolean) {
        Ty::Bool
    } else if all(|v| v.is_i64() || v.is_u64()) {
        Ty::I64
    } else if all(Value::is_number) {
        Ty::F64
    } else {
        Ty::Json
    }
}

/// An `allOf` of scalars with nothing beside it but docs and `nullable` (`allOf: [{type:
/// string}, {minLength: 1}]`, AWS's `allOf: [{$ref: __boolean}, {xml: ..}]`): the member that
/// gives the type is the type (an object of such members would hold none of their values).
/// Members must not be objects, unions or enums, and the types they name must agree.
fn scalar_all_of<'a>(document: &'a Value, schema: &'a Value) -> Option<(usize, &'a Value)> {
    let members = schema.get("allOf")?.as_array()?;
    let beside_only_docs = schema.as_object()?.keys().all(|k| k == "allOf" || is_doc_keyword(k));
    if !beside_only_docs {
        return None;
    }
    let mut typed: Option<(usize, &Value, &Value)> = None;
    for (index, member) in members.iter().enumerate() {
        let target = deref(document, member, "").ok()?.0;
        if !target.is_object() || is_shape(target) || target.get("items").is_some() {
            return None;
        }
        match (target.get("type"), &typed) {
            (Some(ty), Some((_, _, first))) if ty != *first => return None,
            (Some(ty), None) => typed = Some((index, member, ty)),
            _ => {}
        }
    }
    typed.map(|(index, member, _)| (index, member))
}

/// Objects (with properties, `allOf`, or `type: object`), enums and unions get named types.
fn is_shape(schema: &Value) -> bool {
    let string_enum =
        schema.get("enum").and_then(Value::as_array).is_some_and(|v| v.iter().all(|v| v.is_string() || v.is_null()))
            && schema.get("type").and_then(Value::as_str).is_none_or(|t| t == "string");
    is_object_like(schema) || schema.get("oneOf").is_some() || schema.get("anyOf").is_some() || string_enum
}

fn is_object_like(schema: &Value) -> bool {
    // A scalar `type` wins over object keywords beside it (vtex's `{type: string,
    // additionalProperties: {..}}`), as JSON Schema reads them.
    if schema.get("type").and_then(Value::as_str).is_some_and(|t| t != "object") {
        return false;
    }
    schema.get("type").and_then(Value::as_str) == Some("object")
        || schema.get("properties").is_some()
        || schema.get("allOf").is_some()
        || schema.get("additionalProperties").is_some_and(Value::is_object)
}

pub(super) fn text(schema: &Value, key: &str) -> Option<String> {
    schema.get(key).and_then(Value::as_str).map(str::trim).filter(|s| !s.is_empty()).map(String::from)
}

/// The description of the first `allOf` member that has one (`API Key Record`).
fn first_member_description(schema: &Value) -> Option<String> {
    schema.get("allOf")?.as_array()?.iter().find_map(|member| text(member, "description"))
}
