//! `generator <SPEC> --out <DIR> [--name <CRATE>]`: the generator as a small command.
//! (`cargo xtask generate` does the same from the workspace.)

use std::path::Path;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match run(&args) {
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

fn run(args: &[String]) -> Result<String, String> {
    const USAGE: &str = "usage: generator <SPEC> --out <DIR> [--name <CRATE>]";
    let (spec, options) = args.split_first().ok_or(USAGE)?;
    let mut out = None;
    let mut config = generator::Config::default();
    for pair in options.chunks(2) {
        match pair {
            [flag, value] if flag == "--out" => out = Some(value.clone()),
            [flag, value] if flag == "--name" => config.krate.name = value.clone(),
            _ => return Err(USAGE.into()),
        }
    }
    let out = out.ok_or(USAGE)?;
    let generated = generator::generate_from_file(Path::new(spec), &config).map_err(|e| e.to_string())?;
    for warning in &generated.warnings {
        eprintln!("warning: {spec}: {warning}");
    }
    let written = generator::write_crate(Path::new(&out), &generated).map_err(|e| format!("{out}: {e}"))?;
    Ok(format!("{} operations, {} types, {written} files written to {out}", generated.operations, generated.types))
}
