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

/// A generated crate in a workspace of its own (so it is not a member of this one) that
/// shares this workspace's dependency versions and a target folder for generated crates.
pub struct ScratchWorkspace {
    dir: PathBuf,
    target: PathBuf,
}

impl ScratchWorkspace {
    /// `cargo <args>` run in the scratch workspace.
    pub fn cargo(&self, args: &[&str]) -> Command {
        let mut command = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
        command.args(args).env("CARGO_TARGET_DIR", &self.target).current_dir(&self.dir);
        command
    }
}

/// Makes the parent folder of `crate_dir` a workspace holding just that crate.
pub fn scratch_workspace(root: &Path, crate_dir: &Path) -> Result<ScratchWorkspace, String> {
    let dir = crate_dir.parent().ok_or("a generated crate needs a parent folder")?.to_path_buf();
    let member = crate_dir.file_name().and_then(|n| n.to_str()).ok_or("a crate folder name")?;
    let manifest = format!("[workspace]\nresolver = \"2\"\nmembers = [{member:?}]\n");
    std::fs::write(dir.join("Cargo.toml"), manifest).map_err(|e| e.to_string())?;
    if !dir.join("Cargo.lock").exists() {
        std::fs::copy(root.join("Cargo.lock"), dir.join("Cargo.lock")).map_err(|e| e.to_string())?;
    }
    Ok(ScratchWorkspace { dir, target: root.join("target/generated-crates/target") })
}

/// The package name of the generated GitHub client (`cargo xtask corpus`, `cargo xtask bench`).
pub const GITHUB_CRATE: &str = "api-github-com-client";

/// `cargo xtask corpus`: generate GitHub's REST API client and check it passes clippy with no
/// warnings, every feature on (about 40 s once its dependencies are built). `cargo xtask
/// test` runs it last.
pub fn run(root: &Path) -> Result<String, String> {
    let package = GITHUB.fetch(root)?;
    let spec = package.join("generated/api.github.com.json");
    let out = root.join("target/generated-crates/github").join(GITHUB_CRATE);
    // wiremock: tests/paging.rs pages through an organisation's repositories on a mock.
    let settings = format!(
        "[crate]\nname = \"{GITHUB_CRATE}\"\nversion = \"0.1.0\"\n[crate.dev-dependencies]\nwiremock = \"0.6\"\n"
    );
    let config = generator::Config::from_toml("corpus", &settings).map_err(|e| e.to_string())?;
    let started = std::time::Instant::now();
    let generated = generator::generate_from_file(&spec, &config).map_err(|e| e.to_string())?;
    generator::write_crate(&out, &generated).map_err(|e| format!("{}: {e}", out.display()))?;
    let generate_time = started.elapsed();
    write_paging_test(&spec, &out)?;
    for warning in &generated.warnings {
        eprintln!("warning: {warning}");
    }
    crate::corpus_names::check_github_names(&generated.api)?;
    let numbered = crate::corpus_names::numbered_type_names(&spec, &generated.api)?;
    println!("GitHub type names ending in a number the spec did not write: {}", numbered.len());
    if numbered.len() > crate::corpus_names::NUMBERED_AT_MOST {
        return Err(format!(
            "GitHub's client has {} numbered type names (at most {}): {}",
            numbered.len(),
            crate::corpus_names::NUMBERED_AT_MOST,
            numbered.join(", ")
        ));
    }
    let workspace = scratch_workspace(root, &out)?;
    let started = std::time::Instant::now();
    let status = workspace
        .cargo(&["clippy", "--all-targets", "--all-features", "--quiet"])
        .env("RUSTFLAGS", "-D warnings")
        // A one-off check: an incremental cache of the 110k-line crate would only take disk
        // (about 0.5 GB).
        .env("CARGO_INCREMENTAL", "0")
        .status()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    if !status.success() {
        return Err(format!("the generated GitHub client does not compile cleanly ({})", out.display()));
    }
    let clippy_time = started.elapsed();
    // Only the `repos` group is needed to page through an organisation's repositories.
    let status = workspace
        .cargo(&["test", "--quiet", "--test", "paging", "--no-default-features", "--features", "repos"])
        .env("CARGO_INCREMENTAL", "0")
        .status()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    if !status.success() {
        return Err(format!("paging through the GitHub client's repositories failed ({})", out.display()));
    }
    Ok(format!(
        "corpus: GitHub REST API ({} operations, {} types) generated in {:.2?}, checked (clippy) with no warnings in {:.1?}; \
         an organisation's repositories paged through three linked pages",
        generated.operations,
        generated.types,
        generate_time,
        clippy_time
    ))
}

/// `tests/paging.rs` of the GitHub client: `client.repos().list_for_org(..).stream()` against
/// a mock serving three pages linked by `Link` headers, as GitHub does; the repositories are
/// the spec's own example.
fn write_paging_test(spec: &Path, crate_dir: &Path) -> Result<(), String> {
    let text = std::fs::read_to_string(spec).map_err(|e| e.to_string())?;
    let document: serde_json::Value = serde_json::from_str(&text).map_err(|e| e.to_string())?;
    let example = document
        .pointer("/components/examples/minimal-repository-items/value/0")
        .ok_or("GitHub's spec has no minimal-repository example")?;
    let tests = crate_dir.join("tests");
    std::fs::create_dir_all(&tests).map_err(|e| e.to_string())?;
    std::fs::write(tests.join("minimal_repository.json"), example.to_string()).map_err(|e| e.to_string())?;
    std::fs::write(tests.join("paging.rs"), PAGING_TEST).map_err(|e| e.to_string())
}

const PAGING_TEST: &str = r#"//! Written by `cargo xtask corpus`: an organisation's repositories, three linked pages.

use wiremock::matchers::{path, query_param, query_param_is_missing};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn repositories(first_id: u64) -> serde_json::Value {
    let example: serde_json::Value = serde_json::from_str(include_str!("minimal_repository.json")).unwrap();
    let repos: Vec<serde_json::Value> = (first_id..first_id + 2)
        .map(|id| {
            let mut repo = example.clone();
            repo["id"] = id.into();
            repo["name"] = format!("repo-{id}").into();
            repo
        })
        .collect();
    repos.into()
}

#[tokio::test]
async fn an_organisations_repositories_come_from_three_linked_pages() {
    let server = MockServer::start().await;
    for page in 1..=3u64 {
        let mut response = ResponseTemplate::new(200).set_body_json(repositories(page * 10));
        if page < 3 {
            let link = format!(
                "<{0}/organizations/1/repos?page={1}>; rel=\"next\", <{0}/organizations/1/repos?page=3>; rel=\"last\"",
                server.uri(),
                page + 1
            );
            response = response.insert_header("link", link.as_str());
        }
        let mock = if page == 1 {
            Mock::given(path("/orgs/octo/repos")).and(query_param_is_missing("page"))
        } else {
            Mock::given(path("/organizations/1/repos")).and(query_param("page", page.to_string()))
        };
        mock.respond_with(response).mount(&server).await;
    }
    let client = api_github_com_client::Client::builder().base_url(server.uri()).build().unwrap();
    let mut repos = client.repos().list_for_org("octo").per_page(2).stream();
    let mut names = Vec::new();
    while let Some(repo) = repos.next_item().await {
        names.push(repo.unwrap().name);
    }
    assert_eq!(names, ["repo-10", "repo-11", "repo-20", "repo-21", "repo-30", "repo-31"]);
    assert_eq!(server.received_requests().await.unwrap().len(), 3);
}
"#;
