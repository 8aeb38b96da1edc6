//! Site graph stage: views derived from the plans — offices per county, departments across
//! counties, years, targets — and the URLs that link them. Never hand-kept: rebuilt every
//! build from [`Plan`]s, so it cannot drift from the text.
//!
//! URL scheme (all relative to the site root, trailing slash, each a folder with index.html):
//! - `plans/<slug>/`, clause `plans/<slug>/<id>/`, anchor `plans/<slug>/#<id>`
//! - `plans/<slug>/timeline/` (the plan's period and milestones), `plans/<slug>/targets/`
//! - `units/`, `units/<county-slug>/<unit-slug>/`
//! - `departments/`, `departments/<category>/`
//! - `timeline/`, `timeline/<year>/`
//! - `targets/`
//!
//! Everything that reaches output is ordered: plans in the order given (the load stage sorts
//! them by file), counties and offices by name, years ascending.

pub mod departments;
pub mod pages;
mod timeline;

pub use departments::{Category, Departments};
pub use timeline::{
    ActivePlan, AxisYear, DeadlineEntry, MonthGroup, PlanGroup, PlanTimeline, PlanTimelineLink,
    Timeline, YearSummary, YearTarget, YearView,
};

use crate::doc::{Aliases, Deadline, DeadlineKind, Node, Plan, Role, Target};
use crate::slug::Record;
use rayon::prelude::*;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

/// A plan as other pages link to it.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct PlanLink {
    pub slug: String,
    pub title: String,
    pub region: String,
    pub url: String,
    pub draft: bool,
    pub period: Option<[i32; 2]>,
}

/// A clause (or table row) something was stated in.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ClauseRef {
    pub plan: String,
    pub id: String,
    /// Printed numbering along the path: 二、（一）5. → 二（一）5; 表1 第3行 for a table row.
    pub citation: String,
    pub title: String,
    /// The anchor in the full plan: `plans/<slug>/#<id>`.
    pub url: String,
    /// `node` (a part, section or action), `row` (a table row), `table`, or `plan` when the
    /// place could not be found and the link goes to the plan itself.
    pub kind: &'static str,
}

/// An office named on a clause. Its name and URL are the office's own ([`UnitPlace`]),
/// shared by every clause that names it (10,000 plans hold about two million of these).
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct UnitLink {
    pub name: Arc<str>,
    pub url: Arc<str>,
    pub role: Role,
    pub role_label: &'static str,
    pub collective: bool,
}

/// A deadline as shown, with a link to its year where it has one.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct DeadlineView {
    pub text: String,
    pub kind: DeadlineKind,
    pub kind_label: &'static str,
    pub year: Option<i32>,
    pub month: Option<u32>,
    pub end_year: Option<i32>,
    pub year_url: Option<String>,
}

/// One duty of an office: the clause, the role, the clause's deadlines.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct OfficeDuty {
    /// Shared by the duties of every office on the clause.
    pub clause: Arc<ClauseRef>,
    pub role: Role,
    pub role_label: &'static str,
    /// The name as printed on this clause where it differs from the office's name.
    pub printed: String,
    /// `clause`, `table` or `plan` (a plan-wide note such as 以下任务均需各学校落实).
    pub source: &'static str,
    pub deadlines: Arc<[DeadlineView]>,
    /// Every office on the same clause, lead first, this one included (one list shared by
    /// them all: a copy per office grows with the square of the offices on a clause).
    pub on_clause: Arc<[UnitLink]>,
}

impl OfficeDuty {
    /// The other offices on the clause than `office`, lead first.
    pub fn others<'a>(&'a self, office: &'a str) -> impl Iterator<Item = &'a UnitLink> + 'a {
        self.on_clause.iter().filter(move |u| &*u.name != office)
    }
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct OfficePlan {
    pub plan: Arc<PlanLink>,
    pub duties: Vec<OfficeDuty>,
}

