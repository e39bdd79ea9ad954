//! Contract test: the generated client against Stoplight Prism mocking the merged spec.
//!
//! Prism validates every request against the spec (path, method, security, content type,
//! body) and every response it generates, and lists each violation in an `sl-violations`
//! response header: `[{location, code, message, severity}]`, the location starting with
//! "request" or "response". Each of the spec's operations is called through the typed
//! client, with arguments and bodies built from the spec's own schemas (see `support`), and
//! must come back with the spec's success status and decode into the generated types.
//!
//! A request violation is the client's fault: it fails the call. A response violation is the
//! spec's (Prism generates the response from it): it fails the call too, unless
//! [`KNOWN_SPEC_DEFECTS`] explains it, and an entry of that table that explains nothing in a
//! run fails the test as stale. Failures are collected and reported together, a summary is
//! printed, and two negative checks prove the harness can fail.
//!
//! Prism runs without `--errors`, so it answers with its generated response even when that
//! violates the spec, and the body is still decoded. It cuts an `sl-violations` header
//! longer than 8 KB short; the complete list then comes from a second Prism, started with
//! `--errors`, which answers the same call with a 500 whose body lists every violation of its
//! response. Its response is the same one: `--seed` reseeds the faker for every response, and
//! the shown part of the header must equal the start of that list.
//!
//! Prism is installed by `cargo xtask test` (`npm ci --prefix .tools`); without it this test
//! fails, it never skips.

mod support;

use std::collections::BTreeSet;
use std::fs::File;
use std::future::Future;
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use netography_client::{Client, Error, Response};
use serde_json::{json, Value};
use support::{Spec, SpecOperation};

/// How long Prism may take to load the spec and listen.
const STARTUP_TIMEOUT: Duration = Duration::from_secs(90);
/// The header in which Prism lists request and response violations.
const VIOLATIONS_HEADER: &str = "sl-violations";
/// How Prism starts an `sl-violations` header that it cut short at 8 KB.
const CUT_SHORT: &str = "Too many violations! ";
/// Prism fakes every array at its `maxItems` (it sets json-schema-faker's
/// `alwaysFakeOptionals`), and the spec's limits of 1,000 and 10,000 nest into responses of
/// 200 MB that take minutes to generate. Arrays are capped at this length instead; it is at
/// least every `minItems` of the spec (2), so the responses stay valid.
const FAKED_ARRAY_LENGTH: u64 = 3;

/// A defect of the published spec (which stays as Netography publishes it) that makes the
/// response Prism generates for an operation violate the spec. Prism (Ajv, reporting every
/// error) gives one invalid value many violations: for a `oneOf`, also why each member it was
/// tried against failed. So an entry names the one violation that the defect always causes,
/// and that violation explains every other response violation at the same instance or
/// inside it, and nothing elsewhere (see [`judge`]).
struct KnownSpecDefect {
    operation: &'static str,
    /// The JSON pointer of the instance, its segments matched exactly; `*` stands for any
    /// array index.
    instance: &'static str,
    /// A substring of the violation's message.
    message: &'static str,
    /// What in the spec causes it.
    reason: &'static str,
}

/// Prism's message for a value that does not match exactly one member of a `oneOf`.
const ONE_OF_FAILS: &str = "must match exactly one schema in oneOf";
/// Prism's message for a value with a property `flowtype` that its schema forbids.
const FLOWTYPE_FORBIDDEN: &str = "must NOT have additional properties; found 'flowtype'";
const BLOCK_RECORD_MATCHES_ANY: &str = "data.items.oneOf[2] \"Block Record\" is {\"type\": \"object\"}: every record \
     matches it as well as its own member, never exactly one";
const VPC_ALLOWS_ONLY_ID: &str = "data has properties {id} and \"additionalProperties\": false beside a oneOf of 6 \
     members that each require flowtype and more (5 also forbid id): no record with fields is valid";

/// The spec's defects, one entry per operation they break; see [`judge`].
const KNOWN_SPEC_DEFECTS: &[KnownSpecDefect] = &[
    KnownSpecDefect {
        operation: "v1_fetch_context_id_get",
        instance: "/response/body/data/*",
        message: ONE_OF_FAILS,
        reason: BLOCK_RECORD_MATCHES_ANY,
    },
    KnownSpecDefect {
        operation: "v1_search_context_post",
        instance: "/response/body/data/*",
        message: ONE_OF_FAILS,
        reason: BLOCK_RECORD_MATCHES_ANY,
    },
    KnownSpecDefect {
        operation: "v1_vpc_get",
        instance: "/response/body/data/*",
        message: FLOWTYPE_FORBIDDEN,
        reason: VPC_ALLOWS_ONLY_ID,
    },
    KnownSpecDefect {
        operation: "v1_vpc_post",
        instance: "/response/body/data/*",
        message: FLOWTYPE_FORBIDDEN,
        reason: VPC_ALLOWS_ONLY_ID,
    },
    KnownSpecDefect {
        operation: "v1_vpc_id_get",
        instance: "/response/body/data",
        message: FLOWTYPE_FORBIDDEN,
        reason: VPC_ALLOWS_ONLY_ID,
    },
    KnownSpecDefect {
        operation: "v1_vpc_id_put",
        instance: "/response/body/data/*",
        message: FLOWTYPE_FORBIDDEN,
        reason: VPC_ALLOWS_ONLY_ID,
    },
    KnownSpecDefect {
        operation: "v1_vpc_id_enable_put",
        instance: "/response/body/data/*",
        message: FLOWTYPE_FORBIDDEN,
        reason: VPC_ALLOWS_ONLY_ID,
    },
    KnownSpecDefect {
        operation: "v1_vpc_id_disable_put",
        instance: "/response/body/data/*",
        message: FLOWTYPE_FORBIDDEN,
        reason: VPC_ALLOWS_ONLY_ID,
    },
];

