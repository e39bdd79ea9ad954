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
//! [`project`] is the regeneration workflow around the pipeline: settings, a directory of
//! fragments, the merged spec, the crate, the change report, `--check`.

pub mod api_diff;
pub mod cli;
pub mod config;
pub mod emit;
mod error;
pub mod format;
pub mod load;
pub mod model;
pub mod project;
pub mod resolve;
pub mod write;

pub use config::Config;
pub use write::GeneratedFile;

pub use error::{pointer_join, Source, SpecError, Warning};

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
    let fragments = load::parse_file(&shown, &text)?;
    drop(text);
    let (merged, resolved) = resolve_fragments(fragments, None, config)?;
    // The model owns all emitting needs: the document goes before the output is built.
    drop(merged);
    emit_and_format(resolved, config)
}

/// Stages 1 and 2 for fragments of any version: each brought into OpenAPI 3.0 form, merged
/// (in the order of record of `previous`, a merged spec written before, when given; see
/// [`load::keep_order_of`]) and resolved. The warnings are complete, in pipeline order
/// (conversion, merge, resolution), and `deny-warnings` is applied; errors name the fragment.
pub fn resolve_fragments(
    mut fragments: Vec<load::Fragment>,
    previous: Option<&serde_json::Value>,
    config: &Config,
) -> Result<(load::MergedSpec, resolve::Resolved), SpecError> {
    let swagger2 =
        fragments.iter().any(|f| load::SpecVersion::of(&f.document).ok() == Some(load::SpecVersion::Swagger2));
    let mut warnings = load::fragments_to_openapi30(&mut fragments)?;
    let mut merged = load::merge(&fragments)?;
    drop(fragments);
    if let Some(previous) = previous {
        load::keep_order_of(&mut merged.document, previous);
    }
    warnings.extend(merged.warnings.iter().cloned());
    let resolved = resolve_checked(&merged.document, warnings, swagger2, config).map_err(|e| merged.locate(e))?;
    Ok((merged, resolved))
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
    let swagger2 = load::SpecVersion::of(document).ok() == Some(load::SpecVersion::Swagger2);
    let (document, warnings) = load::to_openapi30(document)?;
    emit_and_format(resolve_checked(&document, warnings, swagger2, config)?, config)
}

/// Resolves a document in OpenAPI 3.0 form. `warnings` (of the stages before) come first;
/// with `deny-warnings` set, any warning is an error.
fn resolve_checked(
    document: &serde_json::Value,
    mut warnings: Vec<Warning>,
    from_swagger2: bool,
    config: &Config,
) -> Result<resolve::Resolved, SpecError> {
    let mut resolved = resolve::resolve(document, config)?;
    if from_swagger2 {
        point_into_swagger2(&mut resolved.warnings);
    }
    warnings.append(&mut resolved.warnings);
    deny_warnings(&warnings, config)?;
    Ok(resolve::Resolved { api: resolved.api, warnings })
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

/// Stages 3 and 4: the model emitted as Rust and formatted.
pub fn emit_and_format(resolved: resolve::Resolved, config: &Config) -> Result<Generated, SpecError> {
    let header = write::generated_header(config.project.regenerate.as_deref());
    let emitted = emit::emit_crate(&resolved.api, config, &header);
    let files = format::format_files(emitted, &header).map_err(|e| SpecError::new("", e))?;
    Ok(Generated {
        operations: resolved.api.groups.iter().map(|g| g.operations.len()).sum(),
        types: resolved.api.types.len(),
        files,
        api: resolved.api,
        warnings: resolved.warnings,
    })
}
