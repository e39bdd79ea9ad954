//! What each method returns: one body type or an enum by status (with its variant names),
//! and the name of the call builder it hands out, chosen once for the emitter and the API
//! change report.

use crate::model::{Api, Operation, ResponseBody, Returns};
use crate::resolve::{first_free, pascal};

/// Sets every operation's `returns` and `call_builder`, and its streaming twin's builder.
/// Runs after paging is known: a paged operation always has a builder.
pub fn decide(api: &mut Api) {
    for op in api.groups.iter_mut().flat_map(|g| g.operations.iter_mut()) {
        op.returns = returns(op);
        let has_setters = op.params.iter().any(|p| !p.is_argument());
        op.call_builder = (has_setters || op.pagination.is_some()).then(|| builder_name(&op.method_name));
        if let Some(stream) = &mut op.stream_method {
            stream.call_builder = has_setters.then(|| builder_name(&stream.name));
        }
    }
}

/// `{Method}Call`.
fn builder_name(method: &str) -> String {
    format!("{}Call", pascal(method.trim_start_matches("r#")))
}

fn returns(op: &Operation) -> Returns {
    // A call that streams events has one result: the stream.
    if let Some(events) = op.success.iter().find(|s| matches!(s.body, ResponseBody::Events(_))) {
        return Returns::Body(events.body.clone());
    }
    let mut distinct: Vec<&ResponseBody> = Vec::new();
    for response in &op.success {
        if !distinct.contains(&&response.body) {
            distinct.push(&response.body);
        }
    }
    if distinct.len() <= 1 {
        return Returns::Body(distinct.first().map_or(ResponseBody::Empty, |body| (*body).clone()));
    }
    let mut variants: Vec<String> = Vec::new();
    for response in &op.success {
        let name = first_free(&status_variant(&response.status), "", |n| variants.iter().any(|v| v == n));
        variants.push(name);
    }
    Returns::ByStatus { name: format!("{}Response", pascal(op.method_name.trim_start_matches("r#"))), variants }
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
