//! Logging in to Netography (a NETOSECRET or a user's credentials) against an in-process
//! mock Netography server.
//!
//! The mock checks the JWT request token itself, without the client's JWT library: it
//! recomputes the HS256 signature with `hmac` + `sha2`, compares the claims with the
//! NETOSECRET's, wants `iat` within 60 s of now and a `jti` it has never seen. It issues
//! access tokens with a configurable lifetime and single-use refresh tokens, can revoke
//! either, and its protected endpoint (`GET /api/v1/roles`) answers 401 to a token it did
//! not issue, revoked or saw expire. It counts every request, so each test states how many
//! logins, refreshes and calls its scenario took.

use std::cell::RefCell;
use std::collections::{HashMap, HashSet};
use std::io::Write;
use std::sync::{Arc, Mutex, Once};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use base64::Engine;
use hmac::{Hmac, Mac};
use netography_client::{ApiErrorBody, BuildError, Client, Error};
use serde_json::{json, Value};
use sha2::Sha256;
use tracing_subscriber::fmt::format::FmtSpan;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

// Distinctive values, so that a leak into a message, a `Debug` output or a trace cannot be a
// coincidence.
const SHORTNAME: &str = "acme-corp";
const APPNAME: &str = "ci-pipeline";
const APPKEY: &str = "appkey-5b1e9c0d77f3";
const SHARED_SECRET: &str = "sharedsecret-d41f0a6e93c8";
const WRONG_SECRET: &str = "sharedsecret-wrong-0c4e71";
const USERNAME: &str = "alice@example.com";
/// With characters a form must encode; `7Qk2` is in every spelling of it.
const PASSWORD: &str = "pass-7Qk2 w&rd=+%/é";
const PASSWORD_MARK: &str = "7Qk2";
const WRONG_PASSWORD: &str = "wrong-pass-8Zt4";
/// The access token in a login answer the client cannot decode.
const GARBLED_TOKEN: &str = "access-garbled-4e8a";

const LOGIN: &str = "/api/v1/auth/token";
const USER_LOGIN: &str = "/api/auth/bearer/token";
const REFRESH: &str = "/api/auth/bearer/refresh";
const ROLES: &str = "/api/v1/roles";

type HmacSha256 = Hmac<Sha256>;

// ---------------------------------------------------------------------------------------
// The mock Netography server
// ---------------------------------------------------------------------------------------

/// How long the tokens the server issues last, in seconds; no refresh lifetime: no refresh
/// token.
#[derive(Debug, Clone, Copy)]
struct Lifetimes {
    access: u64,
    refresh: Option<u64>,
}

/// Lifetimes no test outlives.
const LONG: Lifetimes = Lifetimes { access: 3600, refresh: Some(7200) };

/// Requests received, by endpoint, and how many of them were answered 401.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
struct Counts {
    logins: usize,
    logins_refused: usize,
    user_logins: usize,
    user_logins_refused: usize,
    refreshes: usize,
    refreshes_refused: usize,
    roles: usize,
    roles_refused: usize,
}

struct State {
    lifetimes: Lifetimes,
    /// How long the login endpoints take to answer.
    login_delay: Duration,
    seen_jti: HashSet<String>,
    /// Access and refresh tokens, with when they expire.
    access: HashMap<String, Instant>,
    refresh: HashMap<String, Instant>,
    revoked: HashSet<String>,
    reject_every_token: bool,
    /// Every token issued, every JWT received, in order.
    issued: Vec<String>,
    jwts: Vec<String>,
    /// For each request to the protected endpoint: the token it carried and the status.
    roles_calls: Vec<(String, u16)>,
    /// Why the server answered 401, for assertion messages.
    refusals: Vec<String>,
    counts: Counts,
}

#[derive(Clone, Copy)]
enum Endpoint {
    Login,
    UserLogin,
    Refresh,
    Roles,
}

struct Responder {
    state: Arc<Mutex<State>>,
    endpoint: Endpoint,
}

impl Respond for Responder {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let mut state = self.state.lock().unwrap();
        match self.endpoint {
            Endpoint::Login => state.login(request),
            Endpoint::UserLogin => state.user_login(request),
            Endpoint::Refresh => state.refresh(request),
            Endpoint::Roles => state.roles(request),
        }
    }
}

/// Netography's error body.
fn unauthorized(reason: &str) -> ResponseTemplate {
    ResponseTemplate::new(401).set_body_json(json!({"status": 401, "name": "Unauthorized", "message": reason}))
}

fn now_seconds() -> u64 {
    SystemTime::now().duration_since(UNIX_EPOCH).unwrap().as_secs()
}

fn decode_segment(segment: &str) -> Option<Value> {
    serde_json::from_slice(&URL_SAFE_NO_PAD.decode(segment).ok()?).ok()
}

/// Checks a JWT request token as Netography would: HS256 with `secret`, the claims of the
/// NETOSECRET, `iat` within 60 s of `now`, a `jti` not in `seen` (then added to it).
fn verify_request_token(jwt: &str, secret: &[u8], seen: &mut HashSet<String>, now: u64) -> Result<(), String> {
    let parts: Vec<&str> = jwt.split('.').collect();
    let [header_b64, claims_b64, signature_b64] = parts[..] else {
        return Err(format!("a JWT has 3 parts, this one has {}", parts.len()));
    };
    let header = decode_segment(header_b64).ok_or("the header is not base64url JSON")?;
    if header["alg"] != "HS256" {
        return Err("the header does not say alg HS256".into());
    }
    let signature = URL_SAFE_NO_PAD.decode(signature_b64).map_err(|_| "the signature is not base64url")?;
    let mut mac = HmacSha256::new_from_slice(secret).expect("HMAC takes keys of any length");
    mac.update(format!("{header_b64}.{claims_b64}").as_bytes());
    mac.verify_slice(&signature).map_err(|_| "the signature does not match")?;
    let claims = decode_segment(claims_b64).ok_or("the claims are not base64url JSON")?;
    for (claim, expected) in [("appname", APPNAME), ("appkey", APPKEY), ("shortname", SHORTNAME)] {
        if claims[claim] != expected {
            return Err(format!("claim `{claim}` is wrong or missing"));
        }
    }
    let iat = claims["iat"].as_u64().ok_or("claim `iat` is not a number of seconds")?;
    if iat.abs_diff(now) > 60 {
        return Err("claim `iat` is not within 60 s of now".into());
    }
    let jti = claims["jti"].as_str().filter(|jti| !jti.is_empty()).ok_or("claim `jti` is missing")?;
    if !seen.insert(jti.to_string()) {
        return Err("claim `jti` was used before".into());
    }
    Ok(())
}

