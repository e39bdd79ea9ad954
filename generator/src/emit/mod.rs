//! Stage 3 of the pipeline: the model as Rust. Generated modules are token streams
//! (formatted by [`crate::format`]); the runtime every client needs is written verbatim.

mod api_index;
mod crate_root;
pub mod docs;
mod features;
mod operations;
mod types;

use crate::config::Config;
use proc_macro2::TokenStream;

use crate::format::GENERATED_HEADER;
use crate::model::{Api, TypeKind, TypeRef};

/// The runtime modules every generated crate carries, written as they are.
const RUNTIME: [(&str, &str); 6] = [
    ("src/client_auth.rs", include_str!("../../runtime/client_auth.rs")),
    ("src/call.rs", include_str!("../../runtime/call.rs")),
    ("src/client.rs", include_str!("../../runtime/client.rs")),
    ("src/error.rs", include_str!("../../runtime/error.rs")),
    ("src/params.rs", include_str!("../../runtime/params.rs")),
    ("src/retry.rs", include_str!("../../runtime/retry.rs")),
];
/// Runtime modules only some APIs need (see [`Features`]).
const MULTIPART: (&str, &str) = ("src/multipart.rs", include_str!("../../runtime/multipart.rs"));
const OBJECT: (&str, &str) = ("src/object.rs", include_str!("../../runtime/object.rs"));
const STRING_ENUM: (&str, &str) = ("src/string_enum.rs", include_str!("../../runtime/string_enum.rs"));

/// Every runtime module a generated crate may carry, by path, with its source; a crate's
/// copy is the generated-file header, a newline, then this source.
pub fn runtime_files() -> impl Iterator<Item = (&'static str, &'static str)> {
    RUNTIME.into_iter().chain([MULTIPART, OBJECT, STRING_ENUM])
}

/// What the API uses beyond the core runtime: optional modules and dependencies.
#[derive(Debug, Clone, Copy, Default)]
pub struct Features {
    pub multipart: bool,
    pub objects: bool,
    pub string_enums: bool,
    /// Some types are behind the `other-types` feature.
    pub other_types: bool,
    pub chrono: bool,
    pub uuid: bool,
}

impl Features {
    fn of(api: &Api, tag_features: &features::TagFeatures) -> Self {
        let mut features = Features {
            multipart: api
                .groups
                .iter()
                .flat_map(|g| &g.operations)
                .any(|op| op.body.as_ref().is_some_and(|b| b.kind == crate::model::BodyKind::Multipart)),
            objects: api.types.values().any(|def| matches!(def.kind, TypeKind::Struct { .. })),
            other_types: tag_features.has_other_types(),
            string_enums: api.types.values().any(|def| matches!(def.kind, TypeKind::StringEnum { .. })),
            chrono: false,
            uuid: false,
        };
        let mut visit = |ty: &TypeRef| {
            let mut stack = vec![ty];
            while let Some(ty) = stack.pop() {
                match ty {
                    TypeRef::DateTime | TypeRef::Date => features.chrono = true,
                    TypeRef::Uuid => features.uuid = true,
                    TypeRef::Vec(inner) | TypeRef::Map(inner) => stack.push(inner),
                    _ => {}
                }
            }
        };
        for def in api.types.values() {
            match &def.kind {
                TypeKind::Struct { fields, additional } => {
                    fields.iter().map(|f| &f.ty).chain(additional).for_each(&mut visit);
                }
                TypeKind::Union { variants, .. } => variants.iter().for_each(|v| visit(&v.ty)),
                TypeKind::StringEnum { .. } => {}
            }
        }
        for op in api.groups.iter().flat_map(|g| &g.operations) {
            op.params.iter().for_each(|p| visit(&p.ty));
            op.body.iter().for_each(|b| visit(&b.ty));
            for success in &op.success {
                if let crate::model::ResponseBody::Json(ty) = &success.body {
                    visit(ty);
                }
            }
        }
        features
    }
}

/// Items per piece when a module is formatted in pieces.
const ITEMS_PER_PIECE: usize = 64;

/// Whole items of a module, formatted independently of the other pieces.
pub enum Piece {
    /// Tokens as text (token streams cannot cross threads), for the formatter.
    Tokens(String),
    /// Code already laid out, written as it is.
    Formatted(String),
}

/// What one generated file holds before formatting.
pub enum Contents {
    /// A module in pieces of whole items: pieces are formatted in parallel and joined.
    Rust(Vec<Piece>),
    /// Text written as it is (the runtime, Cargo.toml).
    Text(String),
}

/// One file of the generated crate, relative to its root.
pub struct EmittedFile {
    pub path: String,
    pub contents: Contents,
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
    let optional = [(features.multipart, MULTIPART), (features.objects, OBJECT), (features.string_enums, STRING_ENUM)];
    let runtime = RUNTIME.iter().copied().chain(optional.into_iter().filter(|(used, _)| *used).map(|(_, file)| file));
    for (path, source) in runtime {
        files.push(text(path, format!("{GENERATED_HEADER}\n{source}")));
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

/// Runs of token items joined into pieces of up to [`ITEMS_PER_PIECE`]; laid-out items stay
/// pieces of their own. The header stays alone: it carries the module's inner attributes.
fn into_pieces(items: Vec<Piece>) -> Vec<Piece> {
    let mut pieces = Vec::new();
    let mut run: Vec<String> = Vec::new();
    let mut items = items.into_iter();
    pieces.extend(items.next());
    for item in items {
        match item {
            Piece::Tokens(tokens) => {
                run.push(tokens);
                if run.len() == ITEMS_PER_PIECE {
                    pieces.push(Piece::Tokens(std::mem::take(&mut run).concat()));
                }
            }
            formatted @ Piece::Formatted(_) => {
                if !run.is_empty() {
                    pieces.push(Piece::Tokens(std::mem::take(&mut run).concat()));
                }
                pieces.push(formatted);
            }
        }
    }
    if !run.is_empty() {
        pieces.push(Piece::Tokens(run.concat()));
    }
    pieces
}
