//! The client runtime as a crate of its own, so that clippy and the unit tests check every
//! runtime file in one place. A generated crate carries these files byte for byte, under a
//! crate root the generator writes; this file stands in for that root: it declares the
//! modules and holds a stub of what the generator fills in (re-exports, the spec's security
//! schemes, the error body type, the constants).
//!
//! It is not a dependency of generated crates, which stay self-contained.

#![deny(missing_docs)]

mod attempt;
mod byte_stream;
mod call;
mod call_request;
mod call_response;
mod client;
mod client_auth;
mod error;
mod hooks;
#[cfg(feature = "mock")]
mod mock_server;
mod multipart;
mod object;
mod operation;
mod pagination;
mod params;
mod raw_request;
mod retry;
mod sse;
mod sse_parser;
mod string_enum;
mod stub;
mod upload;

pub use byte_stream::ByteStream;
pub use call::Call;
pub use call_response::Response;
pub use client::{BuildError, Client, ClientBuilder};
pub use client_auth::{AuthFuture, AuthSource, IssuedToken, RenewingToken, Secret, TokenIssuer};
pub use error::{ApiError, AuthError, BodySnippet, Error};
pub use hooks::{AttemptOutcome, Hooks, OutgoingRequest};
pub use multipart::FilePart;
pub use pagination::{Items, Pages};
pub use raw_request::{Method, RawRequest};
pub use retry::RetryPolicy;
pub use sse::{Event, EventStream};
pub use upload::{IntoUploadBody, UploadBody};

/// The generated mock module (stub): `MockServer::start` and one group's expectations.
#[cfg(feature = "mock")]
pub mod mock {
    use crate::mock_server::MockOperation;
    pub use crate::mock_server::{Expectation, MockServer, NotJson, ReceivedRequest};
    use crate::operation::Operation;

    static OPERATIONS: &[&MockOperation] = &[&operations::pets::LIST];

    mod operations {
        pub(super) mod pets {
            use super::super::{MockOperation, Operation};

            pub(crate) static LIST: MockOperation =
                MockOperation { operation: Operation::get("pets.list", "/pets"), success_status: 200 };
        }
    }

    impl MockServer {
        /// Starts the mock API on a local port, with no expectations.
        pub async fn start() -> Self {
            MockServer::start_with(OPERATIONS).await
        }

        /// Expectations for the `pets` operations.
        pub fn pets(&self) -> PetsMock<'_> {
            PetsMock { server: self }
        }
    }

    /// Expectations for the `pets` operations.
    #[derive(Debug, Clone, Copy)]
    pub struct PetsMock<'s> {
        server: &'s MockServer,
    }

    impl<'s> PetsMock<'s> {
        /// Expects `GET /pets`.
        pub fn list(&self) -> Expectation<'s, crate::stub::types::PetPage> {
            self.server.expect(&operations::pets::LIST, &[])
        }
    }
}

/// The decoded body of an error response (generated: the spec's error schema, or JSON).
pub type ApiErrorBody = serde_json::Value;

/// The spec's security schemes (generated: one per `components/securitySchemes` entry).
pub(crate) static SECURITY_SCHEMES: &[client_auth::Scheme] = &[
    client_auth::Scheme { name: "bearer", kind: client_auth::SchemeKind::Bearer },
    client_auth::Scheme { name: "basic", kind: client_auth::SchemeKind::Basic },
    client_auth::Scheme { name: "header_key", kind: client_auth::SchemeKind::HeaderKey("X-Api-Key") },
    client_auth::Scheme { name: "query_key", kind: client_auth::SchemeKind::QueryKey("api_key") },
    client_auth::Scheme { name: "cookie_key", kind: client_auth::SchemeKind::CookieKey("session") },
    client_auth::Scheme {
        name: "oauth2",
        kind: client_auth::SchemeKind::OAuth2ClientCredentials("https://auth.example.com/token"),
    },
];

/// The security raw requests ([`Client::request`]) use (generated: what most operations
/// require).
pub(crate) const RAW_REQUEST_SECURITY: Option<client_auth::Requirement> = Some(&[&["bearer"]]);

/// The server the spec names first (generated).
pub const DEFAULT_BASE_URL: Option<&str> = Some("https://api.example.com");
/// The environment variable [`ClientBuilder::bearer_token_from_env`] reads (generated).
pub const TOKEN_ENV_VAR: Option<&str> = Some("EXAMPLE_TOKEN");
/// The data that ends every event stream (generated from the settings).
pub const EVENT_STREAM_END: Option<&str> = None;
