//! The API change report of a regeneration: the model of the spec checked in before against
//! the new one (`api_diff::diff`), after the renames a generator or settings change made.

use std::path::Path;

use crate::api_diff::{self, ApiChange};
use crate::model::{Api, ApiNames};
use crate::Config;

/// The report, as markdown for the file and as lines for the terminal.
pub(super) struct ApiChangeReport {
    pub markdown: String,
    pub terminal: String,
}

impl ApiChangeReport {
    /// Resolves the checked-in spec (none: nothing existed) with the same settings as the
    /// new one and compares the two models. `shown` names the crate's directory and the
    /// report file in messages.
    pub fn new(
        previous: Option<&serde_json::Value>,
        new: &Api,
        config: &Config,
        renamed: Vec<ApiChange>,
        (shown_out, shown_report): (String, String),
        context: api_diff::ReportContext,
    ) -> Self {
        let old = match previous {
            None => Ok(Api::default()),
            Some(document) => crate::resolve::resolve(document, config).map(|resolved| resolved.api),
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
                        "# API changes of `{name}`\n\nUnknown: {reason}. Review the diff of `{shown_out}/`.\n"
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
            terminal.push_str(&format!("\n  (written to {shown_report})"));
        }
        ApiChangeReport { markdown: api_diff::render_markdown(&changes, name, version, context), terminal }
    }
}

/// What the crate checked in at `out_dir` calls otherwise than the new one, though the spec
/// did not change it: the generator's API design revisions since that crate, then calls and
/// types renamed by a generator or settings change (`old_names`: the names the last run
/// recorded, if any).
pub(super) fn renames(out_dir: &Path, old_names: Option<&ApiNames>, new_names: &ApiNames) -> Vec<ApiChange> {
    let mut renamed = Vec::new();
    if let Ok(manifest) = std::fs::read_to_string(out_dir.join("Cargo.toml")) {
        renamed.extend(api_diff::design_changes(api_diff::recorded_design(&manifest)));
    }
    if let Some(old) = old_names {
        renamed.extend(api_diff::renamed_calls(old, new_names));
        renamed.extend(api_diff::renamed_types(old, new_names));
    }
    renamed
}
