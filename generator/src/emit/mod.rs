//! Stage 3 of the pipeline: the model as Rust. Generated modules are token streams
//! (formatted by [`crate::format`]); the runtime every client needs is written verbatim.

mod crate_root;
pub mod docs;
mod operations;
mod types;

use crate::config::Config;
use crate::format::{format_tokens, GENERATED_HEADER};
use crate::model::Api;
use crate::GeneratedFile;

/// The runtime modules, written into every generated crate as they are.
const RUNTIME: [(&str, &str); 4] = [
    ("src/call.rs", include_str!("../../runtime/call.rs")),
    ("src/client.rs", include_str!("../../runtime/client.rs")),
    ("src/error.rs", include_str!("../../runtime/error.rs")),
    ("src/retry.rs", include_str!("../../runtime/retry.rs")),
];

/// Every file of the generated crate, in a fixed order.
pub fn emit_crate(api: &Api, config: &Config) -> Result<Vec<GeneratedFile>, String> {
    let mut files = vec![GeneratedFile {
        path: "Cargo.toml".into(),
        contents: crate_root::emit_cargo_toml(config, &GENERATED_HEADER.replace("//", "#")),
    }];
    files
        .push(GeneratedFile { path: "src/lib.rs".into(), contents: format_tokens(crate_root::emit_lib(api, config))? });
    for (path, source) in RUNTIME {
        files.push(GeneratedFile { path: path.into(), contents: format!("{GENERATED_HEADER}\n{source}") });
    }
    files.push(GeneratedFile { path: "src/types.rs".into(), contents: format_tokens(types::emit_types(api))? });
    for group in &api.groups {
        let module = group.module.trim_start_matches("r#");
        files.push(GeneratedFile {
            path: format!("src/{module}.rs"),
            contents: format_tokens(operations::emit_group(group))?,
        });
    }
    Ok(files)
}
