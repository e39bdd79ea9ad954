//! Project automation, run as `cargo xtask <command>` (see `.cargo/config.toml`).

pub mod codegen;
pub mod test;

use std::path::PathBuf;

/// The workspace root (the parent of this crate).
pub fn project_root() -> PathBuf {
    let manifest_dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    manifest_dir.parent().expect("xtask lives inside the workspace").to_path_buf()
}
