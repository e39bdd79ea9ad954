//! `cargo xtask roundtrip <SPEC>... | --fixtures | --netography | --random N [--instances N] [--seed N]`:
//! uses a generated client the way a user meets it. For every operation, schema-valid JSON
//! instances of its JSON success-response bodies and of its JSON request body (made by
//! json-schema-faker, `xtask/roundtrip/instances.mjs`) are decoded into the Rust type the
//! client uses for that body, encoded again and compared with the instance
//! ([`roundtrip_compare::differences`](crate::roundtrip_compare::differences) states the
//! normalization). Failures are printed grouped by class, with examples; any failure fails
//! the command. `--random N` checks N documents of [`random_specs`](crate::random_specs),
//! written to `target/random-specs/seed-<seed>/spec-<k>.json` (the seed also seeds the
//! instances); a spec the generator refuses (class `generate`) or whose client does not
//! compile (class `compile`) is a failure too.
//!
//! The decoding runs in a small cargo project per spec, `target/roundtrip/<spec>/` (a
//! workspace of its own, the generated crate in `client/` beside it, or the checked-in
//! `generated-client/` for `--netography`), built in `target/roundtrip-target/` so that
//! runs share their builds. It reads the instances at run time: another seed or count does
//! not rebuild it.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use generator::{load, Config};
use serde_json::{json, Value};

use crate::check_project::{self, client_dependencies};
use crate::roundtrip_bodies::{self, Bodies, Body};
use crate::roundtrip_compare::{differences, error_class, float_rounded, typed_member, Change};
use crate::roundtrip_known;
use crate::roundtrip_targets::{self, Target};

pub const USAGE: &str =
    "usage: cargo xtask roundtrip <SPEC>... | --fixtures | --netography | --random N | --corpora [--directory-sample N] \
     [--instances N] [--seed N]";
const SCRIPT: &str = "xtask/roundtrip/instances.mjs";
const EXAMPLES_PER_CLASS: usize = 3;

/// Why a spec could not be checked: `class` is `generate` (the generator refused it),
/// `compile` (its client or the decoding program did not compile) or `check` (anything else).
struct Stop {
    class: &'static str,
    message: String,
}

impl From<String> for Stop {
    fn from(message: String) -> Self {
        Stop { class: "check", message }
    }
}

pub fn run(root: &Path, args: &[&str]) -> Result<(), String> {
    let started = Instant::now();
    let (mut count, mut seed, mut targets, mut random) = (8usize, 1u64, Vec::new(), None);
    let (mut corpora, mut directory_sample) = (false, roundtrip_targets::DIRECTORY_SAMPLE);
    let mut rest = args.iter();
    while let Some(&arg) = rest.next() {
        let mut number = |what: &str| -> Result<u64, String> {
            let value = rest.next().ok_or_else(|| format!("{arg} needs a number; {USAGE}"))?;
            value.parse().map_err(|_| format!("not a {what}: {value}"))
        };
        match arg {
            "--instances" => count = number("count")? as usize,
            "--seed" => seed = number("seed")?,
            "--random" => random = Some(number("count")? as usize),
            "--directory-sample" => directory_sample = number("count")? as usize,
            "--netography" => targets.push(Target::Netography),
            "--fixtures" => targets.extend(roundtrip_targets::fixtures(root)?),
            "--corpora" => corpora = true,
            flag if flag.starts_with("--") => return Err(format!("unknown option {flag}; {USAGE}")),
            spec => targets.push(Target::spec(PathBuf::from(spec))),
        }
    }
    // After the loop: `--directory-sample` may follow `--corpora`.
    if corpora {
        targets.extend(roundtrip_targets::corpora(root, directory_sample)?);
    }
    if let Some(n) = random {
        let specs = crate::random_specs::write(root, n, seed)?;
        targets.extend(specs.into_iter().map(|(path, stem)| Target::Spec { path, stem }));
    }
    if targets.is_empty() {
        return Err(USAGE.into());
    }
    check_tools(root)?;
    let mut total = Totals::default();
    for target in &targets {
        let shown = match target {
            Target::Spec { path, .. } => path.strip_prefix(root).unwrap_or(path).display().to_string(),
            Target::Netography => crate::codegen::MERGED_SPEC.to_string(),
        };
        match check_spec(root, target, &shown, count, seed, &mut total) {
            Ok(line) => {
                println!("roundtrip: {shown}: {line}");
                total.checked.push(shown);
            }
            Err(Stop { class, message }) => {
                println!("roundtrip: {shown}: {class} ERROR {}", clip(message.lines().next().unwrap_or_default()));
                total.errors.push((class, format!("{shown}: {message}")));
            }
        }
    }
    print!("{}", total.report(targets.len(), started.elapsed().as_secs_f64()));
    let used: std::collections::BTreeSet<usize> = total.known.keys().copied().collect();
    let stale = roundtrip_known::stale(total.checked.iter().map(String::as_str), &used);
    for entry in &stale {
        println!(
            "stale entry of xtask/src/roundtrip_known.rs: {:?} {} `{}` explained nothing",
            entry.specs, entry.rust_type, entry.class
        );
    }
    let failed = total.failed_instances + total.errors.len() + stale.len();
    if failed > 0 {
        return Err(format!(
            "{} instances failed the round trip, {} specs could not be checked, {} known-failure entries are stale",
            total.failed_instances,
            total.errors.len(),
            stale.len()
        ));
    }
    Ok(())
}

