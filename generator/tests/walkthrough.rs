//! `docs/your-own-api.md` is a walkthrough that must work as written: every file it shows
//! (a `<!-- file: PATH -->` line before a fenced block) is written into a fresh project, every
//! `generator` command of its `sh` blocks is run with this crate's binary, the client it
//! generates is built with its hand-written example under clippy (warnings denied), and
//! `--check` passes, then fails once the spec changes.

mod support;

use std::path::Path;
use std::process::Command;

/// The walkthrough's files (path, contents) and `generator` commands, in order.
fn walkthrough() -> (String, Vec<(String, String)>, Vec<String>) {
    let text = std::fs::read_to_string(support::repo_root().join("docs/your-own-api.md")).unwrap();
    let mut files = Vec::new();
    let mut commands = Vec::new();
    let mut lines = text.lines();
    let mut next_file: Option<String> = None;
    while let Some(line) = lines.next() {
        if let Some(path) = line.strip_prefix("<!-- file: ").and_then(|l| l.strip_suffix(" -->")) {
            next_file = Some(path.to_string());
        } else if let Some(info) = line.strip_prefix("```") {
            let block: Vec<&str> = lines.by_ref().take_while(|l| !l.starts_with("```")).collect();
            if let Some(path) = next_file.take() {
                files.push((path, block.join("\n") + "\n"));
            } else if info == "sh" || info == "yaml" {
                let run = block.iter().map(|l| l.trim_start_matches("- run: ").trim());
                commands.extend(run.filter(|l| l.starts_with("generator ")).map(String::from));
            }
        }
    }
    (text, files, commands)
}

fn generator(project: &Path, command: &str) -> (bool, String) {
    let args: Vec<&str> = command.split_whitespace().skip(1).collect();
    let output = Command::new(env!("CARGO_BIN_EXE_generator")).args(&args).current_dir(project).output().unwrap();
    let text = format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr));
    (output.status.success(), text)
}

#[test]
fn the_walkthrough_works_as_written() {
    let (text, files, commands) = walkthrough();
    assert!(files.len() >= 4, "the walkthrough shows its files: {files:?}");
    let check = "generator --config api/codegen.toml --check";
    let generate = "generator --config api/codegen.toml";
    for expected in ["generator --help", generate, check] {
        assert!(commands.iter().any(|c| c == expected), "the walkthrough runs `{expected}`: {commands:?}");
    }

    let suite = support::repo_root().join("target/generated-crates/walkthrough");
    let project = suite.join("pet-project");
    let _ = std::fs::remove_dir_all(&project);
    for (path, contents) in &files {
        let path = project.join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, contents).unwrap();
    }
    for command in &commands {
        let (ok, output) = generator(&project, command);
        assert!(ok, "`{command}` failed:\n{output}");
        if command == generate {
            // The summary line the walkthrough quotes is what the first run prints.
            let summary = output.lines().next().unwrap_or_default();
            assert!(text.contains(&format!("`{summary}`")), "the walkthrough quotes `{summary}`");
        }
        if command == check {
            assert!(output.contains("up to date"), "{output}");
        }
    }
    for generated in ["api/merged/openapi.json", "petstore-client/API.md", "petstore-client/API_CHANGES.md"] {
        assert!(project.join(generated).exists(), "{generated}");
    }

    // The client, its custom module and the example build, warnings denied.
    std::fs::write(suite.join("Cargo.toml"), "[workspace]\nresolver = \"2\"\nmembers = [\"pet-project/petstore-client\"]\n\n[profile.dev]\ndebug = false\nincremental = false\n").unwrap();
    if !suite.join("Cargo.lock").exists() {
        std::fs::copy(support::repo_root().join("Cargo.lock"), suite.join("Cargo.lock")).unwrap();
    }
    support::cargo_in("walkthrough", &["clippy", "--all-targets", "--all-features"]).unwrap_or_else(|e| panic!("{e}"));

    // A spec changed without regenerating: --check fails, names what and how to fix it.
    let spec = project.join("api/petstore.yaml");
    let edited = std::fs::read_to_string(&spec).unwrap().replace("summary: One pet", "summary: One pet by id");
    std::fs::write(&spec, edited).unwrap();
    let (ok, output) = generator(&project, check);
    assert!(!ok, "{output}");
    assert!(output.contains("api/merged/openapi.json (differs)"), "{output}");
    assert!(output.contains(&format!("run `{generate}`")), "{output}");
}
