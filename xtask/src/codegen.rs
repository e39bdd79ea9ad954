//! `cargo xtask codegen [--check]`: specs/ -> merged spec -> generated-client/, plus the
//! API change report `generated-client/API_CHANGES.md`.

use std::path::{Path, PathBuf};

use generator::api_diff;
use generator::model::Api;
use generator::write::{apply, plan, Change};
use generator::{load, Config};

/// Where the merged spec is written (a subdirectory, so it is not read back as a fragment).
pub const MERGED_SPEC: &str = "specs/merged/openapi.json";
pub const CONFIG: &str = "specs/codegen.toml";
pub const CLIENT_DIR: &str = "generated-client";
/// What the last regeneration that changed the merged spec changed in the Rust API.
pub const API_CHANGES: &str = "generated-client/API_CHANGES.md";
/// Every group and method with its request, in the generated crate.
const API_INDEX: &str = "API.md";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Write,
    /// Change nothing; fail when anything checked in differs from what would be generated.
    Check,
}

/// The merged spec as it is on disk before a run: the order of record for the new merge
/// (see `generator::load::keep_order_of`) and the "before" of the API change report.
pub struct CheckedInSpec {
    pub text: String,
    pub document: serde_json::Value,
}

/// Runs the pipeline for the project at `root`. Returns the summary (one line, and the API
/// changes when the report is rewritten), or a one-line error. Nothing is written unless
/// the whole pipeline succeeded.
///
/// The report is rewritten exactly when the merged spec is, when calls were renamed (the
/// checked-in `API.md` names a request otherwise), when the generator's API design changed
/// since the checked-in crate (`api_diff::design_changes`), or when it is missing: it describes the
/// change from the spec checked in before to the new one, renames first, so a second run,
/// and `--check` on an up-to-date checkout, leave it as the last real change wrote it.
pub fn run(root: &Path, mode: Mode) -> Result<String, String> {
    let config_text = std::fs::read_to_string(root.join(CONFIG)).map_err(|e| format!("{CONFIG}: {e}"))?;
    let mut config = Config::from_toml(CONFIG, &config_text).map_err(|e| e.to_string())?;
    config.read_custom_modules(&root.join("specs"), "specs").map_err(|e| e.to_string())?;
    let mut fragments = load::load_dir(&root.join("specs"), "specs/", &[]).map_err(|e| e.to_string())?;
    let conversion_warnings = load::fragments_to_openapi30(&mut fragments).map_err(|e| e.to_string())?;
    if fragments.is_empty() {
        return Err("specs/ holds no fragments (.md pages with ```json blocks, .json, .yaml)".into());
    }
    let checked_in = checked_in_spec(root)?;
    let mut merged = load::merge(&fragments).map_err(|e| e.to_string())?;
    if let Some(previous) = &checked_in {
        load::keep_order_of(&mut merged.document, &previous.document);
    }
    let generated = generator::generate(&merged.document, &config).map_err(|e| merged.locate(e).to_string())?;
    for warning in conversion_warnings.iter().chain(&merged.warnings).chain(&generated.warnings) {
        match merged.source_of(&warning.pointer) {
            Some(source) => eprintln!("warning: {source}: {warning}"),
            None => eprintln!("warning: {warning}"),
        }
    }

    let client_dir = root.join(CLIENT_DIR);
    let spec_text = merged_spec_text(&merged.document);
    let spec_changed = checked_in.as_ref().is_none_or(|previous| previous.text != spec_text);
    // Calls renamed by a generator or settings change: same request, another name.
    let renamed = match std::fs::read_to_string(client_dir.join(API_INDEX)) {
        Ok(old_index) => {
            let new_index = generated.files.iter().find(|f| f.path == API_INDEX).map_or("", |f| f.contents.as_str());
            let mut renamed = api_diff::renamed_calls(&old_index, new_index);
            renamed.extend(api_diff::renamed_types(&old_index, new_index));
            renamed
        }
        Err(_) => Vec::new(),
    };
    // What a new generator changes in every crate: the revisions since the checked-in one.
    let old_manifest = std::fs::read_to_string(client_dir.join("Cargo.toml")).ok();
    let renamed = match old_manifest {
        Some(manifest) => {
            api_diff::design_changes(api_diff::recorded_design(&manifest)).into_iter().chain(renamed).collect()
        }
        None => renamed,
    };
    let report = (spec_changed || !renamed.is_empty() || !root.join(API_CHANGES).exists())
        .then(|| ApiChangeReport::new(checked_in.as_ref().map(|c| &c.document), &generated.api, &config, renamed));
    let mut files: Vec<(PathBuf, String)> = vec![(root.join(MERGED_SPEC), spec_text)];
    files.extend(generated.files.iter().map(|f| (client_dir.join(&f.path), f.contents.clone())));
    files.extend(report.as_ref().map(|r| (root.join(API_CHANGES), r.markdown.clone())));
    let changes = plan(&files, &[client_dir.join("src")]).map_err(|e| e.to_string())?;
    let shown: Vec<String> = changes.iter().map(|c| describe(root, c)).collect();

    match mode {
        Mode::Check if changes.is_empty() => Ok(format!("codegen --check: {} files up to date", files.len())),
        Mode::Check => Err(format!(
            "generated files are stale: {}; run `cargo xtask codegen` and commit the result",
            shown.join(", ")
        )),
        Mode::Write => {
            apply(&files, &changes).map_err(|e| e.to_string())?;
            let mut summary = format!(
                "codegen: {} fragments, {} operations, {} types, {} files written ({} unchanged)",
                fragments.len(),
                generated.operations,
                generated.types,
                changes.len(),
                files.len() - changes.iter().filter(|c| !matches!(c, Change::Delete(_))).count()
            );
            if let Some(report) = report {
                summary.push('\n');
                summary.push_str(&report.terminal);
            }
            Ok(summary)
        }
    }
}

