//! Retries: which failed attempts are sent again, and how long to wait before each one.

use std::time::Duration;

use reqwest::Method;

use crate::error::Error;

/// When a failed call is sent again, and how long to wait before each new attempt.
///
/// A failure is retried when it may succeed on its own a moment later: a connection
/// failure, a timeout, or the statuses 408, 429, 502, 503 and 504 (see
/// [`Error::is_retryable`]). Only idempotent methods (GET, HEAD, PUT, DELETE, OPTIONS, TRACE)
/// are retried unless [`with_retry_non_idempotent`](Self::with_retry_non_idempotent) or
/// [`Call::retry_non_idempotent`](crate::Call::retry_non_idempotent) opts POST and PATCH in:
/// sending a create twice may create two things.
///
/// **Waiting.** When the response carries a `Retry-After` header (seconds or an HTTP date),
/// the next attempt waits exactly that long. A `Retry-After` longer than
/// [`max_retry_after`](Self::max_retry_after) (default 60 s) is not waited for: the call
/// fails at once with that response, whose [`ApiError::retry_after`](crate::ApiError::retry_after)
/// tells the caller when to come back. Without the header, the wait is an exponential
/// backoff with *equal jitter*: before retry `n` the ceiling is
/// `initial_backoff * 2^(n-1)`, capped at `max_backoff`, and the wait is half the ceiling
/// plus a random part of the other half. Equal rather than full jitter because with only a
/// couple of retries, full jitter may retry an overloaded server almost at once; half the
/// ceiling is always waited, the other half spreads clients apart.
///
/// The default: 3 attempts in all (2 retries), 500 ms initial backoff, 8 s cap. Set it with
/// [`ClientBuilder::retry_policy`](crate::ClientBuilder::retry_policy), or per call with
/// [`Call::retry_policy`](crate::Call::retry_policy).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetryPolicy {
    max_retries: u32,
    initial_backoff: Duration,
    max_backoff: Duration,
    max_retry_after: Duration,
    retry_non_idempotent: bool,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_retries: 2,
            initial_backoff: Duration::from_millis(500),
            max_backoff: Duration::from_secs(8),
            max_retry_after: Duration::from_secs(60),
            retry_non_idempotent: false,
        }
    }
}

impl RetryPolicy {
    /// Never retries: every call is sent once.
    pub fn none() -> Self {
        RetryPolicy::default().with_max_retries(0)
    }

    /// Attempts after the first one; 0 disables retries. Default: 2.
    pub fn with_max_retries(mut self, retries: u32) -> Self {
        self.max_retries = retries;
        self
    }

    /// The ceiling of the first backoff; each later one doubles it. Default: 500 ms.
    pub fn with_initial_backoff(mut self, backoff: Duration) -> Self {
        self.initial_backoff = backoff;
        self
    }

    /// The largest backoff ceiling. Default: 8 s.
    pub fn with_max_backoff(mut self, backoff: Duration) -> Self {
        self.max_backoff = backoff;
        self
    }

    /// The longest `Retry-After` the client waits for; a longer one ends the call with
    /// that response instead. Default: 60 s.
    pub fn with_max_retry_after(mut self, limit: Duration) -> Self {
        self.max_retry_after = limit;
        self
    }

    /// Retries POST and PATCH too. Only for servers that make repeated requests harmless
    /// (idempotency keys): otherwise a retried create may create twice. Default: false.
    pub fn with_retry_non_idempotent(mut self, retry: bool) -> Self {
        self.retry_non_idempotent = retry;
        self
    }

    /// Attempts after the first one.
    pub fn max_retries(&self) -> u32 {
        self.max_retries
    }

    /// Attempts in all, the first one included.
    pub fn max_attempts(&self) -> u32 {
        self.max_retries.saturating_add(1)
    }

    /// The ceiling of the first backoff.
    pub fn initial_backoff(&self) -> Duration {
        self.initial_backoff
    }

    /// The largest backoff ceiling.
    pub fn max_backoff(&self) -> Duration {
        self.max_backoff
    }

    /// The longest `Retry-After` the client waits for.
    pub fn max_retry_after(&self) -> Duration {
        self.max_retry_after
    }

    /// Whether POST and PATCH are retried.
    pub fn retries_non_idempotent(&self) -> bool {
        self.retry_non_idempotent
    }

    /// Whether calls with this method may be retried at all.
    pub(crate) fn allows_method(&self, method: &Method) -> bool {
        self.retry_non_idempotent || is_idempotent(method)
    }

    /// How long to wait before retrying after `error`, when `retries_done` retries have
    /// already been made; `None` when the call should fail with `error` now.
    pub(crate) fn delay_before_retry(&self, error: &Error, retries_done: u32) -> Option<Duration> {
        if retries_done >= self.max_retries || !error.is_retryable() {
            return None;
        }
        match error.retry_after() {
            Some(wait) if wait > self.max_retry_after => None,
            Some(wait) => Some(wait),
            None => Some(self.backoff(retries_done + 1)),
        }
    }

