//! `oneOf` / `anyOf` unions and string enums as shapes: one variant per member (named by
//! its `$ref`, title, what tells the members apart, or its JSON type) and one per value.

use serde_json::Value;

use super::idents::first_free;
use super::name_hints::{name_hint, title};
use super::refs::{deref, last_token};
use super::shapes::{Shape, ShapeId, ShapeKey, ShapeKind, ShapeVariant, Ty};
use super::types::{text, TypeResolver};
use super::union_siblings::VARIANT_REF;
use super::variant_names::distinguishing_names;
use super::visibility::Direction;
use crate::error::{pointer_join, SpecError};

impl<'a> TypeResolver<'a> {
    #[allow(clippy::too_many_arguments)]
    pub(super) fn union(
        &mut self,
        schema: &'a Value,
        keyword: &str,
        members: &'a Value,
        pointer: &str,
        context: &str,
        reserved: Option<ShapeId>,
        direction: Direction,
    ) -> Result<Ty, SpecError> {
        let members_pointer = pointer_join(pointer, &[keyword]);
        let members = members
            .as_array()
            .filter(|m| !m.is_empty())
            .ok_or_else(|| SpecError::new(&members_pointer, format!("`{keyword}` must be a non-empty array")))?;
        if schema.get("properties").is_some() {
            self.warn(pointer, &format!("properties next to `{keyword}` are ignored; put them in each member"));
        }
        let discriminator = schema.get("discriminator");
        let property = discriminator.and_then(|d| d.get("propertyName")).and_then(Value::as_str).map(String::from);
        let mapping: Vec<(String, String)> = discriminator
            .and_then(|d| d.get("mapping"))
            .and_then(Value::as_object)
            .map(|m| m.iter().filter_map(|(k, v)| Some((k.clone(), v.as_str()?.to_string()))).collect())
            .unwrap_or_default();
        let distinguishing = distinguishing_names(self.document, members);
        let by_members = members_names(self.document, members);
        let mut variants: Vec<ShapeVariant> = Vec::new();
        for (index, member) in members.iter().enumerate() {
            let member_pointer = pointer_join(&members_pointer, &[&index.to_string()]);
            // A member combined with shared parts keeps the `$ref` it was (`union_siblings`).
            let reference = member.get("$ref").or_else(|| member.get(VARIANT_REF)).and_then(Value::as_str);
            let (target, _) = deref(self.document, member, &member_pointer)?;
            let base_name = match reference {
                Some(reference) => super::idents::pascal(last_token(reference)),
                // A title, else what tells the members apart, else a noun-phrase description,
                // else what the member holds.
                None => title(target)
                    .or_else(|| distinguishing.as_ref().map(|names| names[index].clone()))
                    .or_else(|| name_hint(target))
                    .or_else(|| by_members[index].clone())
                    .unwrap_or_else(|| primitive_variant_name(target, index)),
            };
            let ty = self.resolve(member, &member_pointer, &format!("{context}{base_name}"), direction)?;
            let mut tags: Vec<String> = Vec::new();
            if let (Some(_), Some(reference)) = (&property, reference) {
                tags.extend(mapping.iter().filter(|(_, target)| target == reference).map(|(value, _)| value.clone()));
                if tags.is_empty() {
                    tags.push(last_token(reference).to_string());
                }
            }
            // `Other` is the catch-all variant every union has.
            let name = first_free(&base_name, "", |n| n == "Other" || variants.iter().any(|v| v.name == n));
            variants.push(ShapeVariant { name, ty, tags });
        }
        let variants = one_variant_per_tag(variants);
        let explicit_name = name_hint(schema);
        let key = ShapeKey::Union(
            explicit_name.clone(),
            variants.iter().map(|v| (v.name.clone(), v.ty.clone(), v.tags.clone())).collect(),
            property.clone(),
        );
        let shape = Shape {
            kind: ShapeKind::Union { variants, discriminator: property },
            explicit_name,
            contexts: vec![context.to_string()],
            doc: text(schema, "description"),
            ..Shape::default()
        };
        Ok(Ty::Named(self.intern(key, shape, reserved)))
    }

