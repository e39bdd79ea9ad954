//! Spec text as rustdoc. Text goes into `#[doc = "..."]` string literals, so it is data:
//! `*/`, quotes or `#[...]` in a description cannot become code.

use proc_macro2::TokenStream;
use quote::quote;

/// Outer doc attributes (`///`) for `text`.
pub fn outer(text: &str) -> TokenStream {
    let lines = doc_lines(text);
    quote! { #( #[doc = #lines] )* }
}

/// Inner doc attributes (`//!`) for `text`.
pub fn inner(text: &str) -> TokenStream {
    let lines = doc_lines(text);
    quote! { #( #![doc = #lines] )* }
}

/// `///` lines for `text`, each indented by `indent`: for code laid out without the
/// formatter. The lines are those of [`outer`], so the two read the same.
pub fn outer_text(text: &str, indent: &str) -> String {
    doc_lines(text).iter().map(|line| format!("{indent}///{line}\n")).collect()
}

/// Joins non-empty paragraphs with a blank line.
pub fn paragraphs<'a>(parts: impl IntoIterator<Item = Option<&'a str>>) -> String {
    let mut out: Vec<&str> = Vec::new();
    for part in parts.into_iter().flatten().map(str::trim) {
        if !part.is_empty() && !out.contains(&part) {
            out.push(part);
        }
    }
    out.join("\n\n")
}

/// Markdown lines, made safe for rustdoc: indented text would become a doctest and
/// unlabelled fences would be compiled as Rust, so indentation is capped and fences get
/// the `text` language. Control characters are dropped.
fn doc_lines(text: &str) -> Vec<String> {
    let mut in_fence = false;
    text.trim()
        .lines()
        .map(|line| {
            let line: String = line.chars().filter(|c| !c.is_control() || *c == '\t').collect();
            let line = line.replace('\t', "    ").trim_end().to_string();
            let trimmed = line.trim_start();
            if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
                let label = trimmed.trim_start_matches(['`', '~']).trim();
                let fence = &trimmed[..trimmed.len() - trimmed.trim_start_matches(['`', '~']).len()];
                let opening = !in_fence;
                in_fence = !in_fence;
                return if opening && (label.is_empty() || label.starts_with("rust")) {
                    format!(" {fence}text")
                } else {
                    format!(" {trimmed}")
                };
            }
            if in_fence {
                return format!(" {line}");
            }
            let indent = (line.len() - trimmed.len()).min(3);
            if trimmed.is_empty() {
                String::new()
            } else {
                format!(" {}{trimmed}", " ".repeat(indent))
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_sanitized_for_rustdoc() {
        assert_eq!(doc_lines("a\n\n      code\n```\nx\n```"), [" a", "", "    code", " ```text", " x", " ```"]);
        assert_eq!(doc_lines("*/ #[cfg(x)] \u{7}bell"), [" */ #[cfg(x)] bell"]);
    }
}
