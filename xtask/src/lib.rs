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
pub mod roundtrip_known;
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

/// The Rust examples of the README and of every page of `docs/`, compiled as doctests so
/// they stay true (`generated-client/README.md` is the client's crate docs: its examples are
/// the client's doctests). `tests/docs.rs` checks each page is listed here.
#[cfg(doctest)]
pub mod doc_examples {
    #[doc = include_str!("../../README.md")]
    pub struct Readme;
    #[doc = include_str!("../../docs/architecture.md")]
    pub struct Architecture;
    #[doc = include_str!("../../docs/benchmarks.md")]
    pub struct Benchmarks;
    #[doc = include_str!("../../docs/maintaining.md")]
    pub struct Maintaining;
    #[doc = include_str!("../../docs/naming.md")]
    pub struct Naming;
    #[doc = include_str!("../../docs/openapi-support.md")]
    pub struct OpenapiSupport;
    #[doc = include_str!("../../docs/testing.md")]
    pub struct Testing;
    /// Its Rust files are built by `generator/tests/walkthrough.rs` (they belong to the
    /// generated crate, so here they are `ignore`).
    #[doc = include_str!("../../docs/your-own-api.md")]
    pub struct YourOwnApi;
}
