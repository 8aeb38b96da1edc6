//! The targets pages: the `targets/` index and each plan's targets table
//! (`plans/<slug>/targets/`, template targets.html).

use super::links::{self, Links};
use super::refs::{self, PlanView, TargetView};
use super::timeline::Counted;
use super::{Rendered, Renderer, Site};
use crate::graph::PlanTargets;
use anyhow::Result;
use serde::Serialize;

#[derive(Serialize)]
struct TargetsPage<'a> {
    single: bool,
    /// A large site's index: plans with their number of targets, linking to their tables.
    compact: bool,
    plans: Vec<PlanTargetsView<'a>>,
    plan_counts: Vec<Counted<'a>>,
}

#[derive(Serialize)]
struct PlanTargetsView<'a> {
    plan: PlanView<'a>,
    url: String,
    timeline_url: String,
    targets: Vec<TargetView<'a>>,
}

fn plan_targets<'a>(l: &Links, t: &'a PlanTargets) -> PlanTargetsView<'a> {
    PlanTargetsView {
        plan: refs::plan(l, &t.plan),
        url: l.to(&links::plan_targets(&t.plan.slug)),
        timeline_url: l.to(&links::plan_timeline(&t.plan.slug)),
        targets: t.targets.iter().map(|x| refs::target(l, x)).collect(),
    }
}

/// A plan's targets table, `plans/<slug>/targets/`.
pub fn plan_targets_page(r: &Renderer, s: &Site, t: &PlanTargets) -> Result<Rendered> {
    let url = links::plan_targets(&t.plan.slug);
    let l = Links::from(&url);
    let view = TargetsPage {
        single: true,
        compact: false,
        plans: vec![plan_targets(&l, t)],
        plan_counts: vec![],
    };
    let title = format!("目标指标：{}", t.plan.title);
    r.page(s, &url, "targets.html", &title, &view)
}

/// The `targets/` index: every plan's table, or on a large site the plans with their counts.
pub fn targets_index(r: &Renderer, s: &Site) -> Result<Rendered> {
    let l = Links::from(links::TARGETS);
    let all = &s.graph.plan_targets;
    let compact = all.iter().map(|p| p.targets.len()).sum::<usize>() > s.config.list_max;
    let view = TargetsPage {
        single: false,
        compact,
        plans: if compact {
            vec![]
        } else {
            all.iter().map(|t| plan_targets(&l, t)).collect()
        },
        plan_counts: if compact {
            all.iter()
                .filter(|p| !p.targets.is_empty())
                .map(|p| Counted {
                    plan: refs::plan(&l, &p.plan),
                    deadlines: 0,
                    targets: p.targets.len(),
                    url: l.to(&links::plan_targets(&p.plan.slug)),
                })
                .collect()
        } else {
            vec![]
        },
    };
    r.page(s, links::TARGETS, "targets.html", "目标指标", &view)
}
