//! `cargo xtask codegen [--check]`: this repository's project (settings `specs/codegen.toml`,
//! fragments in `specs/`, the crate in `generated-client/`) run through the generator's
//! project workflow (`generator::project`), as `generator --config specs/codegen.toml` would.

use std::path::Path;

pub use generator::project::Mode;
use generator::project::Project;

/// The settings file; its `[project]` table names the paths below.
pub const CONFIG: &str = "specs/codegen.toml";
pub const MERGED_SPEC: &str = "specs/merged/openapi.json";
pub const CLIENT_DIR: &str = "generated-client";
/// What the last regeneration that changed the merged spec changed in the Rust API.
pub const API_CHANGES: &str = "generated-client/API_CHANGES.md";

/// The Netography project at `root`, its settings read and custom modules loaded.
pub fn project(root: &Path) -> Result<Project, String> {
    Project::open(&root.join(CONFIG), None)
}

/// Runs the workflow (see [`Project::run`]): the summary, or a one-line error; nothing is
/// written unless the whole pipeline succeeded.
pub fn run(root: &Path, mode: Mode) -> Result<String, String> {
    project(root)?.run(mode)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The constants other commands use name what the settings say.
    #[test]
    fn the_settings_name_these_paths() {
        let root = crate::project_root();
        let project = project(&root).unwrap();
        assert_eq!(project.shown(&project.merged_spec), MERGED_SPEC);
        assert_eq!(project.shown(&project.out_dir), CLIENT_DIR);
        assert_eq!(project.shown(&project.out_dir.join(generator::project::API_CHANGES)), API_CHANGES);
        assert_eq!(project.regenerate, "cargo xtask codegen");
    }
}
