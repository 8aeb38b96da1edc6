//! The responsibility pages: the `units/` index, a county's offices, an office's duties, and
//! the department categories across counties (templates units.html, unit.html,
//! departments.html, department.html).

use super::links::{self, Links};
use super::refs::{self, ClauseView, DeadlineView, OfficeSummaryView, PlanView, UnitView};
use super::roles;
use super::{Rendered, Renderer, Site};
use crate::doc::Role;
use crate::graph::{departments, County, Department, Office};
use anyhow::Result;
use serde::Serialize;

#[derive(Serialize)]
struct UnitsPage<'a> {
    /// Every county (the index of a small site) or the one county of its own page.
    counties: Vec<CountyView<'a>>,
    /// A county's own page.
    single: bool,
    /// The index of a large site: counties with counts instead of their offices.
    compact: bool,
    county_counts: Vec<CountyCount<'a>>,
    units_url: String,
    departments_url: String,
    timeline_url: String,
}

#[derive(Serialize)]
struct CountyView<'a> {
    name: &'a str,
    slug: &'a str,
    url: String,
    plans: Vec<PlanView<'a>>,
    /// The roles its offices hold: the count columns of its table.
    columns: Vec<roles::Column>,
    offices: Vec<OfficeSummaryView<'a>>,
}

fn county<'a>(l: &Links, c: &'a County) -> CountyView<'a> {
    let columns = roles::columns(c.offices.iter().map(|o| &o.roles));
    CountyView {
        name: &c.name,
        slug: &c.slug,
        url: l.to(&links::county(&c.slug)),
        plans: c.plans.iter().map(|p| refs::plan(l, p)).collect(),
        offices: c
            .offices
            .iter()
            .map(|o| refs::office_summary(l, o, &columns))
            .collect(),
        columns: roles::column_views(&columns),
    }
}

#[derive(Serialize)]
struct CountyCount<'a> {
    name: &'a str,
    url: String,
    plans: usize,
    offices: usize,
}

/// The `units/` index: every county with its offices, or on a large site the counties with
/// their counts.
pub fn units_index(r: &Renderer, s: &Site) -> Result<Rendered> {
    let l = Links::from(links::UNITS);
    let all = &s.graph.counties;
    let compact = all.iter().map(|c| c.offices.len()).sum::<usize>() > s.config.list_max;
    let view = UnitsPage {
        counties: if compact {
            vec![]
        } else {
            all.iter().map(|c| county(&l, c)).collect()
        },
        single: false,
        compact,
        county_counts: if compact {
            all.iter()
                .map(|c| CountyCount {
                    name: &c.name,
                    url: l.to(&links::county(&c.slug)),
                    plans: c.plans.len(),
                    offices: c.offices.len(),
                })
                .collect()
        } else {
            vec![]
        },
        units_url: l.to(links::UNITS),
        departments_url: l.to(links::DEPARTMENTS),
        timeline_url: l.to(links::TIMELINE),
    };
    r.page(s, links::UNITS, "units.html", "责任单位", &view)
}

/// A county's section of the `units/` index on a page of its own, which office pages link
/// to (the index of a large site lists counties only).
pub fn county_page(r: &Renderer, s: &Site, c: &County) -> Result<Rendered> {
    let url = links::county(&c.slug);
    let l = Links::from(&url);
    let view = UnitsPage {
        counties: vec![county(&l, c)],
        single: true,
        compact: false,
        county_counts: vec![],
        units_url: l.to(links::UNITS),
        departments_url: l.to(links::DEPARTMENTS),
        timeline_url: l.to(links::TIMELINE),
    };
    let title = format!("{}责任单位", c.name);
    r.page(s, &url, "units.html", &title, &view)
}

#[derive(Serialize)]
struct OfficePage<'a> {
    office: OfficeView<'a>,
    /// The office's calendar of dated deadlines; empty when it has none.
    calendar_url: String,
    units_url: String,
    county_url: String,
}

#[derive(Serialize)]
struct OfficeView<'a> {
    county: &'a str,
    name: &'a str,
    aliases: &'a [String],
    collective: bool,
    category_name: &'a str,
    category_url: String,
    /// The roles it holds, each with its count (none at 0).
    roles: Vec<roles::RoleCount>,
    duties: usize,
    plans: Vec<OfficePlanView<'a>>,
}

#[derive(Serialize)]
struct OfficePlanView<'a> {
    plan: PlanView<'a>,
    duties: Vec<DutyView<'a>>,
}

#[derive(Serialize)]
struct DutyView<'a> {
    clause: ClauseView<'a>,
    role: Role,
    role_label: &'static str,
    printed: &'a str,
    source: &'static str,
    deadlines: Vec<DeadlineView<'a>>,
    on_clause: Vec<UnitView<'a>>,
}

