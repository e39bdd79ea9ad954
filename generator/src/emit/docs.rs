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
/// unlabelled fences would be compiled as Rust, so indentation is capped (three spaces past
/// the list item a line belongs to) and fences get the `text` language. Control characters
/// are dropped. A line of a list item is indented to the item's text exactly, and a quote's
/// lazy continuation lines get their `>`: the same rendering, and what clippy's
/// `doc_lazy_continuation` and `doc_overindented_list_items` ask for.
fn doc_lines(text: &str) -> Vec<String> {
    let mut in_fence = false;
    // The text columns of the list items open at this line, outermost first.
    let mut items: Vec<usize> = Vec::new();
    let (mut in_quote, mut after_blank) = (false, false);
    text.trim()
        .lines()
        .map(|line| {
            let line: String = line.chars().filter(|c| !c.is_control() || *c == '\t').collect();
            let line = line.replace('\t', "    ").trim_end().to_string();
            let trimmed = line.trim_start();
            if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
                (items, in_quote) = (Vec::new(), false);
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
            let raw_indent = line.len() - trimmed.len();
            let escaped = escape_inline(trimmed);
            let trimmed = escaped.as_str();
            let lazy = !std::mem::replace(&mut after_blank, trimmed.is_empty());
            if trimmed.is_empty() {
                in_quote = false;
                return String::new();
            }
            // The item a line indented so belongs to: the innermost whose text it reaches.
            let enclosing = |items: &[usize]| items.iter().rposition(|column| *column <= raw_indent);
            let indent = if trimmed.starts_with('#') {
                (items, in_quote) = (Vec::new(), false); // A heading ends every block.
                raw_indent.min(3)
            } else if let Some(opened) = Continuation::opened_by(trimmed).filter(|_| {
                // Inside an item's paragraph, a list that starts past 1 does not interrupt it:
                // the line continues the paragraph (`2) b` under `1) a`, indented deeper).
                let nested = items.last().is_some_and(|column| raw_indent >= *column);
                !(lazy && nested && ordered_start(trimmed).is_some_and(|start| start != 1))
            }) {
                items.truncate(enclosing(&items).map_or(0, |i| i + 1));
                let indent = raw_indent.min(items.last().copied().unwrap_or(0) + 3);
                match opened {
                    Continuation::Quote => in_quote = true,
                    Continuation::ListItem { text_offset } => (items.push(indent + text_offset), in_quote = false).1,
                }
                indent
            } else if lazy && in_quote {
                return format!(" > {trimmed}");
            } else if lazy && !items.is_empty() {
                // A paragraph's next line: its indentation does not matter, so it is the item's.
                items[items.len() - 1]
            } else {
                items.truncate(enclosing(&items).map_or(0, |i| i + 1));
                items.last().copied().unwrap_or_else(|| raw_indent.min(3))
            };
            format!(" {}{trimmed}", " ".repeat(indent))
        })
        .collect()
}

/// HTML elements rustdoc renders; any other `<name>` is text (`<subdomain>`), escaped.
const HTML_ELEMENTS: [&str; 38] = [
    "a",
    "abbr",
    "b",
    "blockquote",
    "br",
    "code",
    "dd",
    "del",
    "details",
    "div",
    "dl",
    "dt",
    "em",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "i",
    "img",
    "ins",
    "kbd",
    "li",
    "ol",
    "p",
    "pre",
    "s",
    "span",
    "strong",
    "sub",
    "summary",
    "sup",
    "table",
    "td",
    "th",
    "tr",
];

/// Prose written for other Markdown renderers, made to read the same in rustdoc: brackets
/// that are not links are escaped (rustdoc would take `[block:embed]` for a broken
/// intra-doc link), `<word>` that is no HTML element becomes text, and bare URLs become
/// autolinks. Code spans are left as they are.
fn escape_inline(line: &str) -> String {
    let escaped = escape_brackets_and_tags(line);
    let parts: Vec<&str> = escaped.split('`').collect();
    let mut out = String::with_capacity(escaped.len() + 8);
    for (index, part) in parts.iter().enumerate() {
        if index > 0 {
            out.push('`');
        }
        // Odd parts are inside a code span when a closing backtick follows.
        if index % 2 == 1 && index + 1 < parts.len() {
            out.push_str(part);
        } else {
            out.push_str(&autolink_urls(part));
        }
    }
    out
}

/// Where the `]` closing the `[` just before `text` is, outside code spans; None when the
/// line has none.
fn closing_bracket(text: &str) -> Option<usize> {
    let mut in_code = false;
    for (at, c) in text.char_indices() {
        match c {
            '`' => in_code = !in_code,
            ']' if !in_code => return Some(at),
            _ => {}
        }
    }
    None
}

