//! One change of a crate's Rust API, as the report lists it.

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ChangeKind {
    Added,
    Removed,
    Changed,
}

/// One change of the Rust API: `what` names the item (`method \`ApiKeys::list\``), `detail`
/// says more (the HTTP operation, the old and new types).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiChange {
    pub kind: ChangeKind,
    pub breaking: bool,
    pub what: String,
    pub detail: Option<String>,
}

impl std::fmt::Display for ApiChange {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let verb = match self.kind {
            ChangeKind::Added => "Added",
            ChangeKind::Removed => "Removed",
            ChangeKind::Changed => "Changed",
        };
        write!(f, "{verb} {}", self.what)?;
        match &self.detail {
            Some(detail) => write!(f, ": {detail}"),
            None => Ok(()),
        }
    }
}