fn content_type(request: &Request) -> Option<&str> {
    let value = request.headers.get("content-type")?.to_str().ok()?;
    Some(value.split(';').next().unwrap_or_default().trim())
}

/// An `application/x-www-form-urlencoded` body, decoded.
fn form_fields(request: &Request) -> Result<HashMap<String, String>, String> {
    if content_type(request) != Some("application/x-www-form-urlencoded") {
        return Err("the body is not a form".into());
    }
    let body = std::str::from_utf8(&request.body).map_err(|_| "the form is not UTF-8")?;
    let decode = |text: &str| {
        percent_encoding::percent_decode_str(&text.replace('+', " "))
            .decode_utf8()
            .map(|text| text.into_owned())
            .map_err(|_| "a form field is not UTF-8".to_string())
    };
    let mut fields = HashMap::new();
    for pair in body.split('&').filter(|pair| !pair.is_empty()) {
        let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
        if fields.insert(decode(name)?, decode(value)?).is_some() {
            return Err("a form field is repeated".into());
        }
    }
    Ok(fields)
}

impl State {
    fn new(lifetimes: Lifetimes) -> Self {
        State {
            lifetimes,
            login_delay: Duration::ZERO,
            seen_jti: HashSet::new(),
            access: HashMap::new(),
            refresh: HashMap::new(),
            revoked: HashSet::new(),
            reject_every_token: false,
            issued: Vec::new(),
            jwts: Vec::new(),
            roles_calls: Vec::new(),
            refusals: Vec::new(),
            counts: Counts::default(),
        }
    }

    fn refuse(&mut self, endpoint: &str, reason: &str) -> ResponseTemplate {
        self.refusals.push(format!("{endpoint}: {reason}"));
        unauthorized(reason)
    }

    /// A new access token (and refresh token, when they have a lifetime), as Netography
    /// answers a login.
    fn issue(&mut self) -> ResponseTemplate {
        let serial = self.issued.len();
        let now = Instant::now();
        let access_token = format!("access-{serial}-9f2c71b8e4");
        self.access.insert(access_token.clone(), now + Duration::from_secs(self.lifetimes.access));
        self.issued.push(access_token.clone());
        let mut answer = json!({
            "access_token": access_token,
            "expires_in": self.lifetimes.access,
            "token_type": "bearer",
            "not-before-policy": 0,
            "session-state": format!("session-{serial}"),
            "scope": "profile email",
        });
        if let Some(lifetime) = self.lifetimes.refresh {
            let refresh_token = format!("refresh-{serial}-6d0a3e5f17");
            self.refresh.insert(refresh_token.clone(), now + Duration::from_secs(lifetime));
            self.issued.push(refresh_token.clone());
            answer["refresh_token"] = json!(refresh_token);
            answer["refresh_expires_in"] = json!(lifetime);
        }
        ResponseTemplate::new(200).set_body_json(answer)
    }

    fn login(&mut self, request: &Request) -> ResponseTemplate {
        self.counts.logins += 1;
        match self.check_login(request) {
            Ok(()) => self.issue().set_delay(self.login_delay),
            Err(reason) => {
                self.counts.logins_refused += 1;
                self.refuse("login", &reason)
            }
        }
    }

    fn check_login(&mut self, request: &Request) -> Result<(), String> {
        if content_type(request) != Some("application/json") {
            return Err("the body is not JSON".into());
        }
        let body: Value = serde_json::from_slice(&request.body).map_err(|_| "the body is not JSON")?;
        let jwt = body["jwt"].as_str().ok_or("no `jwt` member")?;
        self.jwts.push(jwt.to_string());
        verify_request_token(jwt, SHARED_SECRET.as_bytes(), &mut self.seen_jti, now_seconds())
    }

    fn user_login(&mut self, request: &Request) -> ResponseTemplate {
        self.counts.user_logins += 1;
        let expected: HashMap<String, String> =
            [("username".to_string(), USERNAME.to_string()), ("password".to_string(), PASSWORD.to_string())].into();
        match form_fields(request) {
            Ok(fields) if fields == expected => self.issue().set_delay(self.login_delay),
            Ok(_) => {
                self.counts.user_logins_refused += 1;
                self.refuse("user login", "wrong user name or password")
            }
            Err(reason) => {
                self.counts.user_logins_refused += 1;
                self.refuse("user login", &reason)
            }
        }
    }

    fn refresh(&mut self, request: &Request) -> ResponseTemplate {
        self.counts.refreshes += 1;
        match self.check_refresh(request) {
            Ok(()) => self.issue(),
            Err(reason) => {
                self.counts.refreshes_refused += 1;
                self.refuse("refresh", &reason)
            }
        }
    }

    /// A refresh token is good once, until it expires.
    fn check_refresh(&mut self, request: &Request) -> Result<(), String> {
        let fields = form_fields(request)?;
        if fields.len() != 1 {
            return Err("the form has other fields than refresh_token".into());
        }
        let token = fields.get("refresh_token").ok_or("no refresh_token field")?;
        match self.refresh.remove(token) {
            Some(expiry) if Instant::now() < expiry => Ok(()),
            Some(_) => Err("the refresh token expired".into()),
            None => Err("unknown, revoked or used refresh token".into()),
        }
    }