fn escape_brackets_and_tags(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    // Code spans are copied as they are; a lone backtick opens none.
    let mut in_code = false;
    while let Some(c) = rest.chars().next() {
        let after = &rest[c.len_utf8()..];
        if c == '`' {
            in_code = !in_code && after.contains('`');
            out.push(c);
            rest = after;
            continue;
        }
        if in_code {
            out.push(c);
            rest = after;
            continue;
        }
        match c {
            '\\' => {
                // An escape stays an escape, with the character it escapes.
                out.push(c);
                if let Some(next) = after.chars().next() {
                    out.push(next);
                    rest = &after[next.len_utf8()..];
                    continue;
                }
            }
            '[' => match closing_bracket(after) {
                // `[text](url)`, `[text][ref]`, `[ref]: url` are links, and so is an
                // intra-doc link to a code item, `[`Name`]`.
                Some(close)
                    if after[close + 1..].starts_with(['(', '[', ':'])
                        || (close > 1 && after.starts_with('`') && after[..close].ends_with('`')) =>
                {
                    out.push('[');
                    out.push_str(&after[..=close]);
                    rest = &after[close + 1..];
                    // The reference of `[text][ref]` belongs to the link.
                    if let (Some(reference), true) = (rest.find(']'), rest.starts_with('[')) {
                        out.push_str(&rest[..=reference]);
                        rest = &rest[reference + 1..];
                    }
                    continue;
                }
                Some(close) => {
                    out.push_str("\\[");
                    out.push_str(&escape_brackets_and_tags(&after[..close]));
                    out.push_str("\\]");
                    rest = &after[close + 1..];
                    continue;
                }
                None => out.push_str("\\["),
            },
            ']' => out.push_str("\\]"),
            '<' => {
                let name: String = after
                    .trim_start_matches('/')
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == ':')
                    .collect::<String>()
                    .to_ascii_lowercase();
                let autolink = name.starts_with("http") && after.contains('>');
                if name.is_empty() || autolink || HTML_ELEMENTS.contains(&name.as_str()) {
                    out.push('<');
                } else {
                    out.push_str("&lt;");
                }
            }
            _ => out.push(c),
        }
        rest = after;
    }
    out
}

/// Wraps `http(s)://` URLs that stand alone in `<...>`; URLs in links, autolinks, HTML
/// attributes or quotes are left alone.
fn autolink_urls(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 4);
    let mut rest = text;
    while let Some(start) = rest.find("http://").into_iter().chain(rest.find("https://")).min() {
        let before = rest[..start].chars().next_back();
        let url_len = rest[start..]
            .find(|c: char| c.is_whitespace() || matches!(c, ')' | '>' | '<' | ']' | '"' | '\'' | '&'))
            .unwrap_or(rest.len() - start);
        let mut url = &rest[start..start + url_len];
        url = url.trim_end_matches(['.', ',', ';', ':', '!', '?']);
        // In an HTML attribute (`href="https://..."`) a URL stays as it is.
        let in_attribute = matches!(before, Some('"' | '\'')) && rest[..start].ends_with(['"', '\'']) && {
            let head = &rest[..start - 1];
            head.ends_with('=')
        };
        let standalone = !in_attribute && !matches!(before, Some('<' | '(' | '[' | '=' | '/'));
        out.push_str(&rest[..start]);
        if standalone && url.len() > "https://".len() + 3 {
            out.push('<');
            out.push_str(url);
            out.push('>');
        } else {
            out.push_str(url);
        }
        rest = &rest[start + url.len()..];
    }
    out.push_str(rest);
    out
}

/// A block a line opens: a quote, whose lazy continuation lines need a `>`, or a list item,
/// whose text starts `text_offset` columns after the marker's own indentation.
#[derive(Clone, Copy)]
enum Continuation {
    Quote,
    ListItem { text_offset: usize },
}

impl Continuation {
    /// The block `line` (without its indentation) opens, if any.
    fn opened_by(line: &str) -> Option<Self> {
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
            1..=4 => Some(Continuation::ListItem { text_offset: marker + spaces }),
            _ => Some(Continuation::ListItem { text_offset: marker + 1 }),
        }
    }
}

