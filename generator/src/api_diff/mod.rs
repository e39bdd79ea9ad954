//! What a regeneration changes in the generated crate's Rust API, for a caller of it.
//!
//! [`diff`] compares two models (resolved from the spec before and after, with the same
//! settings) item by item: groups, methods (arguments, optional-parameter setters, request
//! body, return type), types, fields, string-enum values and union variants. Each change
//! is classified for code that uses the crate:
//!
//! - **breaking**: a removed group, method, type, field, enum value or union variant; a
//!   changed Rust type of a field, argument, body or return value (an optional field that
//!   became required turns `Option<T>` into `T`, and the reverse); a new required
//!   parameter or request body (a new argument); a parameter that moved between argument
//!   and setter; a new required field of any struct (a new argument of its `new`), required
//!   fields in another order (`new`'s arguments), a setter with another name; a type that
//!   became another kind (struct, enum, union), lost `Default` or its setters (no operation
//!   sends it any more); a success status whose body changed or went away;
//! - **not breaking**: a new group, method, type, optional parameter (a setter), field that is
//!   not required (a new field and setter of a `#[non_exhaustive]` struct), enum value, union
//!   variant or success status (new variants of `#[non_exhaustive]` enums, which a `match`
//!   covers with its `_` arm), and changes that keep every Rust type and signature as it is
//!   (HTTP method or path, content type, deprecation).
//!
//! Renamed items show up as one removed and one added. Documentation is not compared. What a
//! new generator changes in every crate is listed by revision in `design.rs`.
//! [`ApiChanges::suggested_bump`] turns the classification into a semver suggestion.

mod change;
mod design;
mod renames;

pub use change::{ApiChange, ChangeKind};
pub use design::{design_changes, recorded_design};
pub use renames::{renamed_calls, renamed_types, renamed_variants};

use crate::model::{
    Api, Field, Group, Operation, Presence, RequestBody, ResponseBody, Returns, TypeDef, TypeKind, TypeRef,
};

/// Every change, in a fixed order: groups and methods as the new model lists them (removed
/// ones where the old one did), then types by name.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ApiChanges {
    pub changes: Vec<ApiChange>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum BumpLevel {
    None,
    Patch,
    Minor,
    Major,
}

/// A version bump: which part, and the resulting version when the current one parses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bump {
    pub level: BumpLevel,
    pub from: String,
    pub to: Option<String>,
    pub reason: &'static str,
}

impl ApiChanges {
    pub fn is_empty(&self) -> bool {
        self.changes.is_empty()
    }

    pub fn breaking(&self) -> impl Iterator<Item = &ApiChange> {
        self.changes.iter().filter(|c| c.breaking)
    }

    pub fn not_breaking(&self) -> impl Iterator<Item = &ApiChange> {
        self.changes.iter().filter(|c| !c.breaking)
    }

    /// Semver for the crate at `version`. Before 1.0 (Cargo's rule: the minor version is
    /// the compatibility boundary) a breaking change bumps the minor version and anything
    /// else the patch version; from 1.0 on a breaking change bumps the major version, an
    /// addition the minor one, and other compatible changes the patch version.
    pub fn suggested_bump(&self, version: &str) -> Bump {
        let stable = parse_version(version).is_some_and(|(major, _, _)| major > 0);
        let added = self.changes.iter().any(|c| c.kind == ChangeKind::Added);
        let (level, reason) = match (self.breaking().next().is_some(), added, self.is_empty()) {
            (_, _, true) => (BumpLevel::None, "no API change"),
            (true, _, _) if stable => (BumpLevel::Major, "breaking changes"),
            (true, _, _) => (BumpLevel::Minor, "breaking changes, before 1.0"),
            (false, true, _) if stable => (BumpLevel::Minor, "additions only"),
            (false, true, _) => (BumpLevel::Patch, "additions only, before 1.0"),
            (false, false, _) => (BumpLevel::Patch, "compatible changes only"),
        };
        let to = parse_version(version).map(|(major, minor, patch)| match level {
            BumpLevel::None => format!("{major}.{minor}.{patch}"),
            BumpLevel::Patch => format!("{major}.{minor}.{}", patch + 1),
            BumpLevel::Minor => format!("{major}.{}.0", minor + 1),
            BumpLevel::Major => format!("{}.0.0", major + 1),
        });
        Bump { level, from: version.to_string(), to, reason }
    }

