//! Project automation, run as `cargo xtask <command>` (see `.cargo/config.toml`).

pub mod bench;
pub mod bench_streams;
pub mod check_project;
pub mod codegen;
pub mod compat;
pub mod corpus;
pub mod corpus_names;
pub mod directory;
pub mod prism_calls;
pub mod random_specs;
pub mod roundtrip;
pub mod roundtrip_bodies;
pub mod roundtrip_compare;
pub mod roundtrip_targets;
pub mod semver_checks;
pub mod test;

use std::path::PathBuf;

/// The workspace root (the parent of this crate). `XTASK_ROOT` points the commands at
/// another checkout; the tests use it to run the binary on scratch copies.
pub fn project_root() -> PathBuf {
    if let Some(root) = std::env::var_os("XTASK_ROOT") {
        return PathBuf::from(root);
    }
    let manifest_dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    manifest_dir.parent().expect("xtask lives inside the workspace").to_path_buf()
}

/// The README's Rust examples, compiled as doctests so they stay true.
#[doc = include_str!("../../README.md")]
#[cfg(doctest)]
pub struct ReadmeExamples;
