//! Site graph stage: the facts that span plans — the offices of each county and their
//! duties, departments across counties, years and their deadlines, targets, and where each
//! was stated (clause references with their citations). Never hand-kept: rebuilt every build
//! from [`Plan`]s, so it cannot drift from the text. It knows nothing of pages: the render
//! stage makes pages and links from these facts (`render::links` holds the URL scheme).
//!
//! Everything that reaches output is ordered: plans in the order given (the load stage sorts
//! them by file), counties and offices by name, years ascending.

pub mod cite;
pub mod departments;
pub mod revisions;
mod timeline;

pub use departments::{Category, Departments};
pub use timeline::{
    ActivePlan, AxisYear, DeadlineEntry, MonthGroup, PlanCounts, PlanGroup, PlanTimeline, Timeline,
    Year, YearSummary, YearTarget,
};

use crate::doc::Aliases;
use crate::doc::{Deadline, Node, Plan, Role, Target};
use crate::slug::Record;
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

/// A plan as other pages name it.
#[derive(Debug, Clone, PartialEq)]
pub struct PlanRef {
    pub slug: String,
    pub title: String,
    pub region: String,
    pub draft: bool,
    pub period: Option<[i32; 2]>,
}

/// What kind of place a [`ClauseRef`] points at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    /// A part, section or action of the text.
    Node,
    /// A row of a table.
    Row,
    Table,
    /// The place could not be found: the reference is to the plan itself.
    Plan,
}

impl Place {
    pub fn as_str(self) -> &'static str {
        match self {
            Place::Node => "node",
            Place::Row => "row",
            Place::Table => "table",
            Place::Plan => "plan",
        }
    }
}

/// A clause (or table row) something was stated in.
#[derive(Debug, Clone, PartialEq)]
pub struct ClauseRef {
    /// The plan's slug.
    pub plan: String,
    /// Node, table or row id; empty for [`Place::Plan`].
    pub id: String,
    /// Printed numbering along the path: 二、（一）5. → 二（一）5; 表1 第3行 for a table row.
    pub citation: String,
    pub title: String,
    pub place: Place,
}

/// An office named on a clause, with its strongest role there. Its name and slugs are the
/// office's own ([`UnitPlace`]), shared by every clause that names it (10,000 plans hold
/// about two million of these).
#[derive(Debug, Clone, PartialEq)]
pub struct UnitRef {
    pub name: Arc<str>,
    pub county_slug: Arc<str>,
    /// Empty when the office has no page.
    pub slug: Arc<str>,
    pub role: Role,
    pub collective: bool,
}

/// One duty of an office: the clause, the role, the clause's deadlines.
#[derive(Debug, Clone, PartialEq)]
pub struct OfficeDuty {
    /// Shared by the duties of every office on the clause.
    pub clause: Arc<ClauseRef>,
    pub role: Role,
    /// The name as printed on this clause where it differs from the office's name.
    pub printed: String,
    /// `clause`, `table` or `plan` (a plan-wide note such as 以下任务均需各学校落实).
    pub source: &'static str,
    pub deadlines: Arc<[Deadline]>,
    /// Every office on the same clause, lead first, this one included (one list shared by
    /// them all: a copy per office grows with the square of the offices on a clause).
    pub on_clause: Arc<[UnitRef]>,
}

impl OfficeDuty {
    /// The other offices on the clause than `office`, lead first.
    pub fn others<'a>(&'a self, office: &'a str) -> impl Iterator<Item = &'a UnitRef> + 'a {
        self.on_clause.iter().filter(move |u| &*u.name != office)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct OfficePlan {
    pub plan: Arc<PlanRef>,
    pub duties: Vec<OfficeDuty>,
}

/// One office of one county.
#[derive(Debug, Clone, PartialEq)]
pub struct Office {
    pub county: String,
    pub county_slug: String,
    pub name: String,
    pub slug: String,
    /// Other names merged into this office: the county's aliases and names as printed.
    pub aliases: Vec<String>,
    /// 各乡镇, 各学校: every one of a kind of body, not one office.
    pub collective: bool,
    pub category: String,
    pub category_name: String,
    /// Distinct actions by the role the plan gives it there (its strongest on each).
    pub roles: RoleCounts,
    /// Its duties (one per duty in the model).
    pub duties: usize,
    pub plans: Vec<OfficePlan>,
}

/// The offices of one county.
#[derive(Debug, Clone, PartialEq)]
pub struct County {
    pub name: String,
    pub slug: String,
    pub plans: Vec<Arc<PlanRef>>,
    /// Offices ordered by how many actions they are on, then by name; collective bodies
    /// after the offices. Each summary is shared with its department's list.
    pub offices: Vec<Arc<OfficeSummary>>,
}

/// An office without its duties, for lists of offices.
#[derive(Debug, Clone, PartialEq)]
pub struct OfficeSummary {
    pub name: String,
    pub county: String,
    pub county_slug: String,
    pub slug: String,
    pub collective: bool,
    pub roles: RoleCounts,
    pub duties: usize,
    pub category: String,
    pub category_name: String,
}

/// Distinct actions of an office by its role on each, as the plans print it: an office is
/// 责任单位 where a plan names no lead, never a 参与 with 0 牵头.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RoleCounts {
    pub lead: usize,
    pub responsible: usize,
    pub cooperating: usize,
}