    fn push(&mut self, kind: ChangeKind, breaking: bool, what: String, detail: Option<String>) {
        self.changes.push(ApiChange { kind, breaking, what, detail });
    }
}

/// `MAJOR.MINOR.PATCH`, ignoring a pre-release or build suffix.
fn parse_version(version: &str) -> Option<(u64, u64, u64)> {
    let core = version.split(['-', '+']).next()?;
    let mut parts = core.split('.').map(|p| p.parse::<u64>().ok());
    let parsed = (parts.next()??, parts.next()??, parts.next()??);
    parts.next().is_none().then_some(parsed)
}

/// The changes from `old` to `new`.
pub fn diff(old: &Api, new: &Api) -> ApiChanges {
    let mut changes = ApiChanges::default();
    diff_groups(old, new, &mut changes);
    let callable_before = old.groups.iter().any(|g| !g.operations.is_empty());
    let (old_error, new_error) =
        (old.error_body.as_ref().map(TypeRef::rust_text), new.error_body.as_ref().map(TypeRef::rust_text));
    if callable_before && old_error != new_error {
        let shown = |t: Option<String>| format!("`{}`", t.unwrap_or_else(|| "serde_json::Value".into()));
        let detail = format!("{} → {}", shown(old_error), shown(new_error));
        changes.push(ChangeKind::Changed, true, "error body type `ApiErrorBody`".into(), Some(detail));
    }
    for (name, old_def) in &old.types {
        if !new.types.contains_key(name) {
            changes.push(ChangeKind::Removed, true, format!("{} `{name}`", kind_name(&old_def.kind)), None);
        }
        if let Some(new_def) = new.types.get(name) {
            diff_type(old_def, new_def, &mut changes);
        }
    }
    for (name, def) in &new.types {
        if !old.types.contains_key(name) {
            changes.push(ChangeKind::Added, false, format!("{} `{name}`", kind_name(&def.kind)), None);
        }
    }
    changes
}

fn diff_groups(old: &Api, new: &Api, changes: &mut ApiChanges) {
    let find =
        |api: &'_ Api, name: &str| -> Option<Group> { api.groups.iter().find(|g| g.struct_name == name).cloned() };
    for group in &old.groups {
        if find(new, &group.struct_name).is_none() {
            let what = format!("group `Client::{}()` (`{}`)", group.accessor, group.struct_name);
            changes.push(ChangeKind::Removed, true, what, None);
        }
    }
    for group in &new.groups {
        if find(old, &group.struct_name).is_none() {
            let what = format!("group `Client::{}()` (`{}`)", group.accessor, group.struct_name);
            changes.push(ChangeKind::Added, false, what, Some(format!("the `{}` operations", group.tag)));
        }
    }
    let methods = |api: &Api| -> Vec<(String, Operation)> {
        api.groups
            .iter()
            .flat_map(|g| {
                g.operations.iter().map(move |op| (format!("{}::{}", g.struct_name, bare(&op.method_name)), op.clone()))
            })
            .collect()
    };
    let (old_methods, new_methods) = (methods(old), methods(new));
    for (name, op) in &old_methods {
        if !new_methods.iter().any(|(n, _)| n == name) {
            changes.push(ChangeKind::Removed, true, format!("method `{name}`"), Some(http(op)));
        }
    }
    for (name, op) in &new_methods {
        match old_methods.iter().find(|(n, _)| n == name) {
            None => changes.push(ChangeKind::Added, false, format!("method `{name}`"), Some(http(op))),
            Some((_, old_op)) => diff_method(name, old_op, op, changes),
        }
    }
}

