//! The client: configuration, authentication and the shared HTTP connection pool.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use reqwest::header::{HeaderMap, HeaderName, HeaderValue};

use crate::client_auth::{AuthSource, CredentialSettings, Credentials, FixedCredential, Secret};
use crate::hooks::{HookList, Hooks};
use crate::retry::RetryPolicy;

/// Default time allowed to establish a connection.
const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
/// Default time allowed for a whole request, response body included.
const DEFAULT_TIMEOUT: Duration = Duration::from_secs(60);

/// A client for the API. Cheap to clone: clones share one connection pool.
///
/// Build one with [`Client::builder`].
#[derive(Clone)]
pub struct Client {
    pub(crate) inner: Arc<ClientInner>,
}

pub(crate) struct ClientInner {
    pub(crate) http: reqwest::Client,
    pub(crate) base_url: String,
    pub(crate) credentials: Credentials,
    pub(crate) retry_policy: RetryPolicy,
    pub(crate) hooks: HookList,
    /// Time allowed for a whole request; `None` with a `reqwest::Client` of the caller's.
    pub(crate) timeout: Option<Duration>,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.inner.base_url)
            .field("credentials", &self.inner.credentials)
            .field("retry_policy", &self.inner.retry_policy)
            .finish_non_exhaustive()
    }
}

impl Client {
    /// Starts configuring a client.
    pub fn builder() -> ClientBuilder {
        ClientBuilder::default()
    }

    /// The base URL requests are sent to (no trailing slash).
    pub fn base_url(&self) -> &str {
        &self.inner.base_url
    }

    /// How calls are retried unless a call says otherwise.
    pub fn retry_policy(&self) -> &RetryPolicy {
        &self.inner.retry_policy
    }
}

/// Configures a [`Client`]. Every setting has a default except the credentials.
///
/// Credentials are matched with the spec's security schemes (see the crate documentation):
/// a bearer token or [`auth_source`](Self::auth_source) serves the bearer (and OAuth2)
/// schemes, [`api_key`](Self::api_key) the `apiKey` ones, [`basic_auth`](Self::basic_auth)
/// the HTTP basic ones, [`scheme_auth`](Self::scheme_auth) one scheme by name. Each
/// operation sends what its `security` asks for; operations that need none send nothing.
#[derive(Default)]
pub struct ClientBuilder {
    base_url: Option<String>,
    /// A base URL implied by credentials (custom code), used when none is given.
    implied_base_url: Option<String>,
    token: Option<String>,
    token_from_env: bool,
    credentials: CredentialSettings,
    /// The first invalid setting, reported by `build` (custom code reads credentials
    /// eagerly but may only fail there).
    deferred_error: Option<BuildError>,
    http: Option<reqwest::Client>,
    timeout: Option<Duration>,
    connect_timeout: Option<Duration>,
    user_agent: Option<String>,
    default_headers: Vec<(String, String)>,
    retry_policy: Option<RetryPolicy>,
    max_retries: Option<u32>,
    hooks: HookList,
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("base_url", &self.base_url)
            .field("token", &self.token.as_ref().map(|_| "[redacted]"))
            .field("credentials", &self.credentials)
            .field("timeout", &self.timeout)
            .field("connect_timeout", &self.connect_timeout)
            .field("user_agent", &self.user_agent)
            .field("retry_policy", &self.retry_policy)
            .field("max_retries", &self.max_retries)
            .field("hooks", &self.hooks)
            .finish_non_exhaustive()
    }
}

