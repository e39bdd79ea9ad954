//! Stage 3 of the pipeline: the model as Rust. Generated modules are token streams
//! (formatted by [`crate::format`]); the runtime every client needs is written verbatim.

mod api_index;
mod crate_root;
pub mod docs;
mod features;
mod operations;
mod pagination;
pub mod pieces;
mod types;

use proc_macro2::TokenStream;

use crate::config::Config;
use crate::model::Api;
use crate::write::GENERATED_HEADER;
pub use features::Features;
use pieces::into_pieces;
pub use pieces::{Contents, EmittedFile, Piece};

/// The runtime modules every generated crate carries, written as they are.
const RUNTIME: [(&str, &str); 9] = [
    ("src/attempt.rs", include_str!("../../runtime/attempt.rs")),
    ("src/client_auth.rs", include_str!("../../runtime/client_auth.rs")),
    ("src/call.rs", include_str!("../../runtime/call.rs")),
    ("src/client.rs", include_str!("../../runtime/client.rs")),
    ("src/error.rs", include_str!("../../runtime/error.rs")),
    ("src/hooks.rs", include_str!("../../runtime/hooks.rs")),
    ("src/operation.rs", include_str!("../../runtime/operation.rs")),
    ("src/params.rs", include_str!("../../runtime/params.rs")),
    ("src/retry.rs", include_str!("../../runtime/retry.rs")),
];
/// Runtime modules only some APIs need (see [`features::Features`]).
const MULTIPART: (&str, &str) = ("src/multipart.rs", include_str!("../../runtime/multipart.rs"));
const OBJECT: (&str, &str) = ("src/object.rs", include_str!("../../runtime/object.rs"));
const STRING_ENUM: (&str, &str) = ("src/string_enum.rs", include_str!("../../runtime/string_enum.rs"));
const PAGINATION: (&str, &str) = ("src/pagination.rs", include_str!("../../runtime/pagination.rs"));
const SSE: (&str, &str) = ("src/sse.rs", include_str!("../../runtime/sse.rs"));
const SSE_PARSER: (&str, &str) = ("src/sse_parser.rs", include_str!("../../runtime/sse_parser.rs"));

/// A runtime module as a generated crate carries it: the generated-file header, the
/// template it comes from, then the template byte for byte.
pub fn runtime_copy(path: &str, source: &str) -> String {
    let template = path.trim_start_matches("src/");
    format!(
        "{GENERATED_HEADER}\n// The client runtime, copied from generator/runtime/{template}: edit it there.\n{source}"
    )
}

/// Every runtime module a generated crate may carry, by path, with its source (see
/// [`runtime_copy`]).
pub fn runtime_files() -> impl Iterator<Item = (&'static str, &'static str)> {
    RUNTIME.into_iter().chain([MULTIPART, OBJECT, PAGINATION, STRING_ENUM, SSE, SSE_PARSER])
}

/// Every file of the generated crate, in a fixed order.
pub fn emit_crate(api: &Api, config: &Config) -> Vec<EmittedFile> {
    let tag_features = features::TagFeatures::of(api);
    let features = Features::of(api, &tag_features);
    let type_items = types::emit_types(api, &features, &tag_features);
    let rust = |path: String, tokens: TokenStream| EmittedFile {
        path,
        contents: Contents::Rust(vec![Piece::Tokens(tokens.to_string())]),
    };
    let text = |path: &str, text: String| EmittedFile { path: path.into(), contents: Contents::Text(text) };
    let mut files = vec![
        text(
            "Cargo.toml",
            crate_root::emit_cargo_toml(config, &features, &tag_features, &GENERATED_HEADER.replace("//", "#")),
        ),
        rust("src/lib.rs".into(), crate_root::emit_lib(api, config, &features)),
        text(
            "API.md",
            api_index::emit_api_index(
                api,
                &config.krate.name,
                &format!("<!-- {} -->", GENERATED_HEADER.trim_start_matches("// ")),
            ),
        ),
    ];
    let optional = [
        (features.multipart, MULTIPART),
        (features.objects, OBJECT),
        (features.pagination, PAGINATION),
        (features.string_enums, STRING_ENUM),
        (features.event_streams, SSE),
        (features.event_streams, SSE_PARSER),
    ];
    let runtime = RUNTIME.iter().copied().chain(optional.into_iter().filter(|(used, _)| *used).map(|(_, file)| file));
    for (path, source) in runtime {
        files.push(text(path, runtime_copy(path, source)));
    }
    files.push(EmittedFile { path: "src/types.rs".into(), contents: Contents::Rust(into_pieces(type_items)) });
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

    /// The runtime's modules are listed once (`runtime_files`); the names groups and custom
    /// modules must avoid, and the templates `cargo fmt` reads, follow that list.
    #[test]
    fn every_runtime_module_is_reserved_and_formatted() {
        let lib = include_str!("../lib.rs");
        for (path, _) in runtime_files() {
            let module = path.trim_start_matches("src/").trim_end_matches(".rs");
            assert!(crate::model::RESERVED_MODULES.contains(&module), "{module} is not in RESERVED_MODULES");
            assert!(lib.contains(&format!("    mod {module};")), "{module} is not in lib.rs's runtime_templates");
        }
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