    fn roles(&mut self, request: &Request) -> ResponseTemplate {
        self.counts.roles += 1;
        let carried: Vec<&str> =
            request.headers.get_all("authorization").iter().map(|value| value.to_str().unwrap_or("")).collect();
        let token = match carried[..] {
            [one] => one.strip_prefix("Bearer ").unwrap_or_default().to_string(),
            _ => String::new(),
        };
        let verdict = if token.is_empty() {
            Err("no bearer token")
        } else if self.reject_every_token {
            Err("this endpoint rejects every token")
        } else if self.revoked.contains(&token) {
            Err("revoked token")
        } else {
            match self.access.get(&token) {
                None => Err("unknown token"),
                Some(expiry) if Instant::now() >= *expiry => Err("expired token"),
                Some(_) => Ok(()),
            }
        };
        let status = if verdict.is_ok() { 200 } else { 401 };
        self.roles_calls.push((token, status));
        match verdict {
            Ok(()) => ResponseTemplate::new(200).set_body_json(json!({
                "meta": {"code": 200, "count": 1},
                "data": {"id": "role-1", "name": "analyst", "description": "Read-only", "system": true, "permissions": []},
            })),
            Err(reason) => {
                self.counts.roles_refused += 1;
                self.refuse("roles", reason)
            }
        }
    }
}

/// A mock server, after the test subscriber is installed (see [`init_tracing`]).
async fn mock_server() -> MockServer {
    init_tracing();
    MockServer::start().await
}

/// The mock server and what it has seen.
struct Netography {
    server: MockServer,
    state: Arc<Mutex<State>>,
}

impl Netography {
    async fn start(lifetimes: Lifetimes) -> Self {
        let server = mock_server().await;
        let state = Arc::new(Mutex::new(State::new(lifetimes)));
        for (verb, route, endpoint) in [
            ("POST", LOGIN, Endpoint::Login),
            ("POST", USER_LOGIN, Endpoint::UserLogin),
            ("POST", REFRESH, Endpoint::Refresh),
            ("GET", ROLES, Endpoint::Roles),
        ] {
            Mock::given(method(verb))
                .and(path(route))
                .respond_with(Responder { state: state.clone(), endpoint })
                .mount(&server)
                .await;
        }
        Netography { server, state }
    }

    fn state(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap()
    }

    /// A NETOSECRET for this server, as the portal gives it: its `url` has a path.
    fn netosecret_with(&self, sharedsecret: &str) -> String {
        encode(&netosecret_json(&format!("{}/v1", self.server.uri()), sharedsecret))
    }

    fn netosecret(&self) -> String {
        self.netosecret_with(SHARED_SECRET)
    }

    /// A client that logs in with this server's NETOSECRET (the server address from it).
    fn client(&self) -> Client {
        Client::builder().netosecret(self.netosecret()).build().expect("the client builds")
    }

    fn user_client(&self, password: &str) -> Client {
        Client::builder()
            .user_credentials(USERNAME, password)
            .base_url(self.server.uri())
            .build()
            .expect("the client builds")
    }

    fn counts(&self) -> Counts {
        self.state().counts
    }

    fn refusals(&self) -> Vec<String> {
        self.state().refusals.clone()
    }

    fn roles_calls(&self) -> Vec<(String, u16)> {
        self.state().roles_calls.clone()
    }

    /// The access token issued last.
    fn latest_access_token(&self) -> String {
        self.state().issued.iter().rev().find(|t| t.starts_with("access-")).expect("a token was issued").clone()
    }

    fn revoke(&self, token: &str) {
        self.state().revoked.insert(token.to_string());
    }

    fn revoke_refresh_tokens(&self) {
        self.state().refresh.clear();
    }

    fn reject_every_token(&self) {
        self.state().reject_every_token = true;
    }

    fn delay_logins(&self, delay: Duration) {
        self.state().login_delay = delay;
    }

    /// Every token the server issued and every JWT request token it received, with the
    /// JWTs' claims and signature parts on their own.
    fn issued_secrets(&self) -> Vec<String> {
        let state = self.state();
        let mut secrets = state.issued.clone();
        for jwt in &state.jwts {
            secrets.push(jwt.clone());
            secrets.extend(jwt.split('.').skip(1).map(String::from));
        }
        secrets
    }

    /// The login requests carried no `Authorization` header; every request to the
    /// protected endpoint carried exactly one, `Bearer <a token this server issued>`.
    async fn assert_credentials_placement(&self) {
        let requests = self.server.received_requests().await.expect("requests are recorded");
        assert!(!requests.is_empty());
        let issued = self.state().issued.clone();
        for request in &requests {
            let authorization: Vec<&str> =
                request.headers.get_all("authorization").iter().map(|v| v.to_str().unwrap()).collect();
            match request.url.path() {
                LOGIN | USER_LOGIN | REFRESH => assert!(
                    authorization.is_empty(),
                    "{} {} carried an Authorization header",
                    request.method,
                    request.url.path()
                ),
                ROLES => {
                    let [value] = authorization[..] else {
                        panic!("a protected request carried {} Authorization headers", authorization.len())
                    };
                    let token = value.strip_prefix("Bearer ").expect("a bearer token");
                    assert!(issued.iter().any(|t| t == token), "a protected request carried a token never issued");
                }
                other => panic!("unexpected request to {other}"),
            }
        }
    }
}

fn netosecret_json(url: &str, sharedsecret: &str) -> Value {
    json!({"url": url, "shortname": SHORTNAME, "appname": APPNAME, "appkey": APPKEY, "sharedsecret": sharedsecret})
}

/// A NETOSECRET: standard base64 of the JSON.
fn encode(value: &Value) -> String {
    STANDARD.encode(value.to_string())
}

fn assert_analyst(roles: &netography_client::types::RolesListResponse) {
    let role = roles.data.as_ref().expect("the answer has data");
    assert_eq!((role.id.as_deref(), role.name.as_str()), (Some("role-1"), "analyst"));
}

// ---------------------------------------------------------------------------------------
// The mock's own check of JWT request tokens: not a rubber stamp
// ---------------------------------------------------------------------------------------

