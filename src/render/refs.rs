//! Views of the graph's references — a plan, a clause, an office, a deadline, a target — as
//! the pages that list them show them: with their links made relative to the page once, here,
//! from [`Links`]. The office, department, timeline and targets pages are built from these.

use super::links::{self, Links};
use super::roles::{self, RoleCount};
use crate::doc::{Deadline, DeadlineKind, Role};
use crate::graph::{
    ClauseRef, DeadlineEntry, OfficeSummary, Place, PlanRef, PlanTarget, UnitPlace, UnitRef,
};
use serde::Serialize;

pub use super::roles::short as role_label;

pub fn kind_label(k: DeadlineKind) -> &'static str {
    match k {
        DeadlineKind::By => "完成时限",
        DeadlineKind::In => "年内",
        DeadlineKind::From => "起始",
        DeadlineKind::Recurring => "每年",
        DeadlineKind::Ongoing => "长期",
    }
}

#[derive(Serialize)]
pub struct PlanView<'a> {
    pub slug: &'a str,
    pub title: &'a str,
    pub url: String,
    pub draft: bool,
    pub period: Option<[i32; 2]>,
}

pub fn plan<'a>(l: &Links, p: &'a PlanRef) -> PlanView<'a> {
    PlanView {
        slug: &p.slug,
        title: &p.title,
        url: l.to(&links::plan(&p.slug)),
        draft: p.draft,
        period: p.period,
    }
}

/// Where a clause reference leads: its anchor in the full text, or the plan itself.
pub fn clause_url(c: &ClauseRef) -> String {
    match c.place {
        Place::Plan => links::plan(&c.plan),
        _ => links::anchor(&c.plan, &c.id),
    }
}

#[derive(Serialize)]
pub struct ClauseView<'a> {
    pub citation: &'a str,
    pub title: &'a str,
    pub url: String,
    pub kind: &'static str,
}

pub fn clause<'a>(l: &Links, c: &'a ClauseRef) -> ClauseView<'a> {
    ClauseView {
        citation: &c.citation,
        title: &c.title,
        url: l.to(&clause_url(c)),
        kind: c.place.as_str(),
    }
}

/// An office named on a clause, linked to its page.
#[derive(Serialize)]
pub struct UnitView<'a> {
    pub name: &'a str,
    /// Empty when the office has no page.
    pub href: String,
    pub role: Role,
}

/// The office `name` (as the clause names it) with its page at `place`, if it has one.
pub fn unit<'a>(l: &Links, name: &'a str, place: Option<&UnitPlace>, role: Role) -> UnitView<'a> {
    UnitView {
        name,
        href: place
            .map(|p| l.to(&links::office(&p.county_slug, &p.slug)))
            .unwrap_or_default(),
        role,
    }
}

pub fn units<'a>(l: &Links, us: &'a [UnitRef]) -> Vec<UnitView<'a>> {
    us.iter()
        .map(|u| UnitView {
            name: &u.name,
            href: l.to(&links::office(&u.county_slug, &u.slug)),
            role: u.role,
        })
        .collect()
}

#[derive(Serialize)]
pub struct OfficeSummaryView<'a> {
    pub name: &'a str,
    pub county: &'a str,
    pub url: String,
    pub collective: bool,
    /// The roles it holds with their counts (none at 0).
    pub roles: Vec<RoleCount>,
    /// Its counts under the columns of the table that lists it ([`roles::columns`]).
    pub cells: Vec<usize>,
    pub category_name: &'a str,
    pub category_url: String,
}

/// An office in a table whose role columns are `columns`.
pub fn office_summary<'a>(
    l: &Links,
    o: &'a OfficeSummary,
    columns: &[Role],
) -> OfficeSummaryView<'a> {
    OfficeSummaryView {
        name: &o.name,
        county: &o.county,
        url: l.to(&links::office(&o.county_slug, &o.slug)),
        collective: o.collective,
        roles: roles::counts(&o.roles),
        cells: roles::row(&o.roles, columns),
        category_name: &o.category_name,
        category_url: l.to(&links::department(&o.category)),
    }
}

/// A deadline as printed, linked to where the site lists it (empty: not linked).
#[derive(Serialize)]
pub struct DeadlineView<'a> {
    pub text: &'a str,
    pub href: String,
    /// What it governs (empty: the clause as a whole).
    pub phrase: &'a str,
    /// 完成时限 / 起始 / 每年 / 长期 / 年内.
    pub kind: &'static str,
}

/// On the pages across plans: linked to its year's page, when it names a year.
pub fn deadline<'a>(l: &Links, d: &'a Deadline) -> DeadlineView<'a> {
    DeadlineView {
        text: &d.text,
        href: d.year.map(|y| l.to(&links::year(y))).unwrap_or_default(),
        phrase: &d.phrase,
        kind: kind_label(d.kind),
    }
}

/// On a plan's own pages: linked to its year, or, recurring or ongoing, to the timeline
/// that lists those apart.
pub fn deadline_in_text<'a>(l: &Links, d: &'a Deadline) -> DeadlineView<'a> {
    DeadlineView {
        text: &d.text,
        href: match (d.year, d.kind) {
            (Some(y), _) => l.to(&links::year(y)),
            (None, DeadlineKind::Recurring | DeadlineKind::Ongoing) => l.to(links::TIMELINE),
            (None, _) => String::new(),
        },
        phrase: &d.phrase,
        kind: kind_label(d.kind),
    }
}

/// A deadline where it was stated, with the offices on that clause.
#[derive(Serialize)]
pub struct EntryView<'a> {
    pub clause: ClauseView<'a>,
    pub deadline: DeadlineView<'a>,
    pub offices: Vec<UnitView<'a>>,
}

pub fn entry<'a>(l: &Links, e: &'a DeadlineEntry) -> EntryView<'a> {
    EntryView {
        clause: clause(l, &e.clause),
        deadline: deadline(l, &e.deadline),
        offices: units(l, &e.offices),
    }
}

pub fn entries<'a, E: AsRef<DeadlineEntry> + 'a>(
    l: &Links,
    es: impl IntoIterator<Item = &'a E>,
) -> Vec<EntryView<'a>> {
    es.into_iter().map(|e| entry(l, e.as_ref())).collect()
}

#[derive(Serialize)]
pub struct TargetView<'a> {
    pub indicator: &'a str,
    pub category: &'a str,
    pub baseline: &'a str,
    pub baseline_year: Option<i32>,
    pub value: &'a str,
    pub year: Option<i32>,
    pub year_url: Option<String>,
    pub nature: &'a str,
    pub clause: ClauseView<'a>,
}

pub fn target<'a>(l: &Links, t: &'a PlanTarget) -> TargetView<'a> {
    TargetView {
        indicator: &t.indicator,
        category: &t.category,
        baseline: &t.baseline,
        baseline_year: t.baseline_year,
        value: &t.value,
        year: t.year,
        year_url: t.year.map(|y| l.to(&links::year(y))),
        nature: &t.nature,
        clause: clause(l, &t.clause),
    }
}
