//! Changes of the generated API's design: what a new generator changes in every crate it
//! writes, whatever the spec says (a derive, an attribute, how types are built). Each
//! revision is listed once, here; a generated crate records the revision that wrote it
//! (`[package.metadata.client-generator] api-design` in its `Cargo.toml`), and regenerating
//! it reports every revision since, next to what the spec changed.

use super::change::{ApiChange, ChangeKind};
use crate::model::{API_DESIGN, API_DESIGN_KEY};

/// One change a revision made: whether it breaks users' code, what it touched, how.
type DesignChange = (bool, &'static str, &'static str);

/// What revision `n` changed (revision 1, the first recorded, is the baseline).
const REVISIONS: &[(u32, &[DesignChange])] = &[(
    2,
    &[
        (
            true,
            "every struct",
            "`#[non_exhaustive]`: build one with `Type::new(required members)` and its setters (or \
             assign its fields); a struct literal no longer compiles outside the crate, and a \
             member the spec adds later no longer breaks code that builds the struct",
        ),
        (
            true,
            "every enum, union and enum of success statuses",
            "`#[non_exhaustive]`: a `match` needs a `_` arm, and a value, variant or status the \
             spec adds later no longer breaks it",
        ),
        (
            false,
            "every struct",
            "`new` (the required members); a struct sent in requests also has one chaining setter per member",
        ),
        (
            false,
            "the client",
            "`Client::request(Method, path)` and `RawRequest`: requests the spec does not describe, through the \
             client's credentials, retries, timeouts, hooks and tracing",
        ),
    ],
), (
    3,
    &[
        (
            false,
            "every call",
            "`Call::byte_stream()`: the success body as a `ByteStream` of chunks as they arrive, never whole in memory",
        ),
        (
            false,
            "binary request bodies",
            "take `impl IntoUploadBody`: whatever `impl Into<Vec<u8>>` took, or an `UploadBody` (a file, opened again \
             for each attempt, or a stream, sent once); raw requests gain `upload` and `byte_stream`",
        ),
        (
            false,
            "the crate",
            "the cargo feature `mock`: `mock::MockServer`, the API served from a test's process, with expectations \
             named and typed as the client's groups and methods",
        ),
    ],
)];

/// The design changes between a crate written by revision `old` and this generator.
pub fn design_changes(old: u32) -> Vec<ApiChange> {
    REVISIONS
        .iter()
        .filter(|(revision, _)| *revision > old && *revision <= API_DESIGN)
        .flat_map(|(revision, changes)| {
            changes.iter().map(move |(breaking, what, detail)| ApiChange {
                kind: ChangeKind::Changed,
                breaking: *breaking,
                what: (*what).to_string(),
                detail: Some(format!("{detail} (generator API design {revision})")),
            })
        })
        .collect()
}

/// The revision recorded in a generated crate's `Cargo.toml`; 1 when none is (crates written
/// before revisions were recorded).
pub fn recorded_design(cargo_toml: &str) -> u32 {
    cargo_toml
        .lines()
        .find_map(|line| line.strip_prefix(API_DESIGN_KEY)?.trim_start().strip_prefix('=')?.trim().parse().ok())
        .unwrap_or(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_crate_reports_the_revisions_since_the_one_it_records() {
        assert_eq!(recorded_design("[package]\nname = \"x\"\n"), 1);
        let manifest = format!("[package.metadata.client-generator]\n{API_DESIGN_KEY} = {API_DESIGN}\n");
        assert_eq!(recorded_design(&manifest), API_DESIGN);
        assert!(design_changes(API_DESIGN).is_empty());
        let from_first = design_changes(1);
        assert!(from_first.iter().any(|c| c.breaking) && from_first.iter().all(|c| c.detail.is_some()));
        // Every revision up to this one is described.
        let described: Vec<u32> = REVISIONS.iter().map(|(r, _)| *r).collect();
        assert_eq!(described, (2..=API_DESIGN).collect::<Vec<_>>());
    }
}
