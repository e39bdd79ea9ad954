//! `cargo xtask semver-checks`: the API change report against cargo-semver-checks, the
//! ecosystem's semver oracle, on three histories:
//!
//! - the compat table (`cargo xtask compat`): every change applied to `xtask/compat/base.yaml`;
//! - the Netography client: changes of the kinds specs make, applied to the checked-in
//!   merged spec (`specs/merged/openapi.json`, with `specs/codegen.toml`);
//! - GitHub's client from published `@octokit/openapi` versions, older to newer.
//!
//! Each pair of crates is generated, then `cargo semver-checks --baseline-root` compares
//! them (all features on). Its verdict and the report's are printed side by side. The command
//! fails when the report calls a change "not breaking" that cargo-semver-checks finds
//! breaking; the other disagreement (a breaking change it has no lint for, such as a
//! parameter of another type) is listed: there the compiler, `cargo xtask compat`, judges.
//!
//! Offline, not in `cargo xtask test`: cargo-semver-checks takes about 10 minutes to build on
//! 2 cores (installed once, pinned, into `.tools/cargo/`), and each GitHub pair builds two
//! rustdoc JSON files of a 110,000-line crate.

use std::path::{Path, PathBuf};
use std::process::Command;

use generator::Config;
use serde_json::{json, Value};

use crate::compat;
use crate::corpus::Corpus;

const SEMVER_CHECKS_VERSION: &str = "0.51.0";

/// Published `@octokit/openapi` versions compared, older first.
const GITHUB_PAIRS: [(&str, &str); 2] = [("23.0.1", "23.0.2"), ("22.0.0", "23.0.2")];

struct Row {
    history: String,
    change: String,
    report_breaking: bool,
    report_lines: usize,
    semver_breaking: bool,
    lints: Vec<String>,
}

pub fn run(root: &Path) -> Result<(), String> {
    let tool = install(root)?;
    let mut rows = Vec::new();

    let work = root.join("target/semver");
    let mut config = Config::default();
    config.krate.name = "compat-client".into();
    let base = compat::base_spec(root)?;
    for change in compat::CHANGES {
        let mut spec = base.clone();
        (change.apply)(&mut spec);
        rows.push(compare(&tool, &work.join("compat"), &base, &spec, &config, "compat", change.name)?);
    }

    let (netography, netography_config) = netography(root)?;
    for (name, apply) in NETOGRAPHY_CHANGES {
        let mut spec = netography.clone();
        apply(&mut spec);
        rows.push(compare(
            &tool,
            &work.join("netography"),
            &netography,
            &spec,
            &netography_config,
            "Netography",
            name,
        )?);
    }

    let mut github_config = Config::default();
    github_config.krate.name = crate::corpus::GITHUB_CRATE.into();
    for (old, new) in GITHUB_PAIRS {
        let before = github_spec(root, old)?;
        let after = github_spec(root, new)?;
        let change = format!("@octokit/openapi {old} -> {new}");
        rows.push(compare(&tool, &work.join("github"), &before, &after, &github_config, "GitHub", &change)?);
    }

    println!("\n{:<12} {:<46} {:<22} cargo-semver-checks", "history", "change", "report");
    let mut missed_by_report = Vec::new();
    let mut missed_by_semver = Vec::new();
    for row in &rows {
        let report = match (row.report_lines, row.report_breaking) {
            (0, _) => "no change".to_string(),
            (n, true) => format!("breaking ({n} changes)"),
            (n, false) => format!("additive ({n} changes)"),
        };
        let semver = if row.semver_breaking { format!("breaking: {}", row.lints.join(", ")) } else { "ok".into() };
        println!("{:<12} {:<46} {:<22} {semver}", row.history, row.change, report);
        match (row.report_breaking, row.semver_breaking) {
            (false, true) => missed_by_report.push(format!("{} / {}", row.history, row.change)),
            (true, false) => missed_by_semver.push(format!("{} / {}", row.history, row.change)),
            _ => {}
        }
    }
    let agree = rows.len() - missed_by_report.len() - missed_by_semver.len();
    println!("semver-checks: {agree} of {} agree", rows.len());
    if !missed_by_semver.is_empty() {
        println!(
            "breaking by the report, not by cargo-semver-checks (no lint for it; `cargo xtask compat` shows the \
             compiler agrees with the report): {}",
            missed_by_semver.join("; ")
        );
    }
    if missed_by_report.is_empty() {
        Ok(())
    } else {
        Err(format!("the report calls breaking changes not breaking: {}", missed_by_report.join("; ")))
    }
}

