//! Errors about the input: every one names where the offending node came from.

use std::fmt;

/// Where a fragment came from: a file, and for markdown pages the fenced block.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Source {
    /// Path as given (relative to the workspace when run from the xtask).
    pub file: String,
    /// 1-based number of the fenced block in a markdown page; `None` for plain files.
    pub block: Option<usize>,
    /// 1-based line in `file` where the fragment text starts.
    pub first_line: usize,
}

impl fmt::Display for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.block {
            Some(block) => write!(f, "{} block {} (line {})", self.file, block, self.first_line),
            None => write!(f, "{}", self.file),
        }
    }
}

/// A problem with the spec, located by source and JSON pointer. Displayed on one line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpecError {
    /// The fragment (or fragments, for conflicts) the problem comes from.
    pub sources: Vec<Source>,
    /// JSON pointer (RFC 6901) of the offending node inside the fragment or merged spec.
    pub pointer: String,
    pub message: String,
}

impl SpecError {
    pub fn new(pointer: impl Into<String>, message: impl Into<String>) -> Self {
        SpecError { sources: Vec::new(), pointer: pointer.into(), message: message.into() }
    }

    pub fn at(mut self, source: Source) -> Self {
        if !self.sources.contains(&source) {
            self.sources.push(source);
        }
        self
    }
}

impl fmt::Display for SpecError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sources: Vec<String> = self.sources.iter().map(Source::to_string).collect();
        if !sources.is_empty() {
            write!(f, "{}: ", sources.join(" and "))?;
        }
        let pointer = if self.pointer.is_empty() { "/" } else { &self.pointer };
        // One line: a message from a parser may carry newlines.
        write!(f, "at {pointer}: {}", self.message.replace('\n', " "))
    }
}

impl std::error::Error for SpecError {}

/// A part of the spec that generation read with a fallback (named in `message`), located by
/// JSON pointer. Settings problems have an empty pointer and say which setting.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Warning {
    /// JSON pointer (RFC 6901) of the node in the document as given; empty for settings.
    pub pointer: String,
    pub message: String,
}

impl Warning {
    pub fn new(pointer: impl Into<String>, message: impl Into<String>) -> Self {
        Warning { pointer: pointer.into(), message: message.into() }
    }
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.pointer.as_str() {
            "" => write!(f, "{}", self.message),
            pointer => write!(f, "{pointer}: {}", self.message),
        }
    }
}

/// Escapes one reference token for a JSON pointer (RFC 6901).
pub fn pointer_token(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

/// Appends tokens to a pointer.
pub fn pointer_join(base: &str, tokens: &[&str]) -> String {
    let mut out = base.to_string();
    for token in tokens {
        out.push('/');
        out.push_str(&pointer_token(token));
    }
    out
}
