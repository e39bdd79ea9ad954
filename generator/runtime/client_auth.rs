//! Authentication: which credentials each request carries, and where they come from.
//!
//! The spec's security schemes are listed in `SECURITY_SCHEMES` at the crate root; each
//! operation names the alternatives it accepts (`security`). Per attempt, the client takes the first
//! alternative for which it has a source for every scheme, asks each source for a
//! credential, and places it as the scheme says (bearer, basic, an API key in a header,
//! query parameter or cookie). When the server answers 401, the sources hear of it and may
//! ask for the call to be sent once more with fresh credentials.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::error::{AuthError, Error};
use crate::Client;

/// A boxed future, so that [`AuthSource`] stays object-safe.
pub type AuthFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// A credential: a token, an API key or `user:password`. Its `Debug` never shows it, and
/// the client never writes it to an error or a trace.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(Arc<str>);

impl Secret {
    /// Wraps a credential.
    pub fn new(value: impl Into<String>) -> Self {
        Secret(Arc::from(value.into()))
    }

    /// The credential itself, to put into a request.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret([redacted])")
    }
}

impl From<String> for Secret {
    fn from(value: String) -> Self {
        Secret::new(value)
    }
}

impl From<&str> for Secret {
    fn from(value: &str) -> Self {
        Secret::new(value)
    }
}

/// Where a client gets the credential of a security scheme, before each attempt. Built in:
/// a fixed credential ([`ClientBuilder::bearer_token`](crate::ClientBuilder::bearer_token),
/// [`api_key`](crate::ClientBuilder::api_key),
/// [`basic_auth`](crate::ClientBuilder::basic_auth)) and tokens that are issued and renewed
/// ([`RenewingToken`], used for OAuth2 client credentials). Implement it for credentials of
/// your own, such as a token a vault renews, and give it to
/// [`ClientBuilder::auth_source`](crate::ClientBuilder::auth_source) or
/// [`ClientBuilder::scheme_auth`](crate::ClientBuilder::scheme_auth).
pub trait AuthSource: Send + Sync + 'static {
    /// The credential for the next attempt. `client` is the client making the call: a
    /// source may use it to log in (through an operation that needs no credentials).
    fn credential<'a>(&'a self, client: &'a Client) -> AuthFuture<'a, Result<Secret, AuthError>>;

    /// The server answered 401 to a request that carried `rejected`. Return `true` when a
    /// fresh credential may succeed: the call is then sent once more (once per call, so a
    /// second 401 is the caller's). The default: `false`, a fixed credential stays wrong.
    fn rejected<'a>(&'a self, rejected: &'a Secret) -> AuthFuture<'a, bool> {
        let _ = rejected;
        Box::pin(async { false })
    }
}

/// A credential that never changes.
pub(crate) struct FixedCredential(pub(crate) Secret);

impl AuthSource for FixedCredential {
    fn credential<'a>(&'a self, _: &'a Client) -> AuthFuture<'a, Result<Secret, AuthError>> {
        let secret = self.0.clone();
        Box::pin(async move { Ok(secret) })
    }
}

/// A token and how long it and its refresh token last, as a login or token endpoint
/// answers.
#[derive(Clone, Debug)]
pub struct IssuedToken {
    /// The access token, sent as the credential.
    pub access_token: Secret,
    /// How long the access token lasts, if the issuer says.
    pub expires_in: Option<Duration>,
    /// A token that renews the access token without logging in again.
    pub refresh_token: Option<Secret>,
    /// How long the refresh token lasts, if the issuer says.
    pub refresh_expires_in: Option<Duration>,
}

/// Logs in: gets an access token from credentials (a shared secret, a password, a client
/// secret). [`RenewingToken`] calls it when it needs a token.
pub trait TokenIssuer: Send + Sync + 'static {
    /// A new token, by logging in.
    fn issue<'a>(&'a self, client: &'a Client) -> AuthFuture<'a, Result<IssuedToken, AuthError>>;

    /// A new token from a refresh token. The default logs in again.
    fn refresh<'a>(
        &'a self,
        client: &'a Client,
        refresh_token: &'a Secret,
    ) -> AuthFuture<'a, Result<IssuedToken, AuthError>> {
        let _ = refresh_token;
        self.issue(client)
    }
}

