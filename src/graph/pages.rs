//! The graph's pages: responsibility index and office pages, departments, timeline and year
//! pages, each plan's time axis and targets table. Jobs for the renderer (see
//! `crate::render::Job`); templates in `themes/default/templates/` (units.html, unit.html,
//! departments.html, department.html, timeline.html, year.html, plan_timeline.html,
//! targets.html, graph_macros.html).
//!
//! The graph holds root-relative URLs. A page's view is serialised once and every field named
//! `url` or ending in `_url` is made relative to that page with [`crate::render::href`], so
//! templates only print links and the site works from a sub-path and from disk.

use super::{
    ActivePlan, County, Department, MonthGroup, Office, OfficeSummary, PlanGroup, PlanLink,
    PlanTargets, PlanTimeline, PlanTimelineLink, YearSummary, YearTarget, YearView,
};
use crate::render::{href, root_of, Job, NavItem, Rendered, Renderer, Site};
use anyhow::{bail, Context, Result};
use serde::Serialize;
use serde_json::Value;

pub const UNITS_URL: &str = "units/";
pub const DEPARTMENTS_URL: &str = "departments/";
pub const TIMELINE_URL: &str = "timeline/";
pub const TARGETS_URL: &str = "targets/";
/// The graph pages' stylesheet, beside the theme's `site.css`.
pub const CSS: &str = "static/graph.css";

/// Templates of these pages, embedded like the rest of the default theme.
pub const TEMPLATES: &[(&str, &str)] = &[
    (
        "graph_macros.html",
        include_str!("../../themes/default/templates/graph_macros.html"),
    ),
    (
        "units.html",
        include_str!("../../themes/default/templates/units.html"),
    ),
    (
        "unit.html",
        include_str!("../../themes/default/templates/unit.html"),
    ),
    (
        "departments.html",
        include_str!("../../themes/default/templates/departments.html"),
    ),
    (
        "department.html",
        include_str!("../../themes/default/templates/department.html"),
    ),
    (
        "timeline.html",
        include_str!("../../themes/default/templates/timeline.html"),
    ),
    (
        "year.html",
        include_str!("../../themes/default/templates/year.html"),
    ),
    (
        "plan_timeline.html",
        include_str!("../../themes/default/templates/plan_timeline.html"),
    ),
    (
        "targets.html",
        include_str!("../../themes/default/templates/targets.html"),
    ),
];

/// Static assets of these pages.
pub const STATIC: &[(&str, &str)] = &[(
    "graph.css",
    include_str!("../../themes/default/static/graph.css"),
)];

/// Main navigation entries of the graph's sections.
pub fn nav() -> Vec<NavItem> {
    [
        ("责任单位", UNITS_URL),
        ("部门类别", DEPARTMENTS_URL),
        ("时间表", TIMELINE_URL),
        ("目标指标", TARGETS_URL),
    ]
    .into_iter()
    .map(|(label, url)| NavItem {
        label: label.into(),
        url: url.into(),
    })
    .collect()
}

/// Node ids that would collide with a plan's timeline or targets page.
pub fn check(site: &Site) -> Result<()> {
    for p in site.plans {
        for n in p.all_nodes() {
            if n.id == "timeline" || n.id == "targets" {
                bail!(
                    "{}:{}: id `{}` is taken by the plan's {} page",
                    p.file,
                    n.line,
                    n.id,
                    n.id
                );
            }
        }
    }
    Ok(())
}

/// Make every `url` / `…_url` string relative to the page at `root`.
fn relink(v: &mut Value, root: &str) {
    match v {
        Value::Object(m) => {
            for (k, x) in m.iter_mut() {
                match x {
                    Value::String(s) if k == "url" || k.ends_with("_url") => {
                        if !s.is_empty() {
                            *s = href(root, s);
                        }
                    }
                    _ => relink(x, root),
                }
            }
        }
        Value::Array(a) => a.iter_mut().for_each(|x| relink(x, root)),
        _ => {}
    }
}

fn render<T: Serialize>(
    r: &Renderer,
    s: &Site,
    url: &str,
    template: &str,
    title: &str,
    view: &T,
) -> Result<Rendered> {
    let root = root_of(url);
    let mut v = serde_json::to_value(view).with_context(|| format!("{url}: page view"))?;
    relink(&mut v, &root);
    if let Value::Object(m) = &mut v {
        m.insert("graph_css".into(), Value::String(href(&root, CSS)));
    }
    r.page_value(s, url, template, title, v)
}