/// The API change report, as markdown for the file and as lines for the terminal.
struct ApiChangeReport {
    markdown: String,
    terminal: String,
}

impl ApiChangeReport {
    /// Resolves the checked-in spec (none: nothing existed) with the same settings as the
    /// new one and compares the two models.
    fn new(
        previous: Option<&serde_json::Value>,
        new: &Api,
        config: &Config,
        renamed: Vec<api_diff::ApiChange>,
    ) -> Self {
        let old = match previous {
            None => Ok(Api::default()),
            Some(document) => generator::resolve::resolve(document, config).map(|resolved| resolved.api),
        };
        let (name, version) = (&config.krate.name, &config.krate.version);
        let changes = match old {
            Ok(old) => {
                let mut changes = api_diff::diff(&old, new);
                changes.changes.splice(0..0, renamed);
                changes
            }
            Err(error) => {
                let reason = format!("the spec checked in before does not resolve ({error})");
                return ApiChangeReport {
                    markdown: format!(
                        "# API changes of `{name}`\n\nUnknown: {reason}. Review the diff of `generated-client/`.\n"
                    ),
                    terminal: format!("API changes: unknown, {reason}"),
                };
            }
        };
        let mut terminal = api_diff::summary_line(&changes, version);
        for change in &changes.changes {
            terminal.push_str(&format!("\n  {} {change}", if change.breaking { "breaking:  " } else { "compatible:" }));
        }
        if !changes.is_empty() {
            terminal.push_str(&format!("\n  (written to {API_CHANGES})"));
        }
        ApiChangeReport { markdown: api_diff::render_markdown(&changes, name, version), terminal }
    }
}

/// The merged spec as checked in, before this run writes it. None when there is none yet.
pub fn checked_in_spec(root: &Path) -> Result<Option<CheckedInSpec>, String> {
    let text = match std::fs::read_to_string(root.join(MERGED_SPEC)) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(format!("{MERGED_SPEC}: {e}")),
    };
    let document = serde_json::from_str(&text).map_err(|e| {
        format!("{MERGED_SPEC}: invalid JSON ({e}); restore it from git, or delete it to start over from the fragments' order")
    })?;
    Ok(Some(CheckedInSpec { text, document }))
}

/// Warnings start with the JSON pointer they are about.
fn describe(root: &Path, change: &Change) -> String {
    let path = change.path().strip_prefix(root).unwrap_or(change.path()).display();
    match change {
        Change::Create(_) => format!("{path} (missing)"),
        Change::Update(_) => format!("{path} (differs)"),
        Change::Delete(_) => format!("{path} (no longer generated)"),
    }
}

/// The merged spec as pretty JSON, marked as generated.
fn merged_spec_text(document: &serde_json::Value) -> String {
    let mut document = document.clone();
    if let Some(object) = document.as_object_mut() {
        object.insert(
            "x-generated".into(),
            "@generated by `cargo xtask codegen` from the fragments in specs/. Do not edit.".into(),
        );
    }
    let mut text = serde_json::to_string_pretty(&document).expect("a JSON value serializes");
    text.push('\n');
    text
}