fn diff_method(name: &str, old: &Operation, new: &Operation, changes: &mut ApiChanges) {
    let what = format!("method `{name}`");
    let mut change =
        |breaking: bool, detail: String| changes.push(ChangeKind::Changed, breaking, what.clone(), Some(detail));
    if (&old.http_method, &old.path_template) != (&new.http_method, &new.path_template) {
        change(false, format!("now {} (was {})", http(new), http(old)));
    }
    if !old.deprecated && new.deprecated {
        change(false, "deprecated".into());
    }
    for param in &old.params {
        match new.params.iter().find(|p| p.name == param.name && p.location == param.location) {
            None => change(true, format!("parameter `{}` removed", bare(&param.rust_name))),
            Some(now) => {
                let shown = bare(&now.rust_name);
                if TypeRef::rust_text(&param.ty) != TypeRef::rust_text(&now.ty) {
                    change(
                        true,
                        format!(
                            "parameter `{shown}`: `{}` → `{}`",
                            TypeRef::rust_text(&param.ty),
                            TypeRef::rust_text(&now.ty)
                        ),
                    );
                }
                match (param.is_argument(), now.is_argument()) {
                    (false, true) => {
                        change(true, format!("parameter `{shown}` became required (an argument, was a setter)"))
                    }
                    (true, false) => {
                        change(true, format!("parameter `{shown}` became optional (a setter, was an argument)"))
                    }
                    _ => {}
                }
            }
        }
    }
    for param in &new.params {
        if !old.params.iter().any(|p| p.name == param.name && p.location == param.location) {
            let shown = bare(&param.rust_name);
            match param.is_argument() {
                true => change(true, format!("new required parameter `{shown}: {}`", TypeRef::rust_text(&param.ty))),
                false => change(false, format!("new optional parameter `{shown}` (a setter)")),
            }
        }
    }
    let arguments = |op: &Operation| -> Vec<String> {
        op.params.iter().filter(|p| p.is_argument()).map(|p| p.name.clone()).collect()
    };
    let (old_args, new_args) = (arguments(old), arguments(new));
    let mut kept_old = old_args.clone();
    kept_old.retain(|a| new_args.contains(a));
    let mut kept_new = new_args;
    kept_new.retain(|a| old_args.contains(a));
    if kept_old != kept_new {
        change(true, "the arguments are in another order".into());
    }
    match (old.body.as_ref().map(RequestBody::argument_text), new.body.as_ref().map(RequestBody::argument_text)) {
        (None, Some(body)) => change(true, format!("new request body argument `body: {body}`")),
        (Some(_), None) => change(true, "the request body argument was removed".into()),
        (Some(before), Some(after)) if before != after => change(true, format!("request body: `{before}` → `{after}`")),
        _ => {}
    }
    if let (Some(before), Some(after)) = (&old.body, &new.body) {
        if before.content_type != after.content_type
            && old.body.as_ref().map(RequestBody::argument_text) == new.body.as_ref().map(RequestBody::argument_text)
        {
            change(false, format!("request content type `{}` → `{}`", before.content_type, after.content_type));
        }
    }
    let (before, after) = (returns(old), returns(new));
    if before != after {
        // Only new statuses: new variants of a `#[non_exhaustive]` enum.
        let only_added = before.iter().all(|variant| after.contains(variant)) && before[0] == after[0];
        let breaking = !only_added;
        let text = |variants: &[String]| match variants {
            [body] => body.clone(),
            [name, variants @ ..] => format!("{name} {{ {} }}", variants.join(", ")),
            [] => String::new(),
        };
        change(breaking, format!("returns `{}` (was `{}`)", text(&after), text(&before)));
    }
}