/// Every job of the graph pages, in output order. Offices are rendered a county per job and
/// years a year per job, so a large site spreads over the cores.
pub fn jobs<'a>(site: &Site<'a>) -> Vec<Job<'a>> {
    let g = site.graph;
    let mut jobs: Vec<Job<'a>> = vec![
        Box::new(|r, s| Ok(vec![units_page(r, s)?])),
        Box::new(|r, s| Ok(vec![departments_page(r, s)?])),
        Box::new(|r, s| Ok(vec![timeline_page(r, s)?])),
        Box::new(|r, s| Ok(vec![targets_index(r, s)?])),
    ];
    for i in 0..g.counties.len() {
        jobs.push(Box::new(move |r, s| {
            let c = &s.graph.counties[i];
            std::iter::once(county_page(r, s, c))
                .chain(
                    s.graph
                        .offices
                        .range((c.name.clone(), String::new())..)
                        .take_while(|((county, _), _)| county == &c.name)
                        .map(|(_, o)| office_page(r, s, c, o)),
                )
                .collect()
        }));
    }
    for i in 0..g.departments.len() {
        jobs.push(Box::new(move |r, s| {
            Ok(vec![department_page(r, s, &s.graph.departments[i])?])
        }));
    }
    for &y in g.year_pages.keys() {
        jobs.push(Box::new(move |r, s| {
            Ok(vec![year_page(r, s, &s.graph.year_pages[&y])?])
        }));
    }
    for i in 0..g.plan_timelines.len() {
        jobs.push(Box::new(move |r, s| {
            Ok(vec![
                plan_timeline_page(r, s, &s.graph.plan_timelines[i])?,
                plan_targets_page(r, s, &s.graph.plan_targets[i])?,
            ])
        }));
    }
    jobs
}

#[derive(Serialize)]
struct UnitsPage<'a> {
    /// Every county (the index of a small site) or the one county of its own page.
    counties: Vec<&'a County>,
    /// A county's own page.
    single: bool,
    /// The index of a large site: counties with counts instead of their offices.
    compact: bool,
    county_counts: Vec<CountyCount<'a>>,
    units_url: &'static str,
    departments_url: &'static str,
    timeline_url: &'static str,
}

#[derive(Serialize)]
struct CountyCount<'a> {
    name: &'a str,
    url: &'a str,
    plans: usize,
    offices: usize,
}

fn units_page(r: &Renderer, s: &Site) -> Result<Rendered> {
    let counties = &s.graph.counties;
    let compact = counties.iter().map(|c| c.offices.len()).sum::<usize>() > s.config.list_max;
    let view = UnitsPage {
        counties: if compact {
            vec![]
        } else {
            counties.iter().collect()
        },
        single: false,
        compact,
        county_counts: if compact {
            counties
                .iter()
                .map(|c| CountyCount {
                    name: &c.name,
                    url: &c.url,
                    plans: c.plans.len(),
                    offices: c.offices.len(),
                })
                .collect()
        } else {
            vec![]
        },
        units_url: UNITS_URL,
        departments_url: DEPARTMENTS_URL,
        timeline_url: TIMELINE_URL,
    };
    render(r, s, UNITS_URL, "units.html", "责任单位", &view)
}

/// A county's section of the `units/` index on a page of its own, which office pages link
/// to (the index of a large site lists counties only).
fn county_page(r: &Renderer, s: &Site, c: &County) -> Result<Rendered> {
    let view = UnitsPage {
        counties: vec![c],
        single: true,
        compact: false,
        county_counts: vec![],
        units_url: UNITS_URL,
        departments_url: DEPARTMENTS_URL,
        timeline_url: TIMELINE_URL,
    };
    render(
        r,
        s,
        &c.url,
        "units.html",
        &format!("{}责任单位", c.name),
        &view,
    )
}

#[derive(Serialize)]
struct OfficePage<'a> {
    office: &'a Office,
    units_url: &'static str,
    county_url: String,
}

fn office_page(r: &Renderer, s: &Site, c: &County, o: &Office) -> Result<Rendered> {
    let view = OfficePage {
        office: o,
        units_url: UNITS_URL,
        county_url: c.url.clone(),
    };
    let title = format!("{}（{}）", o.name, o.county);
    render(r, s, &o.url, "unit.html", &title, &view)
}