/// cargo-semver-checks, pinned, installed into `.tools/cargo/` on first use.
fn install(root: &Path) -> Result<PathBuf, String> {
    let tools = root.join(".tools/cargo");
    let binary = tools.join("bin/cargo-semver-checks");
    let installed = Command::new(&binary).arg("--version").output().ok().filter(|o| o.status.success());
    if installed.is_some_and(|o| String::from_utf8_lossy(&o.stdout).contains(SEMVER_CHECKS_VERSION)) {
        return Ok(binary);
    }
    println!(
        "==> installing cargo-semver-checks {SEMVER_CHECKS_VERSION} into .tools/cargo (about 10 minutes on 2 cores)"
    );
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let status = Command::new(cargo)
        .args(["install", "cargo-semver-checks", "--locked", "--version", SEMVER_CHECKS_VERSION, "--root"])
        .arg(&tools)
        .status()
        .map_err(|e| e.to_string())?;
    if !status.success() {
        return Err(format!("cargo install cargo-semver-checks@{SEMVER_CHECKS_VERSION} failed"));
    }
    Ok(binary)
}

/// Generates the crate before and after (same name, same settings), asks the report and
/// cargo-semver-checks.
fn compare(
    tool: &Path,
    work: &Path,
    before: &Value,
    after: &Value,
    config: &Config,
    history: &str,
    change: &str,
) -> Result<Row, String> {
    println!("==> {history}: {change}");
    let old = generator::generate(before, config).map_err(|e| format!("{change} (before): {e}"))?;
    let new = generator::generate(after, config).map_err(|e| format!("{change} (after): {e}"))?;
    let report = generator::api_diff::diff(&old.api, &new.api);
    let (old_dir, new_dir) = (work.join("before"), work.join("after"));
    generator::write_crate(&old_dir, &old).map_err(|e| e.to_string())?;
    generator::write_crate(&new_dir, &new).map_err(|e| e.to_string())?;
    // Each crate a workspace of its own, built in one shared target folder.
    for dir in [&old_dir, &new_dir] {
        let manifest = dir.join("Cargo.toml");
        let text = std::fs::read_to_string(&manifest).map_err(|e| e.to_string())?;
        if !text.contains("\n[workspace]") {
            std::fs::write(&manifest, format!("{text}\n[workspace]\n")).map_err(|e| e.to_string())?;
        }
    }
    let output = Command::new(tool)
        .args(["semver-checks", "--all-features", "--release-type", "minor", "--baseline-root"])
        .arg(&old_dir)
        .arg("--manifest-path")
        .arg(new_dir.join("Cargo.toml"))
        .env("CARGO_TARGET_DIR", work.join("target"))
        .output()
        .map_err(|e| format!("cannot run cargo-semver-checks: {e}"))?;
    let text = format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr));
    if !output.status.success() && !text.contains("semver requires new major version") {
        return Err(format!("cargo-semver-checks failed on {history} / {change}:\n{text}"));
    }
    // `--- failure <lint>: <description> ---` per failed lint.
    let lints: Vec<String> = text
        .lines()
        .filter_map(|l| l.trim().strip_prefix("--- failure ")?.split(':').next().map(str::to_string))
        .collect();
    let report_breaking = report.breaking().next().is_some();
    Ok(Row {
        history: history.into(),
        change: change.into(),
        report_breaking,
        report_lines: report.changes.len(),
        semver_breaking: !output.status.success(),
        lints,
    })
}

