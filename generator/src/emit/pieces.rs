//! What emitting produces before formatting: files whose Rust is split into pieces of whole
//! items, so big modules format in parallel.

/// Items per piece when a module is formatted in pieces.
const ITEMS_PER_PIECE: usize = 64;

/// Whole items of a module, formatted independently of the other pieces.
pub enum Piece {
    /// Tokens as text (token streams cannot cross threads), for the formatter.
    Tokens(String),
    /// Code already laid out, written as it is.
    Formatted(String),
}

/// What one generated file holds before formatting.
pub enum Contents {
    /// A module in pieces of whole items: pieces are formatted in parallel and joined.
    Rust(Vec<Piece>),
    /// Text written as it is (the runtime, Cargo.toml).
    Text(String),
}

/// One file of the generated crate, relative to its root.
pub struct EmittedFile {
    pub path: String,
    pub contents: Contents,
}

/// Runs of token items joined into pieces of up to [`ITEMS_PER_PIECE`]; laid-out items stay
/// pieces of their own. The header stays alone: it carries the module's inner attributes.
pub fn into_pieces(items: Vec<Piece>) -> Vec<Piece> {
    let mut pieces = Vec::new();
    let mut run: Vec<String> = Vec::new();
    let mut items = items.into_iter();
    pieces.extend(items.next());
    for item in items {
        match item {
            Piece::Tokens(tokens) => {
                run.push(tokens);
                if run.len() == ITEMS_PER_PIECE {
                    pieces.push(Piece::Tokens(std::mem::take(&mut run).concat()));
                }
            }
            formatted @ Piece::Formatted(_) => {
                if !run.is_empty() {
                    pieces.push(Piece::Tokens(std::mem::take(&mut run).concat()));
                }
                pieces.push(formatted);
            }
        }
    }
    if !run.is_empty() {
        pieces.push(Piece::Tokens(run.concat()));
    }
    pieces
}
