//! Regeneration is reviewable: when the spec grows or shrinks, the diff of the generated
//! client is about what changed and nothing else. Adding an operation (with a new tag and
//! a new inline schema much like an existing one) only adds lines; removing one only
//! removes lines. A renamed type or method would show up as a removed line.

mod support;

use std::collections::BTreeMap;

use similar::{ChangeTag, TextDiff};
use support::{scratch_project, text_files};
use xtask::codegen::{run, Mode};

const SEED_PAGE: &str = "specs/netography-api-keys.md";

/// A new page: one operation under a new tag. Its `meta` is the seed's `meta` plus a
/// `next` cursor, so it wants the same name (`Meta`) but is a different type; its records
/// and the error body are as in the seed.
const GADGETS_PAGE: &str = r#"# Devices

## List Devices

```json
{"openapi":"3.0.0","info":{"title":"Netography APIs","version":"1.0"},"tags":[{"name":"Gadgets"}],"servers":[{"url":"https://api.netography.com","description":"Netography API"}],"security":[{"BearerAuth":[]}],"components":{"securitySchemes":{"BearerAuth":{"type":"http","scheme":"bearer","bearerFormat":"JWT"}}},"paths":{"/api/v1/gadgets":{"get":{"operationId":"v1_gadgets_get","summary":"List Gadgets","description":"Return a list of all gadgets.","tags":["Gadgets"],"responses":{"200":{"description":"List of Gadgets","content":{"application/json":{"schema":{"type":"object","additionalProperties":false,"properties":{"meta":{"type":"object","additionalProperties":false,"readOnly":true,"properties":{"code":{"description":"API response code.  200 ok, 400 you did something wrong.  500 we did something wrong","type":"integer","readOnly":true,"format":"int32"},"count":{"description":"Number of documents retrieved or updated.","type":"integer","readOnly":true,"format":"int32"},"next":{"description":"Cursor of the next page","type":"string","readOnly":true}}},"data":{"type":"array","items":{"description":"Gadget Record","type":"object","properties":{"name":{"type":"string","description":"Gadget name"},"ips":{"type":"array","items":{"type":"string"},"description":"Addresses of the gadget"}}}}}}}}},"default":{"description":"Unknown Error Occurred","content":{"application/json":{"schema":{"type":"object","required":["status","name","message"],"additionalProperties":false,"properties":{"status":{"description":"API response code: \n  * 4xx - you did something dumb\n  * 5xx - we did something dumb\n","type":"integer","readOnly":true,"format":"int32"},"name":{"description":"They type of error","type":"string","readOnly":true},"message":{"description":"description of the error","type":"string","readOnly":true}}}}}}}}}}}
```
"#;

/// Files the report rewrites on every run; they describe the change, they are not the API.
const REPORTS: [&str; 1] = ["generated-client/API_CHANGES.md"];

/// One file's line diff: the lines only the old version has (with their line index in
/// it) and the lines only the new one has. JSON lines are compared without a trailing
/// comma, which an appended member adds to the line before it.
struct FileDiff {
    old_lines: Vec<String>,
    removed: Vec<(usize, String)>,
    added: Vec<String>,
}

fn diff_file(path: &str, old: &str, new: &str) -> FileDiff {
    let normalize = |text: &str| -> String {
        if path.ends_with(".json") {
            text.lines().map(|l| l.strip_suffix(',').unwrap_or(l).to_string() + "\n").collect()
        } else {
            text.to_string()
        }
    };
    let (old, new) = (normalize(old), normalize(new));
    let diff = TextDiff::from_lines(&old, &new);
    let mut removed = Vec::new();
    let mut added = Vec::new();
    for change in diff.iter_all_changes() {
        let line = change.value().trim_end_matches('\n').to_string();
        match change.tag() {
            ChangeTag::Delete => removed.push((change.old_index().unwrap(), line)),
            ChangeTag::Insert => added.push(line),
            ChangeTag::Equal => {}
        }
    }
    FileDiff { old_lines: old.lines().map(String::from).collect(), removed, added }
}