pub fn office_page(r: &Renderer, s: &Site, o: &Office) -> Result<Rendered> {
    let url = links::office(&o.county_slug, &o.slug);
    let l = Links::from(&url);
    let view = OfficePage {
        office: OfficeView {
            county: &o.county,
            name: &o.name,
            aliases: &o.aliases,
            collective: o.collective,
            category_name: &o.category_name,
            category_url: l.to(&links::department(&o.category)),
            roles: roles::counts(&o.roles),
            duties: o.duties,
            plans: o
                .plans
                .iter()
                .map(|op| OfficePlanView {
                    plan: refs::plan(&l, &op.plan),
                    duties: op
                        .duties
                        .iter()
                        .map(|d| DutyView {
                            clause: refs::clause(&l, &d.clause),
                            role: d.role,
                            role_label: refs::role_label(d.role),
                            printed: &d.printed,
                            source: d.source,
                            deadlines: d.deadlines.iter().map(|x| refs::deadline(&l, x)).collect(),
                            on_clause: refs::units(&l, &d.on_clause),
                        })
                        .collect(),
                })
                .collect(),
        },
        units_url: l.to(links::UNITS),
        county_url: l.to(&links::county(&o.county_slug)),
        calendar_url: if super::data::office_has_calendar(o) {
            l.to(&links::office_calendar(&o.county_slug, &o.slug))
        } else {
            String::new()
        },
    };
    let title = format!("{}（{}）", o.name, o.county);
    r.page(s, &url, "unit.html", &title, &view)
}

#[derive(Serialize)]
struct DepartmentCard<'a> {
    name: &'a str,
    url: String,
    counties: usize,
    office_count: usize,
    /// Left empty on a large site (each department page lists them).
    offices: Vec<OfficeSummaryView<'a>>,
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
    units_url: String,
    other_url: String,
}

/// The `departments/` index: each category with its offices (their names only on a large
/// site's), and the offices no category matched.
pub fn departments_index(r: &Renderer, s: &Site) -> Result<Rendered> {
    let l = Links::from(links::DEPARTMENTS);
    let g = s.graph;
    let max = s.config.list_max;
    let all_offices: usize = g.departments.iter().map(|d| d.offices.len()).sum();
    let view = DepartmentsPage {
        departments: g
            .departments
            .iter()
            .map(|d| DepartmentCard {
                name: &d.name,
                url: l.to(&links::department(&d.slug)),
                counties: d.counties,
                office_count: d.offices.len(),
                offices: if all_offices > max {
                    vec![]
                } else {
                    d.offices
                        .iter()
                        .map(|o| refs::office_summary(&l, &o.office, &[]))
                        .collect()
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
                url: g
                    .unit_place(c, o)
                    .map(|p| l.to(&links::office(&p.county_slug, &p.slug)))
                    .unwrap_or_default(),
            })
            .collect(),
        units_url: l.to(links::UNITS),
        other_url: l.to(&links::department(departments::OTHER)),
    };
    r.page(s, links::DEPARTMENTS, "departments.html", "部门类别", &view)
}

#[derive(Serialize)]
struct DepartmentPage<'a> {
    department: DepartmentView<'a>,
    departments_url: String,
}

#[derive(Serialize)]
struct DepartmentView<'a> {
    name: &'a str,
    description: &'a str,
    counties: usize,
    duties_omitted: bool,
    columns: Vec<roles::Column>,
    offices: Vec<DepartmentOfficeView<'a>>,
}

#[derive(Serialize)]
struct DepartmentOfficeView<'a> {
    office: OfficeSummaryView<'a>,
    duties: Vec<DepartmentDutyView<'a>>,
}

#[derive(Serialize)]
struct DepartmentDutyView<'a> {
    clause: ClauseView<'a>,
    role: Role,
    role_label: &'static str,
}

pub fn department_page(r: &Renderer, s: &Site, d: &Department) -> Result<Rendered> {
    let url = links::department(&d.slug);
    let l = Links::from(&url);
    let columns = roles::columns(d.offices.iter().map(|o| &o.office.roles));
    let view = DepartmentPage {
        department: DepartmentView {
            name: &d.name,
            description: &d.description,
            counties: d.counties,
            duties_omitted: d.duties_omitted,
            columns: roles::column_views(&columns),
            offices: d
                .offices
                .iter()
                .map(|o| DepartmentOfficeView {
                    office: refs::office_summary(&l, &o.office, &columns),
                    duties: o
                        .duties
                        .iter()
                        .map(|x| DepartmentDutyView {
                            clause: refs::clause(&l, &x.clause),
                            role: x.role,
                            role_label: refs::role_label(x.role),
                        })
                        .collect(),
                })
                .collect(),
        },
        departments_url: l.to(links::DEPARTMENTS),
    };
    r.page(s, &url, "department.html", &d.name, &view)
}
