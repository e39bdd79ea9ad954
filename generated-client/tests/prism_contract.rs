//! Contract test: the generated client against Stoplight Prism mocking the merged spec.
//!
//! Prism validates every request against the spec (path, method, security, content type,
//! body) and every response it generates. Started with `--errors`, it answers a request
//! that violates the spec with an error status; every violation, of the request or the
//! response, is also listed in an `sl-violations` response header. So each call must come
//! back with the spec's success status, decode into the generated types, and carry no
//! `sl-violations` header. Two negative checks prove the harness can fail.
//!
//! Prism is installed by `cargo xtask test` (`npm ci --prefix .tools`); without it this test
//! fails, it never skips.

use std::fs::File;
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use netography_client::{types, Client, Response};

/// How long Prism may take to load the spec and listen.
const STARTUP_TIMEOUT: Duration = Duration::from_secs(60);
/// The header in which Prism lists request and response violations.
const VIOLATIONS_HEADER: &str = "sl-violations";

/// A running Prism, killed (by its own process id) and reaped when dropped, even when
/// the test panics.
struct Prism {
    child: Child,
    addr: SocketAddr,
    log: PathBuf,
}

impl Prism {
    fn start() -> Prism {
        let crate_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
        let prism = crate_dir.join("../.tools/node_modules/.bin/prism");
        assert!(
            prism.exists(),
            "Prism is not installed at {}. Run `cargo xtask test`: it installs the pinned test tools \
             (npm ci --prefix .tools) and then runs every test.",
            prism.display()
        );
        let spec = crate_dir.join("../specs/merged/openapi.json");
        assert!(spec.exists(), "the merged spec {} is missing; run `cargo xtask codegen`", spec.display());

        let port = free_port();
        let addr = SocketAddr::from(([127, 0, 0, 1], port));
        // Prism logs every request: send it to a file, a pipe nobody reads would fill up.
        let log = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("prism-{port}.log"));
        let log_file = File::create(&log).expect("create the Prism log file");
        let child = Command::new(&prism)
            .args(["mock", "-d", "--seed", "1", "--errors", "-h", "127.0.0.1", "-p", &port.to_string()])
            .arg(&spec)
            .stdin(Stdio::null())
            .stdout(log_file.try_clone().expect("clone the log file handle"))
            .stderr(log_file)
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {} ({e}); is Node.js installed?", prism.display()));
        let mut prism = Prism { child, addr, log };
        prism.wait_until_listening();
        prism
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

/// A port that was free a moment ago.
fn free_port() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind an ephemeral port");
    listener.local_addr().expect("the bound address").port()
}

/// The call succeeded with the spec's success status, and Prism found nothing to report.
fn assert_conforms<T: std::fmt::Debug>(
    operation: &str,
    result: Result<Response<T>, netography_client::Error>,
    expected_status: u16,
) -> T {
    let response = result.unwrap_or_else(|e| panic!("{operation}: the call failed: {e}\n{e:?}"));
    assert_eq!(response.status().as_u16(), expected_status, "{operation}: status");
    assert_eq!(
        response.headers().get(VIOLATIONS_HEADER),
        None,
        "{operation}: Prism reported violations; body: {:?}",
        response.body()
    );
    response.into_body()
}

#[tokio::test]
async fn every_operation_conforms_to_the_spec_as_checked_by_prism() {
    let prism = Prism::start();
    let client = Client::builder().bearer_token("test-token").base_url(prism.base_url()).build().unwrap();
    let keys = client.api_keys();
    let update = types::ApiKeyUpdateConfig { description: Some("rotated".into()), roles: Some(vec!["admin".into()]) };

    let listed = assert_conforms("list", keys.list().send_with_response().await, 200);
    assert!(listed.data.is_some_and(|data| !data.is_empty()), "Prism fakes every property, data included");

    let create = types::ApiKeyCreateConfig {
        appname: "ci-bot".into(),
        description: Some("CI pipeline key".into()),
        roles: vec!["analyst".into()],
    };
    let created = assert_conforms("create", keys.create(&create).send_with_response().await, 201);
    assert!(created.data.and_then(|data| data.appkey).is_some(), "a created key has an appkey");
    // The required fields alone are a valid body too.
    let minimal = types::ApiKeyCreateConfig { appname: "bare".into(), description: None, roles: vec![] };
    assert_conforms("create (minimal)", keys.create(&minimal).send_with_response().await, 201);

    let fetched = assert_conforms("get", keys.get("ci-bot").send_with_response().await, 200);
    assert!(fetched.data.is_some(), "get returns the record");

    let updated = assert_conforms("update", keys.update("ci-bot", &update).send_with_response().await, 200);
    assert!(updated.data.is_some(), "update returns the record");

    assert_conforms("delete", keys.delete("ci-bot").send_with_response().await, 204);

    let regenerated = assert_conforms("regenerate", keys.regenerate("ci-bot", &update).send_with_response().await, 200);
    assert!(regenerated.data.and_then(|data| data.appkey).is_some(), "a regenerated key has an appkey");

    // A parameter with reserved characters still routes to `{appname}`: sent unencoded,
    // `/` would make Prism answer 404 and `?` would cut the path.
    assert_conforms("get (reserved characters)", keys.get("a/b c?x#y").send_with_response().await, 200);
    assert_conforms(
        "regenerate (reserved characters)",
        keys.regenerate("a/b c?x#y", &update).send_with_response().await,
        200,
    );

    // Negative check 1: the spec requires BearerAuth, so Prism rejects a call without it.
    let anonymous = Client::builder().base_url(prism.base_url()).build().unwrap();
    let error = anonymous.api_keys().list().send_with_response().await.expect_err("Prism must reject a missing token");
    assert!(error.is_unauthorized(), "expected 401, got {error:?}");
    let api = error.api_error().expect("an error status from Prism");
    assert_eq!(api.operation(), "api_keys.list");
    assert!(api.body().is_some(), "Prism's 401 body follows the spec's error schema: {}", api.raw_text());

    // Negative check 2: the header that `assert_conforms` looks for is the one Prism sets.
    // The typed client cannot send an invalid body, so send one with plain reqwest.
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
    let violations = response
        .headers()
        .get(VIOLATIONS_HEADER)
        .expect("Prism lists the violation in sl-violations")
        .to_str()
        .unwrap()
        .to_owned();
    assert!(violations.contains("roles"), "the violation names the field: {violations}");

    drop(prism);
}