fn sign(header: &Value, claims: &Value, secret: &str) -> String {
    let signing_input =
        format!("{}.{}", URL_SAFE_NO_PAD.encode(header.to_string()), URL_SAFE_NO_PAD.encode(claims.to_string()));
    let mut mac = HmacSha256::new_from_slice(secret.as_bytes()).unwrap();
    mac.update(signing_input.as_bytes());
    format!("{signing_input}.{}", URL_SAFE_NO_PAD.encode(mac.finalize().into_bytes()))
}

#[test]
fn the_mock_rejects_every_flaw_of_a_request_token() {
    let now = now_seconds();
    let header = json!({"typ": "JWT", "alg": "HS256"});
    let claims =
        |jti: &str| json!({"iat": now, "jti": jti, "appname": APPNAME, "appkey": APPKEY, "shortname": SHORTNAME});
    let mut seen = HashSet::new();
    let mut verify = |jwt: &str| verify_request_token(jwt, SHARED_SECRET.as_bytes(), &mut seen, now);

    assert_eq!(verify(&sign(&header, &claims("a"), SHARED_SECRET)), Ok(()));
    assert_eq!(verify(&sign(&header, &claims("a"), SHARED_SECRET)).unwrap_err(), "claim `jti` was used before");
    assert_eq!(verify(&sign(&header, &claims("b"), WRONG_SECRET)).unwrap_err(), "the signature does not match");
    let hs512 = json!({"typ": "JWT", "alg": "HS512"});
    assert_eq!(verify(&sign(&hs512, &claims("c"), SHARED_SECRET)).unwrap_err(), "the header does not say alg HS256");
    // Claims swapped after signing.
    let genuine = sign(&header, &claims("d"), SHARED_SECRET);
    let mut forged_claims = claims("d");
    forged_claims["appname"] = json!("other");
    let forged = sign(&header, &forged_claims, SHARED_SECRET);
    let parts: Vec<&str> = genuine.split('.').collect();
    let swapped = format!("{}.{}.{}", parts[0], forged.split('.').nth(1).unwrap(), parts[2]);
    assert_eq!(verify(&swapped).unwrap_err(), "the signature does not match");
    assert_eq!(verify(&forged).unwrap_err(), "claim `appname` is wrong or missing");
    for (claim, value, reason) in [
        ("appkey", json!("KEY-other"), "claim `appkey` is wrong or missing"),
        ("shortname", Value::Null, "claim `shortname` is wrong or missing"),
        ("iat", json!(now - 120), "claim `iat` is not within 60 s of now"),
        ("iat", json!(now + 120), "claim `iat` is not within 60 s of now"),
        ("iat", json!("now"), "claim `iat` is not a number of seconds"),
        ("jti", Value::Null, "claim `jti` is missing"),
    ] {
        let mut flawed = claims(&format!("e-{claim}-{value}"));
        flawed[claim] = value;
        assert_eq!(verify(&sign(&header, &flawed, SHARED_SECRET)).unwrap_err(), reason, "{flawed}");
    }
    assert_eq!(verify("only.two").unwrap_err(), "a JWT has 3 parts, this one has 2");
    // Padded base64 is not base64url without padding.
    let padded = sign(&header, &claims("f"), SHARED_SECRET).replacen('.', "=.", 1);
    assert!(verify(&padded).is_err());
}

// ---------------------------------------------------------------------------------------
// 1, 2: one login for many calls
// ---------------------------------------------------------------------------------------

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fifty_concurrent_first_calls_share_one_login() {
    let netography = Netography::start(LONG).await;
    // The login takes a while, so that every call starts while it is under way.
    netography.delay_logins(Duration::from_millis(300));
    let client = netography.client();
    let start = Arc::new(tokio::sync::Barrier::new(50));

    let calls = (0..50).map(|_| {
        let (client, start) = (client.clone(), start.clone());
        tokio::spawn(async move {
            start.wait().await;
            client.roles().list().await
        })
    });
    let results = futures::future::join_all(calls).await;

    for result in results {
        assert_analyst(&result.expect("the task ran").expect("the call succeeds"));
    }
    let counts = netography.counts();
    assert_eq!(counts.logins, 1, "{counts:?}");
    assert_eq!((counts.roles, counts.roles_refused), (50, 0), "{counts:?}");
    let token = netography.latest_access_token();
    assert!(netography.roles_calls().iter().all(|(carried, status)| *carried == token && *status == 200));
    netography.assert_credentials_placement().await;
}

#[tokio::test]
async fn the_token_is_reused_while_it_lasts() {
    let netography = Netography::start(LONG).await;
    let client = netography.client();

    for _ in 0..20 {
        assert_analyst(&client.roles().list().await.expect("the call succeeds"));
    }

    let counts = netography.counts();
    assert_eq!((counts.logins, counts.refreshes), (1, 0), "{counts:?}");
    assert_eq!((counts.roles, counts.roles_refused), (20, 0), "{counts:?}");
    let token = netography.latest_access_token();
    assert!(netography.roles_calls().iter().all(|(carried, _)| *carried == token));
    netography.assert_credentials_placement().await;
}

// ---------------------------------------------------------------------------------------
// 3: renewal
// ---------------------------------------------------------------------------------------

#[tokio::test]
async fn a_short_lived_token_is_refreshed_before_the_server_would_reject_it() {
    let netography = Netography::start(Lifetimes { access: 2, refresh: Some(60) }).await;
    let client = netography.client();

    let start = Instant::now();
    let mut calls = 0;
    while start.elapsed() < Duration::from_millis(3200) {
        client.roles().list().await.unwrap_or_else(|e| panic!("call {calls}, {:?} in, failed: {e}", start.elapsed()));
        calls += 1;
        tokio::time::sleep(Duration::from_millis(100)).await;
    }

    let counts = netography.counts();
    assert_eq!(counts.logins, 1, "{counts:?}");
    assert!(counts.refreshes >= 1, "the token was not refreshed: {counts:?}");
    assert_eq!(counts.refreshes_refused, 0, "{:?}", netography.refusals());
    // No call was sent with a token the server had expired (a 401 and a replay would hide
    // that from the caller).
    assert_eq!(counts.roles_refused, 0, "{:?}", netography.refusals());
    assert_eq!(counts.roles, calls);
    let tokens: HashSet<String> = netography.roles_calls().into_iter().map(|(token, _)| token).collect();
    assert!(tokens.len() >= 2, "every call carried the first token");
    netography.assert_credentials_placement().await;
}

