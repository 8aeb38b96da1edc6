//! The search page (`search/`).
//! The page works only with JavaScript (the index is queried in the browser); without it,
//! it says so and points to the responsibility index and the timeline.

use super::links;
use super::{Rendered, Renderer, Site};
use anyhow::Result;
use serde::Serialize;

#[derive(Serialize)]
struct View {}

pub fn page(r: &Renderer, s: &Site) -> Result<Rendered> {
    let mut p = r.page(s, links::SEARCH, "search.html", "搜索条款", &View {})?;
    // Results depend on the query string: nothing for a search engine to index.
    p.in_sitemap = false;
    Ok(p)
}
