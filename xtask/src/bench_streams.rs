//! The streams part of `cargo xtask bench`: a client generated from the pagination fixture,
//! with `xtask/bench-streams/streams.rs` as its benchmark, built in release and run.

use std::path::Path;

const BENCH: &str = include_str!("../bench-streams/streams.rs");
const SETTINGS: &str = r#"
[crate]
name = "bench-streams"
version = "0.1.0"
benches = ["streams"]

[crate.dev-dependencies]
tokio = { version = "1", features = ["macros", "rt-multi-thread", "net", "io-util"] }
"#;

pub fn run(root: &Path) -> Result<(), String> {
    let spec = root.join("generator/tests/fixtures/pagination.yaml");
    let config = generator::Config::from_toml("bench-streams", SETTINGS).map_err(|e| e.to_string())?;
    let generated = generator::generate_from_file(&spec, &config).map_err(|e| e.to_string())?;
    let crate_dir = root.join("target/generated-crates/bench-streams/bench-streams");
    generator::write_crate(&crate_dir, &generated).map_err(|e| e.to_string())?;
    let benches = crate_dir.join("benches");
    std::fs::create_dir_all(&benches).map_err(|e| e.to_string())?;
    std::fs::write(benches.join("streams.rs"), BENCH).map_err(|e| e.to_string())?;
    // The parser the runtime copies into clients with event streams, measured on its own.
    std::fs::copy(root.join("generator/runtime/sse_parser.rs"), benches.join("sse_parser.rs"))
        .map_err(|e| e.to_string())?;
    let workspace = crate::corpus::scratch_workspace(root, &crate_dir)?;
    println!("==> streams: cargo bench --bench streams (a client generated from fixtures/pagination.yaml)");
    let status = workspace
        .cargo(&["bench", "--quiet", "--bench", "streams"])
        .env("CARGO_INCREMENTAL", "0")
        .status()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    if !status.success() {
        return Err("the streams benchmark failed".into());
    }
    Ok(())
}