/// After the access token expires, with a refresh token that `refresh` says how long lasts
/// (none: no refresh token), the next call logs in again and succeeds.
async fn expiry_leads_to_a_new_login(refresh: Option<u64>) {
    let netography = Netography::start(Lifetimes { access: 1, refresh }).await;
    let client = netography.client();

    client.roles().list().await.expect("the first call succeeds");
    tokio::time::sleep(Duration::from_millis(1100)).await;
    client.roles().list().await.expect("the call after expiry succeeds");

    let counts = netography.counts();
    assert_eq!((counts.logins, counts.refreshes), (2, 0), "{counts:?}");
    assert_eq!((counts.roles, counts.roles_refused), (2, 0), "{:?}", netography.refusals());
    netography.assert_credentials_placement().await;
}

#[tokio::test]
async fn an_expired_refresh_token_means_a_new_login() {
    expiry_leads_to_a_new_login(Some(1)).await;
}

#[tokio::test]
async fn without_a_refresh_token_renewal_is_a_new_login() {
    expiry_leads_to_a_new_login(None).await;
}

#[tokio::test]
async fn a_refused_refresh_falls_back_to_a_new_login() {
    let netography = Netography::start(Lifetimes { access: 1, refresh: Some(60) }).await;
    let client = netography.client();

    client.roles().list().await.expect("the first call succeeds");
    netography.revoke_refresh_tokens();
    tokio::time::sleep(Duration::from_millis(1000)).await;
    client.roles().list().await.expect("the call after the refused refresh succeeds");

    let counts = netography.counts();
    assert_eq!((counts.refreshes, counts.refreshes_refused), (1, 1), "{counts:?}");
    assert_eq!((counts.logins, counts.logins_refused), (2, 0), "{counts:?}");
    assert_eq!((counts.roles, counts.roles_refused), (2, 0), "{:?}", netography.refusals());
    netography.assert_credentials_placement().await;
}

// ---------------------------------------------------------------------------------------
// 4, 5: 401 from the protected endpoint
// ---------------------------------------------------------------------------------------

#[tokio::test]
async fn a_revoked_token_means_one_new_login_and_one_replay() {
    let netography = Netography::start(LONG).await;
    let client = netography.client();
    client.roles().list().await.expect("the first call succeeds");
    let revoked = netography.latest_access_token();
    netography.revoke(&revoked);

    assert_analyst(&client.roles().list().await.expect("the call succeeds after a new login"));

    let counts = netography.counts();
    assert_eq!((counts.logins, counts.logins_refused, counts.refreshes), (2, 0, 0), "{counts:?}");
    assert_eq!((counts.roles, counts.roles_refused), (3, 1), "{counts:?}");
    let fresh = netography.latest_access_token();
    assert_ne!(fresh, revoked);
    // The second call: sent with the revoked token, then once more with the new one.
    assert_eq!(netography.roles_calls()[1..], [(revoked, 401), (fresh, 200)]);
    netography.assert_credentials_placement().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_calls_with_a_revoked_token_share_one_new_login() {
    let netography = Netography::start(LONG).await;
    let client = netography.client();
    client.roles().list().await.expect("the first call succeeds");
    netography.revoke(&netography.latest_access_token());
    netography.delay_logins(Duration::from_millis(100));
    let start = Arc::new(tokio::sync::Barrier::new(20));

    let calls = (0..20).map(|_| {
        let (client, start) = (client.clone(), start.clone());
        tokio::spawn(async move {
            start.wait().await;
            client.roles().list().await
        })
    });
    for result in futures::future::join_all(calls).await {
        result.expect("the task ran").expect("the call succeeds");
    }

    let counts = netography.counts();
    assert_eq!(counts.logins, 2, "{counts:?}");
    // Each call rejected once was sent once more, none more often.
    assert_eq!(counts.roles, 1 + 20 + counts.roles_refused, "{counts:?}");
    assert!(counts.roles_refused >= 1, "{counts:?}");
    netography.assert_credentials_placement().await;
}

#[tokio::test]
async fn a_second_401_reaches_the_caller_after_exactly_one_replay() {
    let netography = Netography::start(LONG).await;
    netography.reject_every_token();
    let client = netography.client();

    let error = client.roles().list().await.expect_err("every token is rejected");

    let Error::Api(api) = &error else { panic!("expected Error::Api, got {error:?}") };
    assert_eq!(api.status().as_u16(), 401);
    assert_eq!(api.operation(), "roles.list");
    assert_eq!(api.body(), Some(&ApiErrorBody::new(401, "Unauthorized", "this endpoint rejects every token")));
    assert!(error.is_unauthorized());
    assert_eq!(error.attempts(), 2, "the first attempt and the replay");
    let counts = netography.counts();
    assert_eq!((counts.logins, counts.roles, counts.roles_refused), (2, 2, 2), "{counts:?}");
    // Nothing goes on behind the caller's back.
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert_eq!(netography.counts(), counts);
    let calls = netography.roles_calls();
    assert_ne!(calls[0].0, calls[1].0, "the replay carries the token of the new login");
    netography.assert_credentials_placement().await;
}

// ---------------------------------------------------------------------------------------
// 6: a refused login
// ---------------------------------------------------------------------------------------

#[tokio::test]
async fn a_wrong_shared_secret_is_refused_after_one_login_attempt() {
    let netography = Netography::start(LONG).await;
    let client = Client::builder().netosecret(netography.netosecret_with(WRONG_SECRET)).build().unwrap();

    let error = client.roles().list().await.expect_err("the login is refused");

    let Error::Auth { operation, scheme, source, .. } = &error else { panic!("expected Error::Auth, got {error:?}") };
    assert_eq!((*operation, *scheme), ("roles.list", "BearerAuth"));
    assert!(source.is_refused(), "{source:?}");
    assert_eq!(source.message(), "login with NETOSECRET failed");
    let call = source.call_error().expect("the failed login call");
    assert_eq!(call.operation(), "authentication.create_token");
    assert_eq!(call.status().map(|s| s.as_u16()), Some(401));
    assert_eq!(
        call.api_error().and_then(|api| api.body()),
        Some(&ApiErrorBody::new(401, "Unauthorized", "the signature does not match"))
    );
    assert_eq!(error.auth_error().map(|e| e.is_refused()), Some(true));
    assert_eq!(error.attempts(), 0, "the operation itself was not sent");
    let counts = netography.counts();
    assert_eq!((counts.logins, counts.logins_refused), (1, 1), "no retry of a refused login: {counts:?}");
    assert_eq!(counts.roles, 0, "the protected endpoint was called: {counts:?}");
    netography.assert_credentials_placement().await;
}

/// "Calls made at the same time share one login", also when the login is refused: the
/// calls that waited for it get its failure instead of each sending the refused credentials
/// again, one after the other.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_calls_share_one_refused_login_attempt() {
    let netography = Netography::start(LONG).await;
    // The login takes a while, so that every call starts while it is under way.
    netography.delay_logins(Duration::from_millis(50));
    let client = Client::builder().netosecret(netography.netosecret_with(WRONG_SECRET)).build().unwrap();
    let start = Arc::new(tokio::sync::Barrier::new(20));

    let calls = (0..20).map(|_| {
        let (client, start) = (client.clone(), start.clone());
        tokio::spawn(async move {
            start.wait().await;
            client.roles().list().await
        })
    });
    for result in futures::future::join_all(calls).await {
        let error = result.expect("the task ran").expect_err("the login is refused");
        assert!(error.auth_error().is_some_and(|e| e.is_refused()), "{error:?}");
    }

    let counts = netography.counts();
    assert_eq!(counts.roles, 0, "{counts:?}");
    assert_eq!(counts.logins, 1, "the waiting calls sent the refused credentials again: {counts:?}");
}

