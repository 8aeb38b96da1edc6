//! Years: every year that occurs in a plan (its period, its deadlines, its targets), the
//! deadlines of each year by month, and each plan's own time axis.
//!
//! Only what is printed is placed: a deadline without a month sits under 未注明月份, never on
//! an invented month; 每年 and 长期坚持 are listed apart, never spread over the years.

use super::{plan_place, table_ref, ClauseRef, NodeRef, PlanRef, PlanTarget, SiteGraph, UnitRef};
use crate::doc::{Deadline, DeadlineKind, Plan};
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

/// A deadline where it was stated, with the offices on that clause.
#[derive(Debug, Clone, PartialEq)]
pub struct DeadlineEntry {
    pub clause: Arc<ClauseRef>,
    pub deadline: Deadline,
    pub offices: Arc<[UnitRef]>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct PlanGroup {
    pub plan: Arc<PlanRef>,
    pub entries: Vec<Arc<DeadlineEntry>>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct MonthGroup {
    /// `None`: the deadline names the year only.
    pub month: Option<u32>,
    pub plans: Vec<PlanGroup>,
}

/// A plan whose period covers the year.
#[derive(Debug, Clone, PartialEq)]
pub struct ActivePlan {
    pub plan: Arc<PlanRef>,
    pub first: bool,
    pub last: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct YearTarget {
    pub plan: Arc<PlanRef>,
    pub target: Arc<PlanTarget>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Year {
    pub year: i32,
    pub prev: Option<i32>,
    pub next: Option<i32>,
    pub plans: Vec<ActivePlan>,
    pub months: Vec<MonthGroup>,
    pub targets: Vec<YearTarget>,
    /// Dated deadlines on this page (完成时限: by or in the year).
    pub deadlines: usize,
    /// Tasks that start this year (`2024年起`, a span from it): 起始, never counted as
    /// deadlines of the year.
    pub starts: Vec<PlanGroup>,
    pub start_count: usize,
    /// Set when the year is on the timeline only because of a defect of a source (a year
    /// printed outside its plan's period, 井研's 2029): the values as printed, and the plans.
    pub only_from_defects: Vec<(Arc<PlanRef>, String)>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct YearSummary {
    pub year: i32,
    pub deadlines: usize,
    pub starts: usize,
    pub targets: usize,
    /// Plans whose period covers the year.
    pub plans: usize,
}

/// The `timeline/` index.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Timeline {
    pub years: Vec<YearSummary>,
    /// 每年…: recurring duties, per plan (also those that start in a given year).
    pub recurring: Vec<PlanGroup>,
    /// 长期坚持, 持续推进.
    pub ongoing: Vec<PlanGroup>,
    /// Deadlines whose year could not be read (kept, never guessed).
    pub undated: Vec<PlanGroup>,
    /// Every plan with its period, for the overview of periods.
    pub plans: Vec<PlanCounts>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct PlanCounts {
    pub plan: Arc<PlanRef>,
    /// Entries of its timeline that belong to no year, for the index of a large site
    /// (which lists these counts instead of the entries).
    pub recurring: usize,
    pub ongoing: usize,
    pub undated: usize,
}

/// One year on a plan's own axis.
#[derive(Debug, Clone, PartialEq)]
pub struct AxisYear {
    pub year: i32,
    /// Inside the plan's period; a year outside it (井研's 2029 in a 2021–2025 plan) is
    /// shown as printed and marked.
    pub in_period: bool,
    pub first: bool,
    pub last: bool,
    /// 完成时限 in the year.
    pub deadlines: Vec<Arc<DeadlineEntry>>,
    /// Tasks starting in the year (起始).
    pub starts: Vec<Arc<DeadlineEntry>>,
    pub targets: Vec<Arc<PlanTarget>>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct PlanTimeline {
    pub plan: Arc<PlanRef>,
    pub axis: Vec<AxisYear>,
    pub recurring: Vec<Arc<DeadlineEntry>>,
    pub ongoing: Vec<Arc<DeadlineEntry>>,
    pub undated: Vec<Arc<DeadlineEntry>>,
}

/// Every year that occurs: plan periods, dated deadlines, target years.
pub fn years(plans: &[Plan]) -> BTreeSet<i32> {
    let mut ys = BTreeSet::new();
    for p in plans {
        if let Some([a, b]) = p.period {
            if a <= b {
                ys.extend(a..=b);
            }
        }
        for n in p.all_nodes() {
            ys.extend(n.deadlines.iter().filter_map(|d| d.year));
        }
        for ds in p.row_deadlines.values() {
            ys.extend(ds.iter().filter_map(|d| d.year));
        }
        ys.extend(p.targets.iter().filter_map(|t| t.year));
    }
    ys
}

/// Where deadlines were stated: the clause, its offices, the deadlines.
type Stated<'a> = (Arc<ClauseRef>, Arc<[UnitRef]>, &'a [Deadline]);

/// Fill the year pages, the timeline index and the plan axes. Needs `g.plan_targets`.
pub(super) fn build(g: &mut SiteGraph, plans: &[Plan], refs: &[Vec<NodeRef>]) {
    // year → month → plan index → entries
    type Months = BTreeMap<Option<u32>, BTreeMap<usize, Vec<Arc<DeadlineEntry>>>>;
    let mut by_year: BTreeMap<i32, Months> = BTreeMap::new();
    // year → plan index → entries of tasks starting that year
    let mut starts_by_year: BTreeMap<i32, BTreeMap<usize, Vec<Arc<DeadlineEntry>>>> =
        BTreeMap::new();
    let mut tl = Timeline::default();

    for (pi, p) in plans.iter().enumerate() {
        let link = g.plans[pi].clone();
        let mut axis: BTreeMap<i32, AxisYear> = BTreeMap::new();
        let period = p.period.filter(|[a, b]| a <= b);
        let new_axis_year = |y: i32| AxisYear {
            year: y,
            in_period: period.map(|[a, b]| a <= y && y <= b).unwrap_or(false),
            first: period.map(|[a, _]| a == y).unwrap_or(false),
            last: period.map(|[_, b]| b == y).unwrap_or(false),
            deadlines: vec![],
            starts: vec![],
            targets: vec![],
        };
        if let Some([a, b]) = period {
            for y in a..=b {
                axis.insert(y, new_axis_year(y));
            }
        }
        let mut recurring = Vec::new();
        let mut ongoing = Vec::new();
        let mut undated = Vec::new();
        // Deadlines of clauses, then of table rows that restate no clause (石泉 附件1).
        // Each deadline's entry is listed on its year page, the plan's axis and maybe the
        // timeline index: one entry shared by all of them, one clause reference and office
        // list per clause.
        let mut stated: Vec<Stated> = Vec::new();
        for r in &refs[pi] {
            if !r.node.deadlines.is_empty() {
                stated.push((r.clause.clone(), r.offices.clone(), &r.node.deadlines));
            }
        }
        for (row, ds) in &p.row_deadlines {
            let cref = table_ref(p, row).unwrap_or_else(|| plan_place(p));
            stated.push((Arc::new(cref), Arc::from([]), ds));
        }
        for (cref, offices, ds) in stated {
            for d in ds {
                let e = Arc::new(DeadlineEntry {
                    clause: cref.clone(),
                    deadline: d.clone(),
                    offices: offices.clone(),
                });
                match d.kind {
                    DeadlineKind::Recurring => recurring.push(e.clone()),
                    DeadlineKind::Ongoing => ongoing.push(e.clone()),
                    _ if d.year.is_none() => undated.push(e.clone()),
                    _ => {}
                }
                if let (Some(y), DeadlineKind::From) = (d.year, d.kind) {
                    axis.entry(y)
                        .or_insert_with(|| new_axis_year(y))
                        .starts
                        .push(e.clone());
                    starts_by_year
                        .entry(y)
                        .or_default()
                        .entry(pi)
                        .or_default()
                        .push(e);
                } else if let Some(y) = d.year {
                    axis.entry(y)
                        .or_insert_with(|| new_axis_year(y))
                        .deadlines
                        .push(e.clone());
                    by_year
                        .entry(y)
                        .or_default()
                        .entry(d.month.filter(|m| (1..=12).contains(m)))
                        .or_default()
                        .entry(pi)
                        .or_default()
                        .push(e);
                }
            }
        }
        for t in &g.plan_targets[pi].targets {
            if let Some(y) = t.year {
                axis.entry(y)
                    .or_insert_with(|| new_axis_year(y))
                    .targets
                    .push(t.clone());
            }
        }
        for (list, out) in [
            (&recurring, &mut tl.recurring),
            (&ongoing, &mut tl.ongoing),
            (&undated, &mut tl.undated),
        ] {
            if !list.is_empty() {
                out.push(PlanGroup {
                    plan: link.clone(),
                    entries: list.clone(),
                });
            }
        }
        tl.plans.push(PlanCounts {
            plan: link.clone(),
            recurring: recurring.len(),
            ongoing: ongoing.len(),
            undated: undated.len(),
        });
        g.plan_timelines.push(PlanTimeline {
            plan: link,
            axis: axis.into_values().collect(),
            recurring,
            ongoing,
            undated,
        });
    }

    let years: Vec<i32> = g.years.iter().copied().collect();
    for (i, &y) in years.iter().enumerate() {
        let months = by_year.remove(&y).unwrap_or_default();
        let mut start_count = 0;
        let starts: Vec<PlanGroup> = starts_by_year
            .remove(&y)
            .unwrap_or_default()
            .into_iter()
            .map(|(pi, entries)| {
                start_count += entries.len();
                PlanGroup {
                    plan: g.plans[pi].clone(),
                    entries,
                }
            })
            .collect();
        let mut deadlines = 0;
        // Months in order, 未注明月份 last: a deadline naming only the year runs to its end.
        let mut keys: Vec<Option<u32>> = months.keys().copied().collect();
        keys.sort_by_key(|m| m.unwrap_or(13));
        let mut groups = Vec::new();
        let mut months = months;
        for m in keys {
            let per_plan = months.remove(&m).unwrap_or_default();
            let plans_g: Vec<PlanGroup> = per_plan
                .into_iter()
                .map(|(pi, entries)| {
                    deadlines += entries.len();
                    PlanGroup {
                        plan: g.plans[pi].clone(),
                        entries,
                    }
                })
                .collect();
            groups.push(MonthGroup {
                month: m,
                plans: plans_g,
            });
        }
        let active: Vec<ActivePlan> = g
            .plans
            .iter()
            .filter_map(|p| {
                let [a, b] = p.period?;
                (a <= y && y <= b).then(|| ActivePlan {
                    plan: p.clone(),
                    first: a == y,
                    last: b == y,
                })
            })
            .collect();
        let targets: Vec<YearTarget> = g
            .plan_targets
            .iter()
            .flat_map(|pt| {
                pt.targets
                    .iter()
                    .filter(|t| t.year == Some(y))
                    .map(|t| YearTarget {
                        plan: pt.plan.clone(),
                        target: t.clone(),
                    })
            })
            .collect();
        // A year no period covers whose every entry is a defect of its source says so.
        let defect_at = |plan: &str, id: &str| {
            plans.iter().find(|p| p.slug == plan).and_then(|p| {
                p.defects
                    .iter()
                    .find(|d| d.at == id && d.year == Some(y))
                    .map(|d| d.printed.clone())
            })
        };
        let entries: Vec<&Arc<DeadlineEntry>> = groups
            .iter()
            .flat_map(|m| &m.plans)
            .chain(&starts)
            .flat_map(|pg| &pg.entries)
            .collect();
        let mut only_from_defects: Vec<(Arc<PlanRef>, String)> = Vec::new();
        if active.is_empty() && targets.is_empty() && !entries.is_empty() {
            for e in &entries {
                match defect_at(&e.clause.plan, &e.clause.id) {
                    Some(printed) => {
                        if let Some(p) = g.plans.iter().find(|p| p.slug == e.clause.plan) {
                            if !only_from_defects
                                .iter()
                                .any(|(q, x)| q.slug == p.slug && *x == printed)
                            {
                                only_from_defects.push((p.clone(), printed));
                            }
                        }
                    }
                    None => {
                        only_from_defects.clear();
                        break;
                    }
                }
            }
        }
        tl.years.push(YearSummary {
            year: y,
            deadlines,
            starts: start_count,
            targets: targets.len(),
            plans: active.len(),
        });
        g.by_year.insert(
            y,
            Year {
                year: y,
                prev: i.checked_sub(1).map(|j| years[j]),
                next: years.get(i + 1).copied(),
                plans: active,
                months: groups,
                targets,
                deadlines,
                starts,
                start_count,
                only_from_defects,
            },
        );
    }
    g.timeline = tl;
}