/// An [`AuthSource`] that logs in through a [`TokenIssuer`] on first use, keeps the token,
/// and renews it before it expires: by its refresh token while that lasts, else by a new
/// login. Calls made at the same time share one login, and its failure: a refused login is
/// not repeated for every waiting call. When the server rejects a kept token (401), the
/// token is dropped and the call is sent once more after a new login.
pub struct RenewingToken<I> {
    issuer: I,
    state: tokio::sync::Mutex<TokenState>,
    /// Logins (and refreshes) finished, readable without waiting for the lock.
    attempts: AtomicU64,
}

#[derive(Default)]
struct TokenState {
    kept: Option<KeptToken>,
    /// The failure of the last attempt, for the calls that waited for it.
    failure: Option<AuthError>,
}

struct KeptToken {
    token: IssuedToken,
    obtained: Instant,
}

/// How early a token is renewed: a tenth of its lifetime, at most a minute, so that it
/// does not expire on its way to the server.
fn renewal_margin(lifetime: Duration) -> Duration {
    (lifetime / 10).min(Duration::from_secs(60))
}

/// A lifetime too long for the clock to represent never ends.
fn still_valid(obtained: Instant, lifetime: Option<Duration>, now: Instant) -> bool {
    match lifetime.map(|lifetime| obtained.checked_add(lifetime.saturating_sub(renewal_margin(lifetime)))) {
        None | Some(None) => true,
        Some(Some(renew_at)) => now < renew_at,
    }
}

impl<I: TokenIssuer> RenewingToken<I> {
    /// Tokens from `issuer`; nothing is requested until the first call needs one.
    pub fn new(issuer: I) -> Self {
        RenewingToken { issuer, state: tokio::sync::Mutex::new(TokenState::default()), attempts: AtomicU64::new(0) }
    }

    /// A new token: refreshed when `refresh_token` is given and works, else logged in.
    async fn obtain(&self, client: &Client, refresh_token: Option<Secret>) -> Result<IssuedToken, AuthError> {
        if let Some(refresh_token) = refresh_token {
            match self.issuer.refresh(client, &refresh_token).await {
                Ok(token) => return Ok(token),
                Err(error) => tracing::debug!(failure = %error.kind(), "token refresh failed; logging in"),
            }
        }
        self.issuer.issue(client).await
    }
}

impl<I> fmt::Debug for RenewingToken<I> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RenewingToken").finish_non_exhaustive()
    }
}

impl<I: TokenIssuer> AuthSource for RenewingToken<I> {
    fn credential<'a>(&'a self, client: &'a Client) -> AuthFuture<'a, Result<Secret, AuthError>> {
        Box::pin(async move {
            let attempts_seen = self.attempts.load(Ordering::Acquire);
            // Held while logging in: concurrent calls wait here and then find the new token,
            // or the failure of the login they waited for.
            let mut state = self.state.lock().await;
            if self.attempts.load(Ordering::Acquire) != attempts_seen {
                if let Some(failure) = &state.failure {
                    return Err(failure.clone());
                }
            }
            let now = Instant::now();
            if let Some(current) = state.kept.as_ref() {
                if still_valid(current.obtained, current.token.expires_in, now) {
                    return Ok(current.token.access_token.clone());
                }
            }
            let refresh_token = state.kept.take().and_then(|old| {
                let lasts = still_valid(old.obtained, old.token.refresh_expires_in, now);
                old.token.refresh_token.filter(|_| lasts)
            });
            let obtained = Instant::now();
            let result = self.obtain(client, refresh_token).await;
            self.attempts.fetch_add(1, Ordering::Release);
            match result {
                Ok(token) => {
                    let secret = token.access_token.clone();
                    *state = TokenState { kept: Some(KeptToken { token, obtained }), failure: None };
                    Ok(secret)
                }
                Err(error) => {
                    // Kept for the calls waiting now, not for later ones: they try again.
                    state.failure = Some(error.clone());
                    Err(error)
                }
            }
        })
    }