// ---------------------------------------------------------------------------------------
// A login answer the client must survive
// ---------------------------------------------------------------------------------------

/// A token that practically never expires (`expires_in` the largest the spec's integer
/// holds): kept and used, without overflowing the client's arithmetic.
#[tokio::test]
async fn a_token_that_practically_never_expires_is_kept() {
    let server = mock_server().await;
    let answer = json!({
        "access_token": "access-forever-2b7d",
        "expires_in": i64::MAX,
        "refresh_token": "refresh-forever-8c1e",
        "refresh_expires_in": i64::MAX,
        "token_type": "bearer",
    });
    Mock::given(method("POST"))
        .and(path(LOGIN))
        .respond_with(ResponseTemplate::new(200).set_body_json(answer))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(ROLES))
        .and(wiremock::matchers::bearer_token("access-forever-2b7d"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"meta": {"code": 200, "count": 0}})))
        .expect(3)
        .mount(&server)
        .await;
    let client = Client::builder().netosecret(encode(&netosecret_json(&server.uri(), SHARED_SECRET))).build().unwrap();

    for call in 0..3 {
        // Run in a task, so that a panic in the client is reported as this call's.
        let client = client.clone();
        let outcome = tokio::spawn(async move { client.roles().list().await }).await;
        let answer = outcome.unwrap_or_else(|panic| panic!("call {call} panicked: {panic}"));
        answer.unwrap_or_else(|e| panic!("call {call} failed: {e}"));
    }
}

// ---------------------------------------------------------------------------------------
// 7: malformed NETOSECRETs
// ---------------------------------------------------------------------------------------

/// The error `build()` gives for this NETOSECRET; it names NETOSECRET and what is wrong.
fn build_error(netosecret: &str) -> BuildError {
    let error = Client::builder().netosecret(netosecret).build().expect_err("a malformed NETOSECRET");
    let BuildError::InvalidCredentials(what, _) = &error else { panic!("expected InvalidCredentials, got {error:?}") };
    assert_eq!(what, "NETOSECRET");
    assert!(error.to_string().contains("NETOSECRET"), "{error}");
    error
}

fn with(member: &str, value: Value) -> String {
    let mut json = netosecret_json("https://api.netography.com/v1", SHARED_SECRET);
    json[member] = value;
    encode(&json)
}

fn without(member: &str) -> String {
    let mut json = netosecret_json("https://api.netography.com/v1", SHARED_SECRET);
    json.as_object_mut().unwrap().remove(member);
    encode(&json)
}

/// Malformed NETOSECRETs and what `build()` says about each.
fn malformed_netosecrets() -> Vec<(String, String)> {
    let mut cases = vec![
        ("%% not base64 %%".to_string(), "it is not base64".to_string()),
        (format!("{APPKEY}:{SHARED_SECRET}!"), "it is not base64".into()),
        (STANDARD.encode(format!("{APPKEY} {SHARED_SECRET}")), "it is base64, but not of a JSON object".into()),
        (STANDARD.encode(format!("[\"{APPKEY}\"]")), "it is base64, but not of a JSON object".into()),
        (String::new(), "it is empty".into()),
    ];
    for member in ["url", "shortname", "appname", "appkey", "sharedsecret"] {
        cases.push((without(member), format!("member `{member}` is missing")));
    }
    cases.push((with("appkey", json!([APPKEY])), "member `appkey` is not a string".into()));
    cases.push((with("sharedsecret", json!(42)), "member `sharedsecret` is not a string".into()));
    cases.push((with("shortname", json!(null)), "member `shortname` is not a string".into()));
    cases.push((with("appname", json!("")), "member `appname` is empty".into()));
    for url in ["ftp://api.netography.com/v1", "api.netography.com/v1", "http://", "not a url"] {
        cases.push((with("url", json!(url)), "member `url` is not an http(s) URL".into()));
    }
    cases
}