/// One office of one county.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Office {
    pub county: String,
    pub county_slug: String,
    pub name: String,
    pub slug: String,
    pub url: String,
    /// Other names merged into this office: the county's aliases and names as printed.
    pub aliases: Vec<String>,
    /// 各乡镇, 各学校: every one of a kind of body, not one office.
    pub collective: bool,
    pub category: String,
    pub category_name: String,
    pub category_url: String,
    /// Distinct actions it leads.
    pub lead: usize,
    /// Distinct actions it takes part in without leading them.
    pub taking_part: usize,
    /// Duties listed on its page (one per duty in the model).
    pub duties: usize,
    pub plans: Vec<OfficePlan>,
}

/// The offices of one county, as the `units/` index lists them.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct County {
    pub name: String,
    pub slug: String,
    /// Its own page, `units/<county-slug>/`: the county's section of the `units/` index.
    pub url: String,
    pub plans: Vec<Arc<PlanLink>>,
    /// Offices ordered by how many actions they are on, then by name; collective bodies
    /// after the offices. Each summary is shared with its department's list.
    pub offices: Vec<Arc<OfficeSummary>>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct OfficeSummary {
    pub name: String,
    pub url: String,
    pub county: String,
    pub collective: bool,
    pub lead: usize,
    pub taking_part: usize,
    pub duties: usize,
    pub category: String,
    pub category_name: String,
    pub category_url: String,
}

/// One department category: the same kind of office across counties.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Department {
    pub slug: String,
    pub name: String,
    pub description: String,
    pub url: String,
    /// Offices of this kind, by county.
    pub offices: Vec<DepartmentOffice>,
    /// How many counties those offices belong to.
    pub counties: usize,
    /// The offices' duties are left off the page (each office page has them) when there
    /// are more than [`DEPARTMENT_DUTIES_MAX`]: a province's worth would make a page no
    /// phone can open.
    pub duties_omitted: bool,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct DepartmentOffice {
    pub office: Arc<OfficeSummary>,
    /// Its duties, compactly: clause and role.
    pub duties: Vec<DepartmentDuty>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct DepartmentDuty {
    pub clause: Arc<ClauseRef>,
    pub plan_title: String,
    pub role: Role,
    pub role_label: &'static str,
}

/// A numeric target as shown in a plan's targets table.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct TargetView {
    pub indicator: String,
    pub category: String,
    pub baseline: String,
    pub baseline_year: Option<i32>,
    pub value: String,
    pub year: Option<i32>,
    pub year_url: Option<String>,
    pub nature: String,
    pub clause: Arc<ClauseRef>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct PlanTargets {
    pub plan: Arc<PlanLink>,
    pub url: String,
    pub timeline_url: String,
    pub targets: Vec<Arc<TargetView>>,
}

/// Where an office's page is, made once per office.
#[derive(Debug, Clone, PartialEq)]
pub struct UnitPlace {
    pub name: Arc<str>,
    pub slug: String,
    /// `units/<county-slug>/<office-slug>/`
    pub url: Arc<str>,
}

/// Derived views over all plans.
#[derive(Debug, Default)]
pub struct SiteGraph {
    /// The county and office slugs, as recorded in `content/urls.yaml` plus this build's new
    /// names: what the build writes back.
    pub urls: Record,
    /// county → its slug
    pub county_slugs: BTreeMap<String, String>,
    /// county → canonical office → its slug (unique within the county) and page URL. Nested
    /// so a lookup by `&str` allocates nothing: the render stage looks up every office on
    /// every clause of every plan page.
    pub units: BTreeMap<String, BTreeMap<String, UnitPlace>>,
    /// Every year that occurs: plan periods, deadlines, targets.
    pub years: BTreeSet<i32>,
    /// One per plan, shared by every view that links to it (office, year and timeline
    /// pages hold hundreds of thousands of links at 10,000 plans).
    pub plans: Vec<Arc<PlanLink>>,
    /// Every county with a plan, by name; a county whose plans name no office has none.
    pub counties: Vec<County>,
    /// (county, office) → its page.
    pub offices: BTreeMap<(String, String), Office>,
    /// In the order of `departments.yaml`, then 其他 when any office fell into it.
    pub departments: Vec<Department>,
    /// (county, office) that no department entry matches: reported by the build so staff can
    /// extend `content/departments.yaml`.
    pub unknown_offices: Vec<(String, String)>,
    pub timeline: Timeline,
    pub year_pages: BTreeMap<i32, YearView>,
    /// Per plan (same order as `plans`): its period and milestones.
    pub plan_timelines: Vec<PlanTimeline>,
    /// Per plan (same order as `plans`), also those without targets.
    pub plan_targets: Vec<PlanTargets>,
}

/// Most duties a department page lists inline.
pub const DEPARTMENT_DUTIES_MAX: usize = 2000;

pub fn role_label(r: Role) -> &'static str {
    match r {
        Role::Lead => "牵头",
        Role::Responsible => "责任",
        Role::Cooperating => "配合",
    }
}