impl ClientBuilder {
    /// The server to talk to, such as `https://api.example.com`. Defaults to
    /// [`DEFAULT_BASE_URL`](crate::DEFAULT_BASE_URL), the first server the spec names.
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = Some(url.into());
        self
    }

    /// The bearer token sent as `Authorization: Bearer <token>` by the operations whose
    /// security scheme is HTTP bearer or OAuth2 (or by every operation, when the spec
    /// declares no security at all).
    pub fn bearer_token(mut self, token: impl Into<String>) -> Self {
        self.token = Some(token.into());
        self
    }

    /// Reads the bearer token from the environment variable
    /// [`TOKEN_ENV_VAR`](crate::TOKEN_ENV_VAR) when the client is built, unless
    /// [`bearer_token`](Self::bearer_token) set one. A missing variable is an error.
    pub fn bearer_token_from_env(mut self) -> Self {
        self.token_from_env = true;
        self
    }

    /// The API key sent by every `apiKey` security scheme of the spec (in the header, query
    /// parameter or cookie the scheme names).
    pub fn api_key(mut self, key: impl Into<String>) -> Self {
        self.credentials.api_key = Some(Arc::new(FixedCredential(Secret::new(key))));
        self
    }

    /// The user and password sent by every HTTP `basic` security scheme of the spec.
    pub fn basic_auth(mut self, user: impl Into<String>, password: impl Into<String>) -> Self {
        let credential = format!("{}:{}", user.into(), password.into());
        self.credentials.basic = Some(Arc::new(FixedCredential(Secret::new(credential))));
        self
    }

    /// OAuth2 client credentials for every `oauth2` scheme of the spec with a
    /// `clientCredentials` flow: the client gets a token from the flow's token URL on first
    /// use (the id and secret sent as HTTP basic authentication), keeps it, renews it before
    /// it expires, and logs in again once when the server rejects it. Concurrent calls share
    /// one token request.
    pub fn oauth2_client_credentials(mut self, client_id: impl Into<String>, client_secret: impl Into<String>) -> Self {
        self.credentials.client_credentials = Some((client_id.into(), Secret::new(client_secret)));
        self
    }

    /// The scopes requested with [`oauth2_client_credentials`](Self::oauth2_client_credentials)
    /// (default: none, the server's default).
    pub fn oauth2_scopes<S: Into<String>>(mut self, scopes: impl IntoIterator<Item = S>) -> Self {
        self.credentials.scopes = scopes.into_iter().map(Into::into).collect();
        self
    }

    /// Your own source of bearer tokens (a vault, a token exchange, a login of your own),
    /// asked before every attempt, for the bearer and OAuth2 schemes of the spec. See
    /// [`AuthSource`](crate::AuthSource) and [`RenewingToken`](crate::RenewingToken).
    pub fn auth_source(mut self, source: impl AuthSource) -> Self {
        self.credentials.bearer = Some(Arc::new(source));
        self.token = None;
        self
    }

    /// A source for one security scheme, by its name in the spec; it wins over the settings
    /// above for that scheme. An unknown name makes [`build`](Self::build) fail.
    pub fn scheme_auth(mut self, scheme: impl Into<String>, source: impl AuthSource) -> Self {
        self.credentials.by_name.push((scheme.into(), Arc::new(source)));
        self
    }

    /// A base URL implied by the credentials, used when [`base_url`](Self::base_url) is not
    /// given. For custom code that reads credentials carrying the server's address.
    pub(crate) fn implied_base_url(mut self, url: impl Into<String>) -> Self {
        self.implied_base_url = Some(url.into());
        self
    }

    /// Makes [`build`](Self::build) fail with `error` (the first one given). For custom
    /// code whose settings can be invalid.
    pub(crate) fn defer_error(mut self, error: BuildError) -> Self {
        self.deferred_error.get_or_insert(error);
        self
    }

    /// Time allowed for a whole request, response included; each attempt of a retried call
    /// gets it anew. Default: 60 s. [`Call::timeout`](crate::Call::timeout) overrides it per
    /// request.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// Time allowed to establish a connection. Default: 10 s.
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = Some(timeout);
        self
    }

    /// The `User-Agent` header. Default: `<crate name>/<crate version>`.
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = Some(user_agent.into());
        self
    }

    /// A header sent with every request.
    pub fn default_header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.default_headers.push((name.into(), value.into()));
        self
    }

    /// How failed calls are retried. Default: [`RetryPolicy::default`], 3 attempts in all
    /// for idempotent methods, with backoff and `Retry-After` honoured.
    pub fn retry_policy(mut self, policy: RetryPolicy) -> Self {
        self.retry_policy = Some(policy);
        self
    }

    /// Retries after the first attempt, keeping the rest of the policy; 0 sends every call
    /// once. Applies on top of [`retry_policy`](Self::retry_policy), in whichever order
    /// both are called.
    pub fn max_retries(mut self, retries: u32) -> Self {
        self.max_retries = Some(retries);
        self
    }

    /// Adds code that runs around every attempt of every call: before it is sent (to add or
    /// sign headers, with the method, URL and body at hand) and after it ends (metrics,
    /// logs). Hooks run in the order they were added. See [`Hooks`](crate::Hooks).
    pub fn hooks(mut self, hooks: impl Hooks) -> Self {
        self.hooks.0.push(Arc::new(hooks));
        self
    }

    /// Uses this `reqwest::Client` (for proxies, custom TLS, ...). The timeout, user agent
    /// and default header settings of this builder then do not apply, nor does the
    /// redirect setting (this builder's client follows no redirects): configure them on
    /// the given client. The retry policy still applies.
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.http = Some(client);
        self
    }

    /// Builds the client.
    pub fn build(self) -> Result<Client, BuildError> {
        if let Some(error) = self.deferred_error {
            return Err(error);
        }
        let base_url = self
            .base_url
            .or(self.implied_base_url)
            .or_else(|| crate::DEFAULT_BASE_URL.map(String::from))
            .ok_or(BuildError::MissingBaseUrl)?;
        let parsed =
            reqwest::Url::parse(&base_url).map_err(|e| BuildError::InvalidBaseUrl(base_url.clone(), e.to_string()))?;
        if !matches!(parsed.scheme(), "http" | "https") {
            return Err(BuildError::InvalidBaseUrl(base_url, "the scheme must be http or https".into()));
        }
        // Paths are appended to the base URL: a query or fragment would swallow them.
        if parsed.query().is_some() || parsed.fragment().is_some() {
            return Err(BuildError::InvalidBaseUrl(base_url, "a base URL cannot have a query or fragment".into()));
        }
        let token = match (self.token, self.token_from_env, crate::TOKEN_ENV_VAR) {
            (Some(token), _, _) => Some(token),
            (None, true, Some(var)) => Some(std::env::var(var).map_err(|_| BuildError::MissingToken(var))?),
            (None, true, None) => return Err(BuildError::MissingToken("(no variable configured)")),
            (None, false, _) => None,
        };
        let mut credential_settings = self.credentials;
        if let Some(token) = token {
            HeaderValue::from_str(&format!("Bearer {token}")).map_err(|_| BuildError::InvalidToken)?;
            credential_settings.bearer = Some(Arc::new(FixedCredential(Secret::new(token))));
        }
        let credentials = credential_settings.into_credentials()?;
        let timeout = self.http.is_none().then(|| self.timeout.unwrap_or(DEFAULT_TIMEOUT));
        let http = match self.http {
            Some(http) => http,
            None => {
                let mut headers = HeaderMap::new();
                for (name, value) in &self.default_headers {
                    let header_name =
                        HeaderName::from_bytes(name.as_bytes()).map_err(|_| BuildError::InvalidHeader(name.clone()))?;
                    let header_value =
                        HeaderValue::from_str(value).map_err(|_| BuildError::InvalidHeader(name.clone()))?;
                    headers.append(header_name, header_value);
                }
                let user_agent = self
                    .user_agent
                    .unwrap_or_else(|| concat!(env!("CARGO_PKG_NAME"), "/", env!("CARGO_PKG_VERSION")).to_string());
                // The whole-request timeout is set per request (an event stream is not bound
                // by it); each wait for data is bounded by the same time.
                reqwest::Client::builder()
                    .user_agent(user_agent)
                    .default_headers(headers)
                    .read_timeout(self.timeout.unwrap_or(DEFAULT_TIMEOUT))
                    .connect_timeout(self.connect_timeout.unwrap_or(DEFAULT_CONNECT_TIMEOUT))
                    // An API answers where it is asked; a 3xx is returned as an error with
                    // its `Location` rather than re-sending the request somewhere else.
                    .redirect(reqwest::redirect::Policy::none())
                    .build()
                    .map_err(|e| BuildError::Http(e.to_string()))?
            }
        };
        let base_url = base_url.trim_end_matches('/').to_string();
        let mut retry_policy = self.retry_policy.unwrap_or_default();
        if let Some(retries) = self.max_retries {
            retry_policy = retry_policy.with_max_retries(retries);
        }
        let inner = ClientInner { http, base_url, credentials, retry_policy, hooks: self.hooks, timeout };
        Ok(Client { inner: Arc::new(inner) })
    }
}

/// Why a [`Client`] could not be built.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum BuildError {
    /// The spec names no server and no base URL was given.
    #[error("no base URL: the spec names no server; call ClientBuilder::base_url")]
    MissingBaseUrl,
    /// The base URL does not parse, or is not http(s).
    #[error("invalid base URL {0:?}: {1}")]
    InvalidBaseUrl(String, String),
    /// The token holds characters an HTTP header cannot carry.
    #[error("the bearer token contains characters not allowed in an HTTP header")]
    InvalidToken,
    /// The token environment variable is not set.
    #[error("the bearer token environment variable {0} is not set")]
    MissingToken(&'static str),
    /// A credential names a security scheme the spec does not declare.
    #[error("no security scheme {0:?} in the spec (it declares: {1})")]
    UnknownScheme(String, String),
    /// Credentials given to the builder are malformed: what they are, and what is wrong.
    #[error("invalid {0}: {1}")]
    InvalidCredentials(String, String),
    /// A default header name or value is invalid.
    #[error("invalid default header {0:?}")]
    InvalidHeader(String),
    /// The HTTP client could not be created (for example, TLS initialisation failed).
    #[error("could not create the HTTP client: {0}")]
    Http(String),
}
