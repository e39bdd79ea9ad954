//! `cargo xtask codegen`: the checked-in client is current, `--check` catches staleness,
//! and bad input is one clear line with nothing written.

mod support;

use std::path::Path;
use std::process::Command;

use support::{scratch_project, snapshot};
use xtask::codegen::{run, Mode};
use xtask::project_root;

fn only_page(dir: &Path, page: &str) {
    for entry in std::fs::read_dir(dir.join("specs")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "md") {
            std::fs::remove_file(path).unwrap();
        }
    }
    std::fs::write(dir.join("specs/page.md"), page).unwrap();
}

const GOOD: &str = r#"{"openapi":"3.0.0","info":{"title":"T","version":"1"},"paths":{"/x":{"get":{"tags":["X"],"responses":{"200":{"description":"ok","content":{"application/json":{"schema":{"type":"object","properties":{"a":{"type":"string"}}}}}}}}}}}"#;

/// Runs codegen on a scratch project with `page` as the only fragment and returns the
/// error, after checking that nothing on disk changed.
fn failing_codegen(page: &str) -> String {
    let dir = scratch_project();
    only_page(dir.path(), page);
    let before = snapshot(dir.path());
    let error = run(dir.path(), Mode::Write).unwrap_err();
    assert_eq!(snapshot(dir.path()), before, "a failed codegen must write nothing");
    assert!(!error.contains('\n'), "one line: {error}");
    error
}

#[test]
fn checked_in_client_is_what_the_specs_generate() {
    let summary = run(&project_root(), Mode::Check).unwrap_or_else(|e| panic!("{e}"));
    assert!(summary.contains("up to date"), "{summary}");
}

#[test]
fn check_names_stale_files_and_the_fix_and_writes_nothing() {
    let dir = scratch_project();
    let types = dir.path().join("generated-client/src/types.rs");
    std::fs::write(&types, "// @generated\nedited by hand\n").unwrap();
    std::fs::write(dir.path().join("generated-client/src/old_tag.rs"), "// @generated\n").unwrap();
    std::fs::remove_file(dir.path().join("specs/merged/openapi.json")).unwrap();
    let before = snapshot(dir.path());

    let error = run(dir.path(), Mode::Check).unwrap_err();
    assert!(error.contains("generated-client/src/types.rs (differs)"), "{error}");
    assert!(error.contains("generated-client/src/old_tag.rs (no longer generated)"), "{error}");
    assert!(error.contains("specs/merged/openapi.json (missing)"), "{error}");
    assert!(error.contains("run `cargo xtask codegen`"), "{error}");
    assert_eq!(snapshot(dir.path()), before);

    let summary = run(dir.path(), Mode::Write).unwrap();
    // The spec, types.rs, the stale module, and the API change report (with the merged spec
    // missing, everything counts as new); and lib.rs, Cargo.toml, API.md and mock.rs, whose
    // groups now follow the pages' file order: the order of record was in the deleted merged
    // spec; and the names the run records (the new group order renumbers some types).
    assert!(summary.contains("9 files written"), "{summary}");
    assert!(!dir.path().join("generated-client/src/old_tag.rs").exists());
    assert!(run(dir.path(), Mode::Check).is_ok());
}

#[test]
fn summary_counts_fragments_operations_types_and_files() {
    let dir = scratch_project();
    let summary = run(dir.path(), Mode::Write).unwrap();
    // Every module of the checked-in client, Cargo.toml and API.md, the merged spec and the
    // names recorded beside it (API_CHANGES.md is only written when the spec changed).
    let modules = std::fs::read_dir(dir.path().join("generated-client/src")).unwrap().count();
    let expected =
        format!("codegen: 173 fragments, 173 operations, 262 types, 0 files written ({} unchanged)", modules + 4);
    assert_eq!(summary, expected);
}

#[test]
fn invalid_json_names_file_block_and_position() {
    let error =
        failing_codegen(&format!("# Page\n\n```json\n{GOOD}\n```\n\n```json\n{{\"openapi\": \"3.0.0\",, }}\n```\n"));
    assert_eq!(error, "specs/page.md block 2 (line 8): at /: invalid JSON at line 8, column 21: key must be a string");
}

#[test]
fn conflicting_duplicate_operation_names_both_blocks() {
    let other = GOOD.replace(r#""description":"ok""#, r#""description":"different""#);
    let error = failing_codegen(&format!("```json\n{GOOD}\n```\n\n```json\n{GOOD}\n```\n\n```json\n{other}\n```\n"));
    assert_eq!(
        error,
        "specs/page.md block 1 (line 2) and specs/page.md block 3 (line 10): at /paths/~1x/get: defined differently by two fragments"
    );
}

#[test]
fn unresolvable_ref_names_block_and_pointer() {
    let broken = GOOD.replace(r#"{"type":"string"}"#, r##"{"$ref":"#/components/schemas/Missing"}"##);
    let error = failing_codegen(&format!("```json\n{GOOD}\n```\n\n```yaml\n{}\n```\n", broken.replace("/x", "/y")));
    assert_eq!(
        error,
        "specs/page.md block 2 (line 6): at /paths/~1y/get/responses/200/content/application~1json/schema/properties/a/$ref: \
         unresolvable `$ref`: `#/components/schemas/Missing` points to nothing in the document"
    );
}

#[test]
fn the_binary_exits_non_zero_with_one_error_line() {
    let dir = scratch_project();
    only_page(dir.path(), "```json\n{ nope\n```\n");
    let output =
        Command::new(env!("CARGO_BIN_EXE_xtask")).arg("codegen").env("XTASK_ROOT", dir.path()).output().unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.starts_with("error: specs/page.md block 1 (line 2): at /: invalid JSON"), "{stderr}");
}
