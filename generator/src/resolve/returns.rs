//! What each method returns: one body type or an enum by status (with its variant names),
//! and the name of the call builder it hands out, chosen once for the emitter and the API
//! change report.

use crate::model::{Parameter, ResponseBody, Returns, SuccessResponse};
use crate::resolve::{first_free, pascal};

/// What an operation's method returns and the builders it hands out.
pub struct Decided {
    pub returns: Returns,
    /// `{Method}Call` when the method has optional parameters or pages.
    pub call_builder: Option<String>,
    /// The streaming twin's builder, when it has optional parameters.
    pub stream_call_builder: Option<String>,
}

/// Decides for one operation, once paging is known (a paged operation always has a builder).
pub fn decide(
    method_name: &str,
    params: &[Parameter],
    success: &[SuccessResponse],
    paged: bool,
    stream_method: Option<&str>,
) -> Decided {
    let has_setters = params.iter().any(|p| !p.is_argument());
    Decided {
        returns: returns(method_name, success),
        call_builder: (has_setters || paged).then(|| builder_name(method_name)),
        stream_call_builder: stream_method.filter(|_| has_setters).map(builder_name),
    }
}

/// `{Method}Call`.
fn builder_name(method: &str) -> String {
    format!("{}Call", pascal(method.trim_start_matches("r#")))
}

fn returns(method_name: &str, success: &[SuccessResponse]) -> Returns {
    // A call that streams events has one result: the stream.
    if let Some(events) = success.iter().find(|s| matches!(s.body, ResponseBody::Events(_))) {
        return Returns::Body(events.body.clone());
    }
    let mut distinct: Vec<&ResponseBody> = Vec::new();
    for response in success {
        if !distinct.contains(&&response.body) {
            distinct.push(&response.body);
        }
    }
    if distinct.len() <= 1 {
        return Returns::Body(distinct.first().map_or(ResponseBody::Empty, |body| (*body).clone()));
    }
    let mut variants: Vec<String> = Vec::new();
    for response in success {
        let name = first_free(&status_variant(&response.status), "", |n| variants.iter().any(|v| v == n));
        variants.push(name);
    }
    Returns::ByStatus { name: format!("{}Response", pascal(method_name.trim_start_matches("r#"))), variants }
}

fn status_variant(status: &str) -> String {
    match status {
        "200" => "Ok".into(),
        "201" => "Created".into(),
        "202" => "Accepted".into(),
        "203" => "NonAuthoritative".into(),
        "204" => "NoContent".into(),
        "206" => "PartialContent".into(),
        "default" => "Default".into(),
        other if other.ends_with("XX") || other.ends_with("xx") => "Success".into(),
        other => format!("Status{other}"),
    }
}
