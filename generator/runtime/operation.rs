//! What each generated operation declares about itself: its name, HTTP method, path
//! template and security, in one `static` per method.

use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};

use crate::client_auth::Requirement;

/// What an operation method knows about its operation: a `static` in each method.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Operation {
    /// `group.method`, as shown in errors.
    pub(crate) name: &'static str,
    pub(crate) method: HttpMethod,
    /// The path as the spec writes it, parameters unfilled: the call fills it, and traces
    /// show it as it is, so they neither leak parameter values nor split one operation
    /// into many names.
    pub(crate) path_template: &'static str,
    /// The security the operation requires; `None` when the spec declares none anywhere.
    pub(crate) security: Option<Requirement>,
    /// The header that carries an idempotency key, when the operation accepts one: each
    /// call then sends one key (the same on every attempt) and may be retried.
    pub(crate) idempotency_header: Option<&'static str>,
    /// The `Accept` header: the media types of the success responses (JSON by default).
    pub(crate) accept: &'static str,
}

/// An HTTP method; `Copy`, unlike `reqwest::Method`, so operations can be built in `const`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum HttpMethod {
    Get,
    Put,
    Post,
    Delete,
    Options,
    Head,
    Patch,
    Trace,
}

impl HttpMethod {
    pub(crate) fn to_reqwest(self) -> reqwest::Method {
        match self {
            HttpMethod::Get => reqwest::Method::GET,
            HttpMethod::Put => reqwest::Method::PUT,
            HttpMethod::Post => reqwest::Method::POST,
            HttpMethod::Delete => reqwest::Method::DELETE,
            HttpMethod::Options => reqwest::Method::OPTIONS,
            HttpMethod::Head => reqwest::Method::HEAD,
            HttpMethod::Patch => reqwest::Method::PATCH,
            HttpMethod::Trace => reqwest::Method::TRACE,
        }
    }
}

/// One constructor per HTTP method, so each operation's `static` fits on a line.
impl Operation {
    const fn new(method: HttpMethod, name: &'static str, path_template: &'static str) -> Self {
        Operation { name, method, path_template, security: None, idempotency_header: None, accept: "application/json" }
    }
    /// The same operation, requiring `security` (alternatives of schemes used together).
    pub(crate) const fn secured(self, security: Requirement) -> Self {
        Operation { security: Some(security), ..self }
    }
    /// The same operation, requiring `security` when there is one (raw requests: what most
    /// operations require).
    pub(crate) const fn with_security(self, security: Option<Requirement>) -> Self {
        Operation { security, ..self }
    }
    /// The same operation, sending a fresh idempotency key in `header` with each call.
    pub(crate) const fn idempotent_with(self, header: &'static str) -> Self {
        Operation { idempotency_header: Some(header), ..self }
    }
    /// The same operation, asking for `accept` (its success responses are not JSON alone).
    pub(crate) const fn accepting(self, accept: &'static str) -> Self {
        Operation { accept, ..self }
    }
    pub(crate) const fn get(name: &'static str, path_template: &'static str) -> Self {
        Self::new(HttpMethod::Get, name, path_template)
    }
    pub(crate) const fn put(name: &'static str, path_template: &'static str) -> Self {
        Self::new(HttpMethod::Put, name, path_template)
    }
    pub(crate) const fn post(name: &'static str, path_template: &'static str) -> Self {
        Self::new(HttpMethod::Post, name, path_template)
    }
    pub(crate) const fn delete(name: &'static str, path_template: &'static str) -> Self {
        Self::new(HttpMethod::Delete, name, path_template)
    }
    pub(crate) const fn options(name: &'static str, path_template: &'static str) -> Self {
        Self::new(HttpMethod::Options, name, path_template)
    }
    pub(crate) const fn head(name: &'static str, path_template: &'static str) -> Self {
        Self::new(HttpMethod::Head, name, path_template)
    }
    pub(crate) const fn patch(name: &'static str, path_template: &'static str) -> Self {
        Self::new(HttpMethod::Patch, name, path_template)
    }
    pub(crate) const fn trace(name: &'static str, path_template: &'static str) -> Self {
        Self::new(HttpMethod::Trace, name, path_template)
    }

    /// The request path: each `{name}` of the template replaced, in order, by the next of
    /// `values`, percent-encoded as one segment.
    pub(crate) fn fill_path(&self, values: &[&str]) -> String {
        let mut path = String::with_capacity(self.path_template.len() + 16);
        let mut values = values.iter();
        let mut rest = self.path_template;
        while let Some(open) = rest.find('{') {
            let Some(close) = rest[open..].find('}').map(|c| open + c) else { break };
            path.push_str(&rest[..open]);
            if let Some(value) = values.next() {
                path.extend(utf8_percent_encode(value, PATH_SEGMENT));
            }
            rest = &rest[close + 1..];
        }
        path.push_str(rest);
        path
    }
}

/// Everything except the unreserved characters of RFC 3986 is encoded, so a parameter
/// value stays one path segment: `a/b c` is sent as `a%2Fb%20c`.
const PATH_SEGMENT: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'.').remove(b'_').remove(b'~');