pub fn kind_label(k: DeadlineKind) -> &'static str {
    match k {
        DeadlineKind::By => "完成时限",
        DeadlineKind::In => "年内",
        DeadlineKind::From => "起始",
        DeadlineKind::Recurring => "每年",
        DeadlineKind::Ongoing => "长期",
    }
}

/// 各乡镇, 各学校, 各有关单位: a duty of every body of a kind, not of one office.
pub fn is_collective(name: &str) -> bool {
    name.starts_with('各')
}

pub fn plan_url(slug: &str) -> String {
    format!("plans/{slug}/")
}

pub fn anchor_url(slug: &str, id: &str) -> String {
    format!("plans/{slug}/#{id}")
}

/// Root-relative URL of a year's timeline page.
pub fn year_url(year: i32) -> String {
    format!("timeline/{year}/")
}

pub fn county_url(slug: &str) -> String {
    format!("units/{slug}/")
}

pub fn department_url(slug: &str) -> String {
    format!("departments/{slug}/")
}

fn plan_link(p: &Plan) -> PlanLink {
    PlanLink {
        slug: p.slug.clone(),
        title: p.title.clone(),
        region: p.region.clone(),
        url: plan_url(&p.slug),
        draft: p.status == crate::doc::Status::Draft,
        period: p.period,
    }
}

/// Every node of a plan with its clause reference, in reading order.
fn clause_refs(p: &Plan) -> Vec<(&Node, ClauseRef)> {
    fn walk<'a>(p: &Plan, n: &'a Node, prefix: &str, out: &mut Vec<(&'a Node, ClauseRef)>) {
        // The plan page's own rule, so a citation reads the same everywhere (井研's
        // unlabelled section still cites as （三）).
        let citation = format!("{prefix}{}", crate::render::views::cite_piece(n));
        out.push((
            n,
            ClauseRef {
                plan: p.slug.clone(),
                id: n.id.clone(),
                citation: if citation.is_empty() {
                    n.id.clone()
                } else {
                    citation.clone()
                },
                title: n.title.clone(),
                url: anchor_url(&p.slug, &n.id),
                kind: "node",
            },
        ));
        for c in &n.children {
            walk(p, c, &citation, out);
        }
    }
    let mut out = Vec::new();
    for n in &p.nodes {
        walk(p, n, "", &mut out);
    }
    out
}

/// A node that some view lists (it names offices, states deadlines or is a target's
/// source), with its clause reference and the offices on it: one of each per clause, shared
/// by the office, year, timeline and targets views.
pub(super) struct NodeRef<'a> {
    pub node: &'a Node,
    pub clause: Arc<ClauseRef>,
    pub offices: Arc<[UnitLink]>,
}

/// A table, or a row of one, as a citable place: `表1`, `附件1第2行` (the plan page's
/// citations).
fn table_ref(p: &Plan, id: &str) -> Option<ClauseRef> {
    use crate::render::views::{row_cite, table_cite};
    for tb in &p.tables {
        if tb.id == id {
            return Some(ClauseRef {
                plan: p.slug.clone(),
                id: tb.id.clone(),
                citation: table_cite(tb),
                title: tb.caption.clone(),
                url: anchor_url(&p.slug, &tb.id),
                kind: "table",
            });
        }
        if let Some(k) = tb.row_ids.iter().position(|r| r == id) {
            return Some(ClauseRef {
                plan: p.slug.clone(),
                id: id.to_string(),
                citation: row_cite(tb, k + 1),
                title: row_title(
                    tb.rows.get(k).map(Vec::as_slice).unwrap_or(&[]),
                    &tb.caption,
                ),
                url: anchor_url(&p.slug, id),
                kind: "row",
            });
        }
    }
    None
}

