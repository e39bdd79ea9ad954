//! Names of `oneOf` / `anyOf` members that have no `$ref` or `title`: from what tells them
//! apart, when the spec says it. A member whose `adapter` is the single value
//! `"crowdstrike"` is `Crowdstrike`; when one property does not tell all members apart,
//! the first few together do (`flowtype: "aws"` + `flowresource: "kinesis"` ->
//! `AwsKinesis`). Failing that, a property fixed to one or two values in each member names
//! them by those values (GitHub's check-run update: `status: completed` or `status: queued |
//! in_progress` -> `Completed`, `QueuedOrInProgress`). Members nothing distinguishes are
//! numbered by the caller.

use serde_json::Value;

use super::idents::pascal;
use super::refs::deref;

/// Properties tried together at most: beyond that a name says more than a person would.
const MAX_PROPERTIES: usize = 3;
/// Values of one property a name spells at most (`QueuedOrInProgress`).
const MAX_VALUES: usize = 2;

/// One name per member, or None when the members' single-valued properties do not tell
/// them apart. `members` are the union's members as written (they may be `$ref`s).
pub fn distinguishing_names(document: &Value, members: &[Value]) -> Option<Vec<String>> {
    if members.len() < 2 {
        return None;
    }
    // Single values first: a two-valued property never displaces the names they give.
    (1..=MAX_VALUES).find_map(|max_values| names_by_values(document, members, max_values))
}

fn names_by_values(document: &Value, members: &[Value], max_values: usize) -> Option<Vec<String>> {
    let constants: Vec<Vec<(String, String)>> =
        members.iter().map(|member| few_valued_properties(document, member, max_values)).collect();
    // Properties in the first member's order that every member fixes to one value.
    let shared: Vec<&String> = constants[0]
        .iter()
        .map(|(name, _)| name)
        .filter(|name| constants.iter().all(|c| c.iter().any(|(n, _)| n == *name)))
        .collect();
    for count in 1..=shared.len().min(MAX_PROPERTIES) {
        let names: Vec<String> = constants
            .iter()
            .map(|member| {
                let values: Vec<&str> = shared[..count]
                    .iter()
                    .filter_map(|name| member.iter().find(|(n, _)| n == *name).map(|(_, v)| v.as_str()))
                    .collect();
                pascal(&values.join(" "))
            })
            .collect();
        let distinct = names.iter().enumerate().all(|(i, name)| !names[..i].contains(name));
        let readable = names.iter().all(|n| !n.is_empty() && n != "Value" && n != "Other");
        if distinct && readable {
            return Some(names);
        }
    }
    None
}

/// `(property, values)` for each property of `member` that allows one string value (`enum:
/// ["aws"]` or `const: "aws"`), or up to `max_values` (`"queued or in_progress"`), in the
/// member's order: its own properties and those of its `allOf` members, one level deep (a
/// spec's `$ref` cycles stay unfollowed).
fn few_valued_properties(document: &Value, member: &Value, max_values: usize) -> Vec<(String, String)> {
    let Ok((target, _)) = deref(document, member, "") else { return Vec::new() };
    let parts = target.get("allOf").and_then(Value::as_array).into_iter().flatten();
    let schemas =
        std::iter::once(target).chain(parts.filter_map(|part| deref(document, part, "").ok().map(|(t, _)| t)));
    let mut found: Vec<(String, String)> = Vec::new();
    for properties in schemas.filter_map(|schema| schema.get("properties").and_then(Value::as_object)) {
        for (name, property) in properties {
            let Ok((schema, _)) = deref(document, property, "") else { continue };
            let value = match (schema.get("const"), schema.get("enum").and_then(Value::as_array)) {
                (Some(Value::String(value)), _) => value.clone(),
                (None, Some(values)) if (1..=max_values).contains(&values.len()) => {
                    match values.iter().map(Value::as_str).collect::<Option<Vec<&str>>>() {
                        Some(values) => values.join(" or "),
                        None => continue,
                    }
                }
                _ => continue,
            };
            if !found.iter().any(|(n, _)| n == name) {
                found.push((name.clone(), value));
            }
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn member(properties: Value) -> Value {
        json!({"type": "object", "properties": properties})
    }

    #[test]
    fn one_property_with_one_value_each_names_the_members() {
        let members = vec![
            member(json!({"adapter": {"type": "string", "enum": ["crowdstrike"]}, "key": {"type": "string"}})),
            member(json!({"adapter": {"type": "string", "const": "sentinel-one"}})),
        ];
        assert_eq!(distinguishing_names(&json!({}), &members), Some(vec!["Crowdstrike".into(), "SentinelOne".into()]));
    }

    #[test]
    fn properties_combine_until_they_tell_the_members_apart() {
        let flow = |t: &str, r: &str| {
            member(json!({"flowtype": {"enum": [t]}, "flowresource": {"enum": [r]}, "name": {"type": "string"}}))
        };
        let members = vec![flow("aws", "kinesis"), flow("aws", "s3"), flow("azure", "blobstorage")];
        assert_eq!(
            distinguishing_names(&json!({}), &members),
            Some(vec!["AwsKinesis".into(), "AwsS3".into(), "AzureBlobstorage".into()])
        );
    }

    #[test]
    fn two_values_name_members_when_single_values_do_not() {
        let members = vec![
            json!({"properties": {"status": {"enum": ["completed"]}}, "required": ["conclusion"]}),
            json!({"properties": {"status": {"enum": ["queued", "in_progress"]}}}),
        ];
        assert_eq!(
            distinguishing_names(&json!({}), &members),
            Some(vec!["Completed".into(), "QueuedOrInProgress".into()])
        );
        // Three values say more than a name should.
        let members = vec![
            json!({"properties": {"status": {"enum": ["completed"]}}}),
            json!({"properties": {"status": {"enum": ["queued", "in_progress", "waiting"]}}}),
        ];
        assert_eq!(distinguishing_names(&json!({}), &members), None);
    }

    #[test]
    fn members_nothing_tells_apart_get_no_names() {
        let same = member(json!({"kind": {"enum": ["a"]}}));
        assert_eq!(distinguishing_names(&json!({}), &[same.clone(), same]), None);
        let open = member(json!({"kind": {"type": "string"}}));
        assert_eq!(distinguishing_names(&json!({}), &[open.clone(), member(json!({}))]), None);
    }
}
