//! The generator as a command: `generator <SPEC> --out <DIR>` for one spec, `generator
//! --config <SETTINGS> [--check]` for a project (see `cli::USAGE`; `cargo xtask generate`
//! runs the same code from the workspace).

use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    match generator::cli::run(&args) {
        Ok(summary) => {
            println!("{summary}");
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}