fn diff_type(old: &TypeDef, new: &TypeDef, changes: &mut ApiChanges) {
    let name = &new.name;
    match (&old.kind, &new.kind) {
        (TypeKind::Struct { fields: old_fields, additional: old_more }, TypeKind::Struct { fields, additional }) => {
            // A capability lost breaks callers; one gained does not.
            let mut capability = |before: bool, after: bool, lost: &str, gained: &str| match (before, after) {
                (true, false) => changes.push(ChangeKind::Changed, true, format!("type `{name}`"), Some(lost.into())),
                (false, true) => {
                    changes.push(ChangeKind::Changed, false, format!("type `{name}`"), Some(gained.into()))
                }
                _ => {}
            };
            capability(
                old.derives_default,
                new.derives_default,
                "no longer implements `Default` (a new required member has no default)",
                "implements `Default`",
            );
            // Setters come with being sent in requests.
            capability(
                old.sent_in_requests,
                new.sent_in_requests,
                "no longer has setters (no operation sends it now)",
                "has a setter per member (an operation sends it now)",
            );
            for field in old_fields {
                if !fields.iter().any(|f| f.json_name == field.json_name) {
                    changes.push(
                        ChangeKind::Removed,
                        true,
                        format!("field `{name}::{}`", bare(&field.rust_name)),
                        None,
                    );
                }
            }
            for field in fields {
                let what = format!("field `{name}::{}`", bare(&field.rust_name));
                match old_fields.iter().find(|f| f.json_name == field.json_name) {
                    None => {
                        // A required member is a new argument of `new`; any other is a new
                        // field and setter, which the struct's `#[non_exhaustive]` allows.
                        let breaking = field.presence == Presence::Required;
                        let detail = match breaking {
                            true => format!("`{}`, a new argument of `{name}::new`", field.rust_text()),
                            false => format!("`{}`", field.rust_text()),
                        };
                        changes.push(ChangeKind::Added, breaking, what, Some(detail));
                    }
                    Some(before) => diff_field(what, before, field, changes),
                }
            }
            let arguments = |fields: &[Field]| -> Vec<String> {
                fields.iter().filter(|f| f.presence == Presence::Required).map(|f| f.json_name.clone()).collect()
            };
            let (old_args, new_args) = (arguments(old_fields), arguments(fields));
            let kept_old: Vec<&String> = old_args.iter().filter(|a| new_args.contains(a)).collect();
            let kept_new: Vec<&String> = new_args.iter().filter(|a| old_args.contains(a)).collect();
            if kept_old != kept_new {
                let detail = "the arguments of `new` are in another order".to_string();
                changes.push(ChangeKind::Changed, true, format!("type `{name}`"), Some(detail));
            }
            let (before, after) =
                (old_more.as_ref().map(TypeRef::rust_text), additional.as_ref().map(TypeRef::rust_text));
            let what = format!("field `{name}::additional_properties`");
            match (before, after) {
                (None, Some(ty)) => changes.push(ChangeKind::Added, false, what, Some(format!("map of `{ty}`"))),
                (Some(_), None) => changes.push(ChangeKind::Removed, true, what, None),
                (Some(a), Some(b)) if a != b => {
                    changes.push(ChangeKind::Changed, true, what, Some(format!("map of `{a}` → `{b}`")))
                }
                _ => {}
            }
        }
        (TypeKind::StringEnum { variants: old_variants }, TypeKind::StringEnum { variants }) => {
            for variant in old_variants {
                if !variants.iter().any(|v| v.value == variant.value) {
                    let what = format!("enum value `{name}::{}`", variant.rust_name);
                    changes.push(ChangeKind::Removed, true, what, Some(format!("`{:?}`", variant.value)));
                }
            }
            for variant in variants {
                if !old_variants.iter().any(|v| v.value == variant.value) {
                    let what = format!("enum value `{name}::{}`", variant.rust_name);
                    changes.push(ChangeKind::Added, false, what, Some(format!("`{:?}`", variant.value)));
                }
            }
        }
        (TypeKind::Union { variants: old_variants, .. }, TypeKind::Union { variants, .. }) => {
            for variant in old_variants {
                let what = format!("union variant `{name}::{}`", variant.rust_name);
                match variants.iter().find(|v| v.rust_name == variant.rust_name) {
                    None => changes.push(ChangeKind::Removed, true, what, None),
                    Some(now) if now.rust_text() != variant.rust_text() => {
                        let detail = format!("`{}` → `{}`", variant.rust_text(), now.rust_text());
                        changes.push(ChangeKind::Changed, true, what, Some(detail));
                    }
                    Some(_) => {}
                }
            }
            for variant in variants {
                if !old_variants.iter().any(|v| v.rust_name == variant.rust_name) {
                    let what = format!("union variant `{name}::{}`", variant.rust_name);
                    changes.push(ChangeKind::Added, false, what, Some(format!("`{}`", variant.rust_text())));
                }
            }
        }
        (before, after) => {
            let detail = format!("was {}, is {}", kind_name(before), kind_name(after));
            changes.push(ChangeKind::Changed, true, format!("type `{name}`"), Some(detail));
        }
    }
}

fn diff_field(what: String, old: &Field, new: &Field, changes: &mut ApiChanges) {
    let (before, after) = (old.rust_text(), new.rust_text());
    let mut why = Vec::new();
    if TypeRef::rust_text(&old.ty) != TypeRef::rust_text(&new.ty) {
        why.push("another type");
    }
    match (old.required, new.required) {
        (false, true) => why.push("became required"),
        (true, false) => why.push("became optional"),
        _ => {}
    }
    match (old.nullable, new.nullable) {
        (false, true) => why.push("became nullable"),
        (true, false) => why.push("no longer nullable"),
        _ => {}
    }
    match (old.boxed, new.boxed) {
        (false, true) => why.push("boxed: it now leads back to its own type"),
        (true, false) => why.push("no longer boxed"),
        _ => {}
    }
    if before != after {
        let reason = if why.is_empty() { String::new() } else { format!(" ({})", why.join(", ")) };
        changes.push(ChangeKind::Changed, true, what, Some(format!("`{before}` → `{after}`{reason}")));
    } else if old.setter_name != new.setter_name {
        let detail = format!("its setter is `{}` (was `{}`)", bare(&new.setter_name), bare(&old.setter_name));
        changes.push(ChangeKind::Changed, true, what, Some(detail));
    } else if !why.is_empty() {
        changes.push(
            ChangeKind::Changed,
            false,
            what,
            Some(format!("{}; the Rust type stays `{after}`", why.join(", "))),
        );
    }
}

