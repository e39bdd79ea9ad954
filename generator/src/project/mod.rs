//! The regeneration workflow around the pipeline, for any project: a settings file whose
//! directory holds the spec's fragments, the merged spec written beside them, the generated
//! crate, and the API change report in it. `cargo xtask codegen` and the `generator
//! --config` command both run [`Project::run`].
//!
//! Invariants: nothing is written unless the whole pipeline succeeded; [`Mode::Check`] writes
//! nothing and names every stale file and the command that fixes it; a second run writes
//! nothing (the checked-in merged spec is the order of record, see [`load::keep_order_of`]).

mod report;

use std::path::{Component, Path, PathBuf};

use crate::api_diff::ReportContext;
use crate::model::ApiNames;
use crate::write::{apply, plan, Change};
use crate::{load, Config, Generated};
use report::ApiChangeReport;

/// The names the crate gives each request and type, written beside the merged spec and
/// compared on the next run for renames.
const API_NAMES: &str = "api-names.json";
/// What the last regeneration that changed the merged spec changed in the Rust API.
pub const API_CHANGES: &str = "API_CHANGES.md";
const DEFAULT_MERGED_SPEC: &str = "merged/openapi.json";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Write,
    /// Change nothing; fail when anything checked in differs from what would be generated.
    Check,
}

/// A project, opened from its settings file: the settings (with custom modules read) and
/// where everything lives. Paths are normalized; messages show them relative to `shown_root`.
#[derive(Debug, Clone)]
pub struct Project {
    pub config: Config,
    pub settings_file: PathBuf,
    /// The directory of fragments: the settings file's.
    pub spec_dir: PathBuf,
    pub out_dir: PathBuf,
    pub merged_spec: PathBuf,
    /// The command that regenerates, named in messages and the merged spec's marker.
    pub regenerate: String,
    shown_root: PathBuf,
}

/// What one run of the pipeline gives: the merged spec (to write and to locate warnings)
/// and the generated crate, plus the merged spec checked in before it.
pub struct ProjectOutput {
    pub merged: load::MergedSpec,
    pub generated: Generated,
    pub fragments: usize,
    pub checked_in: Option<CheckedInSpec>,
}

/// The merged spec as it is on disk before a run: the order of record for the new merge and
/// the "before" of the API change report.
pub struct CheckedInSpec {
    pub text: String,
    pub document: serde_json::Value,
}

impl Project {
    /// Reads the settings file and its custom modules. `out` overrides `[project] out`;
    /// one of them must say where the crate goes. Paths are shown, in messages and in what
    /// is generated, relative to the project's root: the directory that holds the settings
    /// file's directory (as `specs/` sits in this repository), so that output does not depend
    /// on where the command runs.
    pub fn open(settings_file: &Path, out: Option<&Path>) -> Result<Project, String> {
        let given = settings_file.display().to_string();
        let settings_file = std::fs::canonicalize(settings_file).map_err(|e| format!("{given}: {e}"))?;
        let root = settings_file.parent().and_then(Path::parent).unwrap_or(Path::new("/")).to_path_buf();
        let shown_root = root.as_path();
        let out = out.map(|out| std::env::current_dir().map(|cwd| cwd.join(out)).unwrap_or_else(|_| out.to_path_buf()));
        let out = out.as_deref();
        let shown_file = shown(&settings_file, shown_root);
        let text = std::fs::read_to_string(&settings_file).map_err(|e| format!("{shown_file}: {e}"))?;
        let mut config = Config::from_toml(&shown_file, &text).map_err(|e| e.to_string())?;
        let spec_dir = normalize(settings_file.parent().unwrap_or(Path::new(".")));
        config.read_custom_modules(&spec_dir, &shown(&spec_dir, shown_root)).map_err(|e| e.to_string())?;
        let out_dir = match (out, &config.project.out) {
            (Some(out), _) => normalize(out),
            (None, Some(out)) => normalize(&spec_dir.join(out)),
            (None, None) => {
                return Err(format!(
                    "{shown_file}: no `[project] out` setting and no --out: where should the crate go?"
                ))
            }
        };
        let merged_spec =
            normalize(&spec_dir.join(config.project.merged_spec.as_deref().unwrap_or(DEFAULT_MERGED_SPEC)));
        let regenerate =
            config.project.regenerate.clone().unwrap_or_else(|| format!("generator --config {shown_file}"));
        // Every generated file names it in its first line.
        config.project.regenerate = Some(regenerate.clone());
        let shown_root = shown_root.to_path_buf();
        Ok(Project { config, settings_file, spec_dir, out_dir, merged_spec, regenerate, shown_root })
    }