/// json-schema-faker and ajv come from `.tools/`, pinned by its package.json and lock file:
/// a package missing, or installed at another version, fails naming the command that
/// installs the pinned ones.
fn check_tools(root: &Path) -> Result<(), String> {
    let tools = root.join(crate::test::TOOLS_DIR);
    let read = |path: PathBuf| -> Option<Value> { serde_json::from_str(&std::fs::read_to_string(path).ok()?).ok() };
    let pinned = read(tools.join("package.json")).unwrap_or_default();
    for package in ["json-schema-faker-roundtrip", "ajv", "ajv-formats"] {
        let installed = read(tools.join("node_modules").join(package).join("package.json"));
        let installed = installed.as_ref().and_then(|p| p["version"].as_str());
        // An alias pins `npm:name@version`.
        let wanted = pinned["dependencies"][package].as_str().map(|w| w.rsplit('@').next().unwrap_or(w));
        if installed.is_none() || installed != wanted {
            let found = installed.map_or("is not installed".to_string(), |v| format!("is at {v}"));
            return Err(format!(
                "{package} {found} in {dir}/node_modules (pinned: {}): run `npm ci --prefix {dir}` (or `cargo xtask \
                 test`, which installs the pinned tools)",
                wanted.unwrap_or("?"),
                dir = crate::test::TOOLS_DIR,
            ));
        }
    }
    Ok(())
}

/// One instance that did not come back as it went in.
struct Failure {
    class: String,
    spec: String,
    rust_type: String,
    label: String,
    pointer: String,
    snippet: String,
}