#[derive(Serialize)]
struct DepartmentCard<'a> {
    name: &'a str,
    url: &'a str,
    counties: usize,
    office_count: usize,
    /// Left empty on a large site (each department page lists them).
    offices: Vec<&'a OfficeSummary>,
}

#[derive(Serialize)]
struct Unknown<'a> {
    name: &'a str,
    county: &'a str,
    url: String,
}

#[derive(Serialize)]
struct DepartmentsPage<'a> {
    departments: Vec<DepartmentCard<'a>>,
    unknown: Vec<Unknown<'a>>,
    unknown_count: usize,
    units_url: &'static str,
    other_url: String,
}

fn departments_page(r: &Renderer, s: &Site) -> Result<Rendered> {
    let g = s.graph;
    let max = s.config.list_max;
    let all_offices: usize = g.departments.iter().map(|d| d.offices.len()).sum();
    let view = DepartmentsPage {
        departments: g
            .departments
            .iter()
            .map(|d| DepartmentCard {
                name: &d.name,
                url: &d.url,
                counties: d.counties,
                office_count: d.offices.len(),
                offices: if all_offices > max {
                    vec![]
                } else {
                    d.offices.iter().map(|o| &*o.office).collect()
                },
            })
            .collect(),
        unknown_count: g.unknown_offices.len(),
        unknown: g
            .unknown_offices
            .iter()
            .take(if g.unknown_offices.len() > max {
                0
            } else {
                max
            })
            .map(|(c, o)| Unknown {
                name: o,
                county: c,
                url: g.unit_url(c, o).map(|u| u.to_string()).unwrap_or_default(),
            })
            .collect(),
        units_url: UNITS_URL,
        other_url: super::department_url(super::departments::OTHER),
    };
    render(r, s, DEPARTMENTS_URL, "departments.html", "部门类别", &view)
}

#[derive(Serialize)]
struct DepartmentPage<'a> {
    department: &'a Department,
    departments_url: &'static str,
}

fn department_page(r: &Renderer, s: &Site, d: &Department) -> Result<Rendered> {
    let view = DepartmentPage {
        department: d,
        departments_url: DEPARTMENTS_URL,
    };
    render(r, s, &d.url, "department.html", &d.name, &view)
}

#[derive(Serialize)]
struct TimelinePage<'a> {
    timeline: TimelineView<'a>,
    /// A large site: the entries of no year are counted per plan, not listed.
    compact: bool,
}

/// [`super::Timeline`] with its lists of entries left empty on a large site.
#[derive(Serialize)]
struct TimelineView<'a> {
    years: &'a [YearSummary],
    plans: &'a [PlanTimelineLink],
    recurring: &'a [PlanGroup],
    ongoing: &'a [PlanGroup],
    undated: &'a [PlanGroup],
}

fn timeline_page(r: &Renderer, s: &Site) -> Result<Rendered> {
    let t = &s.graph.timeline;
    let entries: usize = [&t.recurring, &t.ongoing, &t.undated]
        .iter()
        .flat_map(|l| l.iter())
        .map(|pg| pg.entries.len())
        .sum();
    let compact = entries > s.config.list_max;
    let view = TimelinePage {
        timeline: TimelineView {
            years: &t.years,
            plans: &t.plans,
            recurring: if compact { &[] } else { &t.recurring },
            ongoing: if compact { &[] } else { &t.ongoing },
            undated: if compact { &[] } else { &t.undated },
        },
        compact,
    };
    render(r, s, TIMELINE_URL, "timeline.html", "时间表", &view)
}

#[derive(Serialize)]
struct YearPage<'a> {
    year: YearHead<'a>,
    /// A large site: plans with the number of their entries this year, each linking to the
    /// year on the plan's own time axis, instead of the entries.
    compact: bool,
    plan_counts: Vec<Counted<'a>>,
    timeline_url: &'static str,
    prev_url: Option<String>,
    next_url: Option<String>,
}

/// [`YearView`] with its lists left empty on a large site.
#[derive(Serialize)]
struct YearHead<'a> {
    year: i32,
    url: &'a str,
    prev: Option<i32>,
    next: Option<i32>,
    deadlines: usize,
    plans_count: usize,
    targets_count: usize,
    plans: &'a [ActivePlan],
    months: &'a [MonthGroup],
    targets: &'a [YearTarget],
}

/// A plan and how many entries it has on a page, linking to where they are listed.
#[derive(Serialize)]
struct Counted<'a> {
    plan: &'a PlanLink,
    deadlines: usize,
    targets: usize,
    url: String,
}

