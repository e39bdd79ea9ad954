//! The `generate <SPEC> --out <DIR> [--name <CRATE>]` command, shared by the `generator`
//! binary and `cargo xtask generate`.

use std::path::Path;

use crate::Config;

pub const USAGE: &str = "usage: generate <SPEC> --out <DIR> [--name <CRATE>]";

/// Generates a crate from the spec named by `args` and returns the summary line. Warnings
/// go to stderr.
pub fn run(args: &[&str]) -> Result<String, String> {
    let (spec, options) = args.split_first().ok_or(USAGE)?;
    let mut out = None;
    let mut name = None;
    for pair in options.chunks(2) {
        match pair {
            ["--out", value] => out = Some(*value),
            ["--name", value] => name = Some(value.to_string()),
            _ => return Err(format!("unexpected arguments {pair:?}; {USAGE}")),
        }
    }
    let out = Path::new(out.ok_or(USAGE)?);
    let spec_path = Path::new(spec);
    let mut config = Config::default();
    config.krate.name = name.unwrap_or_else(|| default_crate_name(spec_path));
    crate::config::check_crate_name(&config.krate.name).map_err(|e| format!("--name: {e}"))?;
    let generated = crate::generate_from_file(spec_path, &config).map_err(|e| e.to_string())?;
    for warning in &generated.warnings {
        eprintln!("warning: {spec}: {warning}");
    }
    let written = crate::write_crate(out, &generated).map_err(|e| format!("{}: {e}", out.display()))?;
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crate_names_come_from_the_file_name() {
        assert_eq!(default_crate_name(Path::new("specs/api.github.com.json")), "api-github-com-client");
        assert_eq!(default_crate_name(Path::new("3d.yaml")), "api-3d-client");
        assert!(run(&["spec.json", "--out"]).unwrap_err().contains("usage"));
    }

    #[test]
    fn a_name_cargo_refuses_is_refused_before_anything_is_written() {
        let out = std::env::temp_dir().join(format!("never-written-{}", std::process::id()));
        let error = run(&["spec.json", "--out", out.to_str().unwrap(), "--name", "a2.0-b"]).unwrap_err();
        assert_eq!(error, "--name: `a2.0-b` is not a valid crate name: cargo takes only ASCII letters, digits, `-` and `_`; try `a2-0-b`");
        assert!(!out.exists());
        for bad in ["", "2fa", "-x", "std", "fn", "café"] {
            assert!(crate::config::check_crate_name(bad).is_err(), "{bad}");
        }
        for good in ["a", "petstore-client", "api_3d", "netography-client"] {
            assert_eq!(crate::config::check_crate_name(good), Ok(()), "{good}");
        }
    }
}
