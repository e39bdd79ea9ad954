//! Snapshots of the Netography client generated from `specs/`: a generator change shows
//! up here as a reviewable diff (`cargo insta review`). The same sources are checked in as
//! `generated-client/`, which the workspace compiles and tests, so a snapshot cannot drift
//! into code that does not build.

use std::path::Path;

use generator::{load, Config};

#[test]
fn netography_client_sources() {
    let specs = Path::new(env!("CARGO_MANIFEST_DIR")).join("../specs");
    let config =
        Config::from_toml("codegen.toml", &std::fs::read_to_string(specs.join("codegen.toml")).unwrap()).unwrap();
    let fragments = load::load_dir(&specs, "specs/", &[]).unwrap();
    let mut merged = load::merge(&fragments).unwrap();
    // As `cargo xtask codegen` does: the checked-in merged spec is the order of record.
    let previous = std::fs::read_to_string(specs.join("merged/openapi.json")).unwrap();
    load::keep_order_of(&mut merged.document, &serde_json::from_str(&previous).unwrap());
    let generated = generator::generate(&merged.document, &config).unwrap();
    assert!(generated.warnings.is_empty(), "{:?}", generated.warnings);
    for file in &generated.files {
        insta::assert_snapshot!(format!("netography__{}", file.path.replace('/', "__")), &file.contents);
    }
}
