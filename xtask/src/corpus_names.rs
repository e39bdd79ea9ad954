//! Names read as a person's, checked on real clients: GitHub's (`cargo xtask corpus`) and
//! Stripe's (`cargo xtask corpus --directory`), whose specs the generator never special-cases.

use std::path::Path;

use generator::model::{Api, GroupOrigin};

/// GitHub's type names ending in a number it did not write, at most. What is left (11 on
/// 23.0.2) are members nothing tells apart (three protection rules with the same required
/// members) and different schemas the spec gives one name (`installation` and an inline
/// copy titled `Installation`).
pub const NUMBERED_AT_MOST: usize = 15;

/// Type names ending in a digit that are not the spec's own (a component schema or `title`
/// spelled that way): the numbers the generator had to add.
pub fn numbered_type_names(spec: &Path, api: &Api) -> Result<Vec<String>, String> {
    let text = std::fs::read_to_string(spec).map_err(|e| e.to_string())?;
    let ends_in_digit = |name: &str| name.chars().last().is_some_and(|c| c.is_ascii_digit());
    // Every `title` and component name, as the type names spell them (letters and digits).
    let mut written: std::collections::BTreeSet<String> = std::collections::BTreeSet::new();
    let key = |name: &str| -> String {
        name.chars().filter(|c| c.is_ascii_alphanumeric()).collect::<String>().to_lowercase()
    };
    let document: serde_json::Value = serde_json::from_str(&text).map_err(|e| e.to_string())?;
    if let Some(schemas) = document.pointer("/components/schemas").and_then(serde_json::Value::as_object) {
        written.extend(schemas.keys().map(|k| key(k)));
    }
    for title in text.split("\"title\":").skip(1).filter_map(|rest| rest.trim_start().strip_prefix('"')) {
        written.extend(title.split('"').next().map(key));
    }
    Ok(api.types.keys().filter(|name| ends_in_digit(name) && !written.contains(&key(name))).cloned().collect())
}

/// GitHub's authors chose its operationIds: the client reads as Octokit does
/// (`repos.listForOrg` -> `client.repos().list_for_org(..)`), and no method repeats its group.
pub fn check_github_names(api: &Api) -> Result<(), String> {
    let has = |group: &str, method: &str| {
        api.groups.iter().any(|g| g.accessor == group && g.operations.iter().any(|op| op.method_name == method))
    };
    let wanted =
        [("repos", "list_for_org"), ("issues", "list_for_repo"), ("users", "get_by_username"), ("rate_limit", "get")];
    for (group, method) in wanted {
        if !has(group, method) {
            return Err(format!("the GitHub client has no `client.{group}().{method}(..)`"));
        }
    }
    let repeating: Vec<String> = api
        .groups
        .iter()
        .flat_map(|g| {
            g.operations
                .iter()
                .filter(|op| op.method_name.starts_with(&format!("{}_", g.accessor)))
                .map(move |op| format!("{}.{}", g.accessor, op.method_name))
        })
        .collect();
    if !repeating.is_empty() {
        return Err(format!("methods repeat their group: {}", repeating.join(", ")));
    }
    // `list` is for what answers a list: an array, or an object with an array member.
    let listing_one: Vec<String> = api
        .groups
        .iter()
        .flat_map(|g| {
            g.operations
                .iter()
                .filter(|op| op.method_name == "list" && !answers_list(api, op))
                .map(move |_| format!("{}.list", g.accessor))
        })
        .collect();
    if !listing_one.is_empty() {
        return Err(format!("methods named `list` answer one object: {}", listing_one.join(", ")));
    }
    Ok(())
}

/// Whether the operation's success body is a list: an array, or a struct with an array member.
fn answers_list(api: &Api, op: &generator::model::Operation) -> bool {
    use generator::model::{Returns, TypeKind, TypeRef};
    let Returns::Body(body) = &op.returns else { return false };
    let is_array = |ty: &TypeRef| {
        matches!(ty, TypeRef::Vec(_)) || matches!(ty, TypeRef::Nullable(inner) if matches!(**inner, TypeRef::Vec(_)))
    };
    match body.json_type() {
        Some(ty) if is_array(ty) => true,
        Some(TypeRef::Named(name)) => match api.types.get(name).map(|def| &def.kind) {
            Some(TypeKind::Struct { fields, .. }) => fields.iter().any(|f| is_array(&f.ty)),
            _ => false,
        },
        _ => false,
    }
}

/// Stripe's spec tags no operation: its groups come from paths, as its own SDKs group them
/// (`accounts.retrieve`, `accounts.external_accounts.list`): `client.accounts()` with
/// `list`, `get` and `create`, and no handle holding more than 100 methods.
pub fn check_stripe_names(api: &Api) -> Result<String, String> {
    let accounts =
        api.groups.iter().find(|g| g.accessor == "accounts").ok_or("Stripe's client has no `accounts` group")?;
    for method in ["list", "get", "create"] {
        if !accounts.operations.iter().any(|op| op.method_name == method) {
            return Err(format!("Stripe's client has no `client.accounts().{method}(..)`"));
        }
    }
    if accounts.origin != GroupOrigin::Path("/accounts".into()) {
        return Err(format!("Stripe's `accounts` group comes from {:?}, not from its paths", accounts.origin));
    }
    let largest = api.groups.iter().max_by_key(|g| g.operations.len()).ok_or("Stripe's client has no groups")?;
    if largest.operations.len() > 100 {
        return Err(format!(
            "Stripe's `{}` group holds {} methods (at most 100)",
            largest.accessor,
            largest.operations.len()
        ));
    }
    Ok(format!(
        "Stripe: {} groups from paths, the largest `{}` with {} methods",
        api.groups.len(),
        largest.accessor,
        largest.operations.len()
    ))
}