/// Diffs of every file that existed before, by path, plus the paths of new files.
fn regenerate(change: impl FnOnce(&std::path::Path)) -> (BTreeMap<String, FileDiff>, Vec<String>) {
    let dir = scratch_project();
    let before = text_files(dir.path());
    change(dir.path());
    run(dir.path(), Mode::Write).unwrap_or_else(|e| panic!("{e}"));
    let after = text_files(dir.path());
    let mut diffs = BTreeMap::new();
    for (path, old) in before.iter().filter(|(path, _)| !REPORTS.contains(&path.as_str())) {
        let new = after.get(path).map(String::as_str).unwrap_or("");
        diffs.insert(path.clone(), diff_file(path, old, new));
    }
    let created = after
        .keys()
        .filter(|p| p.starts_with("generated-client/") && !before.contains_key(*p) && !REPORTS.contains(&p.as_str()))
        .cloned()
        .collect();
    (diffs, created)
}

/// `pub struct Name` / `pub enum Name` declared on the given lines.
fn declared_types<'a>(lines: impl IntoIterator<Item = &'a String>) -> Vec<String> {
    lines
        .into_iter()
        .filter_map(|line| line.trim().strip_prefix("pub struct ").or_else(|| line.trim().strip_prefix("pub enum ")))
        .map(|rest| rest.split(|c: char| !c.is_alphanumeric() && c != '_').next().unwrap().to_string())
        .collect()
}

fn changed_files(diffs: &BTreeMap<String, FileDiff>) -> Vec<&str> {
    diffs.iter().filter(|(_, d)| !d.removed.is_empty() || !d.added.is_empty()).map(|(p, _)| p.as_str()).collect()
}

fn adding_the_gadgets_page_only_adds_lines(page_name: &str) {
    let (diffs, created) = regenerate(|root| std::fs::write(root.join("specs").join(page_name), GADGETS_PAGE).unwrap());
    let removed: Vec<(&String, &String)> =
        diffs.iter().flat_map(|(path, diff)| diff.removed.iter().map(move |(_, line)| (path, line))).collect();
    assert!(removed.is_empty(), "{page_name}: adding an operation removed or changed lines: {removed:#?}");
    assert_eq!(created, ["generated-client/src/gadgets.rs"], "{page_name}");
    assert_eq!(
        changed_files(&diffs),
        [
            "generated-client/API.md",
            "generated-client/Cargo.toml",
            "generated-client/src/lib.rs",
            "generated-client/src/mock.rs",
            "generated-client/src/types.rs",
            "specs/merged/api-names.json",
            "specs/merged/openapi.json"
        ],
        "{page_name}"
    );

    // lib.rs gains index lines about the new group only.
    for line in &diffs["generated-client/src/lib.rs"].added {
        let about_gadgets = line.contains("gadgets") || line.contains("Gadgets");
        assert!(about_gadgets || line.trim() == "#[rustfmt::skip]", "{page_name}: lib.rs gained `{line}`");
    }
    // types.rs gains the new types; the new meta does not take the existing `Meta`'s name.
    let types = &diffs["generated-client/src/types.rs"];
    let existing = declared_types(&types.old_lines);
    let added = declared_types(&types.added);
    assert!(existing.contains(&"Meta".to_string()));
    assert_eq!(added.len(), 3, "{page_name}: added types {added:?}");
    assert!(added.contains(&"GadgetRecord".to_string()) && added.contains(&"GadgetRecordListResponse".to_string()));
    assert!(added.iter().all(|name| !existing.contains(name)), "{page_name}: {added:?} reuse an existing name");
}

#[test]
fn a_new_operation_with_a_new_tag_only_adds_lines_when_its_page_sorts_last() {
    adding_the_gadgets_page_only_adds_lines("zz-gadgets.md");
}

/// The page sorts before the seed, so its fragments are merged first: names must still not
/// go to whoever is met first in the merged document.
#[test]
fn a_new_operation_with_a_new_tag_only_adds_lines_when_its_page_sorts_first() {
    adding_the_gadgets_page_only_adds_lines("gadgets.md");
}

/// Consecutive removed lines, as runs of (line index, line).
fn runs(removed: &[(usize, String)]) -> Vec<Vec<&(usize, String)>> {
    let mut runs: Vec<Vec<&(usize, String)>> = Vec::new();
    for entry in removed {
        match runs.last_mut() {
            Some(run) if run.last().is_some_and(|(at, _)| at + 1 == entry.0) => run.push(entry),
            _ => runs.push(vec![entry]),
        }
    }
    runs
}