/// What a table row is about, for a list entry: its first cells that are words, not
/// numbers (序号) or dates, joined; the table's caption when there are none.
fn row_title(row: &[String], caption: &str) -> String {
    let words: Vec<String> = row
        .iter()
        .map(|c| c.replace('\n', ""))
        .filter(|c| {
            let t = c.trim();
            !t.is_empty()
                && !t
                    .chars()
                    .all(|ch| ch.is_ascii_digit() || ".．、年月日前底".contains(ch))
        })
        .take(2)
        .collect();
    let t = words.join("：");
    if t.is_empty() {
        return caption.to_string();
    }
    let short: String = t.chars().take(60).collect();
    if short.len() < t.len() {
        format!("{short}…")
    } else {
        short
    }
}

/// Where a target was stated: a node id, a table row id or a table id.
fn target_source(p: &Plan, refs: &BTreeMap<&str, Arc<ClauseRef>>, t: &Target) -> Arc<ClauseRef> {
    if let Some(r) = refs.get(t.source.as_str()) {
        return r.clone();
    }
    if let Some(r) = table_ref(p, &t.source) {
        return Arc::new(r);
    }
    // A source the plan does not hold: link the plan itself rather than a dead anchor.
    Arc::new(ClauseRef {
        plan: p.slug.clone(),
        id: String::new(),
        citation: String::new(),
        title: p.title.clone(),
        url: plan_url(&p.slug),
        kind: "plan",
    })
}

impl SiteGraph {
    /// Graph stage entry point without aliases or department mapping (tests, tools).
    pub fn build(plans: &[Plan]) -> SiteGraph {
        SiteGraph::build_with(plans, &Aliases::default(), &Departments::default())
    }

    /// Graph stage entry point: `aliases` names the names merged into each office (the model
    /// has already resolved them), `departments` places offices into categories.
    pub fn build_with(plans: &[Plan], aliases: &Aliases, departments: &Departments) -> SiteGraph {
        SiteGraph::build_recorded(plans, aliases, departments, Record::default())
    }

