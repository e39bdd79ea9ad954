//! Turns an API description (OpenAPI 3.0 or 3.1, Swagger 2.0) into a typed, documented async
//! Rust client crate.
//!
//! The pipeline, one module per stage:
//! 1. [`load`]: read fragments (markdown pages, JSON, YAML) and merge them into one document,
//!    converting Swagger 2.0 and lowering OpenAPI 3.1 into OpenAPI 3.0 form;
//! 2. [`resolve`]: follow `$ref`s, resolve `allOf`, intern inline schemas and choose names,
//!    producing the typed [`model`];
//! 3. [`emit`]: turn the model into Rust tokens (quote) plus the client runtime;
//! 4. [`format`]: format with prettyplease and add the "generated" header;
//!    [`write`] compares with what is on disk and writes.
//!
//! [`api_diff`] compares two models: what a regeneration changes for callers of the crate.

pub mod api_diff;
pub mod cli;
pub mod config;
pub mod emit;
mod error;
pub mod format;
pub mod load;
pub mod model;
pub mod resolve;
pub mod write;

pub use config::Config;

pub use error::{pointer_join, Source, SpecError, Warning};

/// One file of the generated crate, relative to its root.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GeneratedFile {
    pub path: String,
    pub contents: String,
}

/// What generation produced: the crate's files, the model they were emitted from,
/// warnings, and counts for the summary line.
#[derive(Debug, Clone)]
pub struct Generated {
    pub api: model::Api,
    pub files: Vec<GeneratedFile>,
    pub warnings: Vec<Warning>,
    pub operations: usize,
    pub types: usize,
}

/// Reads one spec file (JSON, YAML, or a markdown page of fragments) and generates a crate.
/// Errors name the file (and block) and the JSON pointer.
pub fn generate_from_file(path: &std::path::Path, config: &Config) -> Result<Generated, SpecError> {
    let shown = path.display().to_string();
    let text = std::fs::read_to_string(path).map_err(|e| {
        SpecError::new("", format!("cannot read: {e}")).at(Source { file: shown.clone(), block: None, first_line: 1 })
    })?;
    let mut fragments = load::parse_file(&shown, &text)?;
    drop(text);
    let swagger2 =
        fragments.iter().any(|f| load::SpecVersion::of(&f.document).ok() == Some(load::SpecVersion::Swagger2));
    let mut warnings = load::fragments_to_openapi30(&mut fragments)?;
    let merged = load::merge(&fragments)?;
    drop(fragments);
    warnings.extend(merged.warnings.iter().cloned());
    let mut resolved = resolve::resolve(&merged.document, config).map_err(|e| merged.locate(e))?;
    if swagger2 {
        point_into_swagger2(&mut resolved.warnings);
    }
    warnings.append(&mut resolved.warnings);
    resolved.warnings = warnings;
    deny_warnings(&resolved.warnings, config).map_err(|e| merged.locate(e))?;
    // The model owns all emitting needs: the document goes before the output is built.
    drop(merged);
    emit_and_format(resolved, config)
}

/// Writes a generated crate into `dir`: only changed files are touched, and generated files
/// the new output no longer has are removed. Returns the number of files written.
pub fn write_crate(dir: &std::path::Path, generated: &Generated) -> std::io::Result<usize> {
    let files: Vec<(std::path::PathBuf, String)> =
        generated.files.iter().map(|f| (dir.join(&f.path), f.contents.clone())).collect();
    let changes = write::plan(&files, &[dir.join("src")])?;
    write::apply(&files, &changes)?;
    Ok(changes.len())
}

/// Generates a client crate from one (merged) API description: OpenAPI 3.0 or 3.1, or
/// Swagger 2.0.
pub fn generate(document: &serde_json::Value, config: &Config) -> Result<Generated, SpecError> {
    emit_and_format(resolve_any_version(document, config)?, config)
}

/// Brings the document into OpenAPI 3.0 form and resolves it. Warnings of the conversion
/// come first, with pointers into the document as given.
fn resolve_any_version(document: &serde_json::Value, config: &Config) -> Result<resolve::Resolved, SpecError> {
    let swagger2 = load::SpecVersion::of(document).ok() == Some(load::SpecVersion::Swagger2);
    let (document, mut warnings) = load::to_openapi30(document)?;
    let mut resolved = resolve::resolve(&document, config)?;
    if swagger2 {
        point_into_swagger2(&mut resolved.warnings);
    }
    warnings.append(&mut resolved.warnings);
    resolved.warnings = warnings;
    Ok(resolved)
}

/// Warnings found in the OpenAPI 3.0 form of a Swagger 2.0 document point where the user
/// looks: into the document as written.
fn point_into_swagger2(warnings: &mut [Warning]) {
    for warning in warnings {
        warning.pointer = load::swagger2_pointer(&warning.pointer);
    }
}

/// With `deny-warnings` set, the first warning is an error.
fn deny_warnings(warnings: &[Warning], config: &Config) -> Result<(), SpecError> {
    match (config.deny_warnings, warnings.first()) {
        (true, Some(first)) => Err(SpecError::new(
            &first.pointer,
            format!(
                "{} (and {} more warnings); `deny-warnings` is set, so warnings are errors",
                first.message,
                warnings.len() - 1
            ),
        )),
        _ => Ok(()),
    }
}

fn emit_and_format(resolved: resolve::Resolved, config: &Config) -> Result<Generated, SpecError> {
    deny_warnings(&resolved.warnings, config)?;
    let emitted = emit::emit_crate(&resolved.api, config);
    let files = format::format_files(emitted).map_err(|e| SpecError::new("", e))?;
    Ok(Generated {
        operations: resolved.api.groups.iter().map(|g| g.operations.len()).sum(),
        types: resolved.api.types.len(),
        files,
        api: resolved.api,
        warnings: resolved.warnings,
    })
}
