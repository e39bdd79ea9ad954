//! `cargo xtask codegen` reports what a regeneration changes in the Rust API, on stdout and
//! in `generated-client/API_CHANGES.md`, and `--check` agrees with what it wrote.

mod support;

use support::{scratch_project, xtask};
use xtask::codegen::{run, Mode, API_CHANGES, MERGED_SPEC};

const SEED_PAGE: &str = "specs/netography-api-keys.md";

/// The client's version in `specs/codegen.toml`, and the next minor and patch versions.
fn versions() -> (String, String, String) {
    let config = std::fs::read_to_string(xtask::project_root().join("specs/codegen.toml")).unwrap();
    let line = config.lines().find(|l| l.starts_with("version = ")).unwrap();
    let version = line.trim_start_matches("version = ").trim_matches('"').to_string();
    let parts: Vec<u64> = version.split('.').map(|p| p.parse().unwrap()).collect();
    let minor = format!("{}.{}.0", parts[0], parts[1] + 1);
    let patch = format!("{}.{}.{}", parts[0], parts[1], parts[2] + 1);
    (version, minor, patch)
}

/// The seed page without its last operation (`regenerate`).
fn seed_without_regenerate() -> String {
    let seed = std::fs::read_to_string(xtask::project_root().join(SEED_PAGE)).unwrap();
    let mut sections: Vec<&str> = seed.split("\n## ").collect();
    sections.pop();
    sections.join("\n## ")
}

#[test]
fn a_removed_operation_is_reported_as_breaking_and_check_passes_after_the_run() {
    let dir = scratch_project();
    std::fs::write(dir.path().join(SEED_PAGE), seed_without_regenerate()).unwrap();
    let output = xtask(dir.path(), &["codegen"], &[]);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let stdout = String::from_utf8(output.stdout).unwrap();
    let (version, minor, _) = versions();
    assert!(
        stdout.contains(&format!(
            "API changes: 1 breaking, 0 not breaking; suggested version {minor} (minor bump from {version}"
        )),
        "{stdout}"
    );
    assert!(stdout.contains("breaking:   Removed method `ApiKeys::regenerate`"), "{stdout}");
    let report = std::fs::read_to_string(dir.path().join(API_CHANGES)).unwrap();
    assert!(report.contains("- Removed method `ApiKeys::regenerate`: `PUT /api/v1/api-keys/{appname}/regen`"));
    assert!(report.contains(&format!("**Suggested version: `{minor}`**")), "{report}");

    // The report describes the last change: a second run and --check leave it as it is.
    let check = xtask(dir.path(), &["codegen", "--check"], &[]);
    assert!(check.status.success(), "{}", String::from_utf8_lossy(&check.stderr));
    let again = run(dir.path(), Mode::Write).unwrap();
    assert!(again.contains(" 0 files written") && !again.contains("API changes"), "{again}");
    assert_eq!(std::fs::read_to_string(dir.path().join(API_CHANGES)).unwrap(), report);
}

#[test]
fn a_spec_change_without_an_api_change_says_so() {
    let dir = scratch_project();
    std::fs::write(dir.path().join(API_CHANGES), "an older report\n").unwrap();
    let page = std::fs::read_to_string(dir.path().join(SEED_PAGE)).unwrap();
    let edited =
        page.replace("\"description\":\"Deletes the API Key\"", "\"description\":\"Deletes the API Key for good\"");
    assert_ne!(page, edited);
    std::fs::write(dir.path().join(SEED_PAGE), edited).unwrap();
    let summary = run(dir.path(), Mode::Write).unwrap();
    assert!(summary.ends_with("\nAPI changes: none"), "{summary}");
    let report = std::fs::read_to_string(dir.path().join(API_CHANGES)).unwrap();
    assert!(report.contains("No API changes since the last generation."), "{report}");
}

