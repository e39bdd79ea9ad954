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
    /// Compares the model of the checked-in spec (resolved with the same generator and
    /// settings as the new one; none: nothing existed) with the new one. `shown` names the
    /// crate's directory and the report file in messages.
    pub fn new(
        previous: &PreviousModel,
        new: &Api,
        config: &Config,
        renamed: Vec<ApiChange>,
        (shown_out, shown_report): (String, String),
        context: api_diff::ReportContext,
    ) -> Self {
        let old = match previous {
            None => Ok(Api::default()),
            Some(Ok(api)) => Ok(api.clone()),
            Some(Err(error)) => Err(error.clone()),
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

/// The model of the spec checked in before a run, resolved with this run's generator and
/// settings: None when there was none, an error when it no longer resolves.
pub(super) type PreviousModel = Option<Result<Api, crate::SpecError>>;

/// What the checked-in crate calls otherwise though its spec did not change it: the
/// generator's API design revisions since that crate, then the calls, types and union
/// variants that the last run recorded (`recorded`) under other names than this generator
/// and these settings give the same spec (`previous`, the checked-in spec's model now).
/// Comparing the same spec keeps what the spec change itself did out of the renames.
pub(super) fn renames(out_dir: &Path, recorded: Option<&ApiNames>, previous: &PreviousModel) -> Vec<ApiChange> {
    let mut renamed = Vec::new();
    if let Ok(manifest) = std::fs::read_to_string(out_dir.join("Cargo.toml")) {
        renamed.extend(api_diff::design_changes(api_diff::recorded_design(&manifest)));
    }
    if let (Some(recorded), Some(Ok(previous))) = (recorded, previous) {
        let now = previous.names();
        renamed.extend(api_diff::renamed_calls(recorded, &now));
        renamed.extend(api_diff::renamed_types(recorded, &now));
        renamed.extend(api_diff::renamed_variants(recorded, &now));
    }
    renamed
}