    /// `path` as messages show it: relative to the root the project was opened from.
    pub fn shown(&self, path: &Path) -> String {
        shown(path, &self.shown_root)
    }

    /// The merged spec as checked in, before this run writes it. None when there is none yet.
    pub fn checked_in_spec(&self) -> Result<Option<CheckedInSpec>, String> {
        let file = self.shown(&self.merged_spec);
        let text = match std::fs::read_to_string(&self.merged_spec) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(format!("{file}: {e}")),
        };
        let document = serde_json::from_str(&text).map_err(|e| {
            format!(
                "{file}: invalid JSON ({e}); restore it from git, or delete it to start over from the fragments' order"
            )
        })?;
        Ok(Some(CheckedInSpec { text, document }))
    }

    /// Where the names of the last run are recorded: beside the merged spec.
    pub fn names_file(&self) -> PathBuf {
        self.merged_spec.with_file_name(API_NAMES)
    }

    /// The names the last run recorded; None when there are none (a first run, or a project
    /// from before they were recorded: no renames are then reported).
    fn recorded_names(&self) -> Result<Option<ApiNames>, String> {
        let file = self.names_file();
        match std::fs::read_to_string(&file) {
            Ok(text) => serde_json::from_str(&text).map(Some).map_err(|e| {
                format!(
                    "{}: invalid ({e}); restore it from git, or delete it (renames since are then not reported)",
                    self.shown(&file)
                )
            }),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(format!("{}: {e}", self.shown(&file))),
        }
    }

    /// The pipeline, in memory: the fragments merged in the order of record and generated.
    pub fn generate(&self) -> Result<ProjectOutput, String> {
        let shown_dir = self.shown(&self.spec_dir);
        let prefix = if shown_dir == "." { String::new() } else { format!("{shown_dir}/") };
        let fragments = load::load_dir(&self.spec_dir, &prefix, &[]).map_err(|e| e.to_string())?;
        if fragments.is_empty() {
            return Err(format!("{shown_dir}/ holds no fragments (.md pages with ```json blocks, .json, .yaml)"));
        }
        let count = fragments.len();
        let checked_in = self.checked_in_spec()?;
        let previous = checked_in.as_ref().map(|c| &c.document);
        let (merged, resolved) =
            crate::resolve_fragments(fragments, previous, &self.config).map_err(|e| e.to_string())?;
        let generated = crate::emit_and_format(resolved, &self.config).map_err(|e| merged.locate(e).to_string())?;
        Ok(ProjectOutput { merged, generated, fragments: count, checked_in })
    }

    /// Runs the workflow. Returns the summary (one line, and the API changes when the report
    /// is rewritten), or a one-line error. Warnings go to stderr, each with its fragment.
    ///
    /// The report is rewritten exactly when the merged spec is, when calls were renamed (the
    /// checked-in `API.md` names a request otherwise), when the generator's API design changed
    /// since the checked-in crate (`api_diff::design_changes`), or when it is missing: it
    /// describes the change from the spec checked in before to the new one, renames first, so
    /// a second run, and `--check` on an up-to-date checkout, leave it as the last real change
    /// wrote it.
    pub fn run(&self, mode: Mode) -> Result<String, String> {
        let ProjectOutput { merged, generated, fragments, checked_in } = self.generate()?;
        for warning in &generated.warnings {
            match merged.source_of(&warning.pointer) {
                Some(source) => eprintln!("warning: {source}: {warning}"),
                None => eprintln!("warning: {warning}"),
            }
        }
        let spec_text = self.merged_spec_text(&merged.document);
        let spec_changed = checked_in.as_ref().is_none_or(|previous| previous.text != spec_text);
        let names = generated.api.names();
        let previous_model: report::PreviousModel = checked_in
            .as_ref()
            .map(|previous| crate::resolve::resolve(&previous.document, &self.config).map(|resolved| resolved.api));
        let renamed = report::renames(&self.out_dir, self.recorded_names()?.as_ref(), &previous_model);
        let changes_file = self.out_dir.join(API_CHANGES);
        let report = (spec_changed || !renamed.is_empty() || !changes_file.exists()).then(|| {
            let shown = (self.shown(&self.out_dir), self.shown(&changes_file));
            let (merged_spec, settings) = (self.shown(&self.merged_spec), self.shown(&self.settings_file));
            let context =
                ReportContext { regenerate: &self.regenerate, merged_spec: &merged_spec, settings: &settings };
            ApiChangeReport::new(&previous_model, &generated.api, &self.config, renamed, shown, context)
        });
        let mut names_text = serde_json::to_string_pretty(&names).expect("names serialize");
        names_text.push('\n');
        let mut files: Vec<(PathBuf, String)> =
            vec![(self.merged_spec.clone(), spec_text), (self.names_file(), names_text)];
        files.extend(generated.files.iter().map(|f| (self.out_dir.join(&f.path), f.contents.clone())));
        files.extend(report.as_ref().map(|r| (changes_file.clone(), r.markdown.clone())));
        let changes = plan(&files, &[self.out_dir.join("src")]).map_err(|e| e.to_string())?;
        let described: Vec<String> = changes.iter().map(|c| self.describe(c)).collect();

        match mode {
            Mode::Check if changes.is_empty() => Ok(format!("codegen --check: {} files up to date", files.len())),
            Mode::Check => Err(format!(
                "generated files are stale: {}; run `{}` and commit the result",
                described.join(", "),
                self.regenerate
            )),
            Mode::Write => {
                apply(&files, &changes).map_err(|e| e.to_string())?;
                let mut summary = format!(
                    "codegen: {fragments} fragments, {} operations, {} types, {} files written ({} unchanged)",
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

    fn describe(&self, change: &Change) -> String {
        let path = self.shown(change.path());
        match change {
            Change::Create(_) => format!("{path} (missing)"),
            Change::Update(_) => format!("{path} (differs)"),
            Change::Delete(_) => format!("{path} (no longer generated)"),
        }
    }

    /// The merged spec as pretty JSON, marked as generated.
    fn merged_spec_text(&self, document: &serde_json::Value) -> String {
        let mut document = document.clone();
        if let Some(object) = document.as_object_mut() {
            let marker = format!(
                "@generated by `{}` from the fragments in {}/. Do not edit.",
                self.regenerate,
                self.shown(&self.spec_dir)
            );
            object.insert("x-generated".into(), marker.into());
        }
        let mut text = serde_json::to_string_pretty(&document).expect("a JSON value serializes");
        text.push('\n');
        text
    }
}

/// `a/./b/../c` -> `a/c`, without touching the file system (the output may not exist yet).
fn normalize(path: &Path) -> PathBuf {
    let mut parts: Vec<Component> = Vec::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir if matches!(parts.last(), Some(Component::Normal(_))) => {
                parts.pop();
            }
            other => parts.push(other),
        }
    }
    if parts.is_empty() {
        PathBuf::from(".")
    } else {
        parts.iter().collect()
    }
}

fn shown(path: &Path, root: &Path) -> String {
    let relative = path.strip_prefix(root).unwrap_or(path);
    let text = relative.display().to_string().replace('\\', "/");
    if text.is_empty() {
        ".".into()
    } else {
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_normalized_without_the_file_system() {
        assert_eq!(normalize(Path::new("specs/../generated-client")), PathBuf::from("generated-client"));
        assert_eq!(normalize(Path::new("./specs/./x")), PathBuf::from("specs/x"));
        assert_eq!(normalize(Path::new("")), PathBuf::from("."));
        assert_eq!(normalize(Path::new("../a/../../b")), PathBuf::from("../../b"));
        assert_eq!(shown(Path::new("/r/specs/x"), Path::new("/r")), "specs/x");
        assert_eq!(shown(Path::new("/r"), Path::new("/r")), ".");
    }
}
