//! The search page (`search/`) and its assets, as a renderer job like the other sections.
//! The page works only with JavaScript (the index is queried in the browser); without it,
//! it says so and points to the responsibility index and the timeline.

use crate::render::{Job, Rendered, Renderer, Site};
use anyhow::Result;
use serde::Serialize;

pub const URL: &str = "search/";

pub const TEMPLATES: &[(&str, &str)] = &[(
    "search.html",
    include_str!("../../themes/default/templates/search.html"),
)];

pub const STATIC: &[(&str, &str)] = &[
    (
        "search.js",
        include_str!("../../themes/default/static/search.js"),
    ),
    (
        "search.css",
        include_str!("../../themes/default/static/search.css"),
    ),
];

#[derive(Serialize)]
struct View {}

fn page(r: &Renderer, s: &Site) -> Result<Rendered> {
    let mut p = r.page(s, URL, "search.html", "搜索条款", &View {})?;
    // Results depend on the query string: nothing for a search engine to index.
    p.in_sitemap = false;
    Ok(p)
}

/// The search page, unless the build leaves search out (`--no-search`).
pub fn jobs<'a>(site: &Site<'a>) -> Vec<Job<'a>> {
    if !site.search {
        return vec![];
    }
    vec![Box::new(|r, s| Ok(vec![page(r, s)?]))]
}