    fn rejected<'a>(&'a self, rejected: &'a Secret) -> AuthFuture<'a, bool> {
        Box::pin(async move {
            let mut state = self.state.lock().await;
            // Another call may have renewed it already; then the replay uses the new one.
            if state.kept.as_ref().is_some_and(|k| &k.token.access_token == rejected) {
                state.kept = None;
            }
            true
        })
    }
}

/// OAuth2 client credentials (RFC 6749, section 4.4): the client id and secret are sent to
/// the token URL the spec names, as HTTP basic authentication.
pub(crate) struct ClientCredentials {
    pub(crate) token_url: String,
    pub(crate) client_id: String,
    pub(crate) client_secret: Secret,
    pub(crate) scopes: Vec<String>,
}

/// The members of a token endpoint's answer the client uses.
#[derive(serde::Deserialize)]
struct TokenAnswer {
    access_token: String,
    expires_in: Option<u64>,
    refresh_token: Option<String>,
}

impl TokenIssuer for ClientCredentials {
    fn issue<'a>(&'a self, client: &'a Client) -> AuthFuture<'a, Result<IssuedToken, AuthError>> {
        Box::pin(async move {
            let mut form = vec![("grant_type", "client_credentials".to_string())];
            if !self.scopes.is_empty() {
                form.push(("scope", self.scopes.join(" ")));
            }
            let url = if self.token_url.starts_with("http://") || self.token_url.starts_with("https://") {
                self.token_url.clone()
            } else {
                format!("{}/{}", client.base_url(), self.token_url.trim_start_matches('/'))
            };
            let mut request = client
                .inner
                .http
                .post(url)
                .basic_auth(&self.client_id, Some(self.client_secret.expose()))
                .header(reqwest::header::ACCEPT, "application/json")
                .form(&form);
            if let Some(timeout) = client.inner.timeout {
                request = request.timeout(timeout);
            }
            let answer = request
                .send()
                .await
                .map_err(|e| AuthError::new(format!("the token request failed: {}", crate::error::root_cause(&e))))?;
            let status = answer.status();
            let body = answer.bytes().await.map_err(|e| {
                AuthError::new(format!("the token response broke off: {}", crate::error::root_cause(&e)))
            })?;
            if !status.is_success() {
                return Err(AuthError::new(format!("the token endpoint answered {status}")).refused());
            }
            let answer: TokenAnswer = serde_json::from_slice(&body)
                .map_err(|e| AuthError::new(format!("the token response is not a token: {e}")))?;
            Ok(IssuedToken {
                access_token: Secret::new(answer.access_token),
                expires_in: answer.expires_in.map(Duration::from_secs),
                refresh_token: answer.refresh_token.map(Secret::new),
                refresh_expires_in: None,
            })
        })
    }
}

