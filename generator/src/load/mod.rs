//! Stage 1 of the pipeline: read spec fragments (markdown pages, JSON, YAML) and merge
//! them into one document, remembering where every operation came from; then bring a
//! Swagger 2.0 or OpenAPI 3.1 document into the OpenAPI 3.0 form the resolver reads.

mod fragments;
mod merge;
mod openapi31;
mod order;
mod schema_walk;
mod swagger2;
mod version;

pub use fragments::{load_dir, parse_file, Fragment};
pub use merge::{merge, MergedSpec};
pub use order::keep_order_of;
pub use version::{fragments_to_openapi30, swagger2_pointer, to_openapi30, SpecVersion};