/// What awaiting the method's call gives: one body type, or the name of the enum of its
/// statuses followed by its variants.
fn returns(op: &Operation) -> Vec<String> {
    match &op.returns {
        Returns::Body(body) => vec![body.rust_text()],
        Returns::ByStatus { name, variants } => {
            let variants: Vec<String> = op
                .success
                .iter()
                .zip(variants)
                .map(|(response, variant)| match &response.body {
                    ResponseBody::Empty => variant.clone(),
                    body => format!("{variant}({})", body.rust_text()),
                })
                .collect();
            std::iter::once(name.clone()).chain(variants).collect()
        }
    }
}

fn kind_name(kind: &TypeKind) -> &'static str {
    match kind {
        TypeKind::Struct { .. } => "struct",
        TypeKind::StringEnum { .. } => "enum",
        TypeKind::Union { .. } => "union",
    }
}

fn http(op: &Operation) -> String {
    format!("`{} {}`", op.http_method.to_ascii_uppercase(), op.path_template)
}

fn bare(name: &str) -> &str {
    name.trim_start_matches("r#")
}

/// Where a project keeps what the report names: the command that regenerates, the merged spec
/// and the settings file, as messages show them.
#[derive(Debug, Clone, Copy)]
pub struct ReportContext<'a> {
    pub regenerate: &'a str,
    pub merged_spec: &'a str,
    pub settings: &'a str,
}

/// The crate's `API_CHANGES.md`: the changes, the suggested version, and what the
/// file is. Deterministic: the same changes give the same text.
pub fn render_markdown(changes: &ApiChanges, crate_name: &str, version: &str, context: ReportContext) -> String {
    let ReportContext { regenerate, merged_spec, settings } = context;
    let mut out = format!(
        "# API changes of `{crate_name}`\n\n\
         What the last `{regenerate}` that changed `{merged_spec}`, the names of calls \
         or types, or the generated API's design changed in the crate's Rust API, found by resolving the spec checked in before it and \
         the one it wrote, by comparing the names the crate gave each request and type before and after (renames that the generator or \
         its settings make), and by the generator's API design revisions since the crate's last one. \
         Written by `{regenerate}`: do not edit. The rules for \"breaking\" are in the generator's docs/maintaining.md \
         (\"When the spec changes\").\n\n"
    );
    if changes.is_empty() {
        out.push_str("No API changes since the last generation.\n");
        return out;
    }
    let bump = changes.suggested_bump(version);
    let level = format!("{:?}", bump.level).to_lowercase();
    match &bump.to {
        Some(to) => out.push_str(&format!(
            "**Suggested version: `{to}`** ({level} bump from `{version}`: {}). Set it as `[crate] version` \
             in `{settings}`.\n",
            bump.reason
        )),
        None => out.push_str(&format!("**Suggested bump: {level}** ({}).\n", bump.reason)),
    }
    for (title, list) in
        [("Breaking", changes.breaking().collect::<Vec<_>>()), ("Not breaking", changes.not_breaking().collect())]
    {
        if !list.is_empty() {
            out.push_str(&format!("\n## {title} ({})\n\n", list.len()));
            for change in list {
                out.push_str(&format!("- {change}\n"));
            }
        }
    }
    out
}

/// One line for the terminal: counts and the suggested version.
pub fn summary_line(changes: &ApiChanges, version: &str) -> String {
    if changes.is_empty() {
        return "API changes: none".into();
    }
    let bump = changes.suggested_bump(version);
    let level = format!("{:?}", bump.level).to_lowercase();
    let suggestion = match &bump.to {
        Some(to) => format!("suggested version {to} ({level} bump from {version}: {})", bump.reason),
        None => format!("suggested bump: {level} ({})", bump.reason),
    };
    format!(
        "API changes: {} breaking, {} not breaking; {suggestion}",
        changes.breaking().count(),
        changes.not_breaking().count()
    )
}

