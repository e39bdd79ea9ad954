//! Turns an OpenAPI 3.0 document into a typed, documented async Rust client crate.
//!
//! The pipeline, one module per stage:
//! 1. [`load`]: read fragments (markdown pages, JSON, YAML) and merge them into one document;
//! 2. [`resolve`]: follow `$ref`s, resolve `allOf`, intern inline schemas and choose names,
//!    producing the typed [`model`];
//! 3. [`emit`]: turn the model into Rust tokens (quote) plus the client runtime;
//! 4. [`format`]: format with prettyplease and add the "generated" header;
//!    [`write`] compares with what is on disk and writes.

pub mod config;
pub mod emit;
mod error;
pub mod format;
pub mod load;
pub mod model;
pub mod resolve;
pub mod write;

pub use config::Config;
pub use error::{pointer_join, Source, SpecError};

/// One file of the generated crate, relative to its root.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GeneratedFile {
    pub path: String,
    pub contents: String,
}

/// What generation produced: the crate's files, warnings, and counts for the summary line.
#[derive(Debug, Clone)]
pub struct Generated {
    pub files: Vec<GeneratedFile>,
    pub warnings: Vec<String>,
    pub operations: usize,
    pub types: usize,
}

/// Generates a client crate from one (merged) OpenAPI document.
pub fn generate(document: &serde_json::Value, config: &Config) -> Result<Generated, SpecError> {
    let resolved = resolve::resolve(document, config)?;
    let files = emit::emit_crate(&resolved.api, config).map_err(|e| SpecError::new("", e))?;
    Ok(Generated {
        operations: resolved.api.groups.iter().map(|g| g.operations.len()).sum(),
        types: resolved.api.types.len(),
        files,
        warnings: resolved.warnings,
    })
}
