//! The time pages: the `timeline/` index, a page per year and each plan's own time axis
//! (templates timeline.html, year.html, plan_timeline.html).

use super::links::{self, Links};
use super::refs::{self, EntryView, PlanView, TargetView};
use super::{Rendered, Renderer, Site};
use crate::graph::{PlanGroup, PlanRef, PlanTimeline, Year};
use anyhow::Result;
use serde::Serialize;

#[derive(Serialize)]
struct PlanGroupView<'a> {
    plan: PlanView<'a>,
    entries: Vec<EntryView<'a>>,
}

fn groups<'a>(l: &Links, gs: &'a [PlanGroup]) -> Vec<PlanGroupView<'a>> {
    gs.iter()
        .map(|g| PlanGroupView {
            plan: refs::plan(l, &g.plan),
            entries: refs::entries(l, &g.entries),
        })
        .collect()
}

#[derive(Serialize)]
struct TimelinePage<'a> {
    timeline: TimelineView<'a>,
    /// A large site: the entries of no year are counted per plan, not listed.
    compact: bool,
}

/// The timeline, its lists of entries left empty on a large site.
#[derive(Serialize)]
struct TimelineView<'a> {
    years: Vec<YearSummaryView>,
    plans: Vec<PlanCountsView<'a>>,
    recurring: Vec<PlanGroupView<'a>>,
    ongoing: Vec<PlanGroupView<'a>>,
    undated: Vec<PlanGroupView<'a>>,
}

#[derive(Serialize)]
struct YearSummaryView {
    year: i32,
    url: String,
    deadlines: usize,
    starts: usize,
    targets: usize,
    plans: usize,
}

#[derive(Serialize)]
struct PlanCountsView<'a> {
    plan: PlanView<'a>,
    url: String,
    recurring: usize,
    ongoing: usize,
    undated: usize,
}

pub fn timeline_index(r: &Renderer, s: &Site) -> Result<Rendered> {
    let l = Links::from(links::TIMELINE);
    let t = &s.graph.timeline;
    let entries: usize = [&t.recurring, &t.ongoing, &t.undated]
        .iter()
        .flat_map(|l| l.iter())
        .map(|pg| pg.entries.len())
        .sum();
    let compact = entries > s.config.list_max;
    let listed = |gs| if compact { vec![] } else { groups(&l, gs) };
    let view = TimelinePage {
        timeline: TimelineView {
            years: t
                .years
                .iter()
                .map(|y| YearSummaryView {
                    year: y.year,
                    url: l.to(&links::year(y.year)),
                    deadlines: y.deadlines,
                    starts: y.starts,
                    targets: y.targets,
                    plans: y.plans,
                })
                .collect(),
            plans: t
                .plans
                .iter()
                .map(|c| PlanCountsView {
                    plan: refs::plan(&l, &c.plan),
                    url: l.to(&links::plan_timeline(&c.plan.slug)),
                    recurring: c.recurring,
                    ongoing: c.ongoing,
                    undated: c.undated,
                })
                .collect(),
            recurring: listed(&t.recurring),
            ongoing: listed(&t.ongoing),
            undated: listed(&t.undated),
        },
        compact,
    };
    r.page(s, links::TIMELINE, "timeline.html", "时间表", &view)
}

#[derive(Serialize)]
struct YearPage<'a> {
    year: YearHead<'a>,
    /// A large site: plans with the number of their entries this year, each linking to the
    /// year on the plan's own time axis, instead of the entries.
    compact: bool,
    plan_counts: Vec<Counted<'a>>,
    timeline_url: String,
    prev_url: Option<String>,
    next_url: Option<String>,
}

/// A year, its lists left empty on a large site.
#[derive(Serialize)]
struct YearHead<'a> {
    year: i32,
    prev: Option<i32>,
    next: Option<i32>,
    deadlines: usize,
    start_count: usize,
    plans_count: usize,
    targets_count: usize,
    plans: Vec<ActivePlanView<'a>>,
    months: Vec<MonthView<'a>>,
    /// Tasks starting this year, listed apart from the deadlines.
    starts: Vec<PlanGroupView<'a>>,
    /// The page exists only because a source printed this year by mistake: the plans and
    /// the values as printed.
    only_from_defects: Vec<(PlanView<'a>, &'a str)>,
    targets: Vec<YearTargetView<'a>>,
}

#[derive(Serialize)]
struct ActivePlanView<'a> {
    plan: PlanView<'a>,
    first: bool,
    last: bool,
}

#[derive(Serialize)]
struct MonthView<'a> {
    label: String,
    /// Fragment id on the year page: `m3`, or `year` for 未注明月份.
    anchor: String,
    plans: Vec<PlanGroupView<'a>>,
}

#[derive(Serialize)]
struct YearTargetView<'a> {
    plan: PlanView<'a>,
    target: TargetView<'a>,
}

/// A plan and how many entries it has on a page, linking to where they are listed.
#[derive(Serialize)]
pub(super) struct Counted<'a> {
    pub plan: PlanView<'a>,
    pub deadlines: usize,
    pub targets: usize,
    pub url: String,
}

