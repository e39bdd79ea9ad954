//! Paging: [`Pages`] fetches the pages of a list operation one after another, as they are
//! asked for, and [`Items`] yields the items of all of them. Each page is a call of its own,
//! with the first call's parameters, retry policy and timeout.

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use reqwest::header::HeaderMap;

use crate::call::Call;
use crate::call_response::Response;
use crate::error::Error;

/// Where the page after a response is, as the operation's paging says.
pub(crate) enum Next {
    /// Send the query parameter with this value.
    Query(&'static str, String),
    /// Send this URL (a `Link: <...>; rel="next"` header).
    Url(String),
    /// Count this page's items (`offset`) or pages (`page`) into the parameter; stop at an
    /// empty page or once `total` items have been seen.
    Count { param: &'static str, counts: Counting, page_items: usize, total: Option<u64> },
    /// Count this page's items into the JSON body's member; stop as `Count` does.
    CountInBody { member: &'static str, page_items: usize, total: Option<u64> },
    /// That was the last page.
    End,
}

/// What a counting parameter counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Counting {
    Items,
    Pages,
}

/// Finds the next page from a response's body and headers.
pub(crate) type NextOf<R> = fn(&R, &HeaderMap) -> Next;

type PageFuture<'c, R> = Pin<Box<dyn Future<Output = Result<Response<R>, Error>> + Send + 'c>>;

/// The pages of a list operation, each a [`Response`] with its status and headers. Read
/// them with [`next_page`](Self::next_page), or as a `futures_core::Stream`. A page is
/// fetched only when asked for, so stopping early (or dropping this) sends no further
/// request. A page that fails ends the pages with its error.
#[must_use = "pages are fetched only when asked for"]
pub struct Pages<'c, R> {
    template: Call<'c, R>,
    next_of: NextOf<R>,
    /// The next call to send; `None` once there is none.
    upcoming: Option<Call<'c, R>>,
    in_flight: Option<PageFuture<'c, R>>,
    /// Why there is no next page although the last one said there is (yielded after it).
    failure: Option<Error>,
    items_seen: u64,
    pages_seen: u64,
}

impl<R> std::fmt::Debug for Pages<'_, R> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Pages").field("pages_seen", &self.pages_seen).finish_non_exhaustive()
    }
}

impl<'c, R: Send + 'c> Pages<'c, R> {
    pub(crate) fn new(first: Call<'c, R>, next_of: NextOf<R>) -> Self {
        Pages {
            template: first.clone(),
            next_of,
            upcoming: Some(first),
            in_flight: None,
            failure: None,
            items_seen: 0,
            pages_seen: 0,
        }
    }

    /// The next page, or `None` after the last one (or after an error).
    pub async fn next_page(&mut self) -> Option<Result<Response<R>, Error>> {
        std::future::poll_fn(|cx| self.poll_page(cx)).await
    }

    fn poll_page(&mut self, cx: &mut Context<'_>) -> Poll<Option<Result<Response<R>, Error>>> {
        if let Some(failure) = self.failure.take() {
            return Poll::Ready(Some(Err(failure)));
        }
        if self.in_flight.is_none() {
            let Some(call) = self.upcoming.take() else { return Poll::Ready(None) };
            self.in_flight = Some(Box::pin(call.send_with_response()));
        }
        let Some(in_flight) = self.in_flight.as_mut() else { return Poll::Ready(None) };
        let result = match in_flight.as_mut().poll(cx) {
            Poll::Ready(result) => result,
            Poll::Pending => return Poll::Pending,
        };
        self.in_flight = None;
        let response = match result {
            Ok(response) => response,
            Err(error) => return Poll::Ready(Some(Err(error))),
        };
        self.pages_seen += 1;
        match self.following(&response) {
            Ok(upcoming) => self.upcoming = upcoming,
            Err(error) => self.failure = Some(error),
        }
        Poll::Ready(Some(Ok(response)))
    }

    /// The call for the page after `response`, if there is one.
    fn following(&mut self, response: &Response<R>) -> Result<Option<Call<'c, R>>, Error> {
        let template = self.template.clone();
        Ok(match (self.next_of)(response.body(), response.headers()) {
            Next::End => None,
            Next::Query(param, value) => Some(template.replace_query(param, value)),
            Next::Url(url) => Some(template.at_url(&url)?),
            Next::Count { param, counts, page_items, total } => {
                if self.last_page(page_items, total) {
                    return Ok(None);
                }
                let start = self.template.query_value(param).and_then(|v| v.parse::<u64>().ok());
                let value = match counts {
                    Counting::Items => start.unwrap_or(0) + self.items_seen,
                    Counting::Pages => start.unwrap_or(1) + self.pages_seen,
                };
                Some(template.replace_query(param, value.to_string()))
            }
            Next::CountInBody { member, page_items, total } => {
                if self.last_page(page_items, total) {
                    return Ok(None);
                }
                let start = self.template.body_member(member).unwrap_or(0);
                Some(template.replace_body_member(member, start + self.items_seen))
            }
        })
    }
}

