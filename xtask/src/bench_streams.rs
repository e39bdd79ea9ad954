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

/// A client generated from `fixture` (with `settings`, naming the crate `name`) in a scratch
/// workspace, with `source` as its benchmark `benches/<bench>.rs`.
fn bench_crate(
    root: &Path,
    fixture: &str,
    settings: &str,
    name: &str,
    bench: &str,
    source: &str,
) -> Result<(std::path::PathBuf, crate::corpus::ScratchWorkspace), String> {
    let spec = root.join("generator/tests/fixtures").join(fixture);
    let config = generator::Config::from_toml(name, settings).map_err(|e| e.to_string())?;
    let generated = generator::generate_from_file(&spec, &config).map_err(|e| e.to_string())?;
    let crate_dir = root.join("target/generated-crates").join(name).join(name);
    generator::write_crate(&crate_dir, &generated).map_err(|e| e.to_string())?;
    let benches = crate_dir.join("benches");
    std::fs::create_dir_all(&benches).map_err(|e| e.to_string())?;
    std::fs::write(benches.join(format!("{bench}.rs")), source).map_err(|e| e.to_string())?;
    let workspace = crate::corpus::scratch_workspace(root, &crate_dir)?;
    Ok((benches, workspace))
}

pub fn run(root: &Path) -> Result<(), String> {
    let (benches, workspace) = bench_crate(root, "pagination.yaml", SETTINGS, "bench-streams", "streams", BENCH)?;
    // The parser the runtime copies into clients with event streams, measured on its own.
    std::fs::copy(root.join("generator/runtime/sse_parser.rs"), benches.join("sse_parser.rs"))
        .map_err(|e| e.to_string())?;
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

const DOWNLOADS: &str = include_str!("../bench-downloads/downloads.rs");
const DOWNLOAD_SETTINGS: &str = r#"
[crate]
name = "bench-downloads"
version = "0.1.0"
benches = ["downloads"]

[crate.dev-dependencies]
tokio = { version = "1", features = ["macros", "rt-multi-thread"] }
"#;
/// Rounds of each side, interleaved: the best throughput and the highest peak count.
const DOWNLOAD_ROUNDS: usize = 3;

/// 1 GiB through `byte_stream()` against reqwest's `bytes_stream()`, one process per
/// download (see `xtask/bench-downloads/downloads.rs`). Goals: peak memory under 64 MiB,
/// throughput within 10% of reqwest's.
pub fn downloads(root: &Path) -> Result<(), String> {
    let (_, workspace) =
        bench_crate(root, "responses.yaml", DOWNLOAD_SETTINGS, "bench-downloads", "downloads", DOWNLOADS)?;
    println!("==> downloads: 1 GiB, `byte_stream()` of a client generated from fixtures/responses.yaml vs reqwest");
    // (best MiB/s, highest peak KiB) per side.
    let mut results = [(0f64, 0u64); 2];
    for _ in 0..DOWNLOAD_ROUNDS {
        for (side, mode) in ["client", "reqwest"].iter().enumerate() {
            let output = workspace
                .cargo(&["bench", "--quiet", "--bench", "downloads"])
                .env("CARGO_INCREMENTAL", "0")
                .env("DOWNLOAD_MODE", mode)
                .output()
                .map_err(|e| format!("cannot run cargo: {e}"))?;
            let stdout = String::from_utf8_lossy(&output.stdout);
            let line = stdout.lines().find(|l| l.starts_with("download ")).ok_or_else(|| {
                format!("the downloads benchmark ({mode}) failed: {}", String::from_utf8_lossy(&output.stderr))
            })?;
            println!("  {line}");
            let numbers: Vec<f64> = line.split([' ', ',']).filter_map(|word| word.parse::<f64>().ok()).collect();
            let [speed, peak] = numbers[..] else { return Err(format!("unexpected output: {line}")) };
            results[side].0 = results[side].0.max(speed);
            results[side].1 = results[side].1.max(peak as u64);
        }
    }
    let [(client_speed, client_peak), (reqwest_speed, reqwest_peak)] = results;
    println!(
        "downloads: byte_stream {client_speed:.0} MiB/s, peak {:.1} MiB (goal < 64); reqwest bytes_stream \
         {reqwest_speed:.0} MiB/s, peak {:.1} MiB; throughput ratio {:.2} (goal >= 0.90)",
        client_peak as f64 / 1024.0,
        reqwest_peak as f64 / 1024.0,
        client_speed / reqwest_speed
    );
    Ok(())
}
