//! `[types]` in the settings: names for types and union variants that no rule can find
//! (members the spec gives nothing to tell apart are numbered). Keys are the generated
//! names: `"ConfigVariant3" = "CrowdstrikeConfig"` renames a type,
//! `"IntegrationConfig.Variant3" = "Crowdstrike"` a variant of the union `IntegrationConfig`.

use std::collections::{BTreeMap, BTreeSet};

use super::idents::pascal;
use crate::error::Warning;

/// Renames types in `names` (one per shape) as the overrides say. Returns a warning for each
/// override that names no type or would take a name another type has.
pub fn rename_types(names: &mut [String], overrides: &BTreeMap<String, String>) -> Vec<Warning> {
    let mut warnings = Vec::new();
    for (from, to) in overrides.iter().filter(|(from, _)| !from.contains('.')) {
        let to = pascal(to);
        let taken: BTreeSet<&String> = names.iter().collect();
        match names.iter().position(|n| n == from) {
            None => warnings.push(Warning::new(
                "",
                format!("[types] `{from}`: no generated type has this name; the override is unused"),
            )),
            Some(_) if taken.contains(&to) && &to != from => warnings.push(Warning::new(
                "",
                format!("[types] `{from}`: `{to}` is another type's name; the override is unused"),
            )),
            Some(at) => names[at] = to,
        }
    }
    warnings
}

/// The name of variant `variant` of union `union`, as overridden, if it is.
pub fn variant_name(overrides: &BTreeMap<String, String>, union: &str, variant: &str) -> Option<String> {
    overrides.get(&format!("{union}.{variant}")).map(|name| pascal(name))
}

/// Variant overrides whose union or variant does not exist, as warnings.
pub fn unused_variant_overrides(
    overrides: &BTreeMap<String, String>,
    variants: &BTreeSet<(String, String)>,
) -> Vec<Warning> {
    overrides
        .keys()
        .filter_map(|key| key.split_once('.'))
        .filter(|(union, variant)| !variants.contains(&(union.to_string(), variant.to_string())))
        .map(|(union, variant)| {
            Warning::new("", format!("[types] `{union}.{variant}`: no such union variant; the override is unused"))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn overrides(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs.iter().map(|(a, b)| (a.to_string(), b.to_string())).collect()
    }

    #[test]
    fn types_are_renamed_unless_the_name_is_taken_or_unknown() {
        let mut names = vec!["ConfigVariant1".to_string(), "ConfigVariant2".into(), "Other".into()];
        let warnings = rename_types(
            &mut names,
            &overrides(&[("ConfigVariant1", "crowdstrike config"), ("ConfigVariant2", "Other"), ("Nope", "X")]),
        );
        assert_eq!(names, ["CrowdstrikeConfig", "ConfigVariant2", "Other"]);
        assert_eq!(warnings.len(), 2, "{warnings:?}");
        assert!(warnings[0].message.contains("`ConfigVariant2`: `Other` is another type's name"), "{warnings:?}");
        assert!(warnings[1].message.contains("`Nope`: no generated type"), "{warnings:?}");
    }

    #[test]
    fn variants_are_renamed_by_union_and_variant() {
        let o = overrides(&[("Config.Variant3", "crowdstrike"), ("Config.Variant9", "x")]);
        assert_eq!(variant_name(&o, "Config", "Variant3").as_deref(), Some("Crowdstrike"));
        assert_eq!(variant_name(&o, "Config", "Variant4"), None);
        let existing: BTreeSet<(String, String)> = [("Config".to_string(), "Variant3".to_string())].into();
        assert_eq!(unused_variant_overrides(&o, &existing).len(), 1);
    }
}
