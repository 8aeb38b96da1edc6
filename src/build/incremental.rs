//! What a build keeps for the next one (`planpress serve`), and which pages an edit can
//! change.
//!
//! Every build made through [`Incremental`] reuses each stage's work by the fingerprint of
//! its inputs (parsed files, analysed plans, rendered pages). After an edit of plans' text
//! alone, [`dirty`] names the parts of the site the edit feeds — the plans, their counties
//! (county and office pages), the departments and years that show them, and the pages over
//! the whole site — so a pages-first build renders only those jobs and leaves the other
//! pages, the search index and the open-data files as published, for a full build to bring
//! up to date after it.

use crate::graph::SiteGraph;
use crate::render::Scope;
use std::collections::{BTreeSet, HashMap, HashSet};
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

/// What a build keeps for the next one (see the module's text). The result of a build
/// through it is byte for byte that of [`super::build`].
#[derive(Debug, Default)]
pub struct Incremental {
    pub(super) load: crate::load::Cache,
    pub(super) model: crate::model::Cache,
    pub(super) pages: Arc<crate::render::Memo>,
    /// The output folder and the options that shape a page's bytes after rendering, of the
    /// last build: pages are kept only from a build into the same folder, made the same way.
    pub(super) last: Mutex<Option<(PathBuf, bool, bool)>>,
    /// The last published build, as far as the next one needs it.
    pub(super) previous: Mutex<Option<Previous>>,
}

/// Everything outside the plan files that shapes the pages: when it is unchanged, an edit
/// touched plans only.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Settings {
    pub config: crate::config::Config,
    pub base_url: String,
    pub search: bool,
    /// Fingerprint of the templates.
    pub templates: u128,
    /// Fingerprint of the content files other than plans (`load::Loaded::others`).
    pub others: u128,
}

/// The last published build.
#[derive(Debug)]
pub(super) struct Previous {
    pub settings: Settings,
    /// Plans then earlier versions, in order: (slug, file, the model's key for it).
    pub plans: Vec<(String, String, Option<u128>)>,
    pub graph: SiteGraph,
    /// Each job's scope and the files it wrote (with whether the sitemap lists them).
    pub jobs: Vec<(Scope, Vec<(String, bool)>)>,
    /// The site-wide open-data files' pages (`render::data::site_files`), the same way.
    pub data: Vec<(String, bool)>,
    /// Every file of the published site (`write::Output::begin_own`).
    pub files: BTreeSet<String>,
}

/// This build's side of the comparison.
pub(super) struct Now<'a> {
    pub settings: &'a Settings,
    pub plans: &'a [(String, String, Option<u128>)],
    pub graph: &'a SiteGraph,
    pub scopes: &'a [Scope],
}

/// The plans and versions of a build with their model keys.
pub(super) fn plan_keys(
    plans: &[crate::doc::Plan],
    versions: &[crate::doc::Plan],
    keys: &HashMap<PathBuf, u128>,
) -> Vec<(String, String, Option<u128>)> {
    plans
        .iter()
        .chain(versions)
        .map(|p| {
            let key = keys.get(&PathBuf::from(&p.file)).copied();
            (p.slug.clone(), p.file.clone(), key)
        })
        .collect()
}

/// The scopes whose pages this build must render (every job of [`Scope::Site`] besides),
/// or `None` when the edit reaches further than plans' text (settings, templates, other
/// content, plans added or removed, a new office, county or year, a new URL): then every
/// page is looked at.
pub(super) fn dirty(prev: &Previous, now: &Now) -> Option<HashSet<Scope>> {
    let (old, new) = (&prev.graph, now.graph);
    let prev_scopes = prev.jobs.iter().map(|(s, _)| s);
    let same_shape = prev.settings == *now.settings
        && prev.plans.len() == now.plans.len()
        && prev
            .plans
            .iter()
            .zip(now.plans)
            .all(|(a, b)| a.0 == b.0 && a.1 == b.1 && b.2.is_some())
        && prev_scopes.eq(now.scopes.iter())
        && old.urls == new.urls
        && old.county_slugs == new.county_slugs
        && old.units == new.units
        && old.years == new.years;
    if !same_shape {
        return None;
    }
    let changed: BTreeSet<&str> = prev
        .plans
        .iter()
        .zip(now.plans)
        .filter(|(a, b)| a.2 != b.2)
        .map(|(_, b)| b.0.as_str())
        .collect();
    let mut dirty: HashSet<Scope> = changed.iter().map(|s| Scope::Plan(s.to_string())).collect();
    // The counties of the changed plans, before and after the edit, and any whose page or
    // offices differ in the graph.
    let mut counties: BTreeSet<&str> = old
        .plans
        .iter()
        .chain(&new.plans)
        .filter(|p| changed.contains(p.slug.as_str()))
        .map(|p| p.region.as_str())
        .collect();
    for (a, b) in old.counties.iter().zip(&new.counties) {
        if a != b {
            counties.insert(a.name.as_str());
            counties.insert(b.name.as_str());
        }
    }
    if old.counties.len() != new.counties.len() || old.offices.len() != new.offices.len() {
        return None;
    }
    for ((key, a), b) in new.offices.iter().zip(old.offices.values()) {
        if a != b {
            counties.insert(key.0.as_str());
        }
    }
    if old.departments.len() != new.departments.len() {
        return None;
    }
    for (a, b) in old.departments.iter().zip(&new.departments) {
        let touched = b
            .offices
            .iter()
            .chain(&a.offices)
            .any(|o| counties.contains(o.office.county.as_str()));
        if a != b || touched {
            dirty.insert(Scope::Department(b.slug.clone()));
        }
    }
    for (y, b) in &new.by_year {
        let a = old.by_year.get(y);
        if a != Some(b) || a.is_some_and(|a| mentions(a, &changed)) || mentions(b, &changed) {
            dirty.insert(Scope::Year(*y));
        }
    }
    dirty.extend(counties.into_iter().map(|c| Scope::County(c.to_string())));
    Some(dirty)
}

/// Whether a year's page shows anything of the plans `slugs`.
fn mentions(y: &crate::graph::Year, slugs: &BTreeSet<&str>) -> bool {
    let is = |p: &crate::graph::PlanRef| slugs.contains(p.slug.as_str());
    y.plans.iter().any(|a| is(&a.plan))
        || y.months
            .iter()
            .flat_map(|m| &m.plans)
            .chain(&y.starts)
            .any(|g| {
                is(&g.plan)
                    || g.entries
                        .iter()
                        .any(|e| slugs.contains(e.clause.plan.as_str()))
            })
        || y.targets.iter().any(|t| is(&t.plan))
        || y.only_from_defects.iter().any(|(p, _)| is(p))
}
