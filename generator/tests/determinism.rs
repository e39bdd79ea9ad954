//! Generation is a pure function of its input: the same spec gives the same bytes, run
//! after run. Std's `HashMap` seeds its hasher differently for every map (and every
//! process), so a map iterated into the output would show up here as a difference.

mod support;

use std::path::{Path, PathBuf};

use generator::project::Project;
use generator::{load, Config, GeneratedFile};

/// Every spec the suite knows: the Netography fragments merged as `cargo xtask codegen`
/// merges them (in the order of record), and each construct fixture.
fn inputs() -> Vec<(String, serde_json::Value, Config)> {
    let root = support::repo_root();
    let project = Project::open(&root.join("specs/codegen.toml"), None).unwrap_or_else(|e| panic!("{e}"));
    let merged = project.generate().unwrap_or_else(|e| panic!("{e}")).merged;
    let mut inputs = vec![("netography".to_string(), merged.document, project.config)];
    let mut fixtures: Vec<PathBuf> = std::fs::read_dir(root.join("generator/tests/fixtures"))
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|e| e == "yaml" || e == "json"))
        .collect();
    fixtures.sort();
    for path in fixtures {
        inputs.push((path.display().to_string(), document_of(&path), Config::default()));
    }
    inputs
}

fn document_of(path: &Path) -> serde_json::Value {
    let text = std::fs::read_to_string(path).unwrap();
    let fragments = load::parse_file(&path.display().to_string(), &text).unwrap();
    generator::resolve_fragments(fragments, None, &Config::default()).unwrap().0.document
}

fn generate(document: &serde_json::Value, config: &Config) -> (Vec<GeneratedFile>, Vec<String>) {
    let generated = generator::generate(document, config).unwrap_or_else(|e| panic!("{e}"));
    (generated.files, generated.warnings.iter().map(ToString::to_string).collect())
}

#[test]
fn generating_twice_in_one_process_gives_identical_bytes() {
    for (name, document, config) in inputs() {
        let first = generate(&document, &config);
        // The second run on another thread: fresh hasher seeds, another stack.
        let second = std::thread::scope(|scope| scope.spawn(|| generate(&document, &config)).join().unwrap());
        assert_eq!(first.1, second.1, "{name}: warnings differ between runs");
        let paths = |files: &[GeneratedFile]| files.iter().map(|f| f.path.clone()).collect::<Vec<_>>();
        assert_eq!(paths(&first.0), paths(&second.0), "{name}: the file lists differ between runs");
        for (a, b) in first.0.iter().zip(&second.0) {
            assert!(a.contents.as_bytes() == b.contents.as_bytes(), "{name}: {} differs between runs", a.path);
        }
    }
}

/// The model itself, not only its rendering: a type or method named differently in one run
/// would show up here even if the emitter hid it.
#[test]
fn resolving_twice_gives_the_same_model() {
    for (name, document, config) in inputs() {
        let first = generator::resolve::resolve(&document, &config).unwrap();
        let second = generator::resolve::resolve(&document, &config).unwrap();
        assert_eq!(first.api, second.api, "{name}");
    }
}

/// Nothing generated mentions where it was generated: no absolute path of this checkout.
#[test]
fn output_holds_no_paths_of_this_machine() {
    let root = support::repo_root().display().to_string();
    let home = std::env::var("HOME").unwrap_or_else(|_| "/nonexistent-home".into());
    for (name, document, config) in inputs() {
        for file in generate(&document, &config).0 {
            assert!(!file.contents.contains(&root), "{name}: {} holds the path {root}", file.path);
            assert!(!file.contents.contains(&home), "{name}: {} holds the home directory", file.path);
        }
    }
}
