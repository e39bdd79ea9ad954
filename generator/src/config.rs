//! Generator settings, read from `specs/codegen.toml` for the Netography client. Every
//! setting has a default, so any OpenAPI document can be generated without a config file.

use std::collections::BTreeMap;

use serde::Deserialize;

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
    /// operationId -> summary, replacing a wrong summary in the published spec.
    #[serde(default)]
    pub summaries: BTreeMap<String, String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct CrateConfig {
    /// Package name; the library name is the same with `_`.
    pub name: String,
    pub version: String,
    pub description: Option<String>,
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
}

impl Default for CrateConfig {
    fn default() -> Self {
        CrateConfig {
            name: "api-client".into(),
            version: "0.1.0".into(),
            description: None,
            dev_dependencies: BTreeMap::new(),
            benches: Vec::new(),
        }
    }
}

impl Config {
    /// Parses a `codegen.toml`; the error is one line naming the file.
    pub fn from_toml(file: &str, text: &str) -> Result<Config, crate::SpecError> {
        toml::from_str(text).map_err(|e| {
            crate::SpecError::new("", format!("invalid generator config: {}", e.message())).at(crate::Source {
                file: file.to_string(),
                block: None,
                first_line: e.span().map(|s| text[..s.start].lines().count().max(1)).unwrap_or(1),
            })
        })
    }

    /// The Rust library name of the generated crate.
    pub fn lib_name(&self) -> String {
        self.krate.name.replace('-', "_")
    }
}
