//! `API.md`: every group and method of the crate with the HTTP method and path it calls, and
//! every type with the first place a request or response holds it, so a reviewer reads the
//! whole surface (and its diff) in one place, and a rename shows as the same place with
//! another name.

use crate::model::Api;

pub fn emit_api_index(api: &Api, crate_name: &str, header: &str) -> String {
    let mut out = format!(
        "{header}\n# API of `{crate_name}`\n\nEvery group (`client.<group>()`) and method, with the request it sends. \
         Required parameters are arguments; optional ones are setters on the returned call.\n"
    );
    for group in &api.groups {
        out.push_str(&format!("\n## `client.{}()`: {}\n\n", group.accessor, one_line(&group.tag)));
        out.push_str("| method | request | summary |\n| --- | --- | --- |\n");
        for op in &group.operations {
            let mut arguments: Vec<&str> =
                op.params.iter().filter(|p| p.required).map(|p| p.rust_name.trim_start_matches("r#")).collect();
            if op.body.is_some() {
                arguments.push("body");
            }
            let names =
                std::iter::once(op.method_name.as_str()).chain(op.stream_method.as_ref().map(|m| m.name.as_str()));
            for name in names {
                out.push_str(&format!(
                    "| `{}({})` | `{} {}` | {} |\n",
                    name.trim_start_matches("r#"),
                    arguments.join(", "),
                    op.http_method.to_ascii_uppercase(),
                    op.path_template.replace('`', "'"),
                    one_line(op.summary.as_deref().unwrap_or(""))
                ));
            }
        }
    }
    let places = api.type_places();
    if !places.is_empty() {
        out.push_str("\n## Types\n\nEach type with the first place a request or response holds it.\n\n");
        out.push_str("| type | where |\n| --- | --- |\n");
        for (place, name) in places {
            out.push_str(&format!("| `{name}` | {place} |\n"));
        }
    }
    out
}

/// Spec text on one table line: no line breaks, no column separators.
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ").replace('|', "\\|")
}