impl<R> Pages<'_, R> {
    /// Counts a page's items; whether it was the last: empty, or `total` items seen.
    fn last_page(&mut self, page_items: usize, total: Option<u64>) -> bool {
        self.items_seen += page_items as u64;
        page_items == 0 || total.is_some_and(|total| self.items_seen >= total)
    }
}

impl<'c, R: Send + 'c> futures_core::Stream for Pages<'c, R> {
    type Item = Result<Response<R>, Error>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.get_mut().poll_page(cx)
    }
}

/// The items of all pages of a list operation, in order; see [`Pages`] for how pages are
/// fetched. Read them with [`next_item`](Self::next_item), or as a `futures_core::Stream`.
#[must_use = "items are fetched only when asked for"]
pub struct Items<'c, R, I> {
    pages: Pages<'c, R>,
    items_of: fn(R) -> Vec<I>,
    /// The current page's items not yet yielded (the page's own list, not a copy).
    current: std::vec::IntoIter<I>,
}

impl<R, I> std::fmt::Debug for Items<'_, R, I> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Items").field("pages", &self.pages).field("buffered", &self.current.len()).finish()
    }
}

impl<'c, R: Send + 'c, I> Items<'c, R, I> {
    pub(crate) fn new(pages: Pages<'c, R>, items_of: fn(R) -> Vec<I>) -> Self {
        Items { pages, items_of, current: Vec::new().into_iter() }
    }

    /// The next item, or `None` after the last page (or after an error).
    pub async fn next_item(&mut self) -> Option<Result<I, Error>> {
        std::future::poll_fn(|cx| self.poll_item(cx)).await
    }

    fn poll_item(&mut self, cx: &mut Context<'_>) -> Poll<Option<Result<I, Error>>> {
        loop {
            if let Some(item) = self.current.next() {
                return Poll::Ready(Some(Ok(item)));
            }
            match self.pages.poll_page(cx) {
                Poll::Ready(Some(Ok(page))) => self.current = (self.items_of)(page.into_body()).into_iter(),
                Poll::Ready(Some(Err(error))) => return Poll::Ready(Some(Err(error))),
                Poll::Ready(None) => return Poll::Ready(None),
                Poll::Pending => return Poll::Pending,
            }
        }
    }
}

impl<'c, R: Send + 'c, I: Unpin> futures_core::Stream for Items<'c, R, I> {
    type Item = Result<I, Error>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.get_mut().poll_item(cx)
    }
}

/// The `rel="next"` URL of a `Link` header (RFC 8288), if there is one.
pub(crate) fn next_link(headers: &HeaderMap) -> Next {
    for value in headers.get_all(reqwest::header::LINK) {
        let Ok(value) = value.to_str() else { continue };
        for link in value.split(',') {
            let Some((target, params)) = link.trim().split_once('>') else { continue };
            let Some(url) = target.trim().strip_prefix('<') else { continue };
            let is_next = params.split(';').any(|param| {
                let Some((name, value)) = param.split_once('=') else { return false };
                name.trim().eq_ignore_ascii_case("rel")
                    && value.trim().trim_matches('"').split_whitespace().any(|rel| rel.eq_ignore_ascii_case("next"))
            });
            if is_next {
                return Next::Url(url.to_string());
            }
        }
    }
    Next::End
}

/// A next-page token, unless it is missing or empty (both mean: no more pages).
pub(crate) fn token(value: Option<String>, param: &'static str) -> Next {
    match value {
        Some(token) if !token.is_empty() => Next::Query(param, token),
        _ => Next::End,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn link(value: &str) -> Option<String> {
        let mut headers = HeaderMap::new();
        headers.insert(reqwest::header::LINK, value.parse().unwrap());
        match next_link(&headers) {
            Next::Url(url) => Some(url),
            _ => None,
        }
    }

    #[test]
    fn the_next_link_is_found_among_others() {
        let github = r#"<https://api.github.com/orgs/o/repos?page=1>; rel="prev", <https://api.github.com/orgs/o/repos?page=3>; rel="next", <https://api.github.com/orgs/o/repos?page=9>; rel="last""#;
        assert_eq!(link(github).as_deref(), Some("https://api.github.com/orgs/o/repos?page=3"));
        assert_eq!(link(r#"</p2>; rel="prefetch next""#).as_deref(), Some("/p2"));
        assert_eq!(link(r#"<https://x/p?page=9>; rel="last""#), None);
        assert_eq!(link("garbage"), None);
    }
}