    /// The wait before retry number `retry` (1 for the first), with equal jitter.
    pub(crate) fn backoff(&self, retry: u32) -> Duration {
        let ceiling = self.backoff_ceiling(retry);
        let half = ceiling / 2;
        let jitter_nanos = u64::try_from((ceiling - half).as_nanos()).unwrap_or(u64::MAX);
        half + Duration::from_nanos(fastrand::u64(0..=jitter_nanos))
    }

    fn backoff_ceiling(&self, retry: u32) -> Duration {
        let factor = 1u32.checked_shl(retry.saturating_sub(1)).unwrap_or(u32::MAX);
        self.initial_backoff.saturating_mul(factor).min(self.max_backoff)
    }
}

/// The methods RFC 9110 defines as idempotent: sending them twice has the effect of once.
fn is_idempotent(method: &Method) -> bool {
    matches!(*method, Method::GET | Method::HEAD | Method::PUT | Method::DELETE | Method::OPTIONS | Method::TRACE)
}

/// Per-call changes to the client's policy, set on a [`Call`](crate::Call).
#[derive(Debug, Clone, Default)]
pub(crate) struct RetryOverrides {
    pub(crate) policy: Option<RetryPolicy>,
    pub(crate) max_retries: Option<u32>,
    pub(crate) non_idempotent: bool,
}

impl RetryOverrides {
    /// The policy one call runs with: the call's own, else the client's, then the call's
    /// retry count and opt-in applied on top.
    pub(crate) fn apply(&self, client_policy: &RetryPolicy) -> RetryPolicy {
        let mut policy = self.policy.clone().unwrap_or_else(|| client_policy.clone());
        if let Some(retries) = self.max_retries {
            policy.max_retries = retries;
        }
        if self.non_idempotent {
            policy.retry_non_idempotent = true;
        }
        policy
    }
}

#[cfg(test)]
mod tests {
    use std::time::SystemTime;

    use reqwest::header::{HeaderMap, RETRY_AFTER};

    use super::*;
    use crate::error::retry_after;
    use reqwest::header::HeaderValue;

    fn headers_with_retry_after(value: &[u8]) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(RETRY_AFTER, HeaderValue::from_bytes(value).unwrap());
        headers
    }

    #[test]
    fn retry_after_reads_seconds_and_dates_and_ignores_garbage() {
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_000_000_000);
        let in_90_s = httpdate::fmt_http_date(now + Duration::from_secs(90));
        let past = httpdate::fmt_http_date(now - Duration::from_secs(90));
        let parse = |value: &[u8]| retry_after(&headers_with_retry_after(value), now);
        assert_eq!(parse(b"7"), Some(Duration::from_secs(7)));
        assert_eq!(parse(b" 0 "), Some(Duration::ZERO));
        assert_eq!(parse(b"99999999999999999999999"), Some(Duration::from_secs(u64::MAX)));
        assert_eq!(parse(in_90_s.as_bytes()), Some(Duration::from_secs(90)));
        assert_eq!(parse(past.as_bytes()), Some(Duration::ZERO));
        for garbage in [&b"-1"[..], b"1.5", b"soon", b"", b"\xff\xfe", b"Mon, 99 Foo 2020 99:99:99 GMT"] {
            assert_eq!(parse(garbage), None, "{:?}", String::from_utf8_lossy(garbage));
        }
        assert_eq!(retry_after(&HeaderMap::new(), now), None);
    }

    #[test]
    fn backoff_doubles_up_to_the_cap_with_equal_jitter() {
        let policy = RetryPolicy::default();
        for (retry, ceiling_ms) in [(1, 500), (2, 1000), (3, 2000), (4, 4000), (5, 8000), (6, 8000), (40, 8000)] {
            for _ in 0..50 {
                let wait = policy.backoff(retry);
                let ceiling = Duration::from_millis(ceiling_ms);
                assert!(
                    wait >= ceiling / 2 && wait <= ceiling,
                    "retry {retry}: {wait:?} not in [{ceiling:?}/2, {ceiling:?}]"
                );
            }
        }
        assert_eq!(RetryPolicy::default().with_initial_backoff(Duration::ZERO).backoff(3), Duration::ZERO);
    }

    #[test]
    fn only_idempotent_methods_unless_opted_in() {
        let policy = RetryPolicy::default();
        for method in [Method::GET, Method::HEAD, Method::PUT, Method::DELETE, Method::OPTIONS] {
            assert!(policy.allows_method(&method), "{method}");
        }
        assert!(!policy.allows_method(&Method::POST));
        assert!(!policy.allows_method(&Method::PATCH));
        assert!(policy.clone().with_retry_non_idempotent(true).allows_method(&Method::POST));
        let opted_in = RetryOverrides { non_idempotent: true, ..RetryOverrides::default() };
        assert!(opted_in.apply(&policy).allows_method(&Method::PATCH));
    }

    #[test]
    fn call_overrides_replace_the_policy_then_the_retry_count() {
        let client = RetryPolicy::default().with_max_backoff(Duration::from_secs(1));
        let count_only = RetryOverrides { max_retries: Some(0), ..RetryOverrides::default() };
        assert_eq!(count_only.apply(&client), client.clone().with_max_retries(0));
        let both = RetryOverrides { policy: Some(RetryPolicy::none()), max_retries: Some(5), non_idempotent: false };
        assert_eq!(both.apply(&client), RetryPolicy::default().with_max_retries(5));
    }
}
