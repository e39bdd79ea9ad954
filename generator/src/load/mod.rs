//! Stage 1 of the pipeline: read spec fragments (markdown pages, JSON, YAML) and merge
//! them into one OpenAPI document, remembering where every operation came from.

mod fragments;
mod merge;
mod order;

pub use fragments::{load_dir, parse_file, Fragment};
pub use merge::{merge, MergedSpec};
pub use order::keep_order_of;
