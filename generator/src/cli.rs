//! The `generator` command, shared by the `generator` binary and `cargo xtask generate`:
//! one spec into a crate, or a whole project (settings, fragments, merged spec, crate,
//! change report) as `cargo xtask codegen` runs this repository's.

use std::path::Path;

use crate::project::{Mode, Project};
use crate::Config;

pub const USAGE: &str = "\
usage: generator <SPEC> --out <DIR> [--name <CRATE>]
       generator --config <SETTINGS> [--out <DIR>] [--check]

  <SPEC> --out <DIR>   generate a client crate from one OpenAPI 3.0/3.1 or Swagger 2.0 spec
                       (.json, .yaml/.yml, or a markdown page of fragments) into <DIR>;
                       --name: the crate's name (default: from the file name)
  --config <SETTINGS>  regenerate a project: the fragments in the settings file's directory
                       merged into [project] merged-spec (default merged/openapi.json), the
                       crate written to [project] out (or --out), the API changes to its
                       API_CHANGES.md; only changed files are written
  --check              write nothing; fail, naming each stale file, when anything differs
                       from what would be generated (for CI)
  --help               this text";

/// Runs the command `args` (without the program name) and returns its output: the summary
/// line, or the usage for `--help`. Warnings go to stderr.
pub fn run(args: &[&str]) -> Result<String, String> {
    if args.iter().any(|a| *a == "--help" || *a == "-h") {
        return Ok(USAGE.to_string());
    }
    let mut spec = None;
    let mut out = None;
    let mut name = None;
    let mut settings = None;
    let mut check = false;
    let mut rest = args.iter();
    while let Some(arg) = rest.next() {
        let mut value = || rest.next().copied().ok_or_else(|| format!("{arg} needs a value\n{USAGE}"));
        match *arg {
            "--out" => out = Some(value()?),
            "--name" => name = Some(value()?),
            "--config" => settings = Some(value()?),
            "--check" => check = true,
            flag if flag.starts_with('-') => return Err(format!("unknown option `{flag}`\n{USAGE}")),
            path if spec.is_none() => spec = Some(path),
            extra => return Err(format!("unexpected argument `{extra}`\n{USAGE}")),
        }
    }
    match (spec, settings) {
        (Some(_), Some(_)) => Err(format!("give a spec or --config, not both\n{USAGE}")),
        (None, Some(settings)) if name.is_none() => {
            let project = Project::open(Path::new(settings), out.map(Path::new))?;
            project.run(if check { Mode::Check } else { Mode::Write })
        }
        (None, Some(_)) => Err(format!("--name goes in the settings' [crate] name with --config\n{USAGE}")),
        (Some(spec), None) if !check => {
            generate_one(spec, out.ok_or_else(|| format!("--out is missing\n{USAGE}"))?, name)
        }
        (Some(_), None) => Err(format!("--check needs --config (a project to check)\n{USAGE}")),
        (None, None) => Err(USAGE.to_string()),
    }
}

fn generate_one(spec: &str, out: &str, name: Option<&str>) -> Result<String, String> {
    let out = Path::new(out);
    let spec_path = Path::new(spec);
    let mut config = Config::default();
    config.krate.name = name.map_or_else(|| default_crate_name(spec_path), String::from);
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
    }

    #[test]
    fn arguments_are_checked_before_anything_is_read() {
        assert!(run(&["spec.json", "--out"]).unwrap_err().contains("--out needs a value"));
        assert!(run(&["spec.json"]).unwrap_err().contains("--out is missing"));
        assert!(run(&["spec.json", "--out", "x", "--check"]).unwrap_err().contains("--check needs --config"));
        assert!(run(&["--config", "a.toml", "b.json"]).unwrap_err().contains("not both"));
        assert!(run(&["--frobnicate"]).unwrap_err().contains("unknown option `--frobnicate`"));
        assert!(run(&["--help"]).unwrap().starts_with("usage: generator"));
        let missing = run(&["--config", "no/such/codegen.toml"]).unwrap_err();
        assert!(missing.starts_with("no/such/codegen.toml: "), "{missing}");
    }

    #[test]
    fn a_name_cargo_refuses_is_refused_before_anything_is_written() {
        let out = std::env::temp_dir().join(format!("never-written-{}", std::process::id()));
        let error = run(&["spec.json", "--out", out.to_str().unwrap(), "--name", "a2.0-b"]).unwrap_err();
        assert_eq!(error, "--name: `a2.0-b` is not a valid crate name: cargo takes only ASCII letters, digits, `-` and `_`; try `a2-0-b`");
        assert!(!out.exists());
        for bad in ["", "2fa", "-x", "std", "fn", "do", "self", "café", "proc-macro"] {
            let error = crate::config::check_crate_name(bad).unwrap_err();
            // The name suggested is one cargo and Rust take.
            let suggested = error.rsplit_once("try `").and_then(|(_, s)| s.strip_suffix('`')).unwrap();
            assert_eq!(crate::config::check_crate_name(suggested), Ok(()), "{bad} -> {suggested}");
        }
        for good in ["a", "petstore-client", "api_3d", "netography-client"] {
            assert_eq!(crate::config::check_crate_name(good), Ok(()), "{good}");
        }
    }
}
