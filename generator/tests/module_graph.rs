//! The generator's modules depend on each other one way: the pipeline reads top to bottom
//! (`load` -> `resolve` -> `model` -> `emit` -> `format` -> `write`), and inside a stage
//! shared pieces live in leaf modules. A module that imports against that (a cycle) fails
//! here, naming the cycle. Read from the source: `crate::`, `super::` and child-module paths
//! that name a module of the generator (paths inside `quote!` name the generated crate's
//! modules, which the generator does not have).

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Module path (`resolve::types`, `emit`, `format`) -> source text, for the crate whose
/// sources are in `dir` (relative to the generator).
fn modules(dir: &str, with_root: bool) -> BTreeMap<String, String> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
    let mut modules = BTreeMap::new();
    let mut stack = vec![(src.clone(), String::new())];
    while let Some((dir, prefix)) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            let stem = path.file_stem().unwrap().to_string_lossy().to_string();
            let name = if prefix.is_empty() { stem.clone() } else { format!("{prefix}::{stem}") };
            if path.is_dir() {
                stack.push((path, name));
            } else if path.extension().is_some_and(|e| e == "rs")
                && stem != "main"
                && (dir != src || stem != "lib" || with_root)
            {
                // The generator's root is a module too (`lib`): the pipeline's entry points
                // live there. The runtime's stands in for a generated root, like `stub`.
                let module = if stem == "mod" { prefix.clone() } else { name };
                modules.insert(module, std::fs::read_to_string(&path).unwrap());
            }
        }
    }
    modules
}

/// The names the crate root (`lib.rs`) gives to `crate::NAME`: its own items, and what it
/// re-exports from a module (`pub use config::Config;` -> `Config` is `config`'s).
fn root_names(root: &str) -> BTreeMap<String, String> {
    let mut names = BTreeMap::new();
    for line in root.lines().map(str::trim) {
        if let Some(rest) = line.strip_prefix("pub use ") {
            let (module, items) = rest.split_once("::").unwrap_or((rest, ""));
            for item in items.trim_end_matches(';').trim_matches(|c| c == '{' || c == '}').split(',') {
                names.insert(item.trim().to_string(), module.to_string());
            }
        }
        for keyword in ["pub fn ", "fn ", "pub struct ", "pub const "] {
            if let Some(rest) = line.strip_prefix(keyword) {
                let name = rest.split(|c: char| !(c.is_alphanumeric() || c == '_')).next().unwrap_or("");
                names.insert(name.to_string(), "lib".to_string());
            }
        }
    }
    names
}

fn root_names_of(modules: &BTreeMap<String, String>) -> BTreeMap<String, String> {
    root_names(modules.get("lib").map_or("", String::as_str))
}

/// The generator modules `module`'s code names.
fn dependencies(module: &str, text: &str, all: &BTreeSet<String>, root: &BTreeMap<String, String>) -> BTreeSet<String> {
    let parent = module.rsplit_once("::").map_or("", |(p, _)| p);
    let mut found = BTreeSet::new();
    // Unit tests are a module of their own: their `super::` is the file itself.
    let text = text.split("#[cfg(test)]").next().unwrap_or(text);
    let resolve = |path: &[&str]| -> Option<String> {
        // The longest prefix of `path` that is a module, else an item of the crate root.
        (1..=path.len())
            .rev()
            .map(|n| path[..n].join("::"))
            .find(|candidate| all.contains(candidate))
            .or_else(|| root.get(*path.first()?).cloned())
    };
    if module == "lib" {
        // The root names its child modules without `crate::` (`load::merge(...)`).
        for word in text.split(|c: char| !(c.is_alphanumeric() || c == '_' || c == ':')) {
            if let Some((first, _)) = word.split_once("::") {
                if all.contains(first) {
                    found.insert(first.to_string());
                }
            }
        }
    }
    for line in text.lines().map(str::trim).filter(|l| !l.starts_with("//")) {
        for (marker, base) in [("crate::", ""), ("super::", parent)] {
            for (at, _) in line.match_indices(marker) {
                let rest = &line[at + marker.len()..];
                let path: Vec<&str> = rest
                    .split(|c: char| !(c.is_alphanumeric() || c == '_' || c == ':'))
                    .next()
                    .unwrap_or("")
                    .split("::")
                    .collect();
                let full: Vec<&str> = base.split("::").filter(|s| !s.is_empty()).chain(path.iter().copied()).collect();
                if let Some(target) = resolve(&full) {
                    found.insert(target);
                }
            }
        }
        // `use child::...` in a module with child modules.
        if let Some(rest) = line.strip_prefix("use ").or_else(|| line.strip_prefix("pub use ")) {
            let first = rest.split("::").next().unwrap_or("");
            let child = if module == "lib" { first.to_string() } else { format!("{module}::{first}") };
            if all.contains(&child) {
                found.insert(child);
            }
        }
    }
    found.remove(module);
    found
}

/// Panics, naming the cycle, when the modules' dependencies have one.
fn assert_acyclic(modules: &BTreeMap<String, String>) {
    let names: BTreeSet<String> = modules.keys().cloned().collect();
    let root = root_names_of(modules);
    let graph: BTreeMap<&str, BTreeSet<String>> =
        modules.iter().map(|(module, text)| (module.as_str(), dependencies(module, text, &names, &root))).collect();
    // Depth-first search for a back edge; the path on the stack is the cycle.
    let mut done: BTreeSet<&str> = BTreeSet::new();
    for start in graph.keys() {
        let mut path: Vec<&str> = Vec::new();
        let mut stack: Vec<(&str, bool)> = vec![(start, false)];
        while let Some((module, leaving)) = stack.pop() {
            if leaving {
                path.pop();
                done.insert(module);
                continue;
            }
            if done.contains(module) {
                continue;
            }
            if let Some(at) = path.iter().position(|m| *m == module) {
                panic!("import cycle: {} -> {module}", path[at..].join(" -> "));
            }
            path.push(module);
            stack.push((module, true));
            for next in &graph[module] {
                if !done.contains(next.as_str()) {
                    stack.push((next.as_str(), false));
                }
            }
        }
    }
}