/// How a security scheme carries its credential.
#[derive(Debug, Clone, Copy)]
pub(crate) enum SchemeKind {
    /// `Authorization: Bearer <token>` (`http` `bearer`, and `oauth2` / `openIdConnect`
    /// when no token URL is known).
    Bearer,
    /// `Authorization: Basic ...` from `user:password`.
    Basic,
    /// `apiKey` in a header.
    HeaderKey(&'static str),
    /// `apiKey` in a query parameter.
    QueryKey(&'static str),
    /// `apiKey` in a cookie.
    CookieKey(&'static str),
    /// `oauth2` with a client-credentials flow: a bearer token from this token URL.
    OAuth2ClientCredentials(&'static str),
}

/// A security scheme of the spec, by its name there.
#[derive(Debug)]
pub(crate) struct Scheme {
    pub(crate) name: &'static str,
    pub(crate) kind: SchemeKind,
}

/// What an operation accepts: alternatives, each a set of schemes used together. `&[]`
/// needs no credentials; an empty alternative (`{}` in the spec) makes them optional.
pub(crate) type Requirement = &'static [&'static [&'static str]];

/// The client's sources, one slot per scheme of `crate::SECURITY_SCHEMES`.
#[derive(Default)]
pub(crate) struct Credentials {
    by_scheme: Vec<Option<Arc<dyn AuthSource>>>,
    /// For operations of a spec that declares no security: a bearer token, when given.
    undeclared: Option<Arc<dyn AuthSource>>,
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let configured: Vec<&str> = crate::SECURITY_SCHEMES
            .iter()
            .zip(&self.by_scheme)
            .filter(|(_, source)| source.is_some())
            .map(|(scheme, _)| scheme.name)
            .collect();
        f.debug_struct("Credentials")
            .field("schemes", &configured)
            .field("bearer", &self.undeclared.as_ref().map(|_| "[redacted]"))
            .finish()
    }
}

/// What the builder was given, before it is matched with the spec's schemes.
#[derive(Default)]
pub(crate) struct CredentialSettings {
    pub(crate) bearer: Option<Arc<dyn AuthSource>>,
    pub(crate) api_key: Option<Arc<dyn AuthSource>>,
    pub(crate) basic: Option<Arc<dyn AuthSource>>,
    pub(crate) client_credentials: Option<(String, Secret)>,
    /// OAuth2 scopes, kept apart so that giving them never stands for credentials.
    pub(crate) scopes: Vec<String>,
    pub(crate) by_name: Vec<(String, Arc<dyn AuthSource>)>,
}

impl fmt::Debug for CredentialSettings {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let given = |source: bool| if source { Some("[redacted]") } else { None };
        f.debug_struct("CredentialSettings")
            .field("bearer", &given(self.bearer.is_some()))
            .field("api_key", &given(self.api_key.is_some()))
            .field("basic", &given(self.basic.is_some()))
            .field("client_credentials", &given(self.client_credentials.is_some()))
            .field("schemes", &self.by_name.iter().map(|(name, _)| name).collect::<Vec<_>>())
            .finish()
    }
}

impl CredentialSettings {
    /// Matches the settings with the spec's schemes: a source given by scheme name wins over
    /// one given by kind. An unknown scheme name is an error naming the known ones.
    pub(crate) fn into_credentials(self) -> Result<Credentials, crate::BuildError> {
        let schemes = crate::SECURITY_SCHEMES;
        for (name, _) in &self.by_name {
            if !schemes.iter().any(|s| s.name == name) {
                let known: Vec<&str> = schemes.iter().map(|s| s.name).collect();
                return Err(crate::BuildError::UnknownScheme(name.clone(), known.join(", ")));
            }
        }
        let by_scheme = schemes
            .iter()
            .map(|scheme| {
                if let Some((_, source)) = self.by_name.iter().rev().find(|(name, _)| name == scheme.name) {
                    return Some(source.clone());
                }
                match scheme.kind {
                    SchemeKind::OAuth2ClientCredentials(token_url) => match &self.client_credentials {
                        Some((id, secret)) => Some(Arc::new(RenewingToken::new(ClientCredentials {
                            token_url: token_url.to_string(),
                            client_id: id.clone(),
                            client_secret: secret.clone(),
                            scopes: self.scopes.clone(),
                        })) as Arc<dyn AuthSource>),
                        None => self.bearer.clone(),
                    },
                    SchemeKind::Bearer => self.bearer.clone(),
                    SchemeKind::Basic => self.basic.clone(),
                    SchemeKind::HeaderKey(_) | SchemeKind::QueryKey(_) | SchemeKind::CookieKey(_) => {
                        self.api_key.clone()
                    }
                }
            })
            .collect();
        Ok(Credentials { by_scheme, undeclared: self.bearer })
    }
}

/// The credentials one attempt carries, with the sources that gave them.
#[derive(Default)]
pub(crate) struct Applied {
    used: Vec<(&'static Scheme, Secret, Arc<dyn AuthSource>)>,
}

impl Applied {
    /// Puts each credential where its scheme says.
    pub(crate) fn apply(&self, mut request: reqwest::RequestBuilder) -> reqwest::RequestBuilder {
        for (scheme, secret, _) in &self.used {
            request = match scheme.kind {
                SchemeKind::Bearer | SchemeKind::OAuth2ClientCredentials(_) => {
                    request.header(reqwest::header::AUTHORIZATION, sensitive(&format!("Bearer {}", secret.expose())))
                }
                SchemeKind::Basic => {
                    let (user, password) = secret.expose().split_once(':').unwrap_or((secret.expose(), ""));
                    request.basic_auth(user, Some(password))
                }
                SchemeKind::HeaderKey(name) => request.header(name, sensitive(secret.expose())),
                SchemeKind::QueryKey(name) => request.query(&[(name, secret.expose())]),
                SchemeKind::CookieKey(name) => {
                    request.header(reqwest::header::COOKIE, sensitive(&format!("{name}={}", secret.expose())))
                }
            };
        }
        request
    }

    /// Tells the sources their credentials were rejected; true when one of them expects a
    /// fresh credential to succeed.
    pub(crate) async fn rejected(&self) -> bool {
        let mut replay = false;
        for (_, secret, source) in &self.used {
            replay |= source.rejected(secret).await;
        }
        replay
    }
}

/// A header value marked sensitive (HTTP/2 never indexes it); an invalid one is left for
/// reqwest to refuse when the request is built.
fn sensitive(value: &str) -> reqwest::header::HeaderValue {
    let mut value = reqwest::header::HeaderValue::from_str(value)
        .unwrap_or_else(|_| reqwest::header::HeaderValue::from_static("invalid-credential"));
    value.set_sensitive(true);
    value
}

/// The credentials for one attempt of `operation`: the first alternative of its requirement
/// for which every scheme has a source. With none, the request goes without credentials and
/// the server decides.
pub(crate) async fn credentials_for(
    client: &Client,
    operation: &'static str,
    requirement: Option<Requirement>,
) -> Result<Applied, Error> {
    let credentials = &client.inner.credentials;
    let schemes = crate::SECURITY_SCHEMES;
    let mut chosen: Vec<(&'static Scheme, Arc<dyn AuthSource>)> = Vec::new();
    match requirement {
        // The spec says nothing about security: a bearer token, if one was given.
        None => {
            if let Some(source) = &credentials.undeclared {
                static UNDECLARED: Scheme = Scheme { name: "bearer", kind: SchemeKind::Bearer };
                chosen.push((&UNDECLARED, source.clone()));
            }
        }
        Some(alternatives) => {
            let source_of = |name: &str| {
                let index = schemes.iter().position(|s| s.name == name)?;
                let source = credentials.by_scheme.get(index)?.clone()?;
                Some((&schemes[index], source))
            };
            for alternative in alternatives {
                let sources: Option<Vec<_>> = alternative.iter().map(|name| source_of(name)).collect();
                if let Some(sources) = sources {
                    chosen = sources;
                    break;
                }
            }
        }
    }
    let mut applied = Applied::default();
    for (scheme, source) in chosen {
        let secret =
            source.credential(client).await.map_err(|source| Error::Auth { operation, scheme: scheme.name, source })?;
        applied.used.push((scheme, secret, source));
    }
    Ok(applied)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_renewed_a_tenth_of_their_lifetime_early_at_most_a_minute() {
        let start = Instant::now();
        let hour = Some(Duration::from_secs(3600));
        assert!(still_valid(start, hour, start + Duration::from_secs(3539)));
        assert!(!still_valid(start, hour, start + Duration::from_secs(3540)));
        let short = Some(Duration::from_secs(10));
        assert!(still_valid(start, short, start + Duration::from_millis(8900)));
        assert!(!still_valid(start, short, start + Duration::from_secs(9)));
        assert!(still_valid(start, None, start + Duration::from_secs(1 << 30)));
        // A lifetime past what the clock can hold never ends (and does not overflow).
        assert!(still_valid(start, Some(Duration::from_secs(u64::MAX)), start + Duration::from_secs(1 << 30)));
    }

    #[test]
    fn secrets_do_not_show_in_debug() {
        let secret = Secret::new("hunter2");
        assert_eq!(format!("{secret:?}"), "Secret([redacted])");
        assert_eq!(secret.expose(), "hunter2");
    }
}
