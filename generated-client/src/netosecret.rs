// @generated copy of specs/rust/netosecret.rs, custom code of this crate (`cargo xtask codegen`). Do not edit here: edit that file and regenerate.
//! Logging in to Netography, as Netography documents it: with a NETOSECRET (the bundle of
//! account, app key and shared secret the portal hands out) or with a user's credentials.
//!
//! ```no_run
//! # async fn example() -> Result<(), Box<dyn std::error::Error>> {
//! let client = netography_client::Client::builder()
//!     .netosecret(std::env::var("NETOSECRET")?) // or .netosecret_from_env()
//!     .build()?; // a malformed NETOSECRET is an error here
//! let roles = client.roles().list().await?; // the first call logs in
//! # let _ = roles;
//! # Ok(())
//! # }
//! ```
//!
//! The client logs in on first use through the Authentication operations (a JWT request
//! token signed HS256 with the shared secret, sent to `POST /api/v1/auth/token`), keeps the
//! access token, and renews it before it expires: with the refresh token while that lasts,
//! else by logging in again. Calls made at the same time share one login; a call whose
//! token the server rejects (401) logs in again and is sent once more.
//!
//! Custom code of this crate: kept in `specs/rust/netosecret.rs` and copied here by
//! `cargo xtask codegen`.
#![cfg(feature = "authentication")]

use std::fmt;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use base64::Engine;

use crate::{
    types, AuthError, AuthFuture, BuildError, Client, ClientBuilder, IssuedToken, RenewingToken, Secret, TokenIssuer,
};

/// The environment variable [`ClientBuilder::netosecret_from_env`] reads.
pub const NETOSECRET_ENV_VAR: &str = "NETOSECRET";

/// A decoded NETOSECRET: base64 of a JSON object with `url`, `shortname`, `appname`,
/// `appkey` and `sharedsecret`. Its `Debug` leaves out the app key and the shared secret.
#[derive(Clone)]
pub struct Netosecret {
    url: String,
    shortname: String,
    appname: String,
    appkey: Secret,
    sharedsecret: Secret,
}

impl Netosecret {
    /// Decodes a NETOSECRET. The error says what is wrong without repeating any of it.
    pub fn parse(encoded: &str) -> Result<Self, BuildError> {
        let invalid = |reason: &str| BuildError::InvalidCredentials(NETOSECRET_ENV_VAR.into(), reason.into());
        let encoded = encoded.trim();
        if encoded.is_empty() {
            return Err(invalid("it is empty"));
        }
        let engines = [
            &base64::engine::general_purpose::STANDARD,
            &base64::engine::general_purpose::STANDARD_NO_PAD,
            &base64::engine::general_purpose::URL_SAFE,
            &base64::engine::general_purpose::URL_SAFE_NO_PAD,
        ];
        let decoded =
            engines.iter().find_map(|engine| engine.decode(encoded).ok()).ok_or_else(|| invalid("it is not base64"))?;
        let members: serde_json::Map<String, serde_json::Value> =
            serde_json::from_slice(&decoded).map_err(|_| invalid("it is base64, but not of a JSON object"))?;
        let member = |name: &str| -> Result<String, BuildError> {
            match members.get(name) {
                Some(serde_json::Value::String(value)) if !value.is_empty() => Ok(value.clone()),
                Some(serde_json::Value::String(_)) => Err(invalid(&format!("member `{name}` is empty"))),
                Some(_) => Err(invalid(&format!("member `{name}` is not a string"))),
                None => Err(invalid(&format!("member `{name}` is missing"))),
            }
        };
        let secret = Netosecret {
            url: member("url")?,
            shortname: member("shortname")?,
            appname: member("appname")?,
            appkey: Secret::new(member("appkey")?),
            sharedsecret: Secret::new(member("sharedsecret")?),
        };
        secret.base_url()?;
        Ok(secret)
    }

    /// The account's short name.
    pub fn shortname(&self) -> &str {
        &self.shortname
    }

    /// The name of the API key.
    pub fn appname(&self) -> &str {
        &self.appname
    }

