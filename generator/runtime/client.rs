//! The client: configuration, authentication and the shared HTTP connection pool.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use reqwest::header::{HeaderMap, HeaderName, HeaderValue};

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
    pub(crate) token: Option<SecretToken>,
    pub(crate) retry_policy: RetryPolicy,
}

/// A bearer token that never shows in `Debug` output, logs or errors.
#[derive(Clone)]
pub(crate) struct SecretToken(HeaderValue);

impl SecretToken {
    pub(crate) fn header_value(&self) -> &HeaderValue {
        &self.0
    }
}

impl fmt::Debug for SecretToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[redacted]")
    }
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.inner.base_url)
            .field("token", &self.inner.token)
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

/// Configures a [`Client`]. Every setting has a default except the token.
#[derive(Default)]
pub struct ClientBuilder {
    base_url: Option<String>,
    token: Option<String>,
    token_from_env: bool,
    http: Option<reqwest::Client>,
    timeout: Option<Duration>,
    connect_timeout: Option<Duration>,
    user_agent: Option<String>,
    default_headers: Vec<(String, String)>,
    retry_policy: Option<RetryPolicy>,
    max_retries: Option<u32>,
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("base_url", &self.base_url)
            .field("token", &self.token.as_ref().map(|_| "[redacted]"))
            .field("timeout", &self.timeout)
            .field("connect_timeout", &self.connect_timeout)
            .field("user_agent", &self.user_agent)
            .field("retry_policy", &self.retry_policy)
            .field("max_retries", &self.max_retries)
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

    /// The bearer token sent as `Authorization: Bearer <token>` on every request.
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
        let base_url =
            self.base_url.or_else(|| crate::DEFAULT_BASE_URL.map(String::from)).ok_or(BuildError::MissingBaseUrl)?;
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
        let token = match token {
            Some(token) => {
                let mut value =
                    HeaderValue::from_str(&format!("Bearer {token}")).map_err(|_| BuildError::InvalidToken)?;
                value.set_sensitive(true);
                Some(SecretToken(value))
            }
            None => None,
        };
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
                reqwest::Client::builder()
                    .user_agent(user_agent)
                    .default_headers(headers)
                    .timeout(self.timeout.unwrap_or(DEFAULT_TIMEOUT))
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
        Ok(Client { inner: Arc::new(ClientInner { http, base_url, token, retry_policy }) })
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
    /// A default header name or value is invalid.
    #[error("invalid default header {0:?}")]
    InvalidHeader(String),
    /// The HTTP client could not be created (for example, TLS initialisation failed).
    #[error("could not create the HTTP client: {0}")]
    Http(String),
}
