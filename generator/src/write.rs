//! The last stage: compare generated files with the disk, then write only what changed.
//! Everything is generated in memory first, so a failing spec leaves nothing half-written.

use std::io;
use std::path::{Path, PathBuf};

/// What writing would do to one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    Create(PathBuf),
    Update(PathBuf),
    /// A file carrying the generated marker that generation no longer produces.
    Delete(PathBuf),
}

impl Change {
    pub fn path(&self) -> &Path {
        match self {
            Change::Create(p) | Change::Update(p) | Change::Delete(p) => p,
        }
    }
}

/// Files that start with this were written by the generator and may be removed by it.
pub const GENERATED_MARKER: &str = "@generated";

/// The changes needed for `files` (absolute path, contents) to be on disk. Files in
/// `owned_dirs` that carry the generated marker but are not in `files` are stale.
pub fn plan(files: &[(PathBuf, String)], owned_dirs: &[PathBuf]) -> io::Result<Vec<Change>> {
    let mut changes = Vec::new();
    for (path, contents) in files {
        match std::fs::read(path) {
            Ok(existing) if existing == contents.as_bytes() => {}
            Ok(_) => changes.push(Change::Update(path.clone())),
            Err(e) if e.kind() == io::ErrorKind::NotFound => changes.push(Change::Create(path.clone())),
            Err(e) => return Err(io::Error::new(e.kind(), format!("{}: {e}", path.display()))),
        }
    }
    for dir in owned_dirs {
        let Ok(entries) = std::fs::read_dir(dir) else { continue };
        let mut stale = Vec::new();
        for entry in entries {
            let path = entry?.path();
            if path.is_file() && !files.iter().any(|(p, _)| *p == path) && is_generated(&path) {
                stale.push(Change::Delete(path));
            }
        }
        stale.sort_by(|a, b| a.path().cmp(b.path()));
        changes.extend(stale);
    }
    Ok(changes)
}

fn is_generated(path: &Path) -> bool {
    std::fs::read_to_string(path)
        .is_ok_and(|text| text.lines().next().is_some_and(|line| line.contains(GENERATED_MARKER)))
}

/// Applies planned changes. Each file is written to a temporary sibling and renamed, so
/// a reader never sees half a file.
pub fn apply(files: &[(PathBuf, String)], changes: &[Change]) -> io::Result<()> {
    for change in changes {
        match change {
            Change::Create(path) | Change::Update(path) => {
                let contents = &files.iter().find(|(p, _)| p == path).expect("planned from these files").1;
                if let Some(parent) = path.parent() {
                    std::fs::create_dir_all(parent)?;
                }
                let temporary = path.with_extension("tmp~");
                std::fs::write(&temporary, contents)?;
                std::fs::rename(&temporary, path)?;
            }
            Change::Delete(path) => std::fs::remove_file(path)?,
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plans_creates_updates_and_stale_generated_files_only() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().to_path_buf();
        std::fs::write(root.join("same.rs"), "// @generated\nsame").unwrap();
        std::fs::write(root.join("old.rs"), "// @generated\nold").unwrap();
        std::fs::write(root.join("stale.rs"), "// @generated\nstale").unwrap();
        std::fs::write(root.join("hand.rs"), "// written by a person").unwrap();
        let files = vec![
            (root.join("same.rs"), "// @generated\nsame".to_string()),
            (root.join("old.rs"), "// @generated\nnew".to_string()),
            (root.join("new.rs"), "// @generated\nnew".to_string()),
        ];
        let changes = plan(&files, std::slice::from_ref(&root)).unwrap();
        assert_eq!(
            changes,
            [
                Change::Update(root.join("old.rs")),
                Change::Create(root.join("new.rs")),
                Change::Delete(root.join("stale.rs"))
            ]
        );
        apply(&files, &changes).unwrap();
        assert!(plan(&files, std::slice::from_ref(&root)).unwrap().is_empty());
        assert!(root.join("hand.rs").exists());
    }
}