#[derive(Default)]
struct Totals {
    bodies: usize,
    /// `<spec>: <Rust type>`: a type is counted once per spec.
    types: std::collections::BTreeSet<String>,
    instances: usize,
    discarded: usize,
    /// Why json-schema-faker's instances were discarded, or why a body got none: the first few.
    faker_notes: Vec<String>,
    /// Bodies for which json-schema-faker made no valid instance.
    without_instances: Vec<String>,
    skipped: BTreeMap<String, usize>,
    failed_instances: usize,
    classes: BTreeMap<String, Vec<Failure>>,
    /// Failures explained by an entry of [`roundtrip_known::KNOWN`] (its index), counted.
    known: BTreeMap<usize, usize>,
    /// The specs checked (shown paths), for stale entries of that table.
    checked: Vec<String>,
    /// (class, `<spec>: <message>`) of the specs that could not be checked.
    errors: Vec<(&'static str, String)>,
}

/// Generates (or, for Netography, takes the checked-in crate), makes instances, builds and
/// runs the decoding program, and adds its results to `total`. Returns the spec's line.
fn check_spec(
    root: &Path,
    target: &Target,
    shown: &str,
    count: usize,
    seed: u64,
    total: &mut Totals,
) -> Result<String, Stop> {
    let (stem, document, api, client_dir, crate_name) = match target {
        Target::Spec { path, stem } => {
            let mut config = Config::default();
            config.krate.name = format!("roundtrip-{stem}");
            let refused = |message: String| Stop { class: "generate", message };
            let generated = generator::generate_from_file(path, &config).map_err(|e| refused(e.to_string()))?;
            let document = openapi30(path).map_err(refused)?;
            let client_dir = root.join("target/roundtrip").join(stem).join("client");
            generator::write_crate(&client_dir, &generated).map_err(|e| format!("{}: {e}", client_dir.display()))?;
            (stem.clone(), document, generated.api, client_dir, config.krate.name)
        }
        Target::Netography => {
            let project = crate::codegen::project(root)?;
            let document = project
                .checked_in_spec()?
                .ok_or_else(|| "no merged spec yet: run `cargo xtask codegen`".to_string())?
                .document;
            let config = project.config;
            // The model only, for the body types: the crate checked is the one checked in.
            let generated = generator::generate(&document, &config).map_err(|e| e.to_string())?;
            let client_dir = root.join(crate::codegen::CLIENT_DIR);
            ("netography".to_string(), document, generated.api, client_dir, config.krate.name)
        }
    };
    let work = root.join("target/roundtrip").join(&stem);
    let Bodies { checked, skipped } = roundtrip_bodies::collect(&api, &document);
    for (_, reason) in &skipped {
        *total.skipped.entry(reason.clone()).or_default() += 1;
    }
    let instances = make_instances(root, &work, &document, &checked, count, seed, total)?;
    let output = run_program(root, &work, &client_dir, &crate_name, &checked, &instances)?;
    let (mut failed, mut made) = (0, 0);
    for (body, (instances, results)) in checked.iter().zip(instances.iter().zip(&output)) {
        made += instances.len();
        for (instance, result) in instances.iter().zip(results) {
            let failures = judge(&document, shown, body, instance, result);
            let explained: Vec<Option<usize>> =
                failures.iter().map(|f| roundtrip_known::explaining(&f.spec, &f.rust_type, &f.class)).collect();
            if !failures.is_empty() && explained.iter().all(Option::is_some) {
                for index in explained.into_iter().flatten() {
                    *total.known.entry(index).or_default() += 1;
                }
                continue;
            }
            failed += usize::from(!failures.is_empty());
            for failure in failures {
                total.classes.entry(failure.class.clone()).or_default().push(failure);
            }
        }
        total.types.insert(format!("{stem}: {}", body.rust_type));
    }
    total.bodies += checked.len();
    total.instances += made;
    total.failed_instances += failed;
    Ok(format!("{} bodies, {made} instances, {failed} failed, {} bodies skipped", checked.len(), skipped.len()))
}

/// The spec file brought into OpenAPI 3.0 form and merged, as `generate_from_file` does.
fn openapi30(path: &Path) -> Result<Value, String> {
    let shown = path.display().to_string();
    let text = std::fs::read_to_string(path).map_err(|e| format!("{shown}: {e}"))?;
    let mut fragments = load::parse_file(&shown, &text).map_err(|e| e.to_string())?;
    load::fragments_to_openapi30(&mut fragments).map_err(|e| e.to_string())?;
    Ok(load::merge(&fragments).map_err(|e| e.to_string())?.document)
}

/// Runs the node script: `count` instances per body (fewer when json-schema-faker repeats
/// itself or gets the schema wrong).
fn make_instances(
    root: &Path,
    work: &Path,
    document: &Value,
    bodies: &[Body],
    count: usize,
    seed: u64,
    total: &mut Totals,
) -> Result<Vec<Vec<Value>>, String> {
    let schemas: Vec<Value> = bodies
        .iter()
        .map(|b| json!({"id": b.labels[0], "schema": b.schema, "direction": b.direction.as_str()}))
        .collect();
    let job = json!({"document": document, "schemas": schemas, "count": count, "seed": seed});
    let mut made = run_script(root, work, &job)?;
    let mut all = Vec::new();
    for body in bodies {
        let entry = made.get_mut(&body.labels[0]).map(Value::take).unwrap_or_default();
        let instances = match entry.get("instances") {
            Some(Value::Array(items)) => items.clone(),
            _ => Vec::new(),
        };
        total.discarded += entry.get("discarded").and_then(Value::as_u64).unwrap_or(0) as usize;
        let notes = entry.get("errors").and_then(Value::as_array).into_iter().flatten().filter_map(Value::as_str);
        for note in notes.take(1) {
            total.faker_notes.push(format!("{} ({}): {note}", body.rust_type, body.labels[0]));
        }
        if instances.is_empty() {
            total.without_instances.push(format!("{} ({})", body.rust_type, body.labels[0]));
        }
        all.push(instances);
    }
    Ok(all)
}

/// Runs `instances.mjs` on `job` (written into `work`) and returns what it made.
fn run_script(root: &Path, work: &Path, job: &Value) -> Result<Value, String> {
    std::fs::create_dir_all(work).map_err(|e| format!("{}: {e}", work.display()))?;
    let (job_path, out_path) = (work.join("job.json"), work.join("instances-by-body.json"));
    std::fs::write(&job_path, job.to_string()).map_err(|e| format!("{}: {e}", job_path.display()))?;
    let status = Command::new("node")
        .arg(root.join(SCRIPT))
        .arg(root.join(crate::test::TOOLS_DIR))
        .arg(&job_path)
        .arg(&out_path)
        .status()
        .map_err(|e| format!("cannot run node ({e}); install Node.js 20"))?;
    if !status.success() {
        return Err(format!("node {SCRIPT} failed ({status})"));
    }
    let text = std::fs::read_to_string(&out_path).map_err(|e| format!("{}: {e}", out_path.display()))?;
    serde_json::from_str(&text).map_err(|e| format!("{}: {e}", out_path.display()))
}

/// Writes, builds and runs the decoding program; returns each body's results in order.
fn run_program(
    root: &Path,
    work: &Path,
    client_dir: &Path,
    crate_name: &str,
    bodies: &[Body],
    instances: &[Vec<Value>],
) -> Result<Vec<Vec<Value>>, Stop> {
    let stem = work.file_name().and_then(|s| s.to_str()).unwrap_or("spec");
    let extra = client_dependencies(client_dir);
    let manifest = format!(
        "# Written by `cargo xtask roundtrip`.\n[package]\nname = \"roundtrip-check-{stem}\"\nversion = \"0.0.0\"\n\
         edition = \"2021\"\npublish = false\n\n[dependencies]\nclient = {{ package = \"{crate_name}\", path = {:?} \
         }}\nserde = \"1\"\nserde_json = \"1\"\nserde_path_to_error = \"0.1\"\n{extra}\n[workspace]\n\n\
         [profile.dev]\ndebug = false\nincremental = false\n",
        client_dir.display().to_string()
    );
    let mut main = String::from(MAIN_HEAD);
    for (id, body) in bodies.iter().enumerate() {
        let _ = writeln!(main, "    check::<{}>({id}, &all[{id}]);", body.rust_type);
    }
    main.push_str("}\n");
    check_project::write(root, work, &manifest, &main)?;
    let instances_path = work.join("instances.json");
    std::fs::write(&instances_path, Value::from(instances.to_vec()).to_string()).map_err(|e| e.to_string())?;
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let output = Command::new(cargo)
        .args(["run", "--quiet", "--manifest-path"])
        .arg(work.join("Cargo.toml"))
        .arg("--")
        .arg(&instances_path)
        .env("CARGO_TARGET_DIR", root.join("target/roundtrip-target"))
        .output()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    let stdout = String::from_utf8_lossy(&output.stdout);
    let mut results: Vec<Vec<Value>> = instances.iter().map(|i| vec![Value::Null; i.len()]).collect();
    for line in stdout.lines() {
        let Ok(result) = serde_json::from_str::<Value>(line) else { continue };
        let id = result["id"].as_u64().unwrap_or(u64::MAX) as usize;
        let index = result["index"].as_u64().unwrap_or(u64::MAX) as usize;
        if let Some(slot) = results.get_mut(id).and_then(|r| r.get_mut(index)) {
            *slot = result;
        }
    }
    if !output.status.success() {
        let stderr = String::from_utf8_lossy(&output.stderr);
        if stderr.contains("error: could not compile") {
            // The first error, whole: what the client got wrong.
            let lines: Vec<&str> = stderr.lines().skip_while(|l| !l.starts_with("error")).take(24).collect();
            let first: Vec<&str> = lines
                .iter()
                .enumerate()
                .take_while(|(i, l)| *i == 0 || !l.starts_with("error"))
                .map(|(_, l)| *l)
                .collect();
            let message = format!("{} does not compile:\n{}", work.display(), first.join("\n"));
            return Err(Stop { class: "compile", message });
        }
        let tail: Vec<&str> = stderr.lines().rev().take(40).collect();
        let tail: Vec<&str> = tail.into_iter().rev().collect();
        return Err(format!("the decoding program in {} failed:\n{}", work.display(), tail.join("\n")).into());
    }
    Ok(results)
}

/// The decoding program, up to the checks (one `check::<Type>(id, &all[id]);` per body).
/// Nothing is imported by name: the body types are spelled as the client's `types` module
/// (glob-imported) and `rust_text` spell them.
const MAIN_HEAD: &str = r#"//! Written by `cargo xtask roundtrip`: decodes every instance into its body's Rust type,
//! encodes it again, and prints one JSON line per instance.
#![allow(unused_imports)]
use client::types::*;

fn check<T: serde::de::DeserializeOwned + serde::Serialize>(id: usize, instances: &[serde_json::Value]) {
    for (index, instance) in instances.iter().enumerate() {
        let line = match serde_path_to_error::deserialize::<_, T>(instance.clone()) {
            Err(error) => {
                let pointer: String = error.path().iter().map(|segment| match segment {
                    serde_path_to_error::Segment::Seq { index } => format!("/{index}"),
                    serde_path_to_error::Segment::Map { key } => format!("/{}", key.replace('~', "~0").replace('/', "~1")),
                    serde_path_to_error::Segment::Enum { variant } => format!("/{variant}"),
                    serde_path_to_error::Segment::Unknown => "/?".to_string(),
                }).collect();
                serde_json::json!({"id": id, "index": index, "decode": error.inner().to_string(), "pointer": pointer})
            }
            Ok(value) => match serde_json::to_value(&value) {
                Ok(output) => serde_json::json!({"id": id, "index": index, "output": output}),
                Err(error) => serde_json::json!({"id": id, "index": index, "encode": error.to_string()}),
            },
        };
        println!("{line}");
    }
}

fn main() {
    let path = std::env::args().nth(1).expect("usage: roundtrip-check <INSTANCES.json>");
    let text = std::fs::read_to_string(&path).expect("instances file");
    let all: Vec<Vec<serde_json::Value>> = serde_json::from_str(&text).expect("instances JSON");
"#;

/// The failures of one instance: one per class.
fn judge(document: &Value, spec: &str, body: &Body, instance: &Value, result: &Value) -> Vec<Failure> {
    let failure = |class: String, pointer: &str, snippet: String| Failure {
        class,
        spec: spec.to_string(),
        rust_type: body.rust_type.clone(),
        label: body.labels[0].clone(),
        pointer: pointer.to_string(),
        snippet,
    };
    if let Some(message) = result.get("decode").and_then(Value::as_str) {
        let pointer = result["pointer"].as_str().unwrap_or("");
        let at = instance.pointer(pointer).unwrap_or(instance);
        return vec![failure(format!("decode: {}", error_class(message)), pointer, short(at))];
    }
    if let Some(message) = result.get("encode").and_then(Value::as_str) {
        return vec![failure(format!("encode: {}", error_class(message)), "", short(instance))];
    }
    let Some(output) = result.get("output") else {
        return vec![failure("no result: the program stopped".into(), "", short(instance))];
    };
    let mut failures: Vec<Failure> = Vec::new();
    for difference in differences(instance, output) {
        let class = match difference.change {
            Change::Dropped if !typed_member(document, &body.schema, instance, &difference.pointer) => continue,
            Change::Dropped => "member dropped".to_string(),
            Change::Changed if float_rounded(document, &body.schema, instance, output, &difference.pointer) => continue,
            Change::Added => format!("re-encode adds a member at {}", generic(&difference.pointer)),
            Change::Changed => format!("re-encode differs at {}", generic(&difference.pointer)),
        };
        if failures.iter().any(|f| f.class == class) {
            continue;
        }
        let show = |v: &Value| v.pointer(&difference.pointer).map_or("(absent)".to_string(), short);
        failures.push(failure(class, &difference.pointer, format!("{} -> {}", show(instance), show(output))));
    }
    failures
}

/// A pointer with its array indices as `*`, so that one place of a type is one class.
fn generic(pointer: &str) -> String {
    pointer
        .split('/')
        .map(|t| if !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit()) { "*" } else { t })
        .collect::<Vec<_>>()
        .join("/")
}

/// A line of an error cut at 300 characters (the generator's may hold a whole emitted file).
fn clip(line: &str) -> String {
    match line.char_indices().nth(300) {
        Some((cut, _)) => format!("{}...", &line[..cut]),
        None => line.to_string(),
    }
}

fn short(value: &Value) -> String {
    let text = value.to_string();
    match text.char_indices().nth(100) {
        Some((cut, _)) => format!("{}...", &text[..cut]),
        None => text,
    }
}

impl Totals {
    fn report(&self, specs: usize, seconds: f64) -> String {
        let mut out = String::new();
        let skipped: usize = self.skipped.values().sum();
        let reasons: Vec<String> = self.skipped.iter().map(|(reason, n)| format!("{reason}: {n}")).collect();
        let reasons = if reasons.is_empty() { String::new() } else { format!(" ({})", reasons.join(", ")) };
        let _ = writeln!(
            out,
            "roundtrip: {specs} specs, {} types checked ({} bodies), {} instances ({} discarded as invalid for their \
             schema), {skipped} bodies skipped{reasons}, {} instances failed, in {seconds:.1} s",
            self.types.len(),
            self.bodies,
            self.instances,
            self.discarded,
            self.failed_instances,
        );
        if !self.errors.is_empty() {
            let mut by_class: BTreeMap<&str, usize> = BTreeMap::new();
            for (class, _) in &self.errors {
                *by_class.entry(class).or_default() += 1;
            }
            let counts: Vec<String> = by_class.iter().map(|(class, n)| format!("{class}: {n}")).collect();
            let _ = writeln!(out, "  {} specs could not be checked ({})", self.errors.len(), counts.join(", "));
        }
        if !self.without_instances.is_empty() {
            let _ = writeln!(
                out,
                "  {} bodies got no valid instance: {}",
                self.without_instances.len(),
                self.without_instances.join(", ")
            );
        }
        for note in self.faker_notes.iter().take(10) {
            let _ = writeln!(out, "  discarded: {note}");
        }
        if self.faker_notes.len() > 10 {
            let _ = writeln!(out, "  discarded: ... and instances of {} more bodies", self.faker_notes.len() - 10);
        }
        let mut errors: Vec<&(&str, String)> = self.errors.iter().collect();
        errors.sort_by_key(|(class, _)| *class);
        for (class, error) in errors {
            let error: Vec<String> = error.lines().map(clip).collect();
            let _ = writeln!(out, "  {class} error: {}", error.join("\n"));
        }
        if !self.known.is_empty() {
            let _ = writeln!(out, "known failures, not the generator's (instances; xtask/src/roundtrip_known.rs):");
        }
        for (index, count) in &self.known {
            let known = &roundtrip_known::KNOWN[*index];
            let _ = writeln!(out, "  {count:>4}  {} in {}: {}", known.rust_type, known.specs.join(", "), known.reason);
        }
        let mut classes: Vec<(&String, &Vec<Failure>)> = self.classes.iter().collect();
        classes.sort_by_key(|(class, failures)| (std::cmp::Reverse(failures.len()), *class));
        if !classes.is_empty() {
            let _ = writeln!(out, "failures by class (instances):");
        }
        for (class, failures) in classes {
            let _ = writeln!(out, "  {:>4}  {class}", failures.len());
            // Examples at different places where there are.
            let mut shown: Vec<(&str, &str, String)> = Vec::new();
            for f in failures {
                let place = (f.spec.as_str(), f.rust_type.as_str(), generic(&f.pointer));
                if shown.len() == EXAMPLES_PER_CLASS || shown.contains(&place) {
                    continue;
                }
                shown.push(place);
                let at = if f.pointer.is_empty() { "/" } else { &f.pointer };
                let _ = writeln!(out, "          {}: {} ({}) at {at}: {}", f.spec, f.rust_type, f.label, f.snippet);
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The node script on a small document: `$ref`s into the components resolve, `nullable`
    /// gives `null`, `readOnly` members stay out of requests, discriminator tags are kept,
    /// and a seed gives the same instances again.
    #[test]
    fn instances_follow_the_openapi_meaning_of_the_schema() {
        let root = crate::project_root();
        if let Err(missing) = check_tools(&root) {
            panic!("{missing}");
        }
        let document = json!({"openapi": "3.0.3", "components": {"schemas": {
            "Pet": {"oneOf": [{"$ref": "#/components/schemas/Dog"}, {"$ref": "#/components/schemas/Cat"}],
                    "discriminator": {"propertyName": "kind", "mapping": {"dog": "#/components/schemas/Dog"}}},
            "Dog": {"type": "object", "required": ["kind", "id", "bark"], "properties": {
                "kind": {"type": "string"}, "id": {"type": "integer", "readOnly": true},
                "bark": {"type": "string", "nullable": true}}},
            "Cat": {"type": "object", "required": ["kind"], "properties": {"kind": {"type": "string"}}}
        }}});
        let schema = json!({"$ref": "#/components/schemas/Pet"});
        let job = json!({"document": document, "count": 8, "seed": 3,
            "schemas": [{"id": "request", "schema": schema, "direction": "request"},
                        {"id": "response", "schema": schema, "direction": "response"}]});
        let work = root.join("target/roundtrip/unit-test");
        let made = run_script(&root, &work, &job).unwrap();
        let instances = |id: &str| made[id]["instances"].as_array().cloned().unwrap_or_default();
        let (requests, responses) = (instances("request"), instances("response"));
        assert!(requests.len() >= 4 && responses.len() >= 4, "{made}");
        for pet in requests.iter().chain(&responses) {
            let kind = pet["kind"].as_str().unwrap();
            assert!(kind == "dog" || kind == "Cat", "{pet}");
            assert!(kind == "Cat" || pet.get("bark").is_some(), "required members come from Dog: {pet}");
        }
        assert!(requests.iter().all(|pet| pet.get("id").is_none()), "readOnly in a request: {requests:?}");
        assert!(responses.iter().any(|pet| pet["id"].is_i64()), "{responses:?}");
        assert!(requests.iter().chain(&responses).any(|pet| pet.get("bark") == Some(&Value::Null)), "{made}");
        assert_eq!(run_script(&root, &work, &job).unwrap(), made, "the same seed gives the same instances");
    }

    #[test]
    fn array_indices_are_one_place() {
        assert_eq!(generic("/data/0/items/12/name"), "/data/*/items/*/name");
    }
}
