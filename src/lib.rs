//! planpress: publish Chinese county government plans as a navigable static site.
//!
//! The pipeline, one module per stage, in layer order (a stage uses only those above it; the
//! plan data flows import → content files → load):
//!
//! ```text
//! content the content file format (Markdown body + YAML front matter), read and written
//! import  seeds/*.txt ─▶ doc::Document ─▶ content/plans/*.md       (raw exports → content)
//! load    content/ ─▶ documents, versions, pages, aliases, department categories
//! model   documents ─▶ plans (duties, deadlines, targets derived from the text)
//! graph   plans ─▶ facts across plans (offices, departments, years, clause references)
//! render  plans + graph ─▶ every page; links made once per view (render::links)
//! search  plans ─▶ static search index
//! write   pages, index ─▶ public/ (atomic swap, deterministic bytes)
//! ```
//!
//! Helpers every stage may use: `doc` (the plan data types, `Document` and `Plan`), `label`,
//! `limits`, `slug`, `config`.
//!
//! `build` runs the stages for `planpress build` (`build::incremental`: what a build keeps
//! for the next and which pages an edit can change); `serve` watches, rebuilds and serves;
//! `check` and `init` are the other commands; `cli` is the command line (arguments,
//! printing, exit codes) over them.

pub mod build;
pub mod check;
pub mod cli;
pub mod config;
pub mod content;
pub mod doc;
pub mod graph;
pub mod import;
pub mod init;
pub mod label;
pub mod limits;
pub mod load;
pub mod model;
pub mod render;
pub mod search;
pub mod serve;
pub mod slug;
pub mod write;