    /// Graph stage entry point: `aliases` names the names merged into each office (the model
    /// has already resolved them), `departments` places offices into categories, `urls` holds
    /// the county and office slugs already published (`content/urls.yaml`), which are kept;
    /// the graph's [`SiteGraph::urls`] is that record with the new names added.
    pub fn build_recorded(
        plans: &[Plan],
        aliases: &Aliases,
        departments: &Departments,
        urls: Record,
    ) -> SiteGraph {
        let mut g = SiteGraph {
            plans: plans.iter().map(|p| Arc::new(plan_link(p))).collect(),
            urls,
            ..SiteGraph::default()
        };

        // Slugs first: counties, then offices per county, names offered sorted; recorded
        // names keep their slugs.
        let mut per_county: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for p in plans {
            let units = per_county.entry(p.region.clone()).or_default();
            for n in p.all_nodes() {
                units.extend(n.duties.iter().map(|d| d.unit.clone()));
            }
        }
        g.urls.assign(
            per_county
                .iter()
                .map(|(c, units)| (c.as_str(), units.iter().map(String::as_str))),
        );
        for (county, units) in &per_county {
            let rec = &g.urls.counties[county];
            let cs = rec.slug.clone();
            let places = g.units.entry(county.clone()).or_default();
            for unit in units {
                let slug = rec.offices[unit].clone();
                let place = UnitPlace {
                    name: unit.as_str().into(),
                    url: format!("units/{cs}/{slug}/").into(),
                    slug,
                };
                places.insert(unit.clone(), place);
            }
            g.county_slugs.insert(county.clone(), cs);
        }

        // Offices with their duties.
        // (county, office) → (actions it leads, actions it is on), as (plan index, node id).
        type Actions = [BTreeSet<(usize, String)>; 2];
        let mut actions: BTreeMap<(String, String), Actions> = BTreeMap::new();
        let empty: Arc<[UnitLink]> = Arc::from([]);
        // Per plan and independent: in parallel.
        let refs: Vec<Vec<NodeRef>> = plans
            .par_iter()
            .map(|p| {
                let sources: BTreeSet<&str> = p.targets.iter().map(|t| t.source.as_str()).collect();
                clause_refs(p)
                    .into_iter()
                    .filter(|(n, _)| {
                        !n.duties.is_empty()
                            || !n.deadlines.is_empty()
                            || sources.contains(n.id.as_str())
                    })
                    .map(|(node, c)| NodeRef {
                        node,
                        clause: Arc::new(c),
                        offices: if node.duties.is_empty() {
                            empty.clone()
                        } else {
                            g.unit_links(&p.region, node).into()
                        },
                    })
                    .collect()
            })
            .collect();
        for (pi, p) in plans.iter().enumerate() {
            let link = &g.plans[pi];
            for r in &refs[pi] {
                let n = r.node;
                if n.duties.is_empty() {
                    continue;
                }
                let deadlines: Arc<[DeadlineView]> =
                    n.deadlines.iter().map(|d| g.deadline_view(d)).collect();
                let on_clause = &r.offices;
                let cref = &r.clause;
                for d in &n.duties {
                    let key = (p.region.clone(), d.unit.clone());
                    let office = match g.offices.get_mut(&key) {
                        Some(o) => o,
                        None => {
                            let o = g.new_office(&p.region, &d.unit, aliases, departments);
                            g.offices.entry(key.clone()).or_insert(o)
                        }
                    };
                    if !d.printed.is_empty()
                        && d.printed != d.unit
                        && !office.aliases.contains(&d.printed)
                    {
                        office.aliases.push(d.printed.clone());
                        office.aliases.sort();
                    }
                    if office
                        .plans
                        .last()
                        .map(|op| op.plan.slug != p.slug)
                        .unwrap_or(true)
                    {
                        office.plans.push(OfficePlan {
                            plan: link.clone(),
                            duties: vec![],
                        });
                    }
                    if let Some(op) = office.plans.last_mut() {
                        op.duties.push(OfficeDuty {
                            clause: cref.clone(),
                            role: d.role,
                            role_label: role_label(d.role),
                            printed: if d.printed != d.unit {
                                d.printed.clone()
                            } else {
                                String::new()
                            },
                            source: match d.source.as_str() {
                                "table" => "table",
                                "plan" => "plan",
                                _ => "clause",
                            },
                            deadlines: deadlines.clone(),
                            on_clause: on_clause.clone(),
                        });
                    }
                    office.duties += 1;
                    let a = actions.entry(key).or_default();
                    let node_key = (pi, n.id.clone());
                    a[usize::from(d.role != Role::Lead)].insert(node_key);
                }
            }
        }
        for (key, [lead, part]) in actions {
            if let Some(o) = g.offices.get_mut(&key) {
                o.lead = lead.len();
                o.taking_part = part.difference(&lead).count();
            }
        }

        // Counties for the index. Offices are keyed (county, name), so a county's offices are
        // one range of the map: no pass over every office per county on a large site.
        let mut plans_of: BTreeMap<&str, Vec<Arc<PlanLink>>> = BTreeMap::new();
        for p in &g.plans {
            plans_of.entry(&p.region).or_default().push(p.clone());
        }
        // One summary per office, in the order of `offices`, for the county and department
        // lists (a copy for each was 70 MB at 10,000 plans).
        let summaries: Vec<Arc<OfficeSummary>> =
            g.offices.values().map(|o| Arc::new(summary(o))).collect();
        let mut next = 0;
        for (county, slug) in &g.county_slugs {
            let start = next;
            next += g
                .offices
                .range((county.clone(), String::new())..)
                .take_while(|((c, _), _)| c == county)
                .count();
            let mut offices: Vec<Arc<OfficeSummary>> = summaries[start..next].to_vec();
            offices.sort_by(|a, b| {
                (
                    a.collective,
                    std::cmp::Reverse(a.lead + a.taking_part),
                    &a.name,
                )
                    .cmp(&(
                        b.collective,
                        std::cmp::Reverse(b.lead + b.taking_part),
                        &b.name,
                    ))
            });
            g.counties.push(County {
                name: county.clone(),
                slug: slug.clone(),
                url: county_url(slug),
                plans: plans_of.remove(county.as_str()).unwrap_or_default(),
                offices,
            });
        }

        g.build_departments(departments, &summaries);
        g.years = timeline::years(plans);
        g.build_targets(plans, &refs);
        timeline::build(&mut g, plans, &refs);
        g
    }

