//! The small cargo projects that `cargo xtask roundtrip` and `cargo xtask prism-calls`
//! write beside a generated client to use it: a workspace of their own, the main
//! workspace's dependency versions, files rewritten only when they change (so cargo
//! rebuilds only what did).

use std::path::Path;

/// Writes the project's `Cargo.toml` and `src/main.rs` in `work`, and the main workspace's
/// `Cargo.lock` once (its versions, resolved without a registry update).
pub fn write(root: &Path, work: &Path, manifest: &str, main: &str) -> Result<(), String> {
    write_if_changed(&work.join("Cargo.toml"), manifest)?;
    write_if_changed(&work.join("src/main.rs"), main)?;
    if !work.join("Cargo.lock").exists() {
        std::fs::copy(root.join("Cargo.lock"), work.join("Cargo.lock")).map_err(|e| e.to_string())?;
    }
    Ok(())
}

/// The client's dependencies that body types name (`chrono::DateTime<chrono::Utc>`,
/// `uuid::Uuid`), copied from its Cargo.toml.
pub fn client_dependencies(client_dir: &Path) -> String {
    let manifest = std::fs::read_to_string(client_dir.join("Cargo.toml")).unwrap_or_default();
    let section = manifest.split("\n[").find(|s| s.starts_with("dependencies]")).unwrap_or("");
    section.lines().filter(|l| l.starts_with("chrono ") || l.starts_with("uuid ")).map(|l| format!("{l}\n")).collect()
}

pub fn write_if_changed(path: &Path, contents: &str) -> Result<(), String> {
    if std::fs::read_to_string(path).ok().as_deref() == Some(contents) {
        return Ok(());
    }
    std::fs::create_dir_all(path.parent().expect("a file in a folder")).map_err(|e| e.to_string())?;
    std::fs::write(path, contents).map_err(|e| format!("{}: {e}", path.display()))
}

#[cfg(test)]
mod tests {
    #[test]
    fn only_the_dependencies_types_name_are_copied() {
        let dir = std::env::temp_dir().join(format!("check-project-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let manifest = "[package]\nname = \"x\"\n\n[dependencies]\nserde = \"1\"\nchrono = { version = \"0.4\" }\nuuid = \"1\"\n\n[dev-dependencies]\nuuid = \"2\"\n";
        std::fs::write(dir.join("Cargo.toml"), manifest).unwrap();
        assert_eq!(super::client_dependencies(&dir), "chrono = { version = \"0.4\" }\nuuid = \"1\"\n");
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
