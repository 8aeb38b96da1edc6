//! The search page (`search/`).
//! Queries run in the browser (the index is read by `search.js`). Without JavaScript the page
//! is still a way in: it lists every county's plans with a link to the county's offices and
//! to the responsibility index, in HTML the script hides once it runs.

use super::links::{self, Links};
use super::{Rendered, Renderer, Site};
use crate::doc::{Plan, Status};
use anyhow::Result;
use serde::Serialize;
use std::collections::BTreeMap;

#[derive(Serialize)]
struct PlanItem<'a> {
    title: &'a str,
    href: String,
    /// The status as printed, for a draft; empty for a final text.
    draft: String,
}

#[derive(Serialize)]
struct CountyItem<'a> {
    name: &'a str,
    /// The county's offices and their duties (`units/<county>/`).
    offices_href: String,
    plans: Vec<PlanItem<'a>>,
    /// Plans not listed (past `list_max`).
    more: usize,
}

#[derive(Serialize)]
struct View<'a> {
    counties: Vec<CountyItem<'a>>,
    units_href: String,
    timeline_href: String,
    home_href: String,
    plans: usize,
    /// A 文号 of the site's own, for the help text's example (empty: none has one).
    doc_number_example: &'a str,
}

fn view<'a>(s: &'a Site) -> View<'a> {
    let l = Links::from(links::SEARCH);
    // Past list_max plans in all, each county shows the count of its plans instead of them,
    // so the page stays small on a large site.
    let compact = s.plans.len() > s.config.list_max;
    let by_slug: BTreeMap<&str, &Plan> = s.plans.iter().map(|p| (p.slug.as_str(), p)).collect();
    let counties = s
        .graph
        .counties
        .iter()
        .map(|c| CountyItem {
            name: &c.name,
            offices_href: l.to(&links::county(&c.slug)),
            plans: if compact {
                Vec::new()
            } else {
                c.plans
                    .iter()
                    .filter_map(|r| by_slug.get(r.slug.as_str()))
                    .map(|p| PlanItem {
                        title: &p.title,
                        href: l.to(&links::plan(&p.slug)),
                        draft: match p.status {
                            Status::Draft => p.status_name(),
                            Status::Final => String::new(),
                        },
                    })
                    .collect()
            },
            more: if compact { c.plans.len() } else { 0 },
        })
        .collect();
    View {
        counties,
        units_href: l.to(links::UNITS),
        timeline_href: l.to(links::TIMELINE),
        home_href: links::href(l.root(), ""),
        plans: s.plans.len(),
        doc_number_example: s
            .plans
            .iter()
            .map(|p| p.doc_number.as_str())
            .find(|n| !n.is_empty())
            .unwrap_or_default(),
    }
}

pub fn page(r: &Renderer, s: &Site) -> Result<Rendered> {
    let mut p = r.page(s, links::SEARCH, "search.html", "搜索条款", &view(s))?;
    // Results depend on the query string: nothing for a search engine to index.
    p.in_sitemap = false;
    Ok(p)
}
