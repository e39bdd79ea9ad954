//! Stage 4: formatting. Token streams are parsed by syn and printed by prettyplease, so the
//! output does not depend on which rustfmt a machine has.

use crate::emit::pieces::{Contents, EmittedFile, Piece};
use crate::write::GeneratedFile;

/// Formats every emitted module, on all cores: pieces of modules are independent, and
/// formatting is the largest phase for big APIs. Output order is the input order.
/// `header` starts every Rust file.
pub fn format_files(files: Vec<EmittedFile>, header: &str) -> Result<Vec<GeneratedFile>, String> {
    // One unit of work per piece of a module; text files need no formatting.
    let units: Vec<(usize, &Piece)> = files
        .iter()
        .enumerate()
        .flat_map(|(index, file)| match &file.contents {
            Contents::Rust(pieces) => pieces.iter().map(|piece| (index, piece)).collect(),
            Contents::Text(_) => Vec::new(),
        })
        .collect();
    let workers = std::thread::available_parallelism().map_or(1, |n| n.get()).min(units.len().max(1));
    let mut slots: Vec<Option<Result<String, String>>> = Vec::new();
    slots.resize_with(units.len(), || None);
    let next = std::sync::atomic::AtomicUsize::new(0);
    let results = std::sync::Mutex::new(&mut slots);
    std::thread::scope(|scope| {
        for _ in 0..workers {
            scope.spawn(|| loop {
                let index = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                let Some((_, piece)) = units.get(index) else { break };
                let formatted = match piece {
                    Piece::Tokens(code) => format_piece(code),
                    // Laid out by the emitter: still checked to be Rust, as formatted code is.
                    Piece::Formatted(code) => syn::parse_file(code)
                        .map(|_| code.clone())
                        .map_err(|e| format!("generator bug: emitted invalid Rust ({e}): {code}")),
                };
                results.lock().expect("no worker panics while holding the lock")[index] = Some(formatted);
            });
        }
    });
    let mut formatted: Vec<Vec<String>> = vec![Vec::new(); files.len()];
    for ((file_index, _), piece) in units.iter().zip(slots) {
        formatted[*file_index].push(piece.expect("every piece was formatted")?);
    }
    Ok(files
        .into_iter()
        .zip(formatted)
        .map(|(file, pieces)| {
            let contents = match file.contents {
                Contents::Rust(_) => format!("{header}\n\n{}", pieces.join("\n")),
                Contents::Text(text) => text,
            };
            GeneratedFile { path: file.path, contents }
        })
        .collect())
}

/// Formats whole items; an error here is a generator bug, reported with the offending code.
fn format_piece(code: &str) -> Result<String, String> {
    let file: syn::File =
        syn::parse_file(code).map_err(|e| format!("generator bug: emitted invalid Rust ({e}): {code}"))?;
    Ok(separate_items(&prettyplease::unparse(&file)))
}

/// prettyplease packs items together; a blank line between items (after a closing brace,
/// or after a `use`/macro line before a documented item) makes the output read like
/// hand-written code and keeps diffs local.
fn separate_items(code: &str) -> String {
    const ITEM_STARTS: [&str; 10] =
        ["///", "#[derive", "#[must_use", "#[cfg", "pub ", "fn ", "impl", "struct ", "enum ", "crate::"];
    let lines: Vec<&str> = code.lines().collect();
    let mut out = String::with_capacity(code.len() + code.len() / 16);
    for (index, line) in lines.iter().enumerate() {
        out.push_str(line);
        out.push('\n');
        let Some(next) = lines.get(index + 1) else { continue };
        let trimmed = line.trim_start();
        let indent = line.len() - trimmed.len();
        let next_trimmed = next.trim_start();
        let same_depth = next.len() - next_trimmed.len() == indent;
        let next_starts_item = ITEM_STARTS.iter().any(|s| next_trimmed.starts_with(s));
        let ends_block = trimmed == "}";
        // Re-exports stay one block, whatever attributes they carry.
        let ends_statement = indent == 0
            && trimmed.ends_with(';')
            && !next_trimmed.starts_with("pub use")
            && !(trimmed.starts_with("pub use") && next_trimmed.starts_with("#[cfg"));
        let ends_declaration = ends_statement && (trimmed.starts_with("mod ") || trimmed.starts_with("pub mod "));
        let separate =
            if ends_block { next_starts_item } else { ends_statement && !ends_declaration && next_starts_item };
        if separate && same_depth {
            out.push('\n');
        }
    }
    out
}