    fn new_office(
        &self,
        county: &str,
        name: &str,
        aliases: &Aliases,
        departments: &Departments,
    ) -> Office {
        let (category, category_name) = match departments.category(county, name) {
            Some(c) => (c.slug.clone(), c.name.clone()),
            None => (
                departments::OTHER.to_string(),
                departments::OTHER_NAME.to_string(),
            ),
        };
        let mut names: Vec<String> = aliases
            .counties
            .get(county)
            .and_then(|o| o.get(name))
            .cloned()
            .unwrap_or_default();
        names.retain(|a| a != name);
        names.sort();
        names.dedup();
        Office {
            county: county.to_string(),
            county_slug: self.county_slugs.get(county).cloned().unwrap_or_default(),
            name: name.to_string(),
            slug: self
                .unit_place(county, name)
                .map(|p| p.slug.clone())
                .unwrap_or_default(),
            url: self
                .unit_url(county, name)
                .map(|u| u.to_string())
                .unwrap_or_default(),
            aliases: names,
            collective: is_collective(name),
            category_url: department_url(&category),
            category,
            category_name,
            lead: 0,
            taking_part: 0,
            duties: 0,
            plans: vec![],
        }
    }

    /// The offices named on a node, lead first, each once (its strongest role).
    pub fn unit_links(&self, county: &str, n: &Node) -> Vec<UnitLink> {
        let mut seen: BTreeMap<&str, Role> = BTreeMap::new();
        let mut order: Vec<&str> = Vec::new();
        for d in &n.duties {
            match seen.get_mut(d.unit.as_str()) {
                Some(r) => *r = (*r).min(d.role),
                None => {
                    seen.insert(&d.unit, d.role);
                    order.push(&d.unit);
                }
            }
        }
        let mut out: Vec<UnitLink> = order
            .into_iter()
            .map(|u| {
                let role = seen[u];
                let place = self.unit_place(county, u);
                UnitLink {
                    name: place.map(|p| p.name.clone()).unwrap_or_else(|| u.into()),
                    url: place.map(|p| p.url.clone()).unwrap_or_default(),
                    role,
                    role_label: role_label(role),
                    collective: is_collective(u),
                }
            })
            .collect();
        // Stable: keeps the printed order within a role.
        out.sort_by_key(|u| u.role);
        out
    }

    pub fn deadline_view(&self, d: &Deadline) -> DeadlineView {
        DeadlineView {
            text: d.text.clone(),
            kind: d.kind,
            kind_label: kind_label(d.kind),
            year: d.year,
            month: d.month,
            end_year: d.end_year,
            year_url: d.year.map(year_url),
        }
    }

