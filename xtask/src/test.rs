//! `cargo xtask test`: installs the pinned test tools, then runs every check and test.

use std::path::Path;
use std::process::Command;

/// Where npm tools are installed, pinned by `.tools/package-lock.json`.
pub const TOOLS_DIR: &str = ".tools";

pub fn run(root: &Path) -> Result<(), String> {
    install_tools(root)?;
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let runtime_templates: Vec<String> = std::fs::read_dir(root.join("generator/runtime"))
        .map_err(|e| format!("generator/runtime: {e}"))?
        .filter_map(|entry| entry.ok().map(|e| e.path().display().to_string()))
        .filter(|path| path.ends_with(".rs"))
        .collect();
    let mut rustfmt_args = vec!["--edition", "2021", "--check"];
    rustfmt_args.extend(runtime_templates.iter().map(String::as_str));
    let steps: [(&str, &str, &[&str], &[(&str, &str)]); 6] = [
        ("format", &cargo, &["fmt", "--all", "--", "--check"], &[]),
        ("runtime templates formatted", "rustfmt", &rustfmt_args, &[]),
        ("generated code is current", &cargo, &["xtask", "codegen", "--check"], &[]),
        ("clippy", &cargo, &["clippy", "--workspace", "--all-targets", "--", "-D", "warnings"], &[]),
        (
            "generated client docs",
            &cargo,
            &["doc", "--package", "netography-client", "--no-deps"],
            &[("RUSTDOCFLAGS", "-D warnings")],
        ),
        ("tests", &cargo, &["test", "--workspace"], &[]),
    ];
    for (name, program, args, env) in steps {
        println!("==> {name}: {program} {}", args.join(" "));
        let status = Command::new(program)
            .args(args)
            .envs(env.iter().copied())
            .current_dir(root)
            .status()
            .map_err(|e| format!("cannot run {program}: {e}"))?;
        if !status.success() {
            return Err(format!("step `{name}` failed ({program} {})", args.join(" ")));
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