#[cfg(test)]
mod tests {
    fn names(calls: &[(&str, &str)], types: &[(&str, &str)]) -> crate::model::ApiNames {
        let pairs = |list: &[(&str, &str)]| list.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        crate::model::ApiNames { calls: pairs(calls), types: pairs(types), variants: Default::default() }
    }

    #[test]
    fn unions_with_other_variants_are_found_by_name() {
        let mut old = names(&[], &[]);
        old.variants.insert("Pet".into(), vec!["Dog".into(), "Cat".into()]);
        let mut new = old.clone();
        new.variants.insert("Pet".into(), vec!["Dog".into(), "Doggo".into(), "Cat".into()]);
        let renamed = super::renamed_variants(&old, &new);
        assert_eq!(renamed.len(), 1);
        assert_eq!(renamed[0].to_string(), "Changed the variants of `Pet`: `Dog, Cat` are now `Dog, Doggo, Cat`");
        assert!(super::renamed_variants(&old, &old).is_empty());
    }

    #[test]
    fn renamed_calls_are_found_by_their_request() {
        let old = names(&[("GET /a/{id}", "client.a().get_a"), ("GET /a", "client.a().list")], &[]);
        let new = names(&[("GET /a/{id}", "client.a().get")], &[]);
        let renamed = super::renamed_calls(&old, &new);
        assert_eq!(renamed.len(), 1);
        assert_eq!(
            renamed[0].to_string(),
            "Changed the name of `GET /a/{id}`: `client.a().get_a` is now `client.a().get`"
        );
        assert!(renamed[0].breaking);
        assert!(super::renamed_calls(&old, &old).is_empty());
    }

    #[test]
    fn renamed_types_are_found_by_their_place() {
        let place = "response 200 of `GET /a` at `data[]`";
        let old = names(&[], &[("response 200 of `GET /a`", "AList"), (place, "AItem")]);
        let new = names(&[], &[("response 200 of `GET /a`", "AList"), (place, "Record")]);
        let renamed = super::renamed_types(&old, &new);
        assert_eq!(renamed.len(), 1);
        assert_eq!(
            renamed[0].to_string(),
            "Changed the name of the type at response 200 of `GET /a` at `data[]`: `AItem` is now `Record`"
        );
        assert!(super::renamed_types(&old, &old).is_empty());
    }

    use super::*;

    fn changes(kinds: &[(ChangeKind, bool)]) -> ApiChanges {
        ApiChanges {
            changes: kinds
                .iter()
                .map(|&(kind, breaking)| ApiChange { kind, breaking, what: "x".into(), detail: None })
                .collect(),
        }
    }

    #[test]
    fn bumps_follow_semver_before_and_after_1_0() {
        let bump = |c: &ApiChanges, v: &str| {
            let b = c.suggested_bump(v);
            (b.level, b.to)
        };
        let none = changes(&[]);
        let added = changes(&[(ChangeKind::Added, false)]);
        let compatible = changes(&[(ChangeKind::Changed, false)]);
        let breaking = changes(&[(ChangeKind::Added, false), (ChangeKind::Removed, true)]);
        assert_eq!(bump(&none, "0.3.1"), (BumpLevel::None, Some("0.3.1".into())));
        assert_eq!(bump(&added, "0.3.1"), (BumpLevel::Patch, Some("0.3.2".into())));
        assert_eq!(bump(&compatible, "0.3.1"), (BumpLevel::Patch, Some("0.3.2".into())));
        assert_eq!(bump(&breaking, "0.3.1"), (BumpLevel::Minor, Some("0.4.0".into())));
        assert_eq!(bump(&none, "1.2.3"), (BumpLevel::None, Some("1.2.3".into())));
        assert_eq!(bump(&added, "1.2.3"), (BumpLevel::Minor, Some("1.3.0".into())));
        assert_eq!(bump(&compatible, "1.2.3"), (BumpLevel::Patch, Some("1.2.4".into())));
        assert_eq!(bump(&breaking, "1.2.3"), (BumpLevel::Major, Some("2.0.0".into())));
        assert_eq!(bump(&breaking, "2.0.0-rc.1"), (BumpLevel::Major, Some("3.0.0".into())));
        assert_eq!(bump(&breaking, "latest"), (BumpLevel::Minor, None));
    }
}
