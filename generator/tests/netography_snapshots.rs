//! The Netography client generated from `specs/` through the project workflow, as
//! `cargo xtask codegen` runs it: the fallbacks its published pages need (a snapshot of the
//! warnings), and the runtime copies in the checked-in client. The generated sources
//! themselves are checked in as `generated-client/`, which `cargo xtask codegen --check`
//! keeps current and the workspace compiles and tests.

mod support;

use generator::project::{Project, ProjectOutput};

fn netography() -> ProjectOutput {
    let root = support::repo_root();
    let project = Project::open(&root.join("specs/codegen.toml"), None).unwrap_or_else(|e| panic!("{e}"));
    project.generate().unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn netography_warnings() {
    let generated = netography().generated;
    // The fallbacks the published pages need, each with its JSON pointer.
    insta::assert_snapshot!(
        "netography__warnings",
        generated.warnings.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n")
    );
}

/// Every runtime module the client needs is in the checked-in client as its template, byte
/// for byte, after the generated-file header and a line naming the template; every other
/// runtime module is absent.
#[test]
fn runtime_modules_are_copied_byte_for_byte() {
    let client = support::repo_root().join("generated-client");
    let generated = netography().generated;
    let header = generator::write::generated_header(Some("cargo xtask codegen"));
    let mut copied = 0;
    for module in &generator::emit::RUNTIME {
        let path = module.path();
        let needed = generated.files.iter().any(|f| f.path == path);
        match std::fs::read_to_string(client.join(&path)) {
            Ok(copy) => {
                assert!(needed, "{path} is checked in, but the client does not need it");
                assert!(
                    copy == generator::emit::runtime_copy(&path, module.source, &header),
                    "{path} differs from its template"
                );
                copied += 1;
            }
            Err(_) => assert!(!needed, "{path} is needed, but not checked in"),
        }
    }
    assert!(copied >= 6, "the client carries at least the core runtime; found {copied} modules");
}
