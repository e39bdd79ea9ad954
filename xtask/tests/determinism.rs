//! `cargo xtask codegen` writes the same bytes however the run differs from another in what
//! could leak into output: each run is its own process (std seeds every `HashMap`'s hasher
//! at random per process, so a map iterated into the output differs between runs), the
//! project lives at another path (of another length), its fragments were created in another
//! order (the order `read_dir` lists them in on file systems that keep creation order), and
//! the run starts from another working directory.

mod support;

use std::path::Path;

use support::{text_files, xtask};

/// Copies the project into `dir`, creating the fragment files in `order`.
fn copy_project(dir: &Path, reversed: bool) {
    let root = xtask::project_root();
    for sub in ["specs", "specs/rust", "generated-client"] {
        std::fs::create_dir_all(dir.join(sub)).unwrap();
        let mut files: Vec<_> =
            std::fs::read_dir(root.join(sub)).unwrap().map(|e| e.unwrap().path()).filter(|p| p.is_file()).collect();
        files.sort();
        if reversed {
            files.reverse();
        }
        for path in files {
            std::fs::copy(&path, dir.join(sub).join(path.file_name().unwrap())).unwrap();
        }
    }
}

/// Runs codegen from scratch (no merged spec, no generated sources) in a project at `dir`.
fn codegen_from_scratch(
    dir: &Path,
    reversed: bool,
    working_dir: &Path,
) -> (std::collections::BTreeMap<String, String>, String) {
    copy_project(dir, reversed);
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_xtask"))
        .arg("codegen")
        .env("XTASK_ROOT", dir)
        .current_dir(working_dir)
        .output()
        .unwrap();
    assert!(output.status.success(), "{}: {}", dir.display(), String::from_utf8_lossy(&output.stderr));
    let files = text_files(dir);
    let shown = dir.display().to_string();
    for (path, contents) in &files {
        assert!(!contents.contains(&shown), "{path} holds the project's absolute path {shown}");
    }
    (files, String::from_utf8(output.stdout).unwrap())
}

#[test]
fn codegen_writes_identical_files_in_every_process() {
    let scratch = tempfile::tempdir().unwrap();
    let runs = [
        (scratch.path().join("a"), false, scratch.path().to_path_buf()),
        (scratch.path().join("b/a-much-longer-directory-name/x"), true, std::env::temp_dir()),
        (scratch.path().join("c"), true, scratch.path().join("c")),
    ];
    let mut outputs = Vec::new();
    for (dir, reversed, working_dir) in &runs {
        std::fs::create_dir_all(dir).unwrap();
        outputs.push((dir.display().to_string(), codegen_from_scratch(dir, *reversed, working_dir)));
    }
    let (first_dir, (first, first_stdout)) = &outputs[0];
    assert!(first.contains_key("generated-client/src/lib.rs") && first.contains_key("specs/merged/openapi.json"));
    for (dir, (files, stdout)) in &outputs[1..] {
        assert_eq!(stdout, first_stdout, "{dir} vs {first_dir}: the summary differs");
        assert_eq!(files.keys().collect::<Vec<_>>(), first.keys().collect::<Vec<_>>(), "{dir}: other files");
        for (path, contents) in files {
            assert!(contents.as_bytes() == first[path].as_bytes(), "{dir} vs {first_dir}: {path} differs");
        }
    }
}

/// The comparison above can fail: the one input about order, the checked-in merged spec
/// (the order of record), put in another order gives other bytes, and the same comparison
/// sees it. An output that depended on hasher seeds or listing order would show the same way.
#[test]
fn the_comparison_sees_an_order_that_reaches_the_output() {
    let scratch = tempfile::tempdir().unwrap();
    let (before, _) = codegen_from_scratch(scratch.path(), false, scratch.path());
    let merged = scratch.path().join("specs/merged/openapi.json");
    let mut spec: serde_json::Value = serde_json::from_str(&before["specs/merged/openapi.json"]).unwrap();
    let paths = spec["paths"].as_object().unwrap();
    let reversed: serde_json::Map<String, serde_json::Value> =
        paths.iter().rev().map(|(k, v)| (k.clone(), v.clone())).collect();
    spec["paths"] = serde_json::Value::Object(reversed);
    std::fs::write(&merged, serde_json::to_string_pretty(&spec).unwrap()).unwrap();
    let output = xtask(scratch.path(), &["codegen"], &[]);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let after = text_files(scratch.path());
    assert!(after["specs/merged/openapi.json"] != before["specs/merged/openapi.json"]);
}

/// A second codegen over its own output writes nothing, and `--check` agrees.
#[test]
fn codegen_is_a_fixed_point() {
    let dir = support::scratch_project();
    std::fs::remove_dir_all(dir.path().join("generated-client/src")).unwrap();
    let first = xtask(dir.path(), &["codegen"], &[]);
    assert!(first.status.success(), "{}", String::from_utf8_lossy(&first.stderr));
    let written = text_files(dir.path());
    let second = xtask(dir.path(), &["codegen"], &[]);
    let summary = String::from_utf8(second.stdout).unwrap();
    assert!(summary.contains(" 0 files written"), "{summary}");
    assert_eq!(text_files(dir.path()), written);
    let check = xtask(dir.path(), &["codegen", "--check"], &[]);
    assert!(check.status.success(), "{}", String::from_utf8_lossy(&check.stderr));
}
