//! `cargo xtask generate <SPEC> --out <DIR> [--name <CRATE>]`: a client crate for any spec.

use std::path::Path;

use generator::Config;

pub fn run(spec: &str, options: &[&str]) -> Result<String, String> {
    let mut out = None;
    let mut name = None;
    let mut rest = options.iter();
    while let Some(option) = rest.next() {
        let value = rest.next().ok_or_else(|| format!("{option} needs a value"))?;
        match *option {
            "--out" => out = Some(*value),
            "--name" => name = Some(value.to_string()),
            other => {
                return Err(format!("unknown option {other}; usage: generate <SPEC> --out <DIR> [--name <CRATE>]"))
            }
        }
    }
    let out = Path::new(out.ok_or("--out <DIR> is required")?);
    let spec_path = Path::new(spec);
    let mut config = Config::default();
    config.krate.name = name.unwrap_or_else(|| default_crate_name(spec_path));
    let generated = generator::generate_from_file(spec_path, &config).map_err(|e| e.to_string())?;
    for warning in &generated.warnings {
        eprintln!("warning: {spec}: {warning}");
    }
    let written = generator::write_crate(out, &generated).map_err(|e| format!("{}: {e}", out.display()))?;
    Ok(format!(
        "generate: {} operations, {} types, {written} files written to {}",
        generated.operations,
        generated.types,
        out.display()
    ))
}

/// `specs/petstore.yaml` -> `petstore-client`.
fn default_crate_name(spec: &Path) -> String {
    let stem = spec.file_stem().and_then(|s| s.to_str()).unwrap_or("api");
    let cleaned: String =
        stem.chars().map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_lowercase() } else { '-' }).collect();
    let cleaned = cleaned.trim_matches('-');
    let cleaned = if cleaned.is_empty() || cleaned.starts_with(|c: char| c.is_ascii_digit()) {
        format!("api-{cleaned}")
    } else {
        cleaned.to_string()
    };
    format!("{}-client", cleaned.trim_end_matches('-'))
}
