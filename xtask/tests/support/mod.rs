//! Scratch copies of the project for tests that run codegen, and ways to compare them.

#![allow(dead_code)] // Each test crate uses a different part.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use xtask::project_root;

/// A scratch project: the real specs/ and generated-client/ copied into a temp dir.
pub fn scratch_project() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = project_root();
    for sub in ["specs", "specs/merged", "specs/rust", "generated-client", "generated-client/src"] {
        std::fs::create_dir_all(dir.path().join(sub)).unwrap();
        for entry in std::fs::read_dir(root.join(sub)).unwrap() {
            let path = entry.unwrap().path();
            if path.is_file() {
                std::fs::copy(&path, dir.path().join(sub).join(path.file_name().unwrap())).unwrap();
            }
        }
    }
    dir
}

/// Every file under `dir`, with contents, to prove that nothing changed.
pub fn snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut files = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(next) = stack.pop() {
        for entry in std::fs::read_dir(&next).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                files.push((path.clone(), std::fs::read(&path).unwrap()));
            }
        }
    }
    files.sort();
    files
}

/// The text files under `dir`, by path relative to it (`generated-client/src/lib.rs`).
pub fn text_files(dir: &Path) -> BTreeMap<String, String> {
    snapshot(dir)
        .into_iter()
        .map(|(path, bytes)| {
            let relative = path.strip_prefix(dir).unwrap().to_string_lossy().replace('\\', "/");
            (relative, String::from_utf8(bytes).unwrap())
        })
        .collect()
}

/// Runs the real `xtask` binary on the project at `root`.
pub fn xtask(root: &Path, args: &[&str], env: &[(&str, &str)]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(args)
        .env("XTASK_ROOT", root)
        .envs(env.iter().copied())
        .output()
        .unwrap()
}
