//! Site graph stage: views derived from the plans — offices per county, departments across
//! counties, years — and the URLs that link them. Never hand-kept: rebuilt every build.
//!
//! URL scheme (all relative to the site root, trailing slash, each a folder with index.html):
//! - `plans/<slug>/`, clause `plans/<slug>/<id>/`, anchor `plans/<slug>/#<id>`
//! - `units/`, `units/<county-slug>/<unit-slug>/`
//! - `departments/<category>/`
//! - `timeline/`, `timeline/<year>/`

use crate::model::Plan;
use crate::slug::{slugify, Unique};
use std::collections::{BTreeMap, BTreeSet};

/// Derived views over all plans.
#[derive(Debug, Default)]
pub struct SiteGraph {
    /// county → its slug
    pub county_slugs: BTreeMap<String, String>,
    /// (county, canonical office) → office slug, unique within the county
    pub unit_slugs: BTreeMap<(String, String), String>,
    /// Every year that occurs: plan periods, deadlines, targets.
    pub years: BTreeSet<i32>,
}

impl SiteGraph {
    /// Graph stage entry point.
    pub fn build(plans: &[Plan]) -> SiteGraph {
        let mut g = SiteGraph::default();
        let mut counties = Unique::default();
        let mut per_county: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for p in plans {
            per_county.entry(p.region.clone()).or_default();
            if let Some([a, b]) = p.period {
                g.years.extend(a..=b);
            }
            for n in p.all_nodes() {
                for d in &n.duties {
                    per_county
                        .entry(p.region.clone())
                        .or_default()
                        .insert(d.unit.clone());
                }
                for dl in &n.deadlines {
                    g.years.extend(dl.year);
                }
            }
        }
        for (county, units) in per_county {
            let cs = counties.get_with(&county, slugify(&county));
            let mut u = Unique::default();
            for unit in units {
                let s = u.get(&unit);
                g.unit_slugs.insert((county.clone(), unit), s);
            }
            g.county_slugs.insert(county, cs);
        }
        g
    }

    /// Root-relative URL of an office page (`units/jing-yuan-xian/jiao-yu-ti-yu-ju/`).
    pub fn unit_url(&self, county: &str, unit: &str) -> Option<String> {
        let cs = self.county_slugs.get(county)?;
        let us = self
            .unit_slugs
            .get(&(county.to_string(), unit.to_string()))?;
        Some(format!("units/{cs}/{us}/"))
    }

    /// Root-relative URL of a year's timeline page.
    pub fn year_url(&self, year: i32) -> String {
        format!("timeline/{year}/")
    }
}
