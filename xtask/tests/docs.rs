//! The docs stay true to the repository: every file or folder they name in backticks exists,
//! every `cargo xtask <command>` they name is a command, every link between them lands on a
//! file and a heading, and every page of `docs/` has its examples compiled (listed in
//! `xtask/src/lib.rs`).

use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).parent().unwrap().to_path_buf()
}

/// README.md, generated-client/README.md and docs/*.md.
fn pages() -> Vec<PathBuf> {
    let root = root();
    let mut pages = vec![root.join("README.md"), root.join("generated-client/README.md")];
    let mut docs: Vec<PathBuf> = std::fs::read_dir(root.join("docs"))
        .expect("docs/")
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|e| e == "md"))
        .collect();
    docs.sort();
    assert!(docs.len() >= 6, "docs/ has its pages");
    pages.extend(docs);
    pages
}

/// Code spans outside fenced blocks.
fn code_spans(text: &str) -> Vec<String> {
    let mut spans = Vec::new();
    let mut fenced = false;
    let mut prose = String::new();
    for line in text.lines() {
        if line.trim_start().starts_with("```") {
            fenced = !fenced;
            continue;
        }
        if !fenced {
            prose.push_str(line);
            prose.push('\n');
        }
    }
    // A span may wrap a line: join lines before splitting at backticks.
    let prose = prose.replace('\n', " ");
    for (index, part) in prose.split('`').enumerate() {
        if index % 2 == 1 {
            spans.push(part.trim().to_string());
        }
    }
    spans
}

/// A span that names a path of this repository: it starts with one of its top folders.
fn repository_path(span: &str) -> Option<&str> {
    const TOP: [&str; 7] = ["generator/", "xtask/", "specs/", "generated-client/", "docs/", ".ci/", ".tools/"];
    let path = span.split([' ', ':', ',']).next()?;
    let wildcard = path.contains(['*', '<', '{', '…']) || path.contains("...");
    (TOP.iter().any(|top| path.starts_with(top)) && !wildcard).then_some(path)
}

#[test]
fn named_files_exist() {
    let root = root();
    let mut missing = Vec::new();
    for page in pages() {
        let text = std::fs::read_to_string(&page).unwrap();
        for span in code_spans(&text) {
            if let Some(path) = repository_path(&span) {
                // What set-up installs into `.tools/` (beside its checked-in lock files) exists
                // after set-up only.
                let ignored = path.starts_with(".tools/") && !path.starts_with(".tools/package");
                if !ignored && !root.join(path.trim_end_matches('/')).exists() {
                    missing.push(format!("{}: `{path}`", page.strip_prefix(&root).unwrap().display()));
                }
            }
        }
    }
    assert!(missing.is_empty(), "docs name files that do not exist:\n{}", missing.join("\n"));
}

#[test]
fn named_commands_exist() {
    let root = root();
    let main = std::fs::read_to_string(root.join("xtask/src/main.rs")).unwrap();
    let usage = main.split("const USAGE").nth(1).unwrap().split("\";").next().unwrap();
    let commands: Vec<&str> =
        usage.lines().filter_map(|line| line.strip_prefix("  ")?.split_whitespace().next()).collect();
    assert!(commands.contains(&"codegen") && commands.contains(&"test"));
    let mut unknown = Vec::new();
    for page in pages() {
        let text = std::fs::read_to_string(&page).unwrap().replace('\n', " ");
        for rest in text.split("cargo xtask ").skip(1) {
            let command: String = rest.chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '-').collect();
            if !command.is_empty() && !commands.contains(&command.as_str()) {
                unknown.push(format!("{}: `cargo xtask {command}`", page.strip_prefix(&root).unwrap().display()));
            }
        }
    }
    assert!(unknown.is_empty(), "docs name xtask commands that do not exist:\n{}", unknown.join("\n"));
}

#[test]
fn links_land_on_a_file_and_a_heading() {
    let root = root();
    let mut broken = Vec::new();
    for page in pages() {
        let text = std::fs::read_to_string(&page).unwrap();
        for link in text.split("](").skip(1).filter_map(|rest| rest.split(')').next()) {
            if link.starts_with("http") || link.contains(' ') {
                continue;
            }
            let (path, anchor) = link.split_once('#').unwrap_or((link, ""));
            let target = if path.is_empty() { page.clone() } else { page.parent().unwrap().join(path) };
            if !target.exists() {
                broken.push(format!("{}: {link}", page.strip_prefix(&root).unwrap().display()));
            } else if !anchor.is_empty() && !headings(&target).iter().any(|h| h == anchor) {
                broken.push(format!("{}: {link} (no such heading)", page.strip_prefix(&root).unwrap().display()));
            }
        }
    }
    assert!(broken.is_empty(), "broken links:\n{}", broken.join("\n"));
}

/// The anchors of a Markdown file's headings, as GitHub makes them.
fn headings(path: &Path) -> Vec<String> {
    let text = std::fs::read_to_string(path).unwrap_or_default();
    let mut fenced = false;
    let mut anchors = Vec::new();
    for line in text.lines() {
        if line.starts_with("```") {
            fenced = !fenced;
        } else if !fenced && line.starts_with('#') {
            let title = line.trim_start_matches('#').trim().to_lowercase();
            let anchor: String = title
                .chars()
                .filter(|c| c.is_alphanumeric() || *c == ' ' || *c == '-' || *c == '_')
                .map(|c| if c == ' ' { '-' } else { c })
                .collect();
            anchors.push(anchor);
        }
    }
    anchors
}

#[test]
fn every_page_has_its_examples_compiled() {
    let root = root();
    let lib = std::fs::read_to_string(root.join("xtask/src/lib.rs")).unwrap();
    for page in pages().iter().filter(|p| p.parent().is_some_and(|d| d.ends_with("docs"))) {
        let name = page.file_name().unwrap().to_string_lossy();
        assert!(
            lib.contains(&format!("include_str!(\"../../docs/{name}\")")),
            "docs/{name} is not compiled as doctests: list it in xtask/src/lib.rs"
        );
    }
    // The user guide is the client's crate docs.
    let settings = std::fs::read_to_string(root.join("specs/codegen.toml")).unwrap();
    assert!(settings.contains("readme = \"README.md\""), "generated-client/README.md is the crate docs");
}
