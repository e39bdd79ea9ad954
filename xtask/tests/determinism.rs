//! `cargo xtask codegen` writes the same bytes in every process: each run of the binary
//! gets fresh random hasher seeds from std, and the runs differ in environment too.

mod support;

use support::{scratch_project, text_files, xtask};

/// Environments the runs differ in. `RUST_TEST_THREADS` and `RAYON_NUM_THREADS` are what a
/// parallel test harness or pool would read; `TZ` and `LC_ALL` would leak into timestamps
/// or sorting by locale, if the generator had any.
const ENVIRONMENTS: [&[(&str, &str)]; 4] = [
    &[],
    &[("RUST_TEST_THREADS", "1"), ("TZ", "UTC")],
    &[("RUST_TEST_THREADS", "8"), ("RAYON_NUM_THREADS", "3"), ("TZ", "Asia/Kolkata")],
    &[("RUST_TEST_THREADS", "2"), ("LC_ALL", "C"), ("TZ", "America/Los_Angeles")],
];

#[test]
fn codegen_writes_identical_files_in_every_process() {
    let mut outputs = Vec::new();
    for env in ENVIRONMENTS {
        // A fresh copy with every generated file deleted, so this run writes all of them.
        let dir = scratch_project();
        std::fs::remove_dir_all(dir.path().join("generated-client/src")).unwrap();
        std::fs::remove_file(dir.path().join("specs/merged/openapi.json")).unwrap();
        let output = xtask(dir.path(), &["codegen"], env);
        assert!(output.status.success(), "{env:?}: {}", String::from_utf8_lossy(&output.stderr));
        let files = text_files(dir.path());
        let shown = dir.path().display().to_string();
        for (path, contents) in &files {
            assert!(!contents.contains(&shown), "{path} holds the project's absolute path {shown}");
        }
        outputs.push((env, files, String::from_utf8(output.stdout).unwrap()));
    }
    let (first_env, first, first_stdout) = &outputs[0];
    assert!(first.contains_key("generated-client/src/lib.rs") && first.contains_key("specs/merged/openapi.json"));
    for (env, files, stdout) in &outputs[1..] {
        assert_eq!(stdout, first_stdout, "{env:?} vs {first_env:?}: the summary differs");
        assert_eq!(files.keys().collect::<Vec<_>>(), first.keys().collect::<Vec<_>>(), "{env:?}: other files");
        for (path, contents) in files {
            assert!(contents.as_bytes() == first[path].as_bytes(), "{env:?} vs {first_env:?}: {path} differs");
        }
    }
}

/// A second codegen over its own output writes nothing, and `--check` agrees.
#[test]
fn codegen_is_a_fixed_point() {
    let dir = scratch_project();
    std::fs::remove_dir_all(dir.path().join("generated-client/src")).unwrap();
    let first = xtask(dir.path(), &["codegen"], &[]);
    assert!(first.status.success(), "{}", String::from_utf8_lossy(&first.stderr));
    let written = text_files(dir.path());
    let second = xtask(dir.path(), &["codegen"], &[("RUST_TEST_THREADS", "1")]);
    let summary = String::from_utf8(second.stdout).unwrap();
    assert!(summary.contains(" 0 files written"), "{summary}");
    assert_eq!(text_files(dir.path()), written);
    let check = xtask(dir.path(), &["codegen", "--check"], &[]);
    assert!(check.status.success(), "{}", String::from_utf8_lossy(&check.stderr));
}