/// The number an ordered list item starts with (`10` for `10) a`), read as CommonMark does:
/// `01.` starts at 1.
fn ordered_start(line: &str) -> Option<u64> {
    let digits = line.len() - line.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    line[..digits].parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_sanitized_for_rustdoc() {
        assert_eq!(doc_lines("a\n\n      code\n```\nx\n```"), [" a", "", "    code", " ```text", " x", " ```"]);
        assert_eq!(doc_lines("*/ #[cfg(x)] \u{7}bell"), [" */ #\\[cfg(x)\\] bell"]);
    }

    #[test]
    fn prose_for_other_renderers_reads_the_same_in_rustdoc() {
        assert_eq!(
            escape_inline("[block:embed] and [a link](https://x.io) and [ref][1]"),
            "\\[block:embed\\] and [a link](https://x.io) and [ref][1]"
        );
        assert_eq!(
            escape_inline("e.g. <code>https://<subdomain>.example.net</code>"),
            "e.g. <code>https://&lt;subdomain>.example.net</code>"
        );
        assert_eq!(escape_inline("see https://docs.example.com/a?b=c."), "see <https://docs.example.com/a?b=c>.");
        assert_eq!(escape_inline("\"link\": \"https://x.example.com/p\""), "\"link\": \"<https://x.example.com/p>\"");
        assert_eq!(
            escape_inline("<a href=\"https://x.example.com/p\">x</a>"),
            "<a href=\"https://x.example.com/p\">x</a>"
        );
        assert_eq!(
            escape_inline("keep <https://x.example.com> and `[x] <y> https://z.example.com`"),
            "keep <https://x.example.com> and `[x] <y> https://z.example.com`"
        );
        assert_eq!(escape_inline("a < b, x[0], \\[done\\], <br/>"), "a < b, x\\[0\\], \\[done\\], <br/>");
        // Intra-doc links the generator writes stay links.
        assert_eq!(escape_inline("see [`Meta`] and [`A::b`](crate::A::b)"), "see [`Meta`] and [`A::b`](crate::A::b)");
        assert_eq!(escape_inline("`a]` [x `]` y]"), "`a]` \\[x `]` y\\]");
    }

    #[test]
    fn lazy_continuations_get_their_indentation_or_quote_marker() {
        assert_eq!(doc_lines("- a\nb\n\nc"), [" - a", "   b", "", " c"]);
        assert_eq!(doc_lines("12. a\nb"), [" 12. a", "     b"]);
        assert_eq!(doc_lines("> [!NOTE]\n> x\ny"), [" > \\[!NOTE\\]", " > x", " > y"]);
        assert_eq!(doc_lines("- a\n  b"), [" - a", "   b"]);
        assert_eq!(doc_lines("*   a\n  b\n- x\n  - y\n  z"), [" *   a", "     b", " - x", "   - y", "     z"]);
        assert_eq!(doc_lines("- a\n# H\nb"), [" - a", " # H", " b"]);
        assert_eq!(doc_lines("-1 is not a list\nb"), [" -1 is not a list", " b"]);
    }

    #[test]
    fn list_items_lines_are_indented_to_their_text_exactly() {
        // A paragraph's next line, indented past the item's text (a description indented as
        // a whole, after `- name: `).
        assert_eq!(
            doc_lines("- `date`: The date.\n          <br>Examples"),
            [" - `date`: The date.", "   <br>Examples"]
        );
        // A paragraph of a nested item after a blank line keeps to that item, four spaces
        // in: it is neither a doctest nor the outer item's.
        let nested = "- Calling\n  with a request\n\n  - `OPTIONS /`\n\n    This request\n\n  - `OPTIONS /x`\n\nAfter";
        assert_eq!(
            doc_lines(nested),
            [
                " - Calling",
                "   with a request",
                "",
                "   - `OPTIONS /`",
                "",
                "     This request",
                "",
                "   - `OPTIONS /x`",
                "",
                " After"
            ]
        );
        // A numbered line past 1 indented into the item before continues its paragraph.
        assert_eq!(
            doc_lines("Steps\n   1)  Fetch\n          2)  Copy"),
            [" Steps", "    1)  Fetch", "        2)  Copy"]
        );
        // Past 1 is a number, not a first digit: `10)` continues it too, `01)` opens a list.
        assert_eq!(
            doc_lines("Steps\n   1)  Fetch\n          10)  Copy"),
            [" Steps", "    1)  Fetch", "        10)  Copy"]
        );
        assert_eq!(
            doc_lines("Steps\n   1)  Fetch\n          01)  Copy"),
            [" Steps", "    1)  Fetch", "           01)  Copy"]
        );
        // Between the item's text and a code block's indentation, a paragraph is the item's.
        assert_eq!(doc_lines("- a\n\n     b\n\n         c"), [" - a", "", "   b", "", "   c"]);
    }
}