#[test]
fn malformed_netosecrets_fail_at_build_saying_what_is_wrong() {
    for (netosecret, reason) in malformed_netosecrets() {
        let error = build_error(&netosecret);
        assert_eq!(error.to_string(), format!("invalid NETOSECRET: {reason}"), "for {netosecret:?}");
    }
    // The NETOSECRET's url gives scheme, host and port; a given base URL wins.
    let secret = encode(&netosecret_json("http://127.0.0.1:8081/v1", SHARED_SECRET));
    assert_eq!(Client::builder().netosecret(secret.as_str()).build().unwrap().base_url(), "http://127.0.0.1:8081");
    let client = Client::builder().netosecret(secret).base_url("http://localhost:9").build().unwrap();
    assert_eq!(client.base_url(), "http://localhost:9");
}

/// The only test that touches the NETOSECRET variable: it is global to the process.
#[test]
fn netosecret_from_env_needs_the_variable() {
    std::env::remove_var("NETOSECRET");
    let error = Client::builder().netosecret_from_env().build().expect_err("no NETOSECRET");
    assert_eq!(error.to_string(), "invalid NETOSECRET: the environment variable is not set");

    std::env::set_var("NETOSECRET", "%% not base64 %%");
    let malformed = Client::builder().netosecret_from_env().build();
    std::env::set_var("NETOSECRET", encode(&netosecret_json("https://example.net:8443/v1", SHARED_SECRET)));
    let valid = Client::builder().netosecret_from_env().build();
    std::env::remove_var("NETOSECRET");

    assert_eq!(malformed.expect_err("malformed").to_string(), "invalid NETOSECRET: it is not base64");
    assert_eq!(valid.expect("a valid NETOSECRET").base_url(), "https://example.net:8443");
}

// ---------------------------------------------------------------------------------------
// 8, 9: user credentials; where credentials go
// ---------------------------------------------------------------------------------------

#[tokio::test]
async fn user_credentials_log_in_with_a_form_and_the_token_is_used() {
    let netography = Netography::start(LONG).await;
    let client = netography.user_client(PASSWORD);

    for _ in 0..3 {
        assert_analyst(&client.roles().list().await.expect("the call succeeds"));
    }

    let counts = netography.counts();
    assert_eq!((counts.user_logins, counts.user_logins_refused, counts.logins), (1, 0, 0), "{counts:?}");
    assert_eq!((counts.roles, counts.roles_refused), (3, 0), "{counts:?}");
    let token = netography.latest_access_token();
    assert!(netography.roles_calls().iter().all(|(carried, _)| *carried == token));
    let requests = netography.server.received_requests().await.unwrap();
    let login = requests.iter().find(|r| r.url.path() == USER_LOGIN).unwrap();
    assert_eq!(login.method.as_str(), "POST");
    assert_eq!(content_type(login), Some("application/x-www-form-urlencoded"));
    let fields = form_fields(login).unwrap();
    assert_eq!((fields["username"].as_str(), fields["password"].as_str()), (USERNAME, PASSWORD));
    netography.assert_credentials_placement().await;

    let refused = netography.user_client(WRONG_PASSWORD).roles().list().await.expect_err("a wrong password");
    let auth = refused.auth_error().expect("Error::Auth");
    assert!(auth.is_refused());
    assert_eq!(auth.message(), "login with user credentials failed");
    assert_eq!(auth.call_error().and_then(Error::status).map(|s| s.as_u16()), Some(401));
    let counts = netography.counts();
    assert_eq!((counts.user_logins, counts.user_logins_refused, counts.roles), (2, 1, 3), "{counts:?}");
}

#[tokio::test]
async fn login_requests_carry_no_authorization_and_protected_requests_the_bearer_token() {
    let netography = Netography::start(LONG).await;
    let client = netography.client();
    client.roles().list().await.unwrap();
    netography.revoke(&netography.latest_access_token());
    client.roles().list().await.unwrap();
    netography.user_client(PASSWORD).roles().list().await.unwrap();

    let requests = netography.server.received_requests().await.unwrap();
    let seen: Vec<(&str, Vec<&str>)> = requests
        .iter()
        .map(|r| (r.url.path(), r.headers.get_all("authorization").iter().map(|v| v.to_str().unwrap()).collect()))
        .collect();
    let access: Vec<String> =
        netography.state().issued.iter().filter(|t| t.starts_with("access-")).map(|t| format!("Bearer {t}")).collect();
    assert_eq!(
        seen,
        [
            (LOGIN, vec![]),
            (ROLES, vec![access[0].as_str()]),
            (ROLES, vec![access[0].as_str()]),
            (LOGIN, vec![]),
            (ROLES, vec![access[1].as_str()]),
            (USER_LOGIN, vec![]),
            (ROLES, vec![access[2].as_str()]),
        ]
    );
}

// ---------------------------------------------------------------------------------------
// 10: secrets never show
// ---------------------------------------------------------------------------------------

/// What the test subscriber wrote on one thread.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Captured {
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.lock().unwrap()).into_owned()
    }
}

thread_local! {
    /// Where the test subscriber writes what happens on this thread, while [`traced`] runs.
    static CAPTURE: RefCell<Option<Captured>> = const { RefCell::new(None) };
}

/// The test subscriber's output: the capture of the thread writing, if any.
struct ThisThread;