/// A running Prism, killed (by its own process id) and reaped when dropped, even when
/// the test panics.
struct Prism {
    child: Child,
    addr: SocketAddr,
    log: PathBuf,
}

impl Prism {
    /// Starts Prism, with `--errors` when `errors`; [`wait_until_listening`](Self::wait_until_listening)
    /// waits until it serves.
    fn spawn(errors: bool) -> Prism {
        let crate_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
        let prism = crate_dir.join("../.tools/node_modules/.bin/prism");
        assert!(
            prism.exists(),
            "Prism is not installed at {}. Run `cargo xtask test`: it installs the pinned test tools \
             (npm ci --prefix .tools) and then runs every test.",
            prism.display()
        );
        let spec = merged_spec_path();
        assert!(spec.exists(), "the merged spec {} is missing; run `cargo xtask codegen`", spec.display());

        let port = free_port();
        let addr = SocketAddr::from(([127, 0, 0, 1], port));
        let document = document_for_prism(&spec, port);
        // Prism logs every request: send it to a file, a pipe nobody reads would fill up.
        let log = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("prism-{port}.log"));
        let log_file = File::create(&log).expect("create the Prism log file");
        let child = Command::new(&prism)
            .args(["mock", "-d", "--seed", "1", "-h", "127.0.0.1", "-p", &port.to_string()])
            .args(errors.then_some("--errors"))
            .arg(&document)
            .stdin(Stdio::null())
            .stdout(log_file.try_clone().expect("clone the log file handle"))
            .stderr(log_file)
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {} ({e}); is Node.js installed?", prism.display()));
        Prism { child, addr, log }
    }

    fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    fn wait_until_listening(&mut self) {
        let deadline = Instant::now() + STARTUP_TIMEOUT;
        loop {
            if let Some(status) = self.child.try_wait().expect("poll the Prism process") {
                panic!("Prism exited before listening ({status}). Its output:\n{}", self.output());
            }
            if TcpStream::connect_timeout(&self.addr, Duration::from_millis(200)).is_ok() {
                return;
            }
            assert!(
                Instant::now() < deadline,
                "Prism did not listen on {} within {STARTUP_TIMEOUT:?}. Its output:\n{}",
                self.addr,
                self.output()
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    fn output(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_else(|e| format!("(cannot read {}: {e})", self.log.display()))
    }
}

impl Drop for Prism {
    fn drop(&mut self) {
        if std::thread::panicking() {
            eprintln!("Prism output ({}):\n{}", self.log.display(), self.output());
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn merged_spec_path() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../specs/merged/openapi.json")
}

/// The merged spec with one addition that changes no schema: Prism's json-schema-faker
/// options (read from the document's `x-json-schema-faker`) cap faked arrays at
/// [`FAKED_ARRAY_LENGTH`] items.
fn document_for_prism(spec: &Path, port: u16) -> PathBuf {
    let text = std::fs::read_to_string(spec).unwrap_or_else(|e| panic!("read {}: {e}", spec.display()));
    let mut document: Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("parse {}: {e}", spec.display()));
    document["x-json-schema-faker"] = json!({ "maxItems": FAKED_ARRAY_LENGTH });
    let path = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("prism-openapi-{port}.json"));
    std::fs::write(&path, document.to_string()).unwrap_or_else(|e| panic!("write {}: {e}", path.display()));
    path
}

/// A port that was free a moment ago.
fn free_port() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind an ephemeral port");
    listener.local_addr().expect("the bound address").port()
}

/// What a call came back with, once its body decoded into the generated type.
struct Sent {
    status: u16,
    /// The `sl-violations` header.
    violations: Option<String>,
}

fn sent<T>(result: Result<Response<T>, Error>) -> Result<Sent, Error> {
    result.map(|response| Sent {
        status: response.status().as_u16(),
        violations: response
            .headers()
            .get(VIOLATIONS_HEADER)
            .map(|value| String::from_utf8_lossy(value.as_bytes()).into_owned()),
    })
}

/// What one call came to.
struct Verdict {
    /// Why the call does not conform; empty when it does.
    problems: Vec<String>,
    /// How many of its violations each entry of [`KNOWN_SPEC_DEFECTS`] explained, by index.
    explained: Vec<usize>,
}

impl Verdict {
    fn failed(problem: String) -> Verdict {
        Verdict { problems: vec![problem], explained: vec![0; KNOWN_SPEC_DEFECTS.len()] }
    }
}

/// Judges a call: it must have come back with the spec's success status, decoded into the
/// generated type (else the client returns an error), and every violation Prism lists must
/// be one of the response's that [`KNOWN_SPEC_DEFECTS`] explains. `again` sends the same
/// call to the Prism with `--errors`, asked only when the header was cut short.
async fn check<Fut>(operation: &SpecOperation, result: Result<Sent, Error>, again: impl FnOnce() -> Fut) -> Verdict
where
    Fut: Future<Output = Result<Result<Sent, Error>, String>>,
{
    let Some(expected) = operation.success_status else {
        return Verdict::failed("the spec declares no 2xx response".to_owned());
    };
    let sent = match result {
        Ok(sent) => sent,
        Err(error) => return Verdict::failed(describe(&error)),
    };
    let mut problems = Vec::new();
    if sent.status != expected {
        problems.push(format!("status {}, the spec's success status is {expected}", sent.status));
    }
    let violations = match sent.violations.as_deref().map(parse_header) {
        None => Vec::new(),
        Some(Ok(Header::Complete(violations))) => violations,
        Some(Ok(Header::CutShort(shown))) if shown.iter().any(|violation| side(violation) == "request") => {
            // Prism lists the request's violations first: these fail the call whatever follows.
            problems.push(format!("Prism cut sl-violations short; only its first {} are shown", shown.len()));
            shown
        }
        Some(Ok(Header::CutShort(shown))) => match complete_list(&shown, again().await) {
            Ok(all) => all,
            Err(problem) => {
                problems.push(problem);
                shown
            }
        },
        Some(Err(problem)) => return Verdict::failed(problem),
    };
    let judgement = judge(&operation.id, &violations, KNOWN_SPEC_DEFECTS);
    let (of_request, of_response): (Vec<Value>, Vec<Value>) =
        judgement.faults.into_iter().partition(|violation| side(violation) == "request");
    if let Some(summary) = summarize_violations(&of_request) {
        problems.push(format!("the request breaks the spec (the client's fault): {summary}"));
    }
    if let Some(summary) = summarize_violations(&of_response) {
        problems.push(format!("the response breaks the spec, not as KNOWN_SPEC_DEFECTS explains: {summary}"));
    }
    Verdict { problems, explained: judgement.explained }
}

/// An `sl-violations` header, parsed.
enum Header {
    Complete(Vec<Value>),
    /// Prism cut it short: the violations before the cut.
    CutShort(Vec<Value>),
}

fn parse_header(text: &str) -> Result<Header, String> {
    match text.strip_prefix(CUT_SHORT) {
        Some(cut) => Ok(Header::CutShort(leading_elements(cut))),
        None => serde_json::from_str(text)
            .map(Header::Complete)
            .map_err(|e| format!("sl-violations is not a JSON array ({e}): {}", shortened(text))),
    }
}

/// The complete elements at the start of a JSON array that was cut short.
fn leading_elements(cut: &str) -> Vec<Value> {
    let mut elements = Vec::new();
    let Some(mut rest) = cut.strip_prefix('[') else { return elements };
    loop {
        let mut stream = serde_json::Deserializer::from_str(rest).into_iter::<Value>();
        let Some(Ok(element)) = stream.next() else { break };
        elements.push(element);
        match rest[stream.byte_offset()..].strip_prefix(',') {
            Some(next) => rest = next,
            None => break,
        }
    }
    elements
}

/// Every violation of a response whose `sl-violations` header was cut short after `shown`,
/// from the same call answered by the Prism with `--errors`: a 500 whose body lists the
/// response's violations of severity Error, which are all of a 2xx response's.
fn complete_list(shown: &[Value], answer: Result<Result<Sent, Error>, String>) -> Result<Vec<Value>, String> {
    const ASKED: &str = "sl-violations was cut short, and the Prism with --errors";
    let error = match answer? {
        Ok(sent) => return Err(format!("{ASKED} answered {} instead of listing the violations", sent.status)),
        Err(error) => error,
    };
    let api = error.api_error().ok_or_else(|| format!("{ASKED} failed: {error}"))?;
    if api.status() != 500 || api.is_truncated() {
        let body = if api.is_truncated() { "a body cut short" } else { "its body" };
        return Err(format!("{ASKED} answered {} with {body}: {}", api.status(), shortened(&api.raw_text())));
    }
    let body: Value = serde_json::from_slice(api.raw_body()).unwrap_or_default();
    let all = body["validation"].as_array().cloned().unwrap_or_default();
    if shown.is_empty() || all.get(..shown.len()) != Some(shown) {
        return Err(format!(
            "{ASKED} listed other violations ({} from {} shown): {}",
            all.len(),
            shown.len(),
            shortened(&api.raw_text())
        ));
    }
    Ok(all)
}

/// The violations of one call, judged.
struct Judgement {
    /// The violations that fail the call: every one of the request, and those of the
    /// response that the table does not explain.
    faults: Vec<Value>,
    /// How many violations each entry of the table explained, by index.
    explained: Vec<usize>,
}

/// A response violation is explained by an entry of `table` for `operation` when its
/// location is the entry's instance and its message contains the entry's; it explains in
/// turn every other response violation at or inside that instance (for a `oneOf`, why each
/// member it was tried against failed). A request violation is never explained.
fn judge(operation: &str, violations: &[Value], table: &[KnownSpecDefect]) -> Judgement {
    let located: Vec<(Vec<String>, &Value)> =
        violations.iter().map(|violation| (location(violation), violation)).collect();
    // The failing instances that the table names: (entry, instance).
    let mut failing: Vec<(usize, &[String])> = Vec::new();
    for (segments, violation) in &located {
        let message = violation["message"].as_str().unwrap_or_default();
        let entry = table.iter().position(|entry| {
            entry.operation == operation
                && instance_matches(entry.instance, segments)
                && message.contains(entry.message)
        });
        if let (Some(entry), "response") = (entry, side(violation)) {
            failing.push((entry, segments.as_slice()));
        }
    }
    let mut judgement = Judgement { faults: Vec::new(), explained: vec![0; table.len()] };
    for (segments, violation) in &located {
        let explained_by = failing
            .iter()
            .find(|(_, instance)| side(violation) == "response" && segments.starts_with(instance))
            .map(|(entry, _)| *entry);
        match explained_by {
            Some(entry) => judgement.explained[entry] += 1,
            None => judgement.faults.push((*violation).clone()),
        }
    }
    judgement
}

/// "request" or "response": the first segment of a violation's location.
fn side(violation: &Value) -> &str {
    violation["location"][0].as_str().unwrap_or("(no location)")
}

/// The segments of a violation's location.
fn location(violation: &Value) -> Vec<String> {
    let segments = violation["location"].as_array().into_iter().flatten();
    segments.map(|segment| segment.as_str().map_or_else(|| segment.to_string(), str::to_owned)).collect()
}

/// Whether `segments` are the instance the JSON pointer `pattern` names, `*` standing for
/// any array index.
fn instance_matches(pattern: &str, segments: &[String]) -> bool {
    let parts: Vec<String> =
        pattern.split('/').skip(1).map(|part| part.replace("~1", "/").replace("~0", "~")).collect();
    parts.len() == segments.len()
        && parts.iter().zip(segments).all(|(part, segment)| match part.as_str() {
            "*" => !segment.is_empty() && segment.bytes().all(|byte| byte.is_ascii_digit()),
            _ => part == segment,
        })
}

/// One line for a failed call; for an error status, what Prism said about it.
fn describe(error: &Error) -> String {
    let Some(api) = error.api_error() else { return error.to_string() };
    let header =
        api.headers().get(VIOLATIONS_HEADER).map(|header| String::from_utf8_lossy(header.as_bytes()).into_owned());
    let details = match header.as_deref().map(parse_header) {
        Some(Ok(Header::Complete(violations) | Header::CutShort(violations))) => {
            let (of_request, of_response): (Vec<Value>, Vec<Value>) =
                violations.into_iter().partition(|violation| side(violation) == "request");
            let request = summarize_violations(&of_request)
                .map(|summary| format!("the request breaks the spec (the client's fault): {summary}"));
            let response =
                summarize_violations(&of_response).map(|summary| format!("the response breaks the spec: {summary}"));
            Some([request, response].into_iter().flatten().collect::<Vec<_>>().join("; "))
                .filter(|text| !text.is_empty())
        }
        _ => None,
    };
    format!("status {}; {}", api.status(), details.unwrap_or_else(|| shortened(&api.raw_text())))
}

/// Prism's violations as one line: each location and code once, with how often it
/// occurred, since one object of the wrong shape can give dozens.
fn summarize_violations(violations: &[Value]) -> Option<String> {
    if violations.is_empty() {
        return None;
    }
    // (location and code, the first message, how many), in Prism's order.
    let mut distinct: Vec<(String, &str, usize)> = Vec::new();
    for violation in violations {
        let key = format!("{} {}", violation["location"], violation["code"]);
        let message = violation["message"].as_str().unwrap_or("(no message)");
        match distinct.iter_mut().find(|(seen, ..)| *seen == key) {
            Some((.., count)) => *count += 1,
            None => distinct.push((key, message, 1)),
        }
    }
    let messages: Vec<String> = distinct
        .iter()
        .map(|(_, message, count)| match count {
            1 => (*message).to_owned(),
            _ => format!("{message} (+{} alike)", count - 1),
        })
        .collect();
    let plural = if violations.len() == 1 { "" } else { "s" };
    Some(format!("{} violation{plural}: {}", violations.len(), messages.join("; ")))
}

/// At most a few hundred characters, on one line.
fn shortened(text: &str) -> String {
    const LIMIT: usize = 300;
    let line = text.replace(['\r', '\n'], " ");
    match line.char_indices().nth(LIMIT) {
        Some((end, _)) => format!("{}...", &line[..end]),
        None => line,
    }
}

/// One line of the final report.
fn failure_line(operation: &SpecOperation, error: &str) -> String {
    format!("{} {} {}: {error}", operation.id, operation.method, operation.path)
}

/// Declares the table of calls: for each group of the client, the operationIds it serves
/// and the method that calls each, with arguments taken from `op` (the spec's operation).
/// It expands to the list of operationIds in the table and to `call`, which sends one
/// operation's call.
macro_rules! operation_table {
    (|$client:ident, $op:ident| { $($group:ident { $($id:literal => $method:ident($($arg:expr),* $(,)?),)* })* }) => {
        /// Every operationId that the table calls.
        const TABLE_OPERATION_IDS: &[&str] = &[$($($id,)*)*];

        /// Sends one operation's call; `Err` when its arguments cannot be built.
        async fn call($client: &Client, $op: &SpecOperation) -> Result<Result<Sent, Error>, String> {
            Ok(match $op.id.as_str() {
                $($($id => sent($client.$group().$method($($arg),*).send_with_response().await),)*)*
                _ => return Err("the table has no call for this operationId".to_owned()),
            })
        }
    };
}

// Path and query parameters and request bodies are the spec's minimal valid values (see
// `support::minimal_instance`), decoded into the method's argument types.
operation_table! { |client, op| {
    api_keys {
        "v1_api_keys_get" => list(),
        "v1_api_keys_post" => create(&op.body()?),
        "v1_api_keys_appname_get" => get(&op.param_str("appname")?),
        "v1_api_keys_appname_put" => update(&op.param_str("appname")?, &op.body()?),
        "v1_api_keys_appname_delete" => delete(&op.param_str("appname")?),
        "v1_api_keys_appname_regen_put" => regenerate(&op.param_str("appname")?, &op.body()?),
    }
    analytics {
        "v1_stats_context_fields_get" => list_stat_fields(&op.param("context")?),
        "v1_stats_context_aliases_get" => list_stat_aliases(&op.param("context")?),
        "v1_stats_context_metrics_get" => list_stat_metrics(&op.param("context")?),
        "v1_stats_context_ts_post" => time_series(&op.param("context")?, &op.body()?),
        "v1_stats_context_agg_post" => aggregate(&op.param("context")?, &op.body()?),
    }
    authentication {
        "v1_auth_token_post" => create_token(&op.body()?),
        "auth_bearer_token_post" => create_bearer_token(&op.body()?),
        "auth_bearer_refresh_post" => refresh_token(&op.body()?),
    }
    auto_thresholds {
        "v1_thresholder_automaton_get" => list(),
        "v1_thresholder_automaton_algorithm_post" => create(&op.body()?),
        "v1_thresholder_automaton_algorithm_get" => get(&op.param_str("algorithm")?),
        "v1_thresholder_automaton_algorithm_delete" => delete(&op.param_str("algorithm")?),
        "v1_thresholder_automaton_algorithm_patch" => update(&op.param_str("algorithm")?, &op.body()?),
        "v1_thresholder_automaton_algorithm_trackby_get" => get_trackby(
            &op.param_str("algorithm")?, &op.param_str("track")?, op.param("from")?, op.param("to")?
        ),
    }
    block_list {
        "v1_blocks_delete" => delete_all(),
    }
    configuration {
        "v1_integrations_aws_role_get" => get_integration_aws_role(),
    }
    context_creation_models {
        "v1_context_creation_models_get" => list(),
        "v1_context_creation_model_post" => create(&op.body()?),
        "v1_context_creation_model_id_get" => get(&op.param_str("id")?),
        "v1_context_creation_model_id_put" => update(&op.param_str("id")?, &op.body()?),
        "v1_context_creation_model_id_delete" => delete(&op.param_str("id")?),
        "v1_context_creation_model_id_enable_put" => enable(&op.param_str("id")?),
        "v1_context_creation_model_id_disable_put" => disable(&op.param_str("id")?),
        "v1_context_creation_model_id_reset_put" => reset(&op.param_str("id")?),
    }
    detection_categories {
        "v1_detection_categories_get" => list(),
        "v1_detection_categories_delete" => delete_all(),
        "v1_detection_category_name_get" => get(&op.param_str("name")?),
        "v1_detection_category_name_put" => update(&op.param_str("name")?, &op.body()?),
        "v1_detection_category_name_delete" => delete(&op.param_str("name")?),
    }
    response_policies {
        "v1_response_policies_get" => list(),
        "v1_response_policy_post" => create(&op.body()?),
        "v1_response_policy_id_get" => get(&op.param_str("id")?),
        "v1_response_policy_id_put" => update(&op.param_str("id")?, &op.body()?),
        "v1_response_policy_id_delete" => delete(&op.param_str("id")?),
        "v1_response_policy_id_enable_put" => enable(&op.param_str("id")?),
        "v1_response_policy_id_disable_put" => disable(&op.param_str("id")?),
    }
    threshold_overrides {
        "v1_threshold_overrides_get" => list(),
        "v1_threshold_overrides_put" => update(&op.body()?),
        "v1_threshold_overrides_delete" => delete_all(),
        "v1_threshold_overrides_algorithm_get" => get_algorithm(&op.param_str("algorithm")?),
        "v1_threshold_overrides_algorithm_delete" => delete_algorithm(&op.param_str("algorithm")?),
        "v1_threshold_overrides_object_get" => get_object(&op.param_str("object")?),
        "v1_threshold_overrides_object_delete" => delete_object(&op.param_str("object")?),
        "v1_threshold_overrides_algorithm_object_get" => get_algorithm_object(
            &op.param_str("algorithm")?, &op.param_str("object")?
        ),
        "v1_threshold_overrides_algorithm_object_delete" => delete_algorithm_object(
            &op.param_str("algorithm")?, &op.param_str("object")?
        ),
    }
    traffic_detection_models {
        "v1_traffic_detection_models_get" => list(),
        "v1_traffic_detection_model_post" => create(&op.body()?),
        "v1_traffic_detection_model_id_get" => get(&op.param_str("id")?),
        "v1_traffic_detection_model_id_put" => update(&op.param_str("id")?, &op.body()?),
        "v1_traffic_detection_model_id_delete" => delete(&op.param_str("id")?),
        "v1_traffic_detection_model_id_enable_put" => enable(&op.param_str("id")?),
        "v1_traffic_detection_model_id_disable_put" => disable(&op.param_str("id")?),
        "v1_traffic_detection_model_id_reset_put" => reset(&op.param_str("id")?),
    }
    integrations_context {
        "v1_integrations_context_get" => list(),
        "v1_integrations_context_post" => create(&op.body()?),
        "v1_integrations_context_id_get" => get(&op.param_str("id")?),
        "v1_integrations_context_id_put" => update(&op.param_str("id")?, &op.body()?),
        "v1_integrations_context_id_delete" => delete(&op.param_str("id")?),
        "v1_integrations_context_id_run_get" => get_run(op.param("id")?),
        "v1_integrations_context_id_run_put" => run(op.param("id")?),
        "v1_integrations_context_id_regenkeys_put" => regenerate_keys(&op.param_str("id")?),
    }
    integrations_response {
        "v1_integrations_response_get" => list(),
        "v1_integrations_response_post" => create(&op.body()?),
        "v1_integrations_test_post" => test(&op.body()?),
        "v1_integrations_response_id_get" => get(&op.param_str("id")?),
        "v1_integrations_response_id_put" => update(&op.param_str("id")?, &op.body()?),
        "v1_integrations_response_id_delete" => delete(&op.param_str("id")?),
    }
    intelligence {
        "v1_intel_lookup_asns_post" => lookup_asns(&op.body()?),
        "v1_cve_cveid_get" => get_cve(&op.param_str("cveid")?),
        "v1_intel_lookup_ips_post" => lookup_ips(&op.body()?),
    }
    labels_ips {
        "v1_labels_ips_get" => list(),
        "v1_labels_ips_post" => create(&op.body()?),
        "v1_labels_ips_put" => update(&op.body()?),
        "v1_labels_ips_all_context_get" => get_all(&op.param_str("context")?),
        "v1_labels_ips_ip_get" => get(&op.param_str("ip")?),
        "v1_labels_ips_ip_context_get" => get_by_context(&op.param_str("ip")?, &op.param_str("context")?),
        "v1_labels_ips_ip_context_delete" => delete(&op.param_str("ip")?, &op.param_str("context")?),
        "v1_labels_ips_bulk_put" => bulk_update(&op.body()?),
        "v1_labels_ips_bulk_delete" => bulk_delete(&op.body()?),
        "v1_labels_ips_upload_put" => upload(&op.body()?),
    }
    labels_ports {
        "v1_labels_ports_get" => list(),
        "v1_labels_ports_post" => create(&op.body()?),
        "v1_labels_ports_put" => update(&op.body()?),
        "v1_labels_ports_protocols_get" => list_protocols(),
        "v1_labels_ports_all_protocol_get" => get_all(&op.param_str("protocol")?),
        "v1_labels_ports_port_get" => get(&op.param_str("port")?),
        "v1_labels_port_protocol_get" => get_by_protocol(&op.param_str("port")?, &op.param_str("protocol")?),
        "v1_labels_port_protocol_delete" => delete(&op.param_str("port")?, &op.param_str("protocol")?),
        "v1_labels_ports_port_protocol_show" => show(&op.param_str("port")?, &op.param_str("protocol")?),
        "v1_labels_ports_protocol_hide_put" => hide(&op.param_str("port")?, &op.param_str("protocol")?),
        "v1_labels_ports_port_protocol_reset_put" => reset(
            &op.param_str("port")?, &op.param_str("protocol")?
        ),
        "v1_labels_ports_bulk_put" => bulk_update(&op.body()?),
        "v1_labels_ports_bulk_delete" => bulk_delete(&op.body()?),
        "v1_labels_ports_upload_put" => upload(&op.body()?),
    }
    mitre_attack {
        "v1_mitre_tactics_get" => list_tactics(),
        "v1_mitre_tactic_id_get" => get_tactic(&op.param_str("tactic_id")?),
    }
    raw_records_fetch {
        "v1_fetch_context_id_get" => get(&op.param("context")?, &op.param_str("id")?),
    }
    raw_records_search {
        "v1_search_context_fields_get" => list_fields(&op.param("context")?),
        "v1_search_context_post" => search(&op.param("context")?, &op.body()?),
    }
    resellers {
        "v1_customers_types_get" => list_customer_types(),
        "v1_customers_get" => list_customers(),
        "v1_customer_post" => create_customer(&op.body()?),
        "v1_customer_shortname_get" => get_customer(&op.param_str("shortname")?),
        "v1_customer_shortname_put" => update_customer(&op.param_str("shortname")?, &op.body()?),
        "v1_customer_shortname_delete" => delete_customer(&op.param_str("shortname")?),
    }
    roles {
        "v1_roles_permissions_get" => list_permissions(),
        "v1_roles_get" => list(),
        "v1_roles_post" => create(&op.body()?),
        "v1_roles_id_get" => get(&op.param_str("id")?),
        "v1_roles_id_put" => update(&op.param_str("id")?, &op.body()?),
        "v1_roles_id_delete" => delete(&op.param_str("id")?),
    }
    settings_security {
        "v1_customer_access_allowed_ips" => list_customer_access_allowed_ips(),
        "v1_customer_access_allowed_ips_put" => update_customer_access_allowed_ips(&op.body()?),
    }
    settings_traffic_classification {
        "v1_netclasses_get" => list_netclasses(),
        "v1_netclass_type_get" => get_netclass(&op.param_str("type")?),
        "v1_netclass_type_put" => update_netclass(&op.param_str("type")?, &op.body()?),
        "v1_netclass_type_delete" => delete_netclass(&op.param_str("type")?),
        "v1_dnsclasses_get" => list_dnsclasses(),
        "v1_dnsclass_id_get" => get_dnsclass(&op.param_str("id")?),
        "v1_dnsclass_id_put" => update_dnsclass(&op.param_str("id")?, &op.body()?),
        "v1_dnsclass_id_delete" => delete_dnsclass(&op.param_str("id")?),
    }
    tags {
        "v1_tags_get" => list(),
        "v1_tags_entitytype_get" => get(&op.param("entitytype")?),
        "v1_tags_ip_get" => get_ip(&op.param_str("ip")?, op.param("start")?, op.param("end")?),
        "v1_tag_flow_post" => create_flow(&op.body()?),
        "v1_tag_flow_id_get" => get_flow(&op.param_str("id")?),
        "v1_tag_flow_id_put" => update_flow(&op.param_str("id")?, &op.body()?),
        "v1_tag_flow_id_delete" => delete_flow(&op.param_str("id")?),
    }
    devices {
        "v1_devices_get" => list(),
        "v1_device_post" => create(&op.body()?),
        "v1_device_id_get" => get(&op.param_str("id")?),
        "v1_devoce_id_put" => update(&op.param_str("id")?, &op.body()?),
        "v1_device_id_delete" => delete(&op.param_str("id")?),
        "v1_devices_status_get" => get_status(),
        "v1_device_status_id_get" => get_status_by_id(&op.param_str("id")?),
        "v1_bgp_neighbors_get" => list_bgp_neighbors(),
        "v1_bgp_neighbors_devices_deviceid_get" => list_bgp_neighbors_for_device(&op.param_str("deviceid")?),
        "v1_bgp_neighbor_post" => create_bgp_neighbor(&op.body()?),
        "v1_bgp_neighbors_neighborid_get" => get_bgp_neighbor(&op.param_str("neighborid")?),
        "v1_bgp_neighbors_neighborid_put" => update_bgp_neighbor(&op.param_str("neighborid")?, &op.body()?),
        "v1_bgp_neighbors_neighborid_delete" => delete_bgp_neighbor(&op.param_str("neighborid")?),
        "v1_bgp_neighbors_neighborid_enable_put" => enable_bgp_neighbor(&op.param_str("neighborid")?),
        "v1_bgp_neighbors_neighborid_disable_put" => disable_bgp_neighbor(&op.param_str("neighborid")?),
    }
    dns_devices {
        "v1_dns_devices_get" => list(),
        "v1_dns_devices_post" => create(&op.body()?),
        "v1_dns_device_id_get" => get(&op.param_str("id")?),
        "v1_dns_device_id_put" => update(&op.param_str("id")?, &op.body()?),
        "v1_dns_device_id_delete" => delete(&op.param_str("id")?),
        "v1_dns_devices_bulkdelete_put" => bulk_delete(&op.body()?),
        "v1_dns_device_id_enable_put" => enable(&op.param_str("id")?),
        "v1_dns_device_id_disable_put" => disable(&op.param_str("id")?),
    }
    vpcs {
        "v1_vpc_get" => list(),
        "v1_vpc_post" => create(&op.body()?),
        "v1_vpc_id_get" => get(op.param("id")?),
        "v1_vpc_id_put" => update(&op.param_str("id")?, &op.body()?),
        "v1_vpc_id_delete" => delete(&op.param_str("id")?),
        "v1_vpc_id_enable_put" => enable(op.param("id")?),
        "v1_vpc_id_disable_put" => disable(op.param("id")?),
        "v1_vpc_status_get" => get_status(),
        "v1_vpc_status_id_get" => get_status_by_id(&op.param_str("id")?),
        "v1_vpc_regions_get" => list_regions(),
        "v1_vpc_regions_flowtype_get" => get_region(&op.param("flowtype")?),
    }
    users {
        "v1_users_get" => list(),
        "v1_user_get" => create(&op.body()?),
        "v1_user_id_get" => get(&op.param_str("id")?),
        "v1_user_id_put" => update(&op.param_str("id")?, &op.body()?),
        "v1_user_id_delete" => delete(&op.param_str("id")?),
    }
}}

#[tokio::test]
async fn every_operation_conforms_to_the_spec_as_checked_by_prism() {
    // Both load the spec at once; the one with `--errors` is asked only for violation lists
    // that the other cut short.
    let mut prism = Prism::spawn(false);
    let mut errors_prism = Prism::spawn(true);
    prism.wait_until_listening();
    errors_prism.wait_until_listening();
    let spec = Spec::load(&merged_spec_path());
    // No retries: a failure is reported as it happened, at once; a call that hangs fails.
    let client_of = |prism: &Prism| {
        Client::builder()
            .bearer_token("test-token")
            .base_url(prism.base_url())
            .max_retries(0)
            .timeout(Duration::from_secs(30))
            .build()
            .unwrap()
    };
    let client = client_of(&prism);
    let errors_client = client_of(&errors_prism);

    // The table calls exactly the spec's operations: one added to the spec needs a call.
    let in_spec: BTreeSet<&str> = spec.operations.iter().map(|operation| operation.id.as_str()).collect();
    let in_table: BTreeSet<&str> = TABLE_OPERATION_IDS.iter().copied().collect();
    assert_eq!(in_table.len(), TABLE_OPERATION_IDS.len(), "an operationId is in the table twice");
    let without_call: Vec<_> = in_spec.difference(&in_table).collect();
    let not_in_spec: Vec<_> = in_table.difference(&in_spec).collect();
    assert!(
        without_call.is_empty() && not_in_spec.is_empty(),
        "the table must call exactly the operations of the spec; no call for {without_call:?}; \
         not in the spec: {not_in_spec:?}"
    );

    let started = Instant::now();
    let mut failures = Vec::new();
    let mut clean = 0;
    let mut with_known_defects = 0;
    let mut explained = vec![0; KNOWN_SPEC_DEFECTS.len()];
    for operation in &spec.operations {
        let verdict = match call(&client, operation).await {
            Ok(result) => check(operation, result, || call(&errors_client, operation)).await,
            Err(problem) => Verdict::failed(problem),
        };
        explained.iter_mut().zip(&verdict.explained).for_each(|(total, count)| *total += count);
        if !verdict.problems.is_empty() {
            failures.push(failure_line(operation, &verdict.problems.join("; ")));
        } else if verdict.explained.iter().any(|&count| count > 0) {
            with_known_defects += 1;
        } else {
            clean += 1;
        }
    }
    let elapsed = started.elapsed();
    for (entry, count) in KNOWN_SPEC_DEFECTS.iter().zip(&explained) {
        if *count == 0 {
            failures.push(format!(
                "KNOWN_SPEC_DEFECTS entry ({}, {}, {:?}) is stale: it matched no violation in this run (the \
                 spec was fixed or the operation is gone); remove it. Its reason: {}",
                entry.operation, entry.instance, entry.message, entry.reason
            ));
        }
    }
    eprintln!(
        "prism contract: {} operations called in {elapsed:.1?}: {clean} clean, {with_known_defects} with known spec \
         defects only, {} failing",
        spec.operations.len(),
        spec.operations.len() - clean - with_known_defects,
    );
    for (entry, count) in KNOWN_SPEC_DEFECTS.iter().zip(&explained).filter(|(_, count)| **count > 0) {
        eprintln!("  {}: {count} response violations, a known spec defect: {}", entry.operation, entry.reason);
    }

    // A parameter with reserved characters still routes to `{appname}`: sent unencoded,
    // `/` would make Prism answer 404 and `?` would cut the path.
    let reserved = "a/b c?x#y";
    let operation = |id: &str| spec.operations.iter().find(|operation| operation.id == id).expect("in the spec");
    let (keys, errors) = (client.api_keys(), &errors_client);
    let get = operation("v1_api_keys_appname_get");
    let result = sent(keys.get(reserved).send_with_response().await);
    let again = move || async move { Ok(sent(errors.api_keys().get(reserved).send_with_response().await)) };
    let verdict = check(get, result, again).await;
    if !verdict.problems.is_empty() {
        failures.push(failure_line(get, &format!("with {reserved:?}: {}", verdict.problems.join("; "))));
    }
    let regenerate = operation("v1_api_keys_appname_regen_put");
    let body = &regenerate.body().expect("a minimal body");
    let result = sent(keys.regenerate(reserved, body).send_with_response().await);
    let again =
        move || async move { Ok(sent(errors.api_keys().regenerate(reserved, body).send_with_response().await)) };
    let verdict = check(regenerate, result, again).await;
    if !verdict.problems.is_empty() {
        failures.push(failure_line(regenerate, &format!("with {reserved:?}: {}", verdict.problems.join("; "))));
    }

    // Negative check 1: the spec requires BearerAuth, so Prism rejects a call without it.
    let anonymous = Client::builder().base_url(prism.base_url()).build().unwrap();
    let error = anonymous.api_keys().list().send_with_response().await.expect_err("Prism must reject a missing token");
    assert!(error.is_unauthorized(), "expected 401, got {error:?}");
    let api = error.api_error().expect("an error status from Prism");
    assert_eq!(api.operation(), "api_keys.list");
    assert!(api.body().is_some(), "Prism's 401 body follows the spec's error schema: {}", api.raw_text());

    // Negative check 2: a request that violates the spec is answered with 400 and listed in
    // sl-violations, and the judging above fails it. The typed client cannot send an
    // invalid body, so send one with plain reqwest.
    let response = reqwest::Client::new()
        .put(format!("{}/api/v1/api-keys/ci-bot", prism.base_url()))
        .header("authorization", "Bearer test-token")
        .header("accept", "application/json")
        .header("content-type", "application/json")
        .body(r#"{"roles":"not-an-array"}"#)
        .send()
        .await
        .expect("Prism answers");
    assert_eq!(response.status().as_u16(), 400, "Prism rejects a body that violates the schema");
    let header = response.headers().get(VIOLATIONS_HEADER).expect("Prism lists the violation in sl-violations");
    let Ok(Header::Complete(violations)) = parse_header(header.to_str().unwrap()) else {
        panic!("sl-violations is a complete JSON array: {header:?}")
    };
    let judgement = judge("v1_api_keys_appname_put", &violations, KNOWN_SPEC_DEFECTS);
    let faults: Vec<_> = judgement.faults.iter().map(location).collect();
    assert_eq!(faults, [["request", "body", "roles"]], "the request violation fails the call: {violations:?}");

    assert!(
        failures.is_empty(),
        "{} failures (calls that do not conform to the spec, stale KNOWN_SPEC_DEFECTS entries):\n{}",
        failures.len(),
        failures.join("\n")
    );
    drop(errors_prism);
    drop(prism);
}

/// `judge` on violations as Prism reports them, without Prism.
mod judging {
    use super::*;

    fn violation(location: &[&str], code: &str, message: &str) -> Value {
        json!({ "location": location, "severity": "Error", "code": code, "message": message })
    }

    const TABLE: &[KnownSpecDefect] = &[KnownSpecDefect {
        operation: "op",
        instance: "/response/body/data/*",
        message: ONE_OF_FAILS,
        reason: "a test",
    }];

    #[test]
    fn a_known_failure_explains_the_violations_at_and_inside_its_instance_only() {
        let violations = [
            violation(&["response", "body", "data", "0"], "additionalProperties", "found 'id'"),
            violation(&["response", "body", "data", "0", "kind"], "enum", "must be equal to one of the allowed values"),
            violation(&["response", "body", "data", "0"], "oneOf", "data.0 must match exactly one schema in oneOf"),
            violation(&["response", "body", "data", "1"], "required", "data.1 must have required property 'id'"),
            violation(&["response", "body", "meta"], "type", "meta must be object"),
        ];
        let judgement = judge("op", &violations, TABLE);
        assert_eq!(judgement.explained, [3]);
        assert_eq!(judgement.faults, violations[3..]);
        // Only for its own operation.
        assert_eq!(judge("other", &violations, TABLE).faults, violations);
    }

    #[test]
    fn a_request_violation_always_fails() {
        let violations = [violation(&["request", "body", "data", "0"], "oneOf", ONE_OF_FAILS)];
        let judgement = judge("op", &violations, TABLE);
        assert_eq!((judgement.faults.as_slice(), judgement.explained.as_slice()), (&violations[..], &[0][..]));
    }

    #[test]
    fn an_instance_pattern_matches_whole_segments() {
        let segments = |pointer: &str| pointer.split('/').skip(1).map(str::to_owned).collect::<Vec<_>>();
        assert!(instance_matches("/response/body/data/*", &segments("/response/body/data/12")));
        assert!(!instance_matches("/response/body/data/*", &segments("/response/body/data")));
        assert!(!instance_matches("/response/body/data/*", &segments("/response/body/data/x")));
        assert!(!instance_matches("/response/body/data", &segments("/response/body/database")));
        assert!(!instance_matches("/response/body/data", &segments("/response/body/data/0")));
    }

    #[test]
    fn a_header_cut_short_keeps_the_violations_before_the_cut() {
        let whole = json!([violation(&["response"], "a", "one"), violation(&["response"], "b", "two")]).to_string();
        let cut = format!("{CUT_SHORT}{}", &whole[..whole.len() - 10]);
        let Ok(Header::CutShort(shown)) = parse_header(&cut) else { panic!("cut short") };
        assert_eq!(shown, [violation(&["response"], "a", "one")]);
        assert!(matches!(parse_header(&whole), Ok(Header::Complete(all)) if all.len() == 2));
    }
}
