//! Real public specs: every `package/3.0/json/*.json` of `@readme/oas-examples@8.2.2`
//! (circular refs, discriminators, uploads, form data, parameter styles, polymorphism, ...)
//! is generated and the crates are checked with warnings denied. `cargo xtask test` fetches
//! the pinned package into `.cache/corpus/`.

mod support;

use generator::Config;

#[test]
fn readme_oas_examples_generate_and_compile_without_warnings() {
    let dir = support::repo_root().join(".cache/corpus/oas-examples/8.2.2/package/3.0/json");
    assert!(
        dir.is_dir(),
        "the @readme/oas-examples corpus is missing at {}: run `cargo xtask test`, which fetches it",
        dir.display()
    );
    let mut paths: Vec<_> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).collect();
    paths.retain(|p| p.extension().is_some_and(|e| e == "json"));
    paths.sort();
    assert!(paths.len() >= 40, "expected about 41 specs, found {}", paths.len());
    let mut crates = Vec::new();
    let mut failures = Vec::new();
    for path in &paths {
        let name = format!("corpus-{}", path.file_stem().unwrap().to_string_lossy());
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