    /// `summaries`: one per office, in the order of `offices`.
    fn build_departments(&mut self, departments: &Departments, summaries: &[Arc<OfficeSummary>]) {
        // Duties per category first: a category over the limit lists none, so its duty
        // lists are never built (a province's education bureaus hold most duties).
        let mut duties_of: BTreeMap<&str, usize> = BTreeMap::new();
        for o in self.offices.values() {
            *duties_of.entry(&o.category).or_default() += o.duties;
        }
        let mut by_cat: BTreeMap<&str, Vec<DepartmentOffice>> = BTreeMap::new();
        for (o, s) in self.offices.values().zip(summaries) {
            let listed = duties_of[o.category.as_str()] <= DEPARTMENT_DUTIES_MAX;
            by_cat
                .entry(&o.category)
                .or_default()
                .push(DepartmentOffice {
                    office: s.clone(),
                    duties: o
                        .plans
                        .iter()
                        .filter(|_| listed)
                        .flat_map(|op| {
                            op.duties.iter().map(|d| DepartmentDuty {
                                clause: d.clause.clone(),
                                plan_title: op.plan.title.clone(),
                                role: d.role,
                                role_label: d.role_label,
                            })
                        })
                        .collect(),
                });
            if o.category == departments::OTHER {
                self.unknown_offices
                    .push((o.county.clone(), o.name.clone()));
            }
        }
        let mut cats: Vec<(String, String, String)> = departments
            .categories
            .iter()
            .map(|c| (c.slug.clone(), c.name.clone(), c.description.clone()))
            .collect();
        if by_cat.contains_key(departments::OTHER) {
            cats.push((
                departments::OTHER.into(),
                departments::OTHER_NAME.into(),
                "未在 content/departments.yaml 中归类的单位。".into(),
            ));
        }
        for (slug, name, description) in cats {
            let offices = by_cat.remove(slug.as_str()).unwrap_or_default();
            let duties_omitted =
                duties_of.get(slug.as_str()).copied().unwrap_or(0) > DEPARTMENT_DUTIES_MAX;
            let counties = offices
                .iter()
                .map(|o| o.office.county.as_str())
                .collect::<BTreeSet<_>>()
                .len();
            self.departments.push(Department {
                counties,
                duties_omitted,
                url: department_url(&slug),
                slug,
                name,
                description,
                offices,
            });
        }
    }

    fn build_targets(&mut self, plans: &[Plan], node_refs: &[Vec<NodeRef>]) {
        for (pi, p) in plans.iter().enumerate() {
            let refs: BTreeMap<&str, Arc<ClauseRef>> = node_refs[pi]
                .iter()
                .map(|r| (r.node.id.as_str(), r.clause.clone()))
                .collect();
            let targets = p
                .targets
                .iter()
                .map(|t| {
                    Arc::new(TargetView {
                        indicator: t.indicator.clone(),
                        category: t.category.clone(),
                        baseline: t.baseline.clone(),
                        baseline_year: t.baseline_year,
                        value: t.value.clone(),
                        year: t.year,
                        year_url: t.year.map(year_url),
                        nature: t.nature.clone(),
                        clause: target_source(p, &refs, t),
                    })
                })
                .collect();
            self.plan_targets.push(PlanTargets {
                plan: self.plans[pi].clone(),
                url: format!("plans/{}/targets/", p.slug),
                timeline_url: format!("plans/{}/timeline/", p.slug),
                targets,
            });
        }
    }

    /// Root-relative URL of an office page (`units/jing-yuan-xian/jiao-yu-ti-yu-ju/`).
    pub fn unit_url(&self, county: &str, unit: &str) -> Option<Arc<str>> {
        self.unit_place(county, unit).map(|p| p.url.clone())
    }

    pub fn unit_place(&self, county: &str, unit: &str) -> Option<&UnitPlace> {
        self.units.get(county)?.get(unit)
    }

    /// Root-relative URL of a year's timeline page.
    pub fn year_url(&self, year: i32) -> String {
        year_url(year)
    }

    /// Notes for the build report: office names no department entry matches.
    pub fn notes(&self) -> Vec<String> {
        if self.unknown_offices.is_empty() {
            return vec![];
        }
        let mut by_county: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
        for (c, o) in &self.unknown_offices {
            by_county.entry(c).or_default().push(o);
        }
        by_county
            .into_iter()
            .map(|(c, os)| {
                format!(
                    "note: content/departments.yaml: {} office(s) of {c} have no department category and are listed under 其他: {}",
                    os.len(),
                    os.join("、")
                )
            })
            .collect()
    }

    /// Duties listed over all office pages (equals the duties in the model).
    pub fn listed_duties(&self) -> usize {
        self.offices
            .values()
            .flat_map(|o| &o.plans)
            .map(|op| op.duties.len())
            .sum()
    }
}

fn summary(o: &Office) -> OfficeSummary {
    OfficeSummary {
        name: o.name.clone(),
        url: o.url.clone(),
        county: o.county.clone(),
        collective: o.collective,
        lead: o.lead,
        taking_part: o.taking_part,
        duties: o.duties,
        category: o.category.clone(),
        category_name: o.category_name.clone(),
        category_url: o.category_url.clone(),
    }
}