    pub(super) fn string_enum(
        &mut self,
        schema: &'a Value,
        values: &Value,
        pointer: &str,
        context: &str,
        reserved: Option<ShapeId>,
    ) -> Result<Ty, SpecError> {
        let values = values
            .as_array()
            .ok_or_else(|| SpecError::new(pointer_join(pointer, &["enum"]), "`enum` must be an array"))?;
        let mut strings: Vec<String> = Vec::new();
        for value in values {
            match value {
                Value::String(s) if !strings.contains(s) => strings.push(s.clone()),
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
        let key = ShapeKey::StringEnum(explicit_name.clone(), strings.clone());
        let shape = Shape {
            kind: ShapeKind::StringEnum(strings),
            explicit_name,
            contexts: vec![context.to_string()],
            doc: text(schema, "description"),
            ..Shape::default()
        };
        Ok(Ty::Named(self.intern(key, shape, reserved)))
    }
}

/// For each object member with properties: its one property (`{labels: [..]}` -> `Labels`),
/// or its one or two required members (`Name`, `NameColor`), or the one or two required
/// members no other member requires (GitHub's project fields: `{name, data_type,
/// single_select_options}` -> `SingleSelectOptions`); the one object among members that are
/// not (`string` or `{..}`) is `Object`. A name two members would share is no one's: those
/// are numbered, rather than told apart by a number on one of them.
fn members_names(document: &Value, members: &[Value]) -> Vec<Option<String>> {
    let objects: Vec<Option<ObjectMember>> = members.iter().map(|member| object_member(document, member)).collect();
    let name = |words: &[&str]| Some(super::idents::pascal(&words.join(" "))).filter(|n| !n.is_empty() && n != "Other");
    let own = |object: &ObjectMember| -> Option<String> {
        match (object.properties.len(), object.required.as_slice()) {
            (1, _) => name(&object.properties),
            (_, required @ ([_] | [_, _])) => name(required),
            _ => None,
        }
    };
    let unique = |names: Vec<Option<String>>| -> Vec<Option<String>> {
        names
            .iter()
            .map(|name| name.clone().filter(|name| names.iter().filter(|n| n.as_ref() == Some(name)).count() == 1))
            .collect()
    };
    let wanted: Vec<Option<String>> = objects.iter().map(|object| object.as_ref().and_then(own)).collect();
    let mut names = unique(wanted.clone());
    // What only this member requires.
    let only_required: Vec<Option<String>> = unique(
        objects
            .iter()
            .enumerate()
            .map(|(index, object)| {
                let object = object.as_ref()?;
                let others_require = |member: &str| {
                    objects
                        .iter()
                        .enumerate()
                        .any(|(i, o)| i != index && o.as_ref().is_some_and(|o| o.required.contains(&member)))
                };
                let only: Vec<&str> = object.required.iter().copied().filter(|m| !others_require(m)).collect();
                if (1..=2).contains(&only.len()) {
                    name(&only)
                } else {
                    None
                }
            })
            .collect(),
    );
    // Fallbacks are unique among themselves; none may take a name another member has or
    // wanted (`{url}` beside `{url}` required: neither is `Url`).
    let taken: Vec<String> = wanted.iter().flatten().cloned().collect();
    for (name, fallback) in names.iter_mut().zip(only_required) {
        if name.is_none() && fallback.as_ref().is_some_and(|f| !taken.contains(f)) {
            *name = fallback;
        }
    }
    // The one object among members of other JSON types.
    let object_members = objects.iter().filter(|o| o.is_some()).count();
    let all_typed = members.iter().all(|m| deref(document, m, "").is_ok_and(|(s, _)| s.get("type").is_some()));
    if object_members == 1 && all_typed && members.len() > 1 {
        if let Some(index) = objects.iter().position(Option::is_some) {
            if names[index].is_none() {
                names[index] = Some("Object".into());
            }
        }
    }
    names
}

/// An inline object member with properties: their names and its required members.
struct ObjectMember<'a> {
    properties: Vec<&'a str>,
    required: Vec<&'a str>,
}

fn object_member<'a>(document: &'a Value, member: &'a Value) -> Option<ObjectMember<'a>> {
    let (schema, _) = deref(document, member, "").ok()?;
    if member.get("$ref").is_some() || schema.get("type").is_some_and(|t| t != "object") {
        return None;
    }
    let properties = schema.get("properties").and_then(Value::as_object)?;
    let required =
        schema.get("required").and_then(Value::as_array).into_iter().flatten().filter_map(Value::as_str).collect();
    Some(ObjectMember { properties: properties.keys().map(String::as_str).collect(), required })
}

/// Variant names for unnamed members: by JSON type, else by position.
fn primitive_variant_name(schema: &Value, index: usize) -> String {
    match schema.get("type").and_then(Value::as_str) {
        Some("string") => "String".into(),
        Some("integer") => "Integer".into(),
        Some("number") => "Number".into(),
        Some("boolean") => "Boolean".into(),
        Some("array") => "Array".into(),
        Some("object") if schema.get("properties").is_none() => "Object".into(),
        _ => format!("Variant{}", index + 1),
    }
}

/// When several discriminator values select one member (`oneA`, `oneB` -> `OptionOne`), a
/// variant holding the member cannot say which value it was decoded from, nor write it back:
/// every variant is then named after its one tag (`OneA(OptionOne)`, `OneB(OptionOne)`,
/// `Three(OptionThree)`), so decoding keeps the tag and encoding sends it. Unions whose
/// members each have one tag keep their members' names.
fn one_variant_per_tag(variants: Vec<ShapeVariant>) -> Vec<ShapeVariant> {
    if variants.iter().all(|v| v.tags.len() <= 1) {
        return variants;
    }
    let mut by_tag: Vec<ShapeVariant> = Vec::new();
    for variant in variants {
        if variant.tags.is_empty() {
            let name = first_free(&variant.name, "", |n| n == "Other" || by_tag.iter().any(|v| v.name == n));
            by_tag.push(ShapeVariant { name, ..variant });
            continue;
        }
        for tag in &variant.tags {
            let base = super::idents::pascal(tag).trim_start_matches("r#").to_string();
            let base = if base.is_empty() { variant.name.clone() } else { base };
            let name = first_free(&base, "", |n| n == "Other" || by_tag.iter().any(|v| v.name == n));
            by_tag.push(ShapeVariant { name, ty: variant.ty.clone(), tags: vec![tag.clone()] });
        }
    }
    by_tag
}
