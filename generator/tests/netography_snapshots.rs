//! The Netography client generated from `specs/`: the fallbacks its published pages need
//! (a snapshot of the warnings), and the runtime copies in the checked-in client. The
//! generated sources themselves are checked in as `generated-client/`, which
//! `cargo xtask codegen --check` keeps current and the workspace compiles and tests.

use std::path::Path;

use generator::{load, Config};

#[test]
fn netography_warnings() {
    let specs = Path::new(env!("CARGO_MANIFEST_DIR")).join("../specs");
    let mut config =
        Config::from_toml("codegen.toml", &std::fs::read_to_string(specs.join("codegen.toml")).unwrap()).unwrap();
    config.read_custom_modules(&specs, "specs").unwrap();
    let fragments = load::load_dir(&specs, "specs/", &[]).unwrap();
    let mut merged = load::merge(&fragments).unwrap();
    // As `cargo xtask codegen` does: the checked-in merged spec is the order of record.
    let previous = std::fs::read_to_string(specs.join("merged/openapi.json")).unwrap();
    load::keep_order_of(&mut merged.document, &serde_json::from_str(&previous).unwrap());
    let generated = generator::generate(&merged.document, &config).unwrap();
    // The fallbacks the published pages need, each with its JSON pointer.
    insta::assert_snapshot!(
        "netography__warnings",
        generated.warnings.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n")
    );
}

/// Every runtime module in the checked-in client is its template, byte for byte, after the
/// generated-file header and a line naming the template.
#[test]
fn runtime_modules_are_copied_byte_for_byte() {
    let client = Path::new(env!("CARGO_MANIFEST_DIR")).join("../generated-client");
    let mut copied = 0;
    for module in &generator::emit::RUNTIME {
        let path = module.path();
        let Ok(copy) = std::fs::read_to_string(client.join(&path)) else { continue };
        let expected = generator::emit::runtime_copy(&path, module.source);
        assert!(copy == expected, "{path} differs from its template in generator/runtime/");
        copied += 1;
    }
    assert!(copied >= 6, "the client carries at least the core runtime; found {copied} modules");
}