    /// The API URL the portal gave, such as `https://api.netography.com/v1`.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// The server: scheme, host and port of [`url`](Self::url). The spec's paths already
    /// start with `/api/v1`, so the path of `url` is not used.
    pub fn base_url(&self) -> Result<String, BuildError> {
        let invalid =
            || BuildError::InvalidCredentials(NETOSECRET_ENV_VAR.into(), "member `url` is not an http(s) URL".into());
        let url = reqwest::Url::parse(&self.url).map_err(|_| invalid())?;
        let host = url.host_str().filter(|_| matches!(url.scheme(), "http" | "https")).ok_or_else(invalid)?;
        Ok(match url.port() {
            Some(port) => format!("{}://{host}:{port}", url.scheme()),
            None => format!("{}://{host}", url.scheme()),
        })
    }

    /// A JWT request token: HS256 with the shared secret, claims `iat` (`now`, seconds),
    /// `jti` (unique per token), `appname`, `appkey` and `shortname`.
    pub fn request_token(&self, now: SystemTime) -> Result<Secret, AuthError> {
        #[derive(serde::Serialize)]
        struct Claims<'a> {
            iat: u64,
            jti: String,
            appname: &'a str,
            appkey: &'a str,
            shortname: &'a str,
        }
        let claims = Claims {
            iat: now.duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs()),
            jti: unique_token_id(),
            appname: &self.appname,
            appkey: self.appkey.expose(),
            shortname: &self.shortname,
        };
        let key = jsonwebtoken::EncodingKey::from_secret(self.sharedsecret.expose().as_bytes());
        jsonwebtoken::encode(&jsonwebtoken::Header::new(jsonwebtoken::Algorithm::HS256), &claims, &key)
            .map(Secret::new)
            .map_err(|e| AuthError::new(format!("cannot sign the JWT request token: {e}")))
    }
}

impl fmt::Debug for Netosecret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Netosecret")
            .field("url", &self.url)
            .field("shortname", &self.shortname)
            .field("appname", &self.appname)
            .finish_non_exhaustive()
    }
}

/// A `jti` no other request token of this process has: a counter, and random bits so that
/// two processes do not repeat each other either.
fn unique_token_id() -> String {
    static ISSUED: AtomicU64 = AtomicU64::new(0);
    format!("{:x}-{:032x}", ISSUED.fetch_add(1, Ordering::Relaxed), fastrand::u128(..))
}

/// What the Authentication operations answer, as a token to keep.
fn issued(answer: types::AuthenticationCreateTokenResponse) -> Result<IssuedToken, AuthError> {
    let seconds = |value: Option<i64>| value.filter(|s| *s > 0).map(|s| Duration::from_secs(s.unsigned_abs()));
    let access_token = answer.access_token.ok_or_else(|| AuthError::new("the login answer has no access_token"))?;
    Ok(IssuedToken {
        access_token: Secret::new(access_token),
        expires_in: seconds(answer.expires_in),
        refresh_token: answer.refresh_token.map(Secret::new),
        refresh_expires_in: seconds(answer.refresh_expires_in),
    })
}

/// How a client logs in; tokens are renewed the same way for both.
enum Login {
    /// With a NETOSECRET: a JWT request token.
    Netosecret(Netosecret),
    /// With a user name and password.
    User { username: String, password: Secret },
}

impl Login {
    async fn issue(&self, client: &Client) -> Result<IssuedToken, AuthError> {
        // A repeated token request is harmless: retry it like an idempotent one.
        let answer = match self {
            Login::Netosecret(secret) => {
                let jwt = secret.request_token(SystemTime::now())?;
                let body = types::AuthenticationCreateTokenRequest { jwt: jwt.expose().to_string() };
                client.authentication().create_token(&body).retry_non_idempotent().await
            }
            Login::User { username, password } => {
                let body = types::AuthenticationCreateBearerTokenRequest {
                    username: username.clone(),
                    password: password.expose().to_string(),
                };
                client.authentication().create_bearer_token(&body).retry_non_idempotent().await
            }
        };
        let what = match self {
            Login::Netosecret(_) => "login with NETOSECRET failed",
            Login::User { .. } => "login with user credentials failed",
        };
        issued(answer.map_err(|e| AuthError::from_call(what, e))?)
    }

    /// Renews an access token with a refresh token (`POST /api/auth/bearer/refresh`).
    async fn refresh(&self, client: &Client, refresh_token: &Secret) -> Result<IssuedToken, AuthError> {
        let body = types::AuthenticationRefreshTokenRequest { refresh_token: refresh_token.expose().to_string() };
        let answer = client
            .authentication()
            .refresh_token(&body)
            .retry_non_idempotent()
            .await
            .map_err(|e| AuthError::from_call("token refresh failed", e))?;
        issued(answer)
    }
}

