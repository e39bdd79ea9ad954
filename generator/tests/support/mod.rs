//! Compiling generated crates inside the test suite: a scratch workspace under `target/`
//! holds every crate, and one `cargo` run builds them all with warnings denied.

use std::path::{Path, PathBuf};
use std::process::Command;

use generator::Generated;

/// The workspace root of this repository.
pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap().to_path_buf()
}

/// Writes `crates` (name, generated files) into `target/generated-crates/<suite>/` as one
/// workspace, then runs `cargo <command> --workspace` there with warnings denied.
/// Returns cargo's output on failure.
#[allow(dead_code)] // Not every test crate that shares this module compiles crates.
pub fn compile_crates(suite: &str, crates: &[(String, Generated)], command: &[&str]) -> Result<(), String> {
    let root = repo_root();
    let workspace = root.join("target/generated-crates").join(suite);
    std::fs::create_dir_all(&workspace).unwrap();
    let mut members = Vec::new();
    for (name, generated) in crates {
        let dir = workspace.join(name);
        generator::write_crate(&dir, generated).unwrap();
        members.push(format!("{name:?}"));
    }
    // Drop crates of fixtures that no longer exist, so they are not compiled.
    for entry in std::fs::read_dir(&workspace).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        if path.is_dir() && !crates.iter().any(|(n, _)| *n == name) {
            std::fs::remove_dir_all(&path).unwrap();
        }
    }
    // Disk, not speed: these test builds are thrown away, so no debug info and no incremental
    // cache (together they were most of the gigabytes a fresh test run wrote).
    let manifest = format!(
        "[workspace]\nresolver = \"2\"\nmembers = [{}]\n\n[profile.dev]\ndebug = false\nincremental = false\n",
        members.join(", ")
    );
    std::fs::write(workspace.join("Cargo.toml"), manifest).unwrap();
    // Same dependency versions as the main workspace, resolved without a registry update.
    if !workspace.join("Cargo.lock").exists() {
        std::fs::copy(root.join("Cargo.lock"), workspace.join("Cargo.lock")).unwrap();
    }
    let keep_going = if command[0] == "test" { "--no-fail-fast" } else { "--keep-going" };
    let mut args: Vec<&str> = command.to_vec();
    args.extend(["--workspace", keep_going]);
    cargo_in(suite, &args)
}

/// Runs `cargo <args>` (quiet, warnings denied) in the scratch workspace of `suite`.
pub fn cargo_in(suite: &str, args: &[&str]) -> Result<(), String> {
    let root = repo_root();
    let workspace = root.join("target/generated-crates").join(suite);
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let output = Command::new(cargo)
        .args(args)
        .arg("--quiet")
        .env("CARGO_TARGET_DIR", root.join("target/generated-crates/target"))
        .env("RUSTFLAGS", "-D warnings")
        .current_dir(&workspace)
        .output()
        .unwrap();
    if output.status.success() {
        Ok(())
    } else {
        Err(format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr)))
    }
}
