//! Real public specs: every `package/{2.0,3.0,3.1}/json/*.json` of `@readme/oas-examples@8.2.2`
//! (circular refs, discriminators, uploads, form data, parameter styles, polymorphism, ...)
//! is generated and the crates are checked with warnings denied. `cargo xtask test` fetches
//! the pinned package into `.cache/corpus/`.

mod support;

use generator::Config;

#[test]
fn readme_oas_examples_generate_and_compile_without_warnings() {
    let mut paths = Vec::new();
    // Swagger 2.0 (7 specs), OpenAPI 3.0 (41) and 3.1 (12).
    for (version, expected) in [("2.0", 7), ("3.0", 40), ("3.1", 12)] {
        let dir = support::repo_root().join(".cache/corpus/oas-examples/8.2.2/package").join(version).join("json");
        assert!(
            dir.is_dir(),
            "the @readme/oas-examples corpus is missing at {}: run `cargo xtask test`, which fetches it",
            dir.display()
        );
        let mut found: Vec<_> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).collect();
        found.retain(|p| p.extension().is_some_and(|e| e == "json"));
        found.sort();
        assert!(found.len() >= expected, "expected {expected} {version} specs, found {}", found.len());
        paths.extend(found.into_iter().map(|p| (version, p)));
    }
    let mut crates = Vec::new();
    let mut failures = Vec::new();
    for (version, path) in &paths {
        let version = version.replace('.', "");
        let name = format!("corpus-{version}-{}", path.file_stem().unwrap().to_string_lossy());
        let mut config = Config::default();
        config.krate.name = name.clone();
        match generator::generate_from_file(path, &config) {
            Ok(generated) => crates.push((name, generated)),
            Err(error) => failures.push(error.to_string()),
        }
    }
    assert!(failures.is_empty(), "specs the generator rejected:\n{}", failures.join("\n"));
    if let Err(output) =
        support::compile_crates("oas-examples", &crates, &["clippy", "--all-targets", "--all-features"])
    {
        panic!("generated crates do not compile cleanly:\n{output}");
    }
    println!("{} specs generated and checked", crates.len());
}
