//! `cargo xtask test`: installs the pinned test tools, then runs every check and test.

use std::path::Path;
use std::process::Command;

/// Where npm tools are installed, pinned by `.tools/package-lock.json`.
pub const TOOLS_DIR: &str = ".tools";

pub fn run(root: &Path) -> Result<(), String> {
    install_tools(root)?;
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let steps: [(&str, &[&str]); 4] = [
        ("format", &["fmt", "--all", "--", "--check"]),
        ("generated code is current", &["xtask", "codegen", "--check"]),
        ("clippy", &["clippy", "--workspace", "--all-targets", "--", "-D", "warnings"]),
        ("tests", &["test", "--workspace"]),
    ];
    for (name, args) in steps {
        println!("==> {name}: cargo {}", args.join(" "));
        let status =
            Command::new(&cargo).args(args).current_dir(root).status().map_err(|e| format!("cannot run cargo: {e}"))?;
        if !status.success() {
            return Err(format!("step `{name}` failed (cargo {})", args.join(" ")));
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
