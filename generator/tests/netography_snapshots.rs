//! Snapshots of the Netography client generated from `specs/`: a generator change shows
//! up here as a reviewable diff (`cargo insta review`). The same sources are checked in as
//! `generated-client/`, which the workspace compiles and tests, so a snapshot cannot drift
//! into code that does not build.

use std::path::Path;

use generator::{load, Config};

#[test]
fn netography_client_sources() {
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
    // The runtime is copied, not generated: the test below checks the copies.
    let is_runtime = |path: &str| generator::emit::RUNTIME.iter().any(|module| module.path() == path);
    for file in generated.files.iter().filter(|file| !is_runtime(&file.path)) {
        insta::assert_snapshot!(format!("netography__{}", file.path.replace('/', "__")), &file.contents);
    }
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