#[test]
fn check_fails_when_the_report_is_missing_or_the_spec_is_stale() {
    let dir = scratch_project();
    std::fs::remove_file(dir.path().join(API_CHANGES)).ok();
    let error = run(dir.path(), Mode::Check).unwrap_err();
    assert!(error.contains("generated-client/API_CHANGES.md (missing)"), "{error}");
    assert!(error.contains("run `cargo xtask codegen`"), "{error}");
    run(dir.path(), Mode::Write).unwrap();
    assert!(std::fs::read_to_string(dir.path().join(API_CHANGES)).unwrap().contains("No API changes"));

    std::fs::write(dir.path().join(SEED_PAGE), seed_without_regenerate()).unwrap();
    let error = run(dir.path(), Mode::Check).unwrap_err();
    assert!(error.contains("specs/merged/openapi.json (differs)"), "{error}");
    assert!(error.contains("generated-client/API_CHANGES.md (differs)"), "{error}");
    assert!(error.contains("run `cargo xtask codegen` and commit the result"), "{error}");
}

/// Without a checked-in merged spec there is nothing to compare with: all is new.
#[test]
fn without_a_previous_spec_everything_is_added() {
    let dir = scratch_project();
    std::fs::remove_file(dir.path().join(MERGED_SPEC)).unwrap();
    let summary = run(dir.path(), Mode::Write).unwrap();
    assert!(summary.contains("API changes: 0 breaking, "), "{summary}");
    let (_, _, patch) = versions();
    assert!(summary.contains(&format!(" not breaking; suggested version {patch}")), "{summary}");
    let report = std::fs::read_to_string(dir.path().join(API_CHANGES)).unwrap();
    assert!(report.contains("- Added method `ApiKeys::regenerate`"), "{report}");
    assert!(!report.contains("## Breaking"), "{report}");
}

/// A settings change renames a method and a type without any spec change: the report lists
/// both renames, found by comparing the names the last run recorded with the new ones.
#[test]
fn renames_by_settings_are_reported_from_the_recorded_names() {
    let dir = scratch_project();
    let names: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("specs/merged/api-names.json")).unwrap())
            .unwrap();
    let request =
        names["calls"].as_object().unwrap().iter().find(|(_, call)| *call == "client.users().list").unwrap().0;
    let (place, type_name) = names["types"].as_object().unwrap().iter().next().unwrap();
    let type_name = type_name.as_str().unwrap();
    let settings = dir.path().join("specs/codegen.toml");
    let text = std::fs::read_to_string(&settings).unwrap();
    let text = text.replace("v1_users_get = \"list\"", "v1_users_get = \"all\"");
    let text = format!("{text}\n[types]\n{type_name} = \"Renamed{type_name}\"\n");
    std::fs::write(&settings, text).unwrap();

    let summary = run(dir.path(), Mode::Write).unwrap();
    let report = std::fs::read_to_string(dir.path().join(API_CHANGES)).unwrap();
    let call = format!("- Changed the name of `{request}`: `client.users().list` is now `client.users().all`");
    let ty = format!("- Changed the name of the type at {place}: `{type_name}` is now `Renamed{type_name}`");
    assert!(report.contains(&call), "{report}");
    assert!(report.contains(&ty), "{report}");
    assert!(summary.contains("breaking:"), "{summary}");
    // Recorded: the next run finds no rename, and --check agrees.
    assert!(run(dir.path(), Mode::Write).unwrap().contains(" 0 files written"));
    run(dir.path(), Mode::Check).unwrap();
}

/// Union variants an older generator named otherwise are reported, from the recorded names
/// (here: the names file edited as an older generator would have written it).
#[test]
fn variants_named_otherwise_than_recorded_are_reported() {
    let dir = scratch_project();
    let file = dir.path().join("specs/merged/api-names.json");
    let mut names: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
    let (union, variants) =
        names["variants"].as_object().unwrap().iter().next().map(|(k, v)| (k.clone(), v.clone())).unwrap();
    let now: Vec<&str> = variants.as_array().unwrap().iter().map(|v| v.as_str().unwrap()).collect();
    names["variants"][&union] = serde_json::json!(["Older"]);
    std::fs::write(&file, serde_json::to_string_pretty(&names).unwrap()).unwrap();

    run(dir.path(), Mode::Write).unwrap();
    let report = std::fs::read_to_string(dir.path().join(API_CHANGES)).unwrap();
    let expected = format!("- Changed the variants of `{union}`: `Older` are now `{}`", now.join(", "));
    assert!(report.contains(&expected), "{report}");
    // Only that: the spec did not change, so nothing else is reported.
    assert_eq!(report.matches("\n- ").count(), 1, "{report}");
}