fn netography(root: &Path) -> Result<(Value, Config), String> {
    let project = crate::codegen::project(root)?;
    let spec = project.checked_in_spec()?.ok_or("no merged spec yet: run `cargo xtask codegen`")?.document;
    let mut config = project.config;
    // The library alone: its benchmark and tests live in generated-client/ only.
    config.krate.benches.clear();
    config.krate.dev_dependencies.clear();
    Ok((spec, config))
}

fn github_spec(root: &Path, version: &'static str) -> Result<Value, String> {
    let corpus = Corpus { version, ..crate::corpus::GITHUB };
    let path = corpus.fetch(root)?.join("generated/api.github.com.json");
    let text = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    serde_json::from_str(&text).map_err(|e| e.to_string())
}

/// Every object schema of the spec whose `description` is `description` (the pages repeat a
/// schema inline per operation: a change touches every copy, as a real spec change would).
fn each_schema(value: &mut Value, description: &str, edit: &dyn Fn(&mut serde_json::Map<String, Value>)) {
    match value {
        Value::Object(map) => {
            if map.get("description").and_then(Value::as_str) == Some(description) && map.contains_key("properties") {
                edit(map);
            }
            map.values_mut().for_each(|v| each_schema(v, description, edit));
        }
        Value::Array(items) => items.iter_mut().for_each(|v| each_schema(v, description, edit)),
        _ => {}
    }
}

fn each_enum(value: &mut Value, values: &Value, edit: &dyn Fn(&mut Vec<Value>)) {
    match value {
        Value::Object(map) => {
            if map.get("enum") == Some(values) {
                if let Some(Value::Array(listed)) = map.get_mut("enum") {
                    edit(listed);
                }
            }
            map.values_mut().for_each(|v| each_enum(v, values, edit));
        }
        Value::Array(items) => items.iter_mut().for_each(|v| each_enum(v, values, edit)),
        _ => {}
    }
}

type SpecEdit = fn(&mut Value);

const NETOGRAPHY_CHANGES: [(&str, SpecEdit); 6] = [
    ("optional member of ApiKeyCreateConfig", |s| {
        each_schema(s, "API Key Create Config", &|m| {
            m["properties"]["expires"] = json!({"type": "integer", "description": "Expiry (Unix time)"});
        })
    }),
    ("optional member of ApiKeyRecord", |s| {
        each_schema(s, "API Key Record", &|m| {
            m["properties"]["created"] = json!({"type": "number", "description": "Unix timestamp of creation"});
        })
    }),
    ("enum value of the stats contexts", |s| {
        each_enum(s, &json!(["alert", "audit", "block", "flow", "dns"]), &|values| values.push(json!("netflow")))
    }),
    ("operation", |s| {
        s["paths"]["/api/v1/api-keys/{appname}/usage"] = json!({"get": {
            "tags": ["API Keys"], "operationId": "v1_api_keys_appname_usage_get", "summary": "API Key usage",
            "parameters": [{"name": "appname", "in": "path", "required": true, "schema": {"type": "string"}}],
            "responses": {"200": {"description": "Usage", "content": {"application/json": {
                "schema": {"type": "object", "properties": {"calls": {"type": "integer"}}}}}}}
        }});
    }),
    ("required member of ApiKeyCreateConfig", |s| {
        each_schema(s, "API Key Create Config", &|m| {
            m["properties"]["owner"] = json!({"type": "string", "description": "Owner"});
            if let Some(Value::Array(required)) = m.get_mut("required") {
                required.push(json!("owner"));
            }
        })
    }),
    ("removed operation", |s| {
        if let Some(path) = s["paths"].get_mut("/api/v1/api-keys/{appname}/regen").and_then(Value::as_object_mut) {
            path.remove("put");
        }
    }),
];