#[test]
fn the_generator_has_no_import_cycles() {
    let modules = modules("src", true);
    assert!(
        ["resolve::types", "emit", "write", "lib"].iter().all(|m| modules.contains_key(*m)),
        "{:?}",
        modules.keys()
    );
    // The root is read like any module: the command reaches the pipeline through it.
    let (names, root) = (modules.keys().cloned().collect(), root_names_of(&modules));
    assert!(dependencies("cli", &modules["cli"], &names, &root).contains("lib"));
    let of_root = dependencies("lib", &modules["lib"], &names, &root);
    assert!(["load", "resolve", "emit", "format"].iter().all(|m| of_root.contains(*m)), "{of_root:?}");
    assert_eq!(root.get("Config").map(String::as_str), Some("config"));
    assert_acyclic(&modules);
}

/// The client runtime too: `call` -> `attempt` -> `retry` / `operation` / `client_auth` ->
/// `error`, with shared pieces in leaves.
#[test]
fn the_runtime_has_no_import_cycles() {
    let modules = modules("runtime", false);
    assert!(["call", "attempt", "retry", "error"].iter().all(|m| modules.contains_key(*m)), "{:?}", modules.keys());
    assert_acyclic(&modules);
}

/// The pipeline's stages, and the stages each may use (docs/architecture.md, Layout): an import against
/// the pipeline fails here even when it makes no cycle.
#[test]
fn the_pipeline_stages_depend_only_down_the_pipeline() {
    const ALLOWED: [(&str, &[&str]); 12] = [
        ("error", &[]),
        ("model", &[]),
        ("config", &["error", "model"]),
        ("load", &["error", "model"]),
        ("resolve", &["load", "config", "model", "error"]),
        ("emit", &["model", "config", "write"]),
        ("format", &["emit", "write", "error"]),
        ("write", &["error"]),
        ("api_diff", &["model"]),
        // The crate root runs the stages in order; the workflow and the command use it.
        ("lib", &["load", "resolve", "emit", "format", "write", "config", "error", "model"]),
        ("project", &["lib", "load", "config", "write", "api_diff", "model", "resolve", "error"]),
        ("cli", &["lib", "project", "config"]),
    ];
    let modules = modules("src", true);
    let names: BTreeSet<String> = modules.keys().cloned().collect();
    let root = root_names_of(&modules);
    let stage = |module: &str| module.split("::").next().unwrap_or(module).to_string();
    let mut against = Vec::new();
    for (module, text) in &modules {
        let from = stage(module);
        let Some((_, allowed)) = ALLOWED.iter().find(|(name, _)| *name == from) else {
            against.push(format!("{module}: stage `{from}` is not in the table; add it with its dependencies"));
            continue;
        };
        for target in dependencies(module, text, &names, &root) {
            let to = stage(&target);
            if to != from && !allowed.contains(&to.as_str()) {
                against.push(format!("{module} -> {target}"));
            }
        }
    }
    assert!(against.is_empty(), "imports against the pipeline:\n{}", against.join("\n"));
}

/// The runtime's modules, and the modules each may use (docs/architecture.md, Layout). `stub` stands in for
/// generated code, which may use any of them.
#[test]
fn the_runtime_modules_depend_as_the_readme_says() {
    const ALLOWED: [(&str, &[&str]); 21] = [
        (
            "call",
            &[
                "attempt",
                "byte_stream",
                "call_response",
                "client_auth",
                "error",
                "operation",
                "params",
                "retry",
                "upload",
            ],
        ),
        ("call_request", &["call", "params", "upload"]),
        ("byte_stream", &["error"]),
        ("mock_server", &["client_auth", "operation", "params"]),
        ("upload", &[]),
        ("call_response", &["error"]),
        ("attempt", &["client_auth", "error", "hooks", "operation", "retry"]),
        ("client", &["client_auth", "hooks", "retry"]),
        ("operation", &["client_auth"]),
        ("client_auth", &["error"]),
        ("hooks", &["error"]),
        ("retry", &["error"]),
        ("pagination", &["call", "call_response", "error"]),
        ("raw_request", &["call", "call_response", "error", "retry", "upload"]),
        ("sse", &["byte_stream", "error", "sse_parser"]),
        ("error", &[]),
        ("params", &[]),
        ("multipart", &[]),
        ("object", &[]),
        ("string_enum", &[]),
        ("sse_parser", &[]),
    ];
    let modules = modules("runtime", false);
    let names: BTreeSet<String> = modules.keys().cloned().collect();
    let root = root_names_of(&modules);
    let mut against = Vec::new();
    for (module, text) in modules.iter().filter(|(module, _)| *module != "stub") {
        let Some((_, allowed)) = ALLOWED.iter().find(|(name, _)| name == module) else {
            against.push(format!("{module} is not in the table; add it with what it may use"));
            continue;
        };
        for target in dependencies(module, text, &names, &root) {
            if !allowed.contains(&target.as_str()) {
                against.push(format!("{module} -> {target}"));
            }
        }
    }
    assert!(against.is_empty(), "imports against the runtime's layout:\n{}", against.join("\n"));
}
