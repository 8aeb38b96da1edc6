//! The integration tests: one binary (`cargo test --test it`) instead of one per file, so
//! `cargo test` links the crate into a test executable once. Each module is a former
//! `tests/<name>.rs`; its tests keep their names under `<name>::` (filter with
//! `cargo test --test it site_build::`). Shared helpers: `support` (sites), `graph_common`,
//! `import_common`.

mod graph_common;
mod import_common;
mod support;

mod check;
mod data_files;
mod graph_build;
mod graph_departments;
mod graph_pages;
mod graph_seeds;
mod graph_views;
mod import_formats;
mod import_genre;
mod import_proptest;
mod import_roundtrip;
mod import_seeds;
mod import_text_forms;
mod import_unseen;
mod layers;
mod model_genre;
mod model_proptest;
mod model_seed_facts;
mod revisions;
mod safety_content;
mod safety_markup;
mod safety_output;
mod search_build;
mod serve;
mod site_build;
mod site_content;
mod site_escape;
mod site_facts;
mod site_incremental;
mod site_large;
mod site_lazy;
mod site_pages;
mod snapshots;
mod tables_golden;
