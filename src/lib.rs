//! planpress: publish Chinese county government plans as a navigable static site.
//!
//! The pipeline, one module per stage:
//!
//! ```text
//! import  seeds/*.txt ─▶ model::Document ─▶ content/plans/*.md     (raw exports → content)
//! content the content file format (Markdown body + YAML front matter), read and written
//! load    content/ ─▶ documents, pages, aliases, department categories
//! model   documents ─▶ plans (duties, deadlines, targets derived from the text)
//! graph   plans ─▶ site graph (offices, departments, years, cross-links)
//! render  site graph ─▶ HTML pages (tera templates, themes/default)
//! write   pages ─▶ public/ (atomic swap, deterministic bytes)
//! ```
//!
//! `build` runs the stages for `planpress build`; `cli` is the command line (arguments,
//! printing, exit codes) over `import` and `build`.

pub mod build;
pub mod cli;
pub mod config;
pub mod content;
pub mod graph;
pub mod import;
pub mod label;
pub mod limits;
pub mod load;
pub mod model;
pub mod render;
pub mod search;
pub mod slug;
pub mod write;
