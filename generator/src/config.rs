//! Generator settings, read from `specs/codegen.toml` for the Netography client. Every
//! setting has a default, so any OpenAPI document can be generated without a config file.

use std::collections::BTreeMap;

use serde::Deserialize;

use crate::model::RESERVED_MODULES;

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Config {
    #[serde(rename = "crate", default)]
    pub krate: CrateConfig,
    #[serde(default)]
    pub client: ClientConfig,
    /// operationId -> Rust method name, overriding the derived name.
    #[serde(default)]
    pub methods: BTreeMap<String, String>,
    /// tag -> group name (module and accessor), overriding the derived name.
    #[serde(default)]
    pub groups: BTreeMap<String, String>,
    /// generated type name -> name, and `Union.Variant` -> variant name, for what no rule
    /// can name (see `resolve::type_overrides`).
    #[serde(default)]
    pub types: BTreeMap<String, String>,
    /// operationId -> summary, replacing a wrong summary in the published spec.
    #[serde(default)]
    pub summaries: BTreeMap<String, String>,
    /// Hand-written code that becomes part of the generated crate.
    #[serde(default)]
    pub custom: CustomConfig,
    /// Refuse a spec with an unresolvable `$ref` instead of typing that schema as
    /// `serde_json::Value` with a warning (for specs one maintains, where such a reference
    /// is a mistake to fix, not a corner of someone else's API to live with).
    #[serde(default, rename = "strict-refs")]
    pub strict_refs: bool,
    /// Fail instead of generating when any part of the spec needed a fallback (a warning).
    #[serde(default, rename = "deny-warnings")]
    pub deny_warnings: bool,
    /// operationId -> how the operation pages, for specs that do not say (see
    /// `resolve::pagination`).
    #[serde(default)]
    pub pagination: BTreeMap<String, PaginationSetting>,
    /// Where a project keeps what it generates (see the `project` module).
    #[serde(default)]
    pub project: ProjectConfig,
}

/// `[project]`: the paths of the regeneration workflow, relative to the settings file,
/// whose directory holds the fragments. Only the project workflow reads them.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct ProjectConfig {
    /// The generated crate's directory (`../my-client`); `--out` may give it instead.
    pub out: Option<String>,
    /// Where the merged spec is written (default `merged/openapi.json`: a subdirectory, so it
    /// is never read back as a fragment).
    pub merged_spec: Option<String>,
    /// The command that regenerates, named in messages and in the merged spec's marker
    /// (default `generator --config <settings file>`).
    pub regenerate: Option<String>,
}

/// `[pagination.<operationId>]`: `style` is `cursor` (`param` takes the member at `next`),
/// `next-link` (a URL at `next`), `link-header`, `offset` or `page` (counting, up to the
/// member at `total` if given), or `none` (no paging, even by convention). Members are
/// dotted wire names from the response (`meta.next_cursor`); `items` is the list member.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct PaginationSetting {
    pub style: String,
    pub param: Option<String>,
    pub next: Option<String>,
    pub items: Option<String>,
    pub total: Option<String>,
}

/// Custom code: hand-written modules kept beside the spec and copied into every
/// regeneration, so that they survive it (see docs/maintaining.md, "Custom code").
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct CustomConfig {
    /// Rust files, relative to the settings file. Each is copied into the crate's `src/`
    /// under its own name and declared `pub mod <file stem>;` in `lib.rs`.
    #[serde(default)]
    pub modules: Vec<String>,
    /// `[dependencies]` the custom modules use, added to the generated Cargo.toml.
    #[serde(default)]
    pub dependencies: BTreeMap<String, toml::Value>,
    /// The modules' contents, read by [`Config::read_custom_modules`].
    #[serde(skip)]
    pub sources: Vec<CustomModule>,
}

