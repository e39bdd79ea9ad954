//! Stage 3 of the pipeline: the model as Rust. Generated modules are token streams
//! (formatted by [`crate::format`]); the runtime every client needs is written verbatim.

mod api_index;
mod crate_root;
pub mod docs;
mod features;
mod mock;
mod operations;
mod pagination;
pub mod pieces;
mod types;

use proc_macro2::TokenStream;

use crate::config::Config;
use crate::model::Api;
pub use features::Features;
use pieces::into_pieces;
pub use pieces::{Contents, EmittedFile, Piece};

/// A module of the client runtime (`generator/runtime/`), copied into the crates that need it.
pub struct RuntimeModule {
    pub name: &'static str,
    pub source: &'static str,
    /// Whether an API with these features needs the module.
    needed: fn(&Features) -> bool,
}

impl RuntimeModule {
    /// Its path in a generated crate.
    pub fn path(&self) -> String {
        format!("src/{}.rs", self.name)
    }
}

macro_rules! runtime_module {
    ($name:literal, $needed:expr) => {
        RuntimeModule { name: $name, source: include_str!(concat!("../../runtime/", $name, ".rs")), needed: $needed }
    };
}

/// The runtime's modules, the one list of them: generated crates carry the ones they need;
/// `generator/runtime/lib.rs` declares them all, and groups keep clear of their names
/// (`model::RESERVED_MODULES`); tests tie those to this list.
pub const RUNTIME: [RuntimeModule; 21] = [
    runtime_module!("attempt", |_| true),
    runtime_module!("byte_stream", |_| true),
    runtime_module!("call", |_| true),
    runtime_module!("call_request", |_| true),
    runtime_module!("call_response", |_| true),
    runtime_module!("client", |_| true),
    runtime_module!("client_auth", |_| true),
    runtime_module!("error", |_| true),
    runtime_module!("hooks", |_| true),
    // Compiled with the cargo feature `mock` only (see `mock::MOCK_FEATURE`).
    runtime_module!("mock_server", |_| true),
    runtime_module!("multipart", |f| f.multipart),
    runtime_module!("object", |f| f.objects),
    runtime_module!("operation", |_| true),
    runtime_module!("pagination", |f| f.pagination),
    runtime_module!("params", |_| true),
    runtime_module!("raw_request", |_| true),
    runtime_module!("retry", |_| true),
    runtime_module!("sse", |f| f.event_streams),
    runtime_module!("sse_parser", |f| f.event_streams),
    runtime_module!("string_enum", |f| f.string_enums),
    // Raw requests upload files and streams too, so every client carries it.
    runtime_module!("upload", |_| true),
];

/// The runtime modules an API with these features needs, in name order.
pub fn runtime_needed(features: &Features) -> impl Iterator<Item = &'static RuntimeModule> + '_ {
    RUNTIME.iter().filter(|module| (module.needed)(features))
}

/// A runtime module as a generated crate carries it: the generated-file header, the
/// template it comes from, then the template byte for byte.
pub fn runtime_copy(path: &str, source: &str, header: &str) -> String {
    let template = path.trim_start_matches("src/");
    format!("{header}\n// The client runtime, copied from generator/runtime/{template}: edit it there.\n{source}")
}

/// Every file of the generated crate, in a fixed order.
/// `header`: the first line of every file ([`crate::write::generated_header`]).
pub fn emit_crate(api: &Api, config: &Config, header: &str) -> Vec<EmittedFile> {
    let tag_features = features::TagFeatures::of(api);
    let features = Features::of(api, &tag_features);
    let type_items = types::emit_types(api, &features, &tag_features);
    let rust = |path: String, tokens: TokenStream| EmittedFile {
        path,
        contents: Contents::Rust(vec![Piece::Tokens(tokens.to_string())]),
    };
    let text = |path: &str, text: String| EmittedFile { path: path.into(), contents: Contents::Text(text) };
    let mut files = vec![
        text("Cargo.toml", crate_root::emit_cargo_toml(config, &features, &tag_features, &header.replace("//", "#"))),
        rust(
            "src/lib.rs".into(),
            crate_root::emit_lib(api, config, &features, runtime_needed(&features).map(|m| m.name)),
        ),
        text(
            "API.md",
            api_index::emit_api_index(
                api,
                &config.krate.name,
                &format!("<!-- {} -->", header.trim_start_matches("// ")),
            ),
        ),
    ];
    for module in runtime_needed(&features) {
        let path = module.path();
        files.push(text(&path, runtime_copy(&path, module.source, header)));
    }
    files.push(EmittedFile { path: "src/types.rs".into(), contents: Contents::Rust(into_pieces(type_items)) });
    files.push(rust("src/mock.rs".into(), mock::emit_mock(api)));
    for group in &api.groups {
        files.push(rust(format!("src/{}.rs", group.module), operations::emit_group(group, &api.types)));
    }
    // Custom code is copied as written: it is the user's, formatted by their rustfmt.
    for module in &config.custom.sources {
        let header = format!(
            "// @generated copy of {}, custom code of this crate (`cargo xtask codegen`). Do not edit here: edit that file and regenerate.",
            module.origin
        );
        files.push(text(&format!("src/{}.rs", module.name), format!("{header}\n{}", module.contents)));
    }
    files.sort_by(|a, b| a.path.cmp(&b.path));
    files
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The runtime's modules are listed once (`RUNTIME`): the names groups and custom modules
    /// must avoid, the runtime's own crate root, and the files in `generator/runtime/` follow it.
    #[test]
    fn every_runtime_module_is_listed_reserved_and_checked() {
        let names: Vec<&str> = RUNTIME.iter().map(|m| m.name).collect();
        let mut sorted = names.clone();
        sorted.sort_unstable();
        assert_eq!(names, sorted, "RUNTIME is in name order");
        let root = include_str!("../../runtime/lib.rs");
        let declared: Vec<&str> = root
            .lines()
            .filter_map(|line| line.strip_prefix("mod ")?.strip_suffix(';'))
            .filter(|module| *module != "stub")
            .collect();
        assert_eq!(declared, names, "generator/runtime/lib.rs declares the modules of RUNTIME");
        for name in &names {
            assert!(crate::model::RESERVED_MODULES.contains(name), "{name} is not in RESERVED_MODULES");
        }
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("runtime");
        let mut files: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|entry| entry.unwrap().path())
            .filter(|path| path.extension().is_some_and(|e| e == "rs"))
            .map(|path| path.file_stem().unwrap().to_string_lossy().to_string())
            .filter(|stem| stem != "lib" && stem != "stub")
            .collect();
        files.sort();
        assert_eq!(files, names, "every file of generator/runtime/ is in RUNTIME");
    }

    /// Parameter setters keep clear of `CALL_OPTION_METHODS`: it must name every method the
    /// runtime's `call_options!` gives a call builder.
    #[test]
    fn call_option_methods_are_all_listed() {
        let call = include_str!("../../runtime/call.rs");
        let macro_start = &call[call.find("macro_rules! call_options").expect("the call_options macro")..];
        // The macro ends at the first closing brace in the first column.
        let macro_body = &macro_start[..macro_start.find("\n}\n").unwrap_or(macro_start.len())];
        let mut methods: Vec<&str> = macro_body
            .split("fn ")
            .skip(1)
            .map(|rest| rest.split(|c: char| !(c.is_alphanumeric() || c == '_')).next().unwrap_or(""))
            .collect();
        methods.sort_unstable();
        let mut listed = crate::model::CALL_OPTION_METHODS.to_vec();
        listed.sort_unstable();
        assert_eq!(methods, listed);
    }
}