fn year_page<'a>(r: &Renderer, s: &Site, y: &'a YearView) -> Result<Rendered> {
    let compact = y.deadlines + y.targets.len() > s.config.list_max;
    let mut plan_counts: Vec<Counted<'a>> = Vec::new();
    if compact {
        let mut at: std::collections::HashMap<&str, usize> = Default::default();
        let mut count = |plan: &'a PlanLink, d: usize, t: usize| {
            let i = *at.entry(plan.slug.as_str()).or_insert_with(|| {
                plan_counts.push(Counted {
                    plan,
                    deadlines: 0,
                    targets: 0,
                    url: format!("plans/{}/timeline/#y{}", plan.slug, y.year),
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
        for t in &y.targets {
            count(&t.plan, 0, 1);
        }
        plan_counts.sort_by(|a, b| a.plan.title.cmp(&b.plan.title).then(a.url.cmp(&b.url)));
    }
    let view = YearPage {
        year: YearHead {
            year: y.year,
            url: &y.url,
            prev: y.prev,
            next: y.next,
            deadlines: y.deadlines,
            plans_count: y.plans.len(),
            targets_count: y.targets.len(),
            plans: if compact { &[] } else { &y.plans },
            months: if compact { &[] } else { &y.months },
            targets: if compact { &[] } else { &y.targets },
        },
        compact,
        plan_counts,
        timeline_url: TIMELINE_URL,
        prev_url: y.prev.map(super::year_url),
        next_url: y.next.map(super::year_url),
    };
    render(r, s, &y.url, "year.html", &format!("{}年", y.year), &view)
}

#[derive(Serialize)]
struct PlanTimelinePage<'a> {
    t: &'a PlanTimeline,
    targets_url: String,
}

fn plan_timeline_page(r: &Renderer, s: &Site, t: &PlanTimeline) -> Result<Rendered> {
    let view = PlanTimelinePage {
        t,
        targets_url: format!("plans/{}/targets/", t.plan.slug),
    };
    let title = format!("时间轴：{}", t.plan.title);
    render(r, s, &t.url, "plan_timeline.html", &title, &view)
}

#[derive(Serialize)]
struct TargetsPage<'a> {
    single: bool,
    /// A large site's index: plans with their number of targets, linking to their tables.
    compact: bool,
    plans: Vec<&'a PlanTargets>,
    plan_counts: Vec<Counted<'a>>,
}

fn plan_targets_page(r: &Renderer, s: &Site, t: &PlanTargets) -> Result<Rendered> {
    let view = TargetsPage {
        single: true,
        compact: false,
        plans: vec![t],
        plan_counts: vec![],
    };
    let title = format!("目标指标：{}", t.plan.title);
    render(r, s, &t.url, "targets.html", &title, &view)
}

fn targets_index(r: &Renderer, s: &Site) -> Result<Rendered> {
    let all = &s.graph.plan_targets;
    let compact = all.iter().map(|p| p.targets.len()).sum::<usize>() > s.config.list_max;
    let view = TargetsPage {
        single: false,
        compact,
        plans: if compact {
            vec![]
        } else {
            all.iter().collect()
        },
        plan_counts: if compact {
            all.iter()
                .filter(|p| !p.targets.is_empty())
                .map(|p| Counted {
                    plan: &p.plan,
                    deadlines: 0,
                    targets: p.targets.len(),
                    url: p.url.clone(),
                })
                .collect()
        } else {
            vec![]
        },
    };
    render(r, s, TARGETS_URL, "targets.html", "目标指标", &view)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relinks_only_url_fields() {
        let mut v = serde_json::json!({
            "url": "units/a/b/",
            "title": "plans/x/",
            "clause": {"url": "plans/x/#2-1", "citation": "二（一）"},
            "list": [{"year_url": "timeline/2025/"}, {"year_url": null}],
            "empty_url": ""
        });
        relink(&mut v, "../../");
        assert_eq!(v["url"], "../../units/a/b/index.html");
        assert_eq!(v["title"], "plans/x/");
        assert_eq!(v["clause"]["url"], "../../plans/x/index.html#2-1");
        assert_eq!(v["list"][0]["year_url"], "../../timeline/2025/index.html");
        assert!(v["list"][1]["year_url"].is_null());
        assert_eq!(v["empty_url"], "");
    }
}
