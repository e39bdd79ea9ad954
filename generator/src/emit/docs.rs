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
/// the `text` language. Control characters are dropped. A list item's or quote's lazy
/// continuation lines get the indentation or `>` they imply (the same rendering, and what
/// clippy's `doc_lazy_continuation` asks for).
fn doc_lines(text: &str) -> Vec<String> {
    let mut in_fence = false;
    // How a block in progress continues its unmarked lines.
    let mut continuation: Option<Continuation> = None;
    text.trim()
        .lines()
        .map(|line| {
            let line: String = line.chars().filter(|c| !c.is_control() || *c == '\t').collect();
            let line = line.replace('\t', "    ").trim_end().to_string();
            let trimmed = line.trim_start();
            if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
                continuation = None;
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
                continuation = None;
                return String::new();
            }
            if trimmed.starts_with('#') {
                continuation = None; // A heading ends the block.
            } else if let Some(opened) = Continuation::opened_by(trimmed, indent) {
                continuation = Some(opened);
            } else {
                match continuation {
                    Some(Continuation::Quote) => return format!(" > {trimmed}"),
                    Some(Continuation::ListItem { column }) if indent < column => {
                        return format!(" {}{trimmed}", " ".repeat(column));
                    }
                    _ => {}
                }
            }
            format!(" {}{trimmed}", " ".repeat(indent))
        })
        .collect()
}

/// A block whose lazy continuation lines need a marker: a quote (`>`), or a list item,
/// whose text starts at `column`.
#[derive(Clone, Copy)]
enum Continuation {
    Quote,
    ListItem { column: usize },
}

impl Continuation {
    /// The block `line` (after `indent` spaces) opens, if any.
    fn opened_by(line: &str, indent: usize) -> Option<Self> {
        if line.starts_with('>') {
            return Some(Continuation::Quote);
        }
        let digits = line.len() - line.trim_start_matches(|c: char| c.is_ascii_digit()).len();
        let marker = match line.as_bytes().first()? {
            b'-' | b'*' | b'+' => 1,
            _ if digits > 0 && digits < 10 && matches!(line.as_bytes().get(digits), Some(b'.' | b')')) => digits + 1,
            _ => return None,
        };
        let after = &line[marker..];
        let spaces = after.len() - after.trim_start_matches(' ').len();
        // A marker is followed by one to four spaces (more: the text is a code block, and
        // counts from one space).
        match spaces {
            0 => None,
            1..=4 => Some(Continuation::ListItem { column: indent + marker + spaces }),
            _ => Some(Continuation::ListItem { column: indent + marker + 1 }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_sanitized_for_rustdoc() {
        assert_eq!(doc_lines("a\n\n      code\n```\nx\n```"), [" a", "", "    code", " ```text", " x", " ```"]);
        assert_eq!(doc_lines("*/ #[cfg(x)] \u{7}bell"), [" */ #[cfg(x)] bell"]);
    }

    #[test]
    fn lazy_continuations_get_their_indentation_or_quote_marker() {
        assert_eq!(doc_lines("- a\nb\n\nc"), [" - a", "   b", "", " c"]);
        assert_eq!(doc_lines("12. a\nb"), [" 12. a", "     b"]);
        assert_eq!(doc_lines("> [!NOTE]\n> x\ny"), [" > [!NOTE]", " > x", " > y"]);
        assert_eq!(doc_lines("- a\n  b"), [" - a", "   b"]);
        assert_eq!(doc_lines("*   a\n  b\n- x\n  - y\n  z"), [" *   a", "     b", " - x", "   - y", "     z"]);
        assert_eq!(doc_lines("- a\n# H\nb"), [" - a", " # H", " b"]);
        assert_eq!(doc_lines("-1 is not a list\nb"), [" -1 is not a list", " b"]);
    }
}