impl RoleCounts {
    pub fn get(&self, r: Role) -> usize {
        match r {
            Role::Lead => self.lead,
            Role::Responsible => self.responsible,
            Role::Cooperating => self.cooperating,
        }
    }

    /// Distinct actions in any role.
    pub fn total(&self) -> usize {
        self.lead + self.responsible + self.cooperating
    }
}

/// One department category: the same kind of office across counties.
#[derive(Debug, Clone, PartialEq)]
pub struct Department {
    pub slug: String,
    pub name: String,
    pub description: String,
    /// Offices of this kind, by county.
    pub offices: Vec<DepartmentOffice>,
    /// How many counties those offices belong to.
    pub counties: usize,
    /// The offices' duties are left out (each office has them) when there are more than
    /// [`DEPARTMENT_DUTIES_MAX`]: a province's worth would make a page no phone can open.
    pub duties_omitted: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct DepartmentOffice {
    pub office: Arc<OfficeSummary>,
    /// Its duties, compactly: clause and role.
    pub duties: Vec<DepartmentDuty>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct DepartmentDuty {
    pub clause: Arc<ClauseRef>,
    pub plan_title: String,
    pub role: Role,
}

/// A numeric target of a plan, with where it was stated.
#[derive(Debug, Clone, PartialEq)]
pub struct PlanTarget {
    pub indicator: String,
    pub category: String,
    pub baseline: String,
    pub baseline_year: Option<i32>,
    pub value: String,
    pub year: Option<i32>,
    pub nature: String,
    pub clause: Arc<ClauseRef>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct PlanTargets {
    pub plan: Arc<PlanRef>,
    pub targets: Vec<Arc<PlanTarget>>,
}

/// An office's slugs, made once per office.
#[derive(Debug, Clone, PartialEq)]
pub struct UnitPlace {
    pub name: Arc<str>,
    pub county_slug: Arc<str>,
    pub slug: Arc<str>,
}

/// The facts over all plans.
#[derive(Debug, Default)]
pub struct SiteGraph {
    /// The county and office slugs, as recorded in `content/urls.yaml` plus this build's new
    /// names: what the build writes back.
    pub urls: Record,
    /// county → its slug
    pub county_slugs: BTreeMap<String, String>,
    /// county → canonical office → its slugs (unique within the county). Nested
    /// so a lookup by `&str` allocates nothing: the render stage looks up every office on
    /// every clause of every plan page.
    pub units: BTreeMap<String, BTreeMap<String, UnitPlace>>,
    /// Every year that occurs: plan periods, deadlines, targets.
    pub years: BTreeSet<i32>,
    /// One per plan, shared by every view that links to it (office, year and timeline
    /// pages hold hundreds of thousands of links at 10,000 plans).
    pub plans: Vec<Arc<PlanRef>>,
    /// Every county with a plan, by name; a county whose plans name no office has none.
    pub counties: Vec<County>,
    /// (county, office) → the office.
    pub offices: BTreeMap<(String, String), Office>,
    /// In the order of `departments.yaml`, then 其他 when any office fell into it.
    pub departments: Vec<Department>,
    /// (county, office) that no department entry matches: reported by the build so staff can
    /// extend `content/departments.yaml`.
    pub unknown_offices: Vec<(String, String)>,
    pub timeline: Timeline,
    /// Every year of [`SiteGraph::years`] with what falls in it.
    pub by_year: BTreeMap<i32, Year>,
    /// Per plan (same order as `plans`): its period and milestones.
    pub plan_timelines: Vec<PlanTimeline>,
    /// Per plan (same order as `plans`), also those without targets.
    pub plan_targets: Vec<PlanTargets>,
    /// Revised plans' versions and changes, by slug ([`revisions::histories`]).
    pub histories: BTreeMap<String, revisions::History>,
}

/// Most duties a department page lists inline.
pub const DEPARTMENT_DUTIES_MAX: usize = 2000;

/// 各乡镇, 各学校, 各有关单位: a duty of every body of a kind, not of one office.
pub fn is_collective(name: &str) -> bool {
    name.starts_with('各')
}

fn plan_ref(p: &Plan) -> PlanRef {
    PlanRef {
        slug: p.slug.clone(),
        title: p.title.clone(),
        region: p.region.clone(),
        draft: p.status == crate::doc::Status::Draft,
        period: p.period,
    }
}

/// The plan itself, for something stated at no place the plan holds.
fn plan_place(p: &Plan) -> ClauseRef {
    ClauseRef {
        plan: p.slug.clone(),
        id: String::new(),
        citation: String::new(),
        title: p.title.clone(),
        place: Place::Plan,
    }
}

/// Every node of a plan with its clause reference, in reading order.
fn clause_refs(p: &Plan) -> Vec<(&Node, ClauseRef)> {
    fn walk<'a>(p: &Plan, n: &'a Node, prefix: &str, out: &mut Vec<(&'a Node, ClauseRef)>) {
        // The plan page's own rule, so a citation reads the same everywhere (井研's
        // unlabelled section still cites as （三）).
        let citation = format!("{prefix}{}", cite::cite_piece(n));
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
                place: Place::Node,
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
    pub offices: Arc<[UnitRef]>,
}

/// A table, or a row of one, as a citable place: `表1`, `附件1第2行` (the plan page's
/// citations).
pub fn table_ref(p: &Plan, id: &str) -> Option<ClauseRef> {
    use cite::{row_cite, table_cite};
    for tb in &p.tables {
        if tb.id == id {
            return Some(ClauseRef {
                plan: p.slug.clone(),
                id: tb.id.clone(),
                citation: table_cite(tb),
                title: tb.caption.clone(),
                place: Place::Table,
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
                place: Place::Row,
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
    // A source the plan does not hold: the plan itself rather than a dead anchor.
    Arc::new(plan_place(p))
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
            plans: plans.iter().map(|p| Arc::new(plan_ref(p))).collect(),
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
            let cs: Arc<str> = rec.slug.as_str().into();
            let places = g.units.entry(county.clone()).or_default();
            for unit in units {
                let place = UnitPlace {
                    name: unit.as_str().into(),
                    county_slug: cs.clone(),
                    slug: rec.offices[unit].as_str().into(),
                };
                places.insert(unit.clone(), place);
            }
            g.county_slugs.insert(county.clone(), cs.to_string());
        }

        // Offices with their duties.
        // (county, office) → (plan index, node id) → its strongest role on that action.
        type Actions = BTreeMap<(usize, String), Role>;
        let mut actions: BTreeMap<(String, String), Actions> = BTreeMap::new();
        let empty: Arc<[UnitRef]> = Arc::from([]);
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
                            g.units_on(&p.region, node).into()
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
                let deadlines: Arc<[Deadline]> = n.deadlines.as_slice().into();
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
                    let r = a.entry((pi, n.id.clone())).or_insert(d.role);
                    *r = (*r).min(d.role);
                }
            }
        }
        for (key, on) in actions {
            if let Some(o) = g.offices.get_mut(&key) {
                for role in on.values() {
                    match role {
                        Role::Lead => o.roles.lead += 1,
                        Role::Responsible => o.roles.responsible += 1,
                        Role::Cooperating => o.roles.cooperating += 1,
                    }
                }
            }
        }

        // Counties for the index. Offices are keyed (county, name), so a county's offices are
        // one range of the map: no pass over every office per county on a large site.
        let mut plans_of: BTreeMap<&str, Vec<Arc<PlanRef>>> = BTreeMap::new();
        for p in &g.plans {
            plans_of.entry(&p.region).or_default().push(p.clone());
        }
        // One summary per office, in the order of `offices`, shared by the county and
        // department lists rather than copied into each.
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
                (a.collective, std::cmp::Reverse(a.roles.total()), &a.name).cmp(&(
                    b.collective,
                    std::cmp::Reverse(b.roles.total()),
                    &b.name,
                ))
            });
            g.counties.push(County {
                name: county.clone(),
                slug: slug.clone(),
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
                .map(|p| p.slug.to_string())
                .unwrap_or_default(),
            aliases: names,
            collective: is_collective(name),
            category,
            category_name,
            roles: RoleCounts::default(),
            duties: 0,
            plans: vec![],
        }
    }

    /// The offices named on a node, lead first, each once (its strongest role).
    pub fn units_on(&self, county: &str, n: &Node) -> Vec<UnitRef> {
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
        let mut out: Vec<UnitRef> = order
            .into_iter()
            .map(|u| {
                let place = self.unit_place(county, u);
                UnitRef {
                    name: place.map(|p| p.name.clone()).unwrap_or_else(|| u.into()),
                    county_slug: place
                        .map(|p| p.county_slug.clone())
                        .unwrap_or_else(|| "".into()),
                    slug: place.map(|p| p.slug.clone()).unwrap_or_else(|| "".into()),
                    role: seen[u],
                    collective: is_collective(u),
                }
            })
            .collect();
        // Stable: keeps the printed order within a role.
        out.sort_by_key(|u| u.role);
        out
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
                    Arc::new(PlanTarget {
                        indicator: t.indicator.clone(),
                        category: t.category.clone(),
                        baseline: t.baseline.clone(),
                        baseline_year: t.baseline_year,
                        value: t.value.clone(),
                        year: t.year,
                        nature: t.nature.clone(),
                        clause: target_source(p, &refs, t),
                    })
                })
                .collect();
            self.plan_targets.push(PlanTargets {
                plan: self.plans[pi].clone(),
                targets,
            });
        }
    }

    pub fn unit_place(&self, county: &str, unit: &str) -> Option<&UnitPlace> {
        self.units.get(county)?.get(unit)
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
        county: o.county.clone(),
        county_slug: o.county_slug.clone(),
        slug: o.slug.clone(),
        collective: o.collective,
        roles: o.roles,
        duties: o.duties,
        category: o.category.clone(),
        category_name: o.category_name.clone(),
    }
}