/// One custom module, read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CustomModule {
    /// The module name: the file stem.
    pub name: String,
    /// Where it comes from, as the settings name it (for the header of the copy).
    pub origin: String,
    pub contents: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct CrateConfig {
    /// Package name; the library name is the same with `_`.
    pub name: String,
    pub version: String,
    pub description: Option<String>,
    /// A hand-written guide beside the generated crate (`README.md`): the package's `readme`,
    /// and the crate docs after the generated overview, so docs.rs readers get it. The
    /// generator never writes or removes it.
    pub readme: Option<String>,
    /// Extra `[dev-dependencies]` lines of the generated Cargo.toml (for hand-written tests).
    #[serde(default)]
    pub dev_dependencies: BTreeMap<String, toml::Value>,
    /// Benchmarks in the generated crate's `benches/`, by name; each gets a `[[bench]]`
    /// entry without the libtest harness, so it is a plain `main` that prints its results.
    #[serde(default)]
    pub benches: Vec<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct ClientConfig {
    /// Environment variable the client may read the bearer token from.
    pub token_env: Option<String>,
    /// The builder call that gives credentials in the crate's usage example, such as
    /// `.api_key(std::env::var("KEY")?)` (default: from the first security scheme).
    pub example_credentials: Option<String>,
    /// The header that carries an idempotency key (`Idempotency-Key`) on every POST and
    /// PATCH, for APIs that accept one without declaring it; operations that declare such a
    /// header parameter get keys without this setting.
    pub idempotency_header: Option<String>,
    /// Event data that ends an event stream (`[DONE]` for OpenAI-style APIs).
    pub event_stream_end: Option<String>,
}

impl Default for CrateConfig {
    fn default() -> Self {
        CrateConfig {
            name: "api-client".into(),
            version: "0.1.0".into(),
            description: None,
            readme: None,
            dev_dependencies: BTreeMap::new(),
            benches: Vec::new(),
        }
    }
}

impl Config {
    /// Parses a `codegen.toml`; the error is one line naming the file.
    pub fn from_toml(file: &str, text: &str) -> Result<Config, crate::SpecError> {
        let at = |first_line: usize| crate::Source { file: file.to_string(), block: None, first_line };
        let config: Config = toml::from_str(text).map_err(|e| {
            let line = e.span().map(|s| text[..s.start].lines().count().max(1)).unwrap_or(1);
            crate::SpecError::new("", format!("invalid generator config: {}", e.message())).at(at(line))
        })?;
        check_crate_name(&config.krate.name)
            .map_err(|e| crate::SpecError::new("", format!("invalid generator config: [crate] name: {e}")).at(at(1)))?;
        // The crate includes it from its own directory.
        if let Some(readme) = &config.krate.readme {
            let plain = !readme.is_empty()
                && !readme.starts_with('/')
                && !readme.contains('\\')
                && readme.split('/').all(|part| !part.is_empty() && part != "..");
            if !plain {
                let message = format!("invalid generator config: [crate] readme: `{readme}` must be a path inside the crate, such as `README.md`");
                return Err(crate::SpecError::new("", message).at(at(1)));
            }
        }
        Ok(config)
    }

    /// Reads the custom modules the settings list, relative to `dir` (the settings file's
    /// directory); `shown_dir` is how that directory is named in messages and headers.
    /// A module that cannot be read, or whose file name is not a module name, is an error.
    pub fn read_custom_modules(&mut self, dir: &std::path::Path, shown_dir: &str) -> Result<(), crate::SpecError> {
        let mut sources = Vec::new();
        for relative in &self.custom.modules {
            let origin = format!("{}/{relative}", shown_dir.trim_end_matches('/'));
            let at = || crate::Source { file: origin.clone(), block: None, first_line: 1 };
            let path = dir.join(relative);
            let name = path.file_stem().and_then(|s| s.to_str()).unwrap_or_default().to_string();
            let is_module_name = name.starts_with(|c: char| c.is_ascii_lowercase() || c == '_')
                && name.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
                && path.extension().is_some_and(|e| e == "rs");
            if RESERVED_MODULES.contains(&name.as_str()) {
                return Err(crate::SpecError::new(
                    "",
                    format!("custom module `{name}` would replace the runtime's module of that name; rename the file"),
                )
                .at(at()));
            }
            if !is_module_name {
                return Err(crate::SpecError::new(
                    "",
                    "a custom module must be a `.rs` file named like a Rust module (snake_case)",
                )
                .at(at()));
            }
            let contents = std::fs::read_to_string(&path)
                .map_err(|e| crate::SpecError::new("", format!("cannot read custom module: {e}")).at(at()))?;
            sources.push(CustomModule { name, origin, contents });
        }
        self.custom.sources = sources;
        Ok(())
    }

    /// The Rust library name of the generated crate.
    pub fn lib_name(&self) -> String {
        self.krate.name.replace('-', "_")
    }
}

/// Whether cargo takes `name` as a package name and its library name as a Rust crate name:
/// ASCII letters, digits, `-` and `_`, starting with a letter, and not a name Rust or cargo
/// reserve. The error says what is wrong and suggests a cleaned name.
pub fn check_crate_name(name: &str) -> Result<(), String> {
    let cleaned = clean_crate_name(name);
    let problem = if name.is_empty() {
        "it is empty"
    } else if !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_') {
        "cargo takes only ASCII letters, digits, `-` and `_`"
    } else if !name.starts_with(|c: char| c.is_ascii_alphabetic()) {
        "it must start with a letter"
    } else if is_reserved_crate_name(name) {
        "Rust or cargo reserve it"
    } else {
        return Ok(());
    };
    Err(format!("`{name}` is not a valid crate name: {problem}; try `{cleaned}`"))
}

fn is_reserved_crate_name(name: &str) -> bool {
    const RESERVED: [&str; 8] = ["core", "std", "alloc", "proc_macro", "proc-macro", "test", "self", "crate"];
    RESERVED.contains(&name) || crate::model::RUST_KEYWORDS.contains(&name.replace('-', "_").as_str())
}

/// `a2.0-b` -> `a2-0-b`, `do` -> `do-client`: what [`check_crate_name`] suggests, a name it
/// takes.
fn clean_crate_name(name: &str) -> String {
    let words: Vec<String> = name
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_ascii_lowercase)
        .collect();
    let joined = words.join("-");
    let named = if joined.starts_with(|c: char| c.is_ascii_alphabetic()) {
        joined
    } else {
        format!("api-{joined}").trim_end_matches('-').to_string()
    };
    if is_reserved_crate_name(&named) {
        format!("{named}-client")
    } else {
        named
    }
}

#[cfg(test)]
mod tests {
    use super::Config;

    fn readme(value: &str) -> Result<Config, String> {
        let text = format!("[crate]\nname = \"x\"\nversion = \"0.1.0\"\nreadme = {value:?}\n");
        Config::from_toml("codegen.toml", &text).map_err(|e| e.to_string())
    }

    /// The generated crate includes its readme from its own directory: a path outside it
    /// would compile against whatever lies there.
    #[test]
    fn a_readme_is_a_path_inside_the_crate() {
        assert_eq!(readme("README.md").unwrap().krate.readme.as_deref(), Some("README.md"));
        assert!(readme("docs/guide.md").is_ok());
        for outside in ["../README.md", "/etc/motd", "docs//x.md", "a\\b.md", ""] {
            let error = readme(outside).unwrap_err();
            assert!(error.contains("[crate] readme") && error.contains("codegen.toml"), "{outside}: {error}");
        }
    }
}