/// Removing each operation of the seed page in turn removes its method, the types only it
/// used and the lines that mention it, and adds nothing.
#[test]
fn removing_an_operation_only_removes_its_lines() {
    let seed = std::fs::read_to_string(xtask::project_root().join(SEED_PAGE)).unwrap();
    let sections: Vec<&str> = seed.split("\n## ").collect();
    let methods = ["list", "create", "get", "update", "delete", "regenerate"];
    assert_eq!(sections.len(), methods.len() + 1, "the seed page has one section per operation");
    for (index, method) in methods.iter().enumerate() {
        let mut page = sections.clone();
        page.remove(index + 1);
        let (diffs, created) = regenerate(|root| std::fs::write(root.join(SEED_PAGE), page.join("\n## ")).unwrap());
        assert!(created.is_empty(), "{method}: {created:?}");
        let mention = format!("ApiKeys::{method}`");
        for (path, diff) in &diffs {
            // Nothing else changed: a renamed or retyped item would be an added line. The one
            // exception: the crate example calls the next operation when its own is gone.
            let example_call = |line: &String| line.starts_with("//! let response = client.");
            let replaced_example = path == "generated-client/src/lib.rs"
                && diff.added.iter().all(example_call)
                && diff.removed.iter().filter(|(_, line)| example_call(line)).count() == diff.added.len();
            // API.md lists a type at the first place that holds it: with that place gone, the
            // type is listed at its next one (the same type, on a line that says where).
            let type_of =
                |line: &str| line.strip_prefix("| `").and_then(|r| r.split_once('`')).map(|(t, _)| t.to_string());
            let moved_types = path == "generated-client/API.md"
                && diff.added.iter().all(|line| {
                    type_of(line)
                        .is_some_and(|t| diff.removed.iter().any(|(_, r)| type_of(r).as_deref() == Some(t.as_str())))
                });
            // So do the recorded names: `"place": "Type"` lines of types already listed.
            let type_in_names =
                |line: &str| line.trim().trim_end_matches(',').rsplit_once(": ").map(|(_, t)| t.to_string());
            let moved_names = path == "specs/merged/api-names.json"
                && diff.added.iter().all(|line| {
                    type_in_names(line).is_some_and(|t| {
                        diff.removed.iter().any(|(_, r)| type_in_names(r).as_deref() == Some(t.as_str()))
                    })
                });
            assert!(
                diff.added.is_empty() || replaced_example || moved_types || moved_names,
                "removing `{method}` added lines to {path}: {:#?}",
                diff.added
            );
        }
        // lib.rs loses, at most, the crate example that called the method.
        for (_, line) in &diffs["generated-client/src/lib.rs"].removed {
            assert!(line.starts_with("//!"), "removing `{method}` removed `{line}` from lib.rs");
        }
        // types.rs loses whole types and the lines saying where the method uses a type.
        for run in runs(&diffs["generated-client/src/types.rs"].removed) {
            let whole_type = declared_types(run.iter().map(|(_, l)| l)).len() == 1;
            let about_it = run.iter().all(|(_, line)| line.contains(&mention));
            assert!(whole_type || about_it, "removing `{method}` removed from types.rs: {run:#?}");
        }
        let api_keys = &diffs["generated-client/src/api_keys.rs"];
        assert_eq!(runs(&api_keys.removed).len(), 1, "{method}: one method, removed in one piece");
        let fns: Vec<&String> = api_keys.removed.iter().map(|(_, l)| l).filter(|l| l.contains("pub fn ")).collect();
        assert_eq!(fns.len(), 1, "{method}: {fns:?}");
        assert!(fns[0].contains(&format!("pub fn {method}(")), "{method}: {fns:?}");
        let gone_types = declared_types(diffs["generated-client/src/types.rs"].removed.iter().map(|(_, l)| l));
        let expected: &[&str] = match *method {
            "list" => &["ApiKeyRecordListResponse"],
            "create" => &["ApiKeyCreateConfig"],
            _ => &[],
        };
        assert_eq!(gone_types, expected, "types only `{method}` used");
    }
}