impl TokenIssuer for Login {
    fn issue<'a>(&'a self, client: &'a Client) -> AuthFuture<'a, Result<IssuedToken, AuthError>> {
        Box::pin(Login::issue(self, client))
    }

    fn refresh<'a>(
        &'a self,
        client: &'a Client,
        refresh_token: &'a Secret,
    ) -> AuthFuture<'a, Result<IssuedToken, AuthError>> {
        Box::pin(Login::refresh(self, client, refresh_token))
    }
}

/// Netography's logins.
impl ClientBuilder {
    /// Logs in with a NETOSECRET (see the [module documentation](crate::netosecret)). Its
    /// `url` gives the server (scheme, host and port) unless [`base_url`](Self::base_url) is
    /// set. A malformed NETOSECRET makes [`build`](Self::build) fail, saying what is wrong.
    pub fn netosecret(self, netosecret: impl Into<String>) -> Self {
        match Netosecret::parse(&netosecret.into()) {
            Ok(secret) => match secret.base_url() {
                Ok(base_url) => {
                    self.implied_base_url(base_url).auth_source(RenewingToken::new(Login::Netosecret(secret)))
                }
                Err(error) => self.defer_error(error),
            },
            Err(error) => self.defer_error(error),
        }
    }

    /// [`netosecret`](Self::netosecret) from the environment variable `NETOSECRET`; when it
    /// is not set, [`build`](Self::build) fails.
    pub fn netosecret_from_env(self) -> Self {
        match std::env::var(NETOSECRET_ENV_VAR) {
            Ok(value) => self.netosecret(value),
            Err(_) => self.defer_error(BuildError::InvalidCredentials(
                NETOSECRET_ENV_VAR.into(),
                "the environment variable is not set".into(),
            )),
        }
    }

    /// Logs in with a user's name and password (`POST /api/auth/bearer/token`), renewing
    /// the token like [`netosecret`](Self::netosecret) does.
    pub fn user_credentials(self, username: impl Into<String>, password: impl Into<String>) -> Self {
        self.auth_source(RenewingToken::new(Login::User { username: username.into(), password: Secret::new(password) }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn encode(json: &str) -> String {
        base64::engine::general_purpose::STANDARD.encode(json)
    }

    const VALID: &str = r#"{"url":"https://api.netography.com/v1","shortname":"acme","appname":"ci","appkey":"KEY-1","sharedsecret":"s3cret"}"#;

    #[test]
    fn a_netosecret_gives_the_server_without_the_path() {
        let secret = Netosecret::parse(&encode(VALID)).unwrap();
        assert_eq!(secret.base_url().unwrap(), "https://api.netography.com");
        assert_eq!((secret.shortname(), secret.appname()), ("acme", "ci"));
        let local = VALID.replace("https://api.netography.com/v1", "http://127.0.0.1:8080/v1");
        assert_eq!(Netosecret::parse(&encode(&local)).unwrap().base_url().unwrap(), "http://127.0.0.1:8080");
    }

    #[test]
    fn malformed_netosecrets_say_what_is_wrong_and_nothing_of_the_secret() {
        let error = |text: &str| Netosecret::parse(text).unwrap_err().to_string();
        assert_eq!(error("not base64 at all!"), "invalid NETOSECRET: it is not base64");
        assert_eq!(error(&encode("KEY-1 s3cret")), "invalid NETOSECRET: it is base64, but not of a JSON object");
        assert_eq!(
            error(&encode(&VALID.replace(r#""appkey":"KEY-1","#, ""))),
            "invalid NETOSECRET: member `appkey` is missing"
        );
        assert_eq!(
            error(&encode(&VALID.replace(r#""s3cret""#, "42"))),
            "invalid NETOSECRET: member `sharedsecret` is not a string"
        );
        assert_eq!(
            error(&encode(&VALID.replace("https://api.netography.com/v1", "ftp://x"))),
            "invalid NETOSECRET: member `url` is not an http(s) URL"
        );
        assert_eq!(error(""), "invalid NETOSECRET: it is empty");
        let debug = format!("{:?}", Netosecret::parse(&encode(VALID)).unwrap());
        assert!(!debug.contains("KEY-1") && !debug.contains("s3cret"), "{debug}");
    }
}