fn month_label(m: Option<u32>) -> (String, String) {
    match m {
        Some(m) => (format!("{m}月"), format!("m{m}")),
        None => ("未注明月份".into(), "year".into()),
    }
}

pub fn year_page<'a>(r: &Renderer, s: &Site, y: &'a Year) -> Result<Rendered> {
    let url = links::year(y.year);
    let l = Links::from(&url);
    let compact = y.deadlines + y.start_count + y.targets.len() > s.config.list_max;
    let mut plan_counts: Vec<Counted<'a>> = Vec::new();
    if compact {
        let mut at: std::collections::HashMap<&str, usize> = Default::default();
        let mut count = |plan: &'a PlanRef, d: usize, t: usize| {
            let i = *at.entry(plan.slug.as_str()).or_insert_with(|| {
                plan_counts.push(Counted {
                    plan: refs::plan(&l, plan),
                    deadlines: 0,
                    targets: 0,
                    url: l.to(&format!("{}#y{}", links::plan_timeline(&plan.slug), y.year)),
                });
                plan_counts.len() - 1
            });
            plan_counts[i].deadlines += d;
            plan_counts[i].targets += t;
        };
        for m in &y.months {
            for pg in &m.plans {
                count(&pg.plan, pg.entries.len(), 0);
            }
        }
        for pg in &y.starts {
            count(&pg.plan, pg.entries.len(), 0);
        }
        for t in &y.targets {
            count(&t.plan, 0, 1);
        }
        plan_counts.sort_by(|a, b| a.plan.title.cmp(b.plan.title).then(a.url.cmp(&b.url)));
    }
    let view = YearPage {
        year: YearHead {
            year: y.year,
            prev: y.prev,
            next: y.next,
            deadlines: y.deadlines,
            start_count: y.start_count,
            only_from_defects: y
                .only_from_defects
                .iter()
                .map(|(p, printed)| (refs::plan(&l, p), printed.as_str()))
                .collect(),
            plans_count: y.plans.len(),
            targets_count: y.targets.len(),
            plans: if compact {
                vec![]
            } else {
                y.plans
                    .iter()
                    .map(|a| ActivePlanView {
                        plan: refs::plan(&l, &a.plan),
                        first: a.first,
                        last: a.last,
                    })
                    .collect()
            },
            months: if compact {
                vec![]
            } else {
                y.months
                    .iter()
                    .map(|m| {
                        let (label, anchor) = month_label(m.month);
                        MonthView {
                            label,
                            anchor,
                            plans: groups(&l, &m.plans),
                        }
                    })
                    .collect()
            },
            starts: if compact {
                vec![]
            } else {
                groups(&l, &y.starts)
            },
            targets: if compact {
                vec![]
            } else {
                y.targets
                    .iter()
                    .map(|t| YearTargetView {
                        plan: refs::plan(&l, &t.plan),
                        target: refs::target(&l, &t.target),
                    })
                    .collect()
            },
        },
        compact,
        plan_counts,
        timeline_url: l.to(links::TIMELINE),
        prev_url: y.prev.map(|p| l.to(&links::year(p))),
        next_url: y.next.map(|n| l.to(&links::year(n))),
    };
    r.page(s, &url, "year.html", &format!("{}年", y.year), &view)
}

#[derive(Serialize)]
struct PlanTimelinePage<'a> {
    t: PlanTimelineView<'a>,
    targets_url: String,
}

#[derive(Serialize)]
struct PlanTimelineView<'a> {
    plan: PlanView<'a>,
    axis: Vec<AxisYearView<'a>>,
    recurring: Vec<EntryView<'a>>,
    ongoing: Vec<EntryView<'a>>,
    undated: Vec<EntryView<'a>>,
}

#[derive(Serialize)]
struct AxisYearView<'a> {
    year: i32,
    url: String,
    in_period: bool,
    first: bool,
    last: bool,
    deadlines: Vec<EntryView<'a>>,
    starts: Vec<EntryView<'a>>,
    targets: Vec<TargetView<'a>>,
}

pub fn plan_timeline_page(r: &Renderer, s: &Site, t: &PlanTimeline) -> Result<Rendered> {
    let url = links::plan_timeline(&t.plan.slug);
    let l = Links::from(&url);
    let view = PlanTimelinePage {
        t: PlanTimelineView {
            plan: refs::plan(&l, &t.plan),
            axis: t
                .axis
                .iter()
                .map(|a| AxisYearView {
                    year: a.year,
                    url: l.to(&links::year(a.year)),
                    in_period: a.in_period,
                    first: a.first,
                    last: a.last,
                    deadlines: refs::entries(&l, &a.deadlines),
                    starts: refs::entries(&l, &a.starts),
                    targets: a.targets.iter().map(|x| refs::target(&l, x)).collect(),
                })
                .collect(),
            recurring: refs::entries(&l, &t.recurring),
            ongoing: refs::entries(&l, &t.ongoing),
            undated: refs::entries(&l, &t.undated),
        },
        targets_url: l.to(&links::plan_targets(&t.plan.slug)),
    };
    let title = format!("时间轴：{}", t.plan.title);
    r.page(s, &url, "plan_timeline.html", &title, &view)
}