impl Write for ThisThread {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        CAPTURE.with(|capture| {
            if let Some(captured) = capture.borrow().as_ref() {
                captured.0.lock().unwrap().extend_from_slice(bytes);
            }
        });
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Installs, once per process and before any test makes a request, a global subscriber
/// at TRACE level that writes to the capture of the emitting thread.
///
/// Not a thread-local subscriber (`set_default`) as in `tracing_redaction.rs`: tracing
/// caches each callsite's interest process-wide, and with a single dispatcher registered it
/// is computed against the default of whichever thread reaches the callsite first. When
/// that is another test's thread, without a subscriber, the callsite is cached as never
/// enabled and the capturing test silently misses its events (tokio-rs/tracing#3611; seen
/// here: `status=401` missing when the whole file ran). With one global subscriber every
/// callsite is enabled everywhere; the writer keeps each test's output apart.
fn init_tracing() {
    static INSTALLED: Once = Once::new();
    INSTALLED.call_once(|| {
        let subscriber = tracing_subscriber::fmt()
            .with_max_level(tracing::Level::TRACE)
            .with_ansi(false)
            .with_span_events(FmtSpan::NEW | FmtSpan::CLOSE)
            .with_writer(|| ThisThread)
            .finish();
        tracing::subscriber::set_global_default(subscriber).expect("no other global subscriber");
    });
}

/// Everything traced on this thread at TRACE level while `run` runs. The test runs on
/// tokio's current-thread runtime, so the client works on this thread (the mock server has
/// its own).
async fn traced<F: std::future::Future<Output = ()>>(run: F) -> String {
    init_tracing();
    let captured = Captured::default();
    CAPTURE.with(|capture| *capture.borrow_mut() = Some(captured.clone()));
    run.await;
    CAPTURE.with(|capture| *capture.borrow_mut() = None);
    captured.text()
}

#[tokio::test]
async fn secrets_show_in_no_debug_display_or_trace() {
    let netography = Netography::start(Lifetimes { access: 1, refresh: Some(60) }).await;
    let builder = Client::builder().netosecret(netography.netosecret());
    let user_builder = Client::builder().user_credentials(USERNAME, PASSWORD).base_url(netography.server.uri());
    let mut shown = vec![format!("{builder:?}"), format!("{user_builder:#?}")];
    let client = builder.build().unwrap();
    let user_client = user_builder.build().unwrap();
    let wrong_secret = Client::builder().netosecret(netography.netosecret_with(WRONG_SECRET)).build().unwrap();
    let wrong_password = netography.user_client(WRONG_PASSWORD);
    // A login answer the client cannot decode, holding a token.
    let garbled = mock_server().await;
    Mock::given(method("POST"))
        .and(path(LOGIN))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "access_token": GARBLED_TOKEN,
            "expires_in": "in an hour",
            "token_type": "bearer",
        })))
        .mount(&garbled)
        .await;
    let garbled_client =
        Client::builder().netosecret(encode(&netosecret_json(&garbled.uri(), SHARED_SECRET))).build().unwrap();
    let mut errors = Vec::new();

    let output = traced(async {
        client.roles().list().await.expect("login");
        tokio::time::sleep(Duration::from_millis(1000)).await;
        client.roles().list().await.expect("renewal");
        netography.revoke(&netography.latest_access_token());
        client.roles().list().await.expect("401, new login, replay");
        user_client.roles().list().await.expect("user login");
        errors.push(wrong_secret.roles().list().await.expect_err("a refused login"));
        errors.push(wrong_password.roles().list().await.expect_err("a refused user login"));
        errors.push(garbled_client.roles().list().await.expect_err("an undecodable login answer"));
        netography.reject_every_token();
        errors.push(client.roles().list().await.expect_err("a second 401"));
    })
    .await;

    let counts = netography.counts();
    // The first login, the one after the revocation, the refused one, the one after the
    // first 401 of the last call.
    assert_eq!((counts.logins, counts.logins_refused, counts.refreshes), (4, 1, 1), "{counts:?}");
    assert_eq!((counts.user_logins, counts.user_logins_refused), (2, 1), "{counts:?}");
    assert!(errors[..3].iter().all(|e| e.auth_error().is_some()) && errors[3].is_unauthorized(), "{errors:?}");
    assert!(!errors[2].auth_error().unwrap().is_refused(), "an undecodable answer is no refusal");
    for client in [&client, &user_client, &wrong_secret, &wrong_password, &garbled_client] {
        shown.push(format!("{client:?}"));
        shown.push(format!("{client:#?}"));
    }
    for error in &errors {
        shown.extend([error.to_string(), format!("{error:?}"), format!("{error:#?}")]);
        if let Some(auth) = error.auth_error() {
            shown.extend([auth.to_string(), format!("{auth:?}")]);
        }
    }
    for (netosecret, _) in malformed_netosecrets() {
        let error = build_error(&netosecret);
        shown.extend([error.to_string(), format!("{error:?}")]);
    }
    shown.push(output.clone());

    let mut secrets: Vec<String> =
        [APPKEY, SHARED_SECRET, WRONG_SECRET, PASSWORD_MARK, WRONG_PASSWORD, GARBLED_TOKEN, "Bearer "]
            .into_iter()
            .map(String::from)
            .collect();
    secrets.push(netography.netosecret());
    secrets.push(netography.netosecret_with(WRONG_SECRET));
    secrets.extend(netography.issued_secrets());
    for request in garbled.received_requests().await.unwrap() {
        let jwt = request.body_json::<Value>().unwrap()["jwt"].as_str().unwrap().to_string();
        secrets.extend(jwt.split('.').skip(1).map(String::from));
        secrets.push(jwt);
    }
    assert!(secrets.len() > 20, "tokens and JWTs were collected: {}", secrets.len());
    for text in &shown {
        for secret in &secrets {
            assert!(!text.contains(secret.as_str()), "{secret:?} shows in:\n{text}");
        }
    }

    // The traces saw all of it: the logins, the refresh, the replay and the failures.
    for expected in [
        "operation=\"authentication.create_token\"",
        "operation=\"authentication.refresh_token\"",
        "operation=\"authentication.create_bearer_token\"",
        "operation=\"roles.list\"",
        "credentials rejected; sending again with fresh ones",
        "status=401",
        "call failed",
    ] {
        assert!(output.contains(expected), "{expected:?} missing from the traces:\n{output}");
    }
}
