//! The pages of the plans themselves: home, plan, clause, task table, free pages, 404,
//! and the site files (sitemap, robots.txt, Atom feed, static assets).

use super::links::{self, href, Links};
use super::refs::{DeadlineView, UnitView};
use super::views::*;
use super::{escape_html, json_for_script, markdown, Job, Rendered, Renderer, Scope, Site};
use crate::doc::{NodeKind, Notice, Plan, Role, Status};
use crate::graph::cite::{flatten, Flat};
use anyhow::{bail, Result};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

fn plan_url(p: &Plan) -> String {
    links::plan(&p.slug)
}

fn clause_url(p: &Plan, id: &str) -> String {
    links::clause(&p.slug, id)
}

/// Folder names at the root that belong to generated sections; a free page may not take one.
const RESERVED: &[&str] = &[
    "plans",
    "units",
    "departments",
    "timeline",
    "targets",
    "search",
    "static",
    "data",
    "tasks",
];

/// Ids the plan page's template gives its own elements (besides the `…-h` headings): a
/// clause with one of them would make two elements share an id and its link land elsewhere.
const PAGE_IDS: &[&str] = &[
    "main",
    "toc",
    "toc-nav",
    "toc-button",
    "notice",
    "live",
    "site-q",
];

/// Check what would make two pages collide before anything is rendered.
pub fn check(site: &Site) -> Result<()> {
    let mut slugs = BTreeMap::new();
    for p in site.plans {
        if let Err(why) = crate::slug::check_name(&p.slug) {
            bail!("{}:1: slug `{}` {why}", p.file, p.slug);
        }
        if let Some(other) = slugs.insert(p.slug.as_str(), p.file.as_str()) {
            bail!("{}:1: slug `{}` is already used by {other}", p.file, p.slug);
        }
        for n in p.all_nodes() {
            if PAGE_IDS.contains(&n.id.as_str()) || n.id.ends_with("-h") {
                bail!(
                    "{}:{}: id `{}` is used by the page itself (its header, contents or notice); choose another",
                    p.file,
                    n.line,
                    n.id
                );
            }
            if let Some(page) = match n.id.as_str() {
                "tasks" => Some("task table"),
                "timeline" => Some("timeline"),
                "targets" => Some("targets"),
                "changes" => Some("change"),
                "v" => Some("earlier versions'"),
                _ => None,
            } {
                bail!(
                    "{}:{}: id `{}` is taken by the plan's {page} page",
                    p.file,
                    n.line,
                    n.id
                );
            }
        }
    }
    for pg in site.pages {
        if RESERVED.contains(&pg.slug.as_str()) || crate::slug::check_name(&pg.slug).is_err() {
            bail!(
                "{}:1: a free page cannot be named `{}` (reserved, not ASCII, too long or a Windows device name); rename the file",
                pg.file.display(),
                pg.slug
            );
        }
    }
    Ok(())
}

/// Every job of this module, in output order.
pub fn jobs<'a>(site: &Site<'a>) -> Vec<(Scope, Job<'a>)> {
    let mut jobs: Vec<(Scope, Job<'a>)> =
        vec![(Scope::Site, Box::new(|r, s| Ok(vec![home(r, s)?])))];
    for (i, p) in site.plans.iter().enumerate() {
        let scope = || Scope::Plan(p.slug.clone());
        jobs.push((
            scope(),
            Box::new(move |r, s| Ok(vec![plan_page(r, s, &s.plans[i])?])),
        ));
        jobs.push((
            scope(),
            Box::new(move |r, s| Ok(vec![tasks_page(r, s, &s.plans[i])?])),
        ));
        jobs.push((
            scope(),
            Box::new(move |r, s| clause_pages(r, s, &s.plans[i])),
        ));
    }
    for i in 0..site.pages.len() {
        jobs.push((
            Scope::Site,
            Box::new(move |r, s| Ok(vec![free_page(r, s, i)?])),
        ));
    }
    jobs.push((
        Scope::Site,
        Box::new(|r, s| {
            Ok(vec![r.page(
                s,
                "404.html",
                "404.html",
                "页面不存在",
                &Empty {},
            )?])
        }),
    ));
    jobs.push((Scope::Site, Box::new(|_, s| Ok(vec![feed(s)?]))));
    jobs
}

#[derive(Serialize)]
struct Empty {}

#[derive(Serialize)]
struct PlanCard<'a> {
    slug: &'a str,
    href: String,
    tasks_href: String,
    title: &'a str,
    region: &'a str,
    draft: bool,
    status: String,
    period: String,
    written: String,
    issued: String,
    doc_number: &'a str,
    counts: Counts,
}

fn card<'a>(p: &'a Plan, root: &str) -> PlanCard<'a> {
    PlanCard {
        slug: &p.slug,
        href: href(root, &plan_url(p)),
        tasks_href: href(root, &links::tasks(&p.slug)),
        title: &p.title,
        region: &p.region,
        draft: p.status == Status::Draft,
        status: status_text(p),
        period: period_text(p),
        written: date_zh(&p.meta.written),
        issued: date_zh(&p.meta.issued),
        doc_number: &p.doc_number,
        counts: counts(p),
    }
}

#[derive(Serialize)]
struct HomeView<'a> {
    plans: Vec<PlanCard<'a>>,
}

fn home(r: &Renderer, s: &Site) -> Result<Rendered> {
    let view = HomeView {
        plans: s.plans.iter().map(|p| card(p, "")).collect(),
    };
    r.page(s, "", "home.html", "", &view)
}

/// One node as shown on the plan page or its clause page.
#[derive(Serialize)]
pub struct NodeView<'a> {
    id: &'a str,
    kind: &'static str,
    /// Heading level, 2 for parts.
    level: usize,
    label: &'a str,
    title: &'a str,
    paras: Vec<&'a str>,
    cite: &'a str,
    action: bool,
    clause_href: String,
    groups: Vec<RoleGroup<'a>>,
    deadlines: Vec<DeadlineView<'a>>,
    rows: Vec<Ref>,
    tables: Vec<TableView<'a>>,
    /// Defects of the source on this clause, each with its 「原文如此」 note.
    defects: Vec<&'a crate::doc::Defect>,
}

fn kind_name(k: crate::doc::NodeKind) -> &'static str {
    use crate::doc::NodeKind::*;
    match k {
        Part => "part",
        Section => "section",
        Item => "item",
        Inline => "inline",
        Subitem => "subitem",
    }
}

struct PlanIndex<'a> {
    flat: Vec<Flat<'a>>,
    rows: BTreeMap<&'a str, Vec<(&'a str, String)>>,
    /// node id → citation, for table rows linking back.
    cites: BTreeMap<&'a str, String>,
    /// Ids of action nodes (a set: looked up once per node, plans can be long).
    actions: BTreeSet<&'a str>,
}

fn index(p: &Plan) -> PlanIndex<'_> {
    let flat = flatten(p);
    let cites = flat
        .iter()
        .map(|f| (f.node.id.as_str(), f.cite.clone()))
        .collect();
    PlanIndex {
        rows: node_rows(p),
        cites,
        actions: p.actions().into_iter().map(|n| n.id.as_str()).collect(),
        flat,
    }
}

fn node_view<'a>(
    s: &Site,
    root: &str,
    plan: &'a Plan,
    ix: &'a PlanIndex<'a>,
    f: &'a Flat<'a>,
    plan_href: &str,
) -> NodeView<'a> {
    let n = f.node;
    let action = ix.actions.contains(&n.id.as_str());
    NodeView {
        id: &n.id,
        kind: kind_name(n.kind),
        level: (f.depth + 1).min(6),
        label: &n.label,
        title: &n.title,
        paras: if n.text.is_empty() {
            vec![]
        } else {
            n.text.split('\n').collect()
        },
        cite: &f.cite,
        action,
        clause_href: if action {
            href(root, &clause_url(plan, &n.id))
        } else {
            String::new()
        },
        groups: role_groups(s, &Links::at_root(root), plan, n),
        deadlines: deadline_views(&Links::at_root(root), &n.deadlines),
        rows: ix
            .rows
            .get(n.id.as_str())
            .map(|v| {
                v.iter()
                    .map(|(rid, c)| Ref {
                        href: format!("{plan_href}#{rid}"),
                        cite: c.clone(),
                    })
                    .collect()
            })
            .unwrap_or_default(),
        tables: vec![],
        defects: plan.defects_at(&n.id).collect(),
    }
}

#[derive(Serialize)]
struct TocEntry<'a> {
    href: String,
    cite: &'a str,
    label: &'a str,
    title: &'a str,
    children: Vec<TocEntry<'a>>,
    /// Items (actions) under this part or section: listed folded, so a long plan's
    /// contents still read as a few dozen lines until opened.
    items: Vec<TocEntry<'a>>,
}

#[derive(Serialize)]
struct PlanHead<'a> {
    title: &'a str,
    region: &'a str,
    draft: bool,
    status: String,
    slug: &'a str,
}

/// Which text of a plan a page shows.
#[derive(Clone, Copy)]
pub enum Era<'a> {
    /// The current text (`plans/<slug>/`).
    Current,
    /// Earlier version `version` of the plan `slug`, kept at `plans/<slug>/v/<n>/` (the
    /// plan rendered carries that as its slug).
    Former { slug: &'a str, version: u32 },
}

/// What a page says about the plan's versions: the current text of a revised plan names
/// its last revision; an earlier version says it is one and links the current text.
#[derive(Serialize, Default)]
struct EditionView {
    /// The current text of a revised plan: the day of its last revision.
    revised: String,
    changes_href: String,
    /// An earlier version: its number, the day it was replaced and the current text.
    former: u32,
    replaced: String,
    current_href: String,
}

fn edition(s: &Site, l: &Links, p: &Plan, era: Era) -> Option<EditionView> {
    match era {
        Era::Current => {
            let h = s.graph.histories.get(&p.slug)?;
            Some(EditionView {
                revised: h.last_revised().unwrap_or_default().to_string(),
                changes_href: l.to(&links::changes(&p.slug)),
                ..EditionView::default()
            })
        }
        Era::Former { slug, version } => {
            let h = s.graph.histories.get(slug)?;
            let replaced = h
                .versions
                .iter()
                .find(|v| v.n == version + 1)
                .map(|v| v.revised.clone())
                .unwrap_or_default();
            Some(EditionView {
                former: version,
                replaced,
                changes_href: l.to(&links::changes(slug)),
                current_href: l.to(&links::plan(slug)),
                ..EditionView::default()
            })
        }
    }
}

#[derive(Serialize)]
struct PlanView<'a> {
    plan: PlanHead<'a>,
    edition: Option<EditionView>,
    /// Numbers that named other clauses in earlier versions, for site.js (JSON).
    moved_json: String,
    meta: Vec<MetaRow>,
    json_ld: String,
    notice: Option<&'a Notice>,
    preamble: &'a [String],
    toc: Vec<TocEntry<'a>>,
    nodes: Vec<NodeView<'a>>,
    annexes: Vec<TableView<'a>>,
    trailer: &'a [String],
    tasks_href: String,
    /// The graph's pages of this plan (time axis, targets), where it made them.
    timeline_href: String,
    targets_href: String,
    /// The current text's calendar (empty without dated deadlines) and JSON.
    calendar_href: String,
    data_href: String,
}

fn head(p: &Plan) -> PlanHead<'_> {
    PlanHead {
        title: &p.title,
        region: &p.region,
        draft: p.status == Status::Draft,
        status: status_text(p),
        slug: &p.slug,
    }
}

pub fn plan_page(r: &Renderer, s: &Site, p: &Plan) -> Result<Rendered> {
    plan_page_of(r, s, p, Era::Current)
}

/// The plan page of the current text or of an earlier version.
pub fn plan_page_of(r: &Renderer, s: &Site, p: &Plan, era: Era) -> Result<Rendered> {
    let url = plan_url(p);
    let root = links::root_of(&url);
    let l = Links::at_root(&root);
    let history = match era {
        Era::Current => s.graph.histories.get(&p.slug),
        Era::Former { .. } => None,
    };
    let ix = index(p);
    let mut nodes: Vec<NodeView> = ix
        .flat
        .iter()
        .map(|f| node_view(s, &root, p, &ix, f, ""))
        .collect();
    let mut annexes = Vec::new();
    for t in &p.tables {
        let tv = table_view(t, &ix.cites, &p.defects);
        match nodes
            .iter_mut()
            .find(|n| !t.after.is_empty() && n.id == t.after)
        {
            Some(n) => n.tables.push(tv),
            None => annexes.push(tv),
        }
    }
    // Parts and sections, and under each its items (folded in the template).
    let mut toc: Vec<TocEntry> = Vec::new();
    for f in &ix.flat {
        let e = TocEntry {
            href: format!("#{}", f.node.id),
            cite: &f.cite,
            label: if f.node.label.is_empty() {
                // A heading the source printed without its number still reads as an entry.
                "〔原文无编号〕"
            } else {
                &f.node.label
            },
            title: &f.node.title,
            children: vec![],
            items: vec![],
        };
        let item = matches!(f.node.kind, NodeKind::Item | NodeKind::Inline);
        match (f.depth, item, toc.last_mut()) {
            (1, _, _) | (_, _, None) => toc.push(e),
            (2, false, Some(part)) => part.children.push(e),
            (2, true, Some(part)) => part.items.push(e),
            (3, true, Some(part)) => match part.children.last_mut() {
                Some(section) => section.items.push(e),
                None => part.items.push(e),
            },
            _ => {}
        }
    }
    let modified = history.and_then(|h| h.last_revised());
    let view = PlanView {
        plan: head(p),
        edition: edition(s, &l, p, era),
        moved_json: match history {
            Some(h) if !h.former.is_empty() => super::revisions::moved_json(&l, h)?,
            _ => String::new(),
        },
        meta: meta_rows(p),
        json_ld: json_for_script(&json_ld(p, &s.absolute(&url), &s.config.language, modified))?,
        notice: p.notice.as_ref(),
        preamble: &p.preamble,
        toc,
        nodes,
        annexes,
        trailer: &p.trailer,
        tasks_href: href(&root, &links::tasks(&p.slug)),
        timeline_href: s
            .graph
            .plan_timelines
            .iter()
            .find(|t| t.plan.slug == p.slug)
            .map(|t| href(&root, &links::plan_timeline(&t.plan.slug)))
            .unwrap_or_default(),
        targets_href: s
            .graph
            .plan_targets
            .iter()
            .find(|t| t.plan.slug == p.slug && !t.targets.is_empty())
            .map(|t| href(&root, &links::plan_targets(&t.plan.slug)))
            .unwrap_or_default(),
        calendar_href: match era {
            Era::Current if super::data::plan_has_calendar(p) => {
                href(&root, &links::plan_calendar(&p.slug))
            }
            _ => String::new(),
        },
        data_href: match era {
            Era::Current => href(&root, &links::plan_data(&p.slug)),
            Era::Former { .. } => String::new(),
        },
    };
    r.page(s, &url, "plan.html", &p.title, &view)
}

#[derive(Serialize)]
struct Crumb<'a> {
    href: String,
    text: String,
    title: &'a str,
}

#[derive(Serialize)]
struct ClauseView<'a> {
    plan: PlanHead<'a>,
    edition: Option<EditionView>,
    /// This number named another clause in an earlier version: where that one is now.
    notes: Vec<super::revisions::Note>,
    plan_href: String,
    node: NodeView<'a>,
    crumbs: Vec<Crumb<'a>>,
    anchor_href: String,
    prev: Option<Crumb<'a>>,
    next: Option<Crumb<'a>>,
    /// The plan's disclosure facts a citation needs (文号, 发文机关, dates, status).
    meta: Vec<MetaRow>,
    /// 「《标题》三（一）3，文号，address」, ready to copy.
    citation: String,
}

/// How a clause is cited: 《plan title》citation，文号，address.
fn citation(p: &Plan, cite: &str, url: &str) -> String {
    let number = if p.doc_number.is_empty() {
        p.notice
            .as_ref()
            .map(|n| n.doc_number.as_str())
            .unwrap_or("")
    } else {
        p.doc_number.as_str()
    };
    let mut c = format!("《{}》{cite}", p.title);
    if !number.is_empty() {
        c.push('，');
        c.push_str(number);
    }
    c.push('，');
    c.push_str(url);
    c
}

pub fn clause_pages(r: &Renderer, s: &Site, p: &Plan) -> Result<Vec<Rendered>> {
    clause_pages_of(r, s, p, Era::Current)
}

/// The clause pages of the current text or of an earlier version.
pub fn clause_pages_of<'a>(r: &Renderer, s: &Site, p: &'a Plan, era: Era) -> Result<Vec<Rendered>> {
    let history = match era {
        Era::Current => s.graph.histories.get(&p.slug),
        Era::Former { .. } => None,
    };
    let ix = index(p);
    let actions: Vec<&Flat> = ix
        .flat
        .iter()
        .filter(|f| ix.actions.contains(&f.node.id.as_str()))
        .collect();
    let mut out = Vec::with_capacity(actions.len());
    for (k, f) in actions.iter().enumerate() {
        let url = clause_url(p, &f.node.id);
        let root = links::root_of(&url);
        let plan_href = href(&root, &plan_url(p));
        let crumb_of = |g: &&Flat<'a>| -> Crumb<'a> {
            Crumb {
                href: href(&root, &clause_url(p, &g.node.id)),
                text: g.cite.clone(),
                title: &g.node.title,
            }
        };
        let l = Links::at_root(&root);
        let view = ClauseView {
            plan: head(p),
            edition: edition(s, &l, p, era),
            notes: history
                .and_then(|h| h.former.get(&f.node.id))
                .map(|fs| super::revisions::notes(&l, &p.slug, fs))
                .unwrap_or_default(),
            plan_href: plan_href.clone(),
            node: node_view(s, &root, p, &ix, f, &plan_href),
            crumbs: f
                .ancestors
                .iter()
                .map(|a| Crumb {
                    href: format!("{plan_href}#{}", a.id),
                    text: ix.cites.get(a.id.as_str()).cloned().unwrap_or_default(),
                    title: &a.title,
                })
                .collect(),
            anchor_href: format!("{plan_href}#{}", f.node.id),
            meta: meta_rows(p)
                .into_iter()
                .filter(|m| {
                    ["发文机关", "发文字号", "发布日期", "成文日期", "文件状态"].contains(&m.key)
                })
                .collect(),
            citation: citation(p, &f.cite, &s.absolute(&url)),
            prev: k.checked_sub(1).and_then(|j| actions.get(j)).map(crumb_of),
            next: actions.get(k + 1).map(crumb_of),
        };
        let title = format!("{} {} · {}", f.cite, f.node.title, p.title);
        out.push(r.page(s, &url, "clause.html", &title, &view)?);
    }
    Ok(out)
}

#[derive(Serialize)]
struct TaskRow<'a> {
    id: &'a str,
    cite: &'a str,
    href: String,
    title: &'a str,
    lead: Vec<UnitView<'a>>,
    others: Vec<UnitView<'a>>,
    deadlines: Vec<DeadlineView<'a>>,
}

#[derive(Serialize)]
struct TasksView<'a> {
    plan: PlanHead<'a>,
    plan_href: String,
    rows: Vec<TaskRow<'a>>,
    /// Whether the plan names a lead anywhere: else no 牵头单位 column, empty on every row.
    has_lead: bool,
    /// Title of the column of the other offices: their role where they share one.
    others_head: &'static str,
}

pub fn tasks_page(r: &Renderer, s: &Site, p: &Plan) -> Result<Rendered> {
    let url = links::tasks(&p.slug);
    let root = links::root_of(&url);
    let l = Links::at_root(&root);
    let ix = index(p);
    let rows = ix
        .flat
        .iter()
        .filter(|f| ix.actions.contains(&f.node.id.as_str()))
        .map(|f| {
            let mut lead = Vec::new();
            let mut others = Vec::new();
            for g in role_groups(s, &l, p, f.node) {
                if g.lead {
                    lead.extend(g.units);
                } else {
                    for u in g.units {
                        if !others.iter().any(|o: &UnitView| o.name == u.name)
                            && !lead.iter().any(|o: &UnitView| o.name == u.name)
                        {
                            others.push(u);
                        }
                    }
                }
            }
            TaskRow {
                id: &f.node.id,
                cite: &f.cite,
                href: href(&root, &clause_url(p, &f.node.id)),
                title: &f.node.title,
                lead,
                others,
                deadlines: deadline_views(&l, &f.node.deadlines),
            }
        })
        .collect();
    let has_lead = ix.flat.iter().any(|f| {
        ix.actions.contains(&f.node.id.as_str())
            && f.node.duties.iter().any(|d| d.role == Role::Lead)
    });
    let other_roles: BTreeSet<Role> = ix
        .flat
        .iter()
        .filter(|f| ix.actions.contains(&f.node.id.as_str()))
        .flat_map(|f| f.node.duties.iter().map(|d| d.role))
        .filter(|r| *r != Role::Lead)
        .collect();
    let others_head = match other_roles.iter().collect::<Vec<_>>().as_slice() {
        [one] => super::roles::name(**one),
        _ => "其他单位",
    };
    let view = TasksView {
        plan: head(p),
        plan_href: href(&root, &plan_url(p)),
        rows,
        has_lead,
        others_head,
    };
    r.page(
        s,
        &url,
        "tasks.html",
        &format!("任务一览 · {}", p.title),
        &view,
    )
}

#[derive(Serialize)]
struct FreeView<'a> {
    title: &'a str,
    content: std::borrow::Cow<'a, str>,
}

/// The free pages' bodies as HTML, and a warning (`file:line: …`) for each link or image URL
/// left out ([`markdown::render`]); files are named from `root`, the site root. The build
/// runs this on a thread of its own beside the model stage: a page with a code block loads
/// syntect's syntax set and compiles its syntax's regexes (a few milliseconds for the
/// sample's About page), work that needs nothing from the plans.
pub fn page_html(pages: &[crate::load::Page], root: &Path) -> (Vec<String>, Vec<String>) {
    let mut warnings = Vec::new();
    let html = pages
        .iter()
        .map(|p| {
            let m = markdown::render(&p.body);
            let file = p.file.strip_prefix(root).unwrap_or(&p.file).display();
            for d in &m.dropped {
                let line = p.body_line.max(1) + d.line - 1;
                warnings.push(format!("{file}:{line}: {}", d.message()));
            }
            m.html
        })
        .collect();
    (html, warnings)
}

fn free_page(r: &Renderer, s: &Site, i: usize) -> Result<Rendered> {
    let pg = &s.pages[i];
    let view = FreeView {
        title: &pg.title,
        // Callers that made no HTML beforehand (tests, benches) get it made here.
        content: match s.page_html.get(i) {
            Some(h) => h.into(),
            None => markdown::to_html(&pg.body).into(),
        },
    };
    r.page(s, &format!("{}/", pg.slug), "page.html", &pg.title, &view)
}

/// The date a plan entered the record: issued, else written, else none.
fn plan_date(p: &Plan) -> Option<&str> {
    [
        p.meta.issued.as_str(),
        p.meta.written.as_str(),
        p.issued.as_str(),
    ]
    .into_iter()
    .find(|d| is_iso_date(d))
}

/// `YYYY-MM-DD` in ASCII digits: the feed writes the date unescaped.
fn is_iso_date(d: &str) -> bool {
    let b = d.as_bytes();
    b.len() == 10
        && b.iter().enumerate().all(|(i, c)| {
            if i == 4 || i == 7 {
                *c == b'-'
            } else {
                c.is_ascii_digit()
            }
        })
}

/// Atom feed of plans. Its `updated` is the newest plan date, not the build time, so two
/// builds of the same content are identical.
fn feed(s: &Site) -> Result<Rendered> {
    let e = escape_html;
    let mut entries = String::new();
    // The newest date the sources print: the feed's own date, and the date of an entry whose
    // plan prints none (Atom requires one; an invented 1970-01-01 would say something false).
    let known = s
        .plans
        .iter()
        .filter_map(|p| plan_date(p))
        .chain(
            s.graph
                .histories
                .values()
                .flat_map(|h| h.revisions.iter().map(|r| r.date.as_str())),
        )
        .max();
    let mut newest = known.unwrap_or_default().to_string();
    for p in s.plans {
        // With no date printed anywhere on the site, the first day of the plan's period is the
        // one date its text vouches for; a plan without either is left out of the feed.
        let date = match (plan_date(p), known, p.period) {
            (Some(d), _, _) => d.to_string(),
            (None, Some(k), _) => k.to_string(),
            (None, None, Some([first, _])) => format!("{first:04}-01-01"),
            (None, None, None) => continue,
        };
        if date > newest {
            newest = date.clone();
        }
        let url = s.absolute(&plan_url(p));
        let mut summary = format!("{} · {}", p.region, period_text(p));
        if p.status == Status::Draft {
            summary.push_str(" · ");
            summary.push_str(&status_text(p));
        }
        entries.push_str(&format!(
            "  <entry>\n    <title>{}</title>\n    <id>{}</id>\n    <link href=\"{}\"/>\n    <updated>{date}T00:00:00Z</updated>\n    <summary>{}</summary>\n  </entry>\n",
            e(&p.title),
            e(&url),
            e(&url),
            e(&summary),
        ));
        // One entry per revision, linking its part of the change page.
        for rv in s
            .graph
            .histories
            .get(&p.slug)
            .map(|h| h.revisions.as_slice())
            .unwrap_or_default()
        {
            if rv.date > newest {
                newest = rv.date.clone();
            }
            let url = format!("{}#v{}", s.absolute(&links::changes(&p.slug)), rv.to);
            let summary = format!(
                "新增{}条，删除{}条，编号变动{}条，文字修改{}条",
                rv.added.len(),
                rv.removed.len(),
                rv.renumbered.len(),
                rv.reworded.len()
            );
            entries.push_str(&format!(
                "  <entry>\n    <title>{}（第{}版，{} 修订）</title>\n    <id>{}</id>\n    <link href=\"{}\"/>\n    <updated>{}T00:00:00Z</updated>\n    <summary>{}</summary>\n  </entry>\n",
                e(&p.title),
                rv.to,
                e(&rv.date),
                e(&url),
                e(&url),
                e(&rv.date),
                e(&summary),
            ));
        }
    }
    // A site whose plans print no date at all has no date to give: left out, never invented.
    let updated = if newest.is_empty() {
        String::new()
    } else {
        format!("  <updated>{newest}T00:00:00Z</updated>\n")
    };
    // The site publishes the plans: its title names it (the footer is a sentence about it).
    let author = &s.config.title;
    let xml = format!(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">\n  <title>{}</title>\n  <id>{}</id>\n  <link href=\"{}\"/>\n  <link rel=\"self\" href=\"{}\"/>\n{updated}  <author><name>{}</name></author>\n{entries}</feed>\n",
        e(&s.config.language),
        e(&s.config.title),
        e(&s.base_url),
        e(&s.base_url),
        e(&s.absolute("atom.xml")),
        e(author),
    );
    Ok(Rendered {
        path: "atom.xml".into(),
        bytes: xml.into_bytes(),
        in_sitemap: false,
        kept: false,
    })
}

/// sitemap.xml over the file paths of the pages to list (HTML pages flagged `in_sitemap`).
/// Most URLs one sitemap file may hold (sitemaps.org); past it `sitemap.xml` is an index of
/// `sitemap-1.xml`, `sitemap-2.xml`, … (a 10,000-plan site has over 500,000 pages).
pub const SITEMAP_URLS_MAX: usize = 50_000;

/// The sitemap of the pages at `paths`, handed to `emit` a file at a time so a large site's
/// is never held whole.
pub fn sitemap<'p>(
    s: &Site,
    paths: impl IntoIterator<Item = &'p str>,
    emit: impl FnMut(Rendered) -> anyhow::Result<()>,
) -> anyhow::Result<()> {
    sitemap_split(s, paths, SITEMAP_URLS_MAX, emit)
}

fn sitemap_split<'p>(
    s: &Site,
    paths: impl IntoIterator<Item = &'p str>,
    max: usize,
    mut emit: impl FnMut(Rendered) -> anyhow::Result<()>,
) -> anyhow::Result<()> {
    const HEAD: &str = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n";
    const NS: &str = "xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\"";
    // Every URL has the same base, so sorting the paths sorts the URLs.
    let mut pages: Vec<&str> = paths
        .into_iter()
        .filter(|p| p.ends_with(".html"))
        .map(|p| p.strip_suffix("index.html").unwrap_or(p))
        .collect();
    pages.sort_unstable();
    // A revised plan's pages were last modified on its last revision.
    let revised: BTreeMap<&str, &str> = s
        .graph
        .histories
        .iter()
        .filter_map(|(slug, h)| Some((slug.as_str(), h.last_revised()?)))
        .collect();
    let lastmod = |p: &str| {
        let slug = p.strip_prefix("plans/")?.split('/').next()?;
        revised.get(slug).copied()
    };
    let urlset = |chunk: &[&str]| {
        let mut xml = format!("{HEAD}<urlset {NS}>\n");
        for p in chunk {
            xml.push_str("  <url><loc>");
            xml.push_str(&escape_html(&s.absolute(p)));
            xml.push_str("</loc>");
            if let Some(d) = lastmod(p) {
                xml.push_str("<lastmod>");
                xml.push_str(&escape_html(d));
                xml.push_str("</lastmod>");
            }
            xml.push_str("</url>\n");
        }
        xml.push_str("</urlset>\n");
        xml.into_bytes()
    };
    if pages.len() <= max {
        return emit(Rendered {
            path: "sitemap.xml".into(),
            bytes: urlset(&pages),
            in_sitemap: false,
            kept: false,
        });
    }
    let mut index = format!("{HEAD}<sitemapindex {NS}>\n");
    for (i, chunk) in pages.chunks(max).enumerate() {
        let path = format!("sitemap-{}.xml", i + 1);
        index.push_str("  <sitemap><loc>");
        index.push_str(&escape_html(&s.absolute(&path)));
        index.push_str("</loc></sitemap>\n");
        emit(Rendered {
            path,
            bytes: urlset(chunk),
            in_sitemap: false,
            kept: false,
        })?;
    }
    index.push_str("</sitemapindex>\n");
    emit(Rendered {
        path: "sitemap.xml".into(),
        bytes: index.into_bytes(),
        in_sitemap: false,
        kept: false,
    })
}

pub fn robots(s: &Site) -> Rendered {
    Rendered {
        path: "robots.txt".into(),
        bytes: format!(
            "User-agent: *\nAllow: /\nSitemap: {}\n",
            s.absolute("sitemap.xml")
        )
        .into_bytes(),
        in_sitemap: false,
        kept: false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sitemap_past_its_limit_becomes_an_index_of_files() {
        let config = crate::config::Config::default_for_test();
        let graph = crate::graph::SiteGraph::default();
        let site = Site {
            config: &config,
            base_url: "https://example.org/".into(),
            plans: &[],
            versions: &[],
            graph: &graph,
            pages: &[],
            page_html: &[],
            nav: vec![],
            search: false,
        };
        let paths = [
            "index.html",
            "plans/b/index.html",
            "plans/a/index.html",
            "x.txt",
        ];
        let mut files = Vec::new();
        sitemap_split(&site, paths, 2, |f| {
            files.push((f.path, String::from_utf8(f.bytes).unwrap()));
            Ok(())
        })
        .unwrap();
        let names: Vec<&str> = files.iter().map(|(p, _)| p.as_str()).collect();
        assert_eq!(names, ["sitemap-1.xml", "sitemap-2.xml", "sitemap.xml"]);
        assert!(files[0].1.contains("<loc>https://example.org/</loc>"));
        assert!(files[0]
            .1
            .contains("<loc>https://example.org/plans/a/</loc>"));
        assert!(files[1]
            .1
            .contains("<loc>https://example.org/plans/b/</loc>"));
        assert!(files[2].1.contains("<sitemapindex"));
        assert!(files[2]
            .1
            .contains("<loc>https://example.org/sitemap-2.xml</loc>"));

        let mut one = Vec::new();
        sitemap_split(&site, paths, 3, |f| {
            one.push(f.path);
            Ok(())
        })
        .unwrap();
        assert_eq!(one, ["sitemap.xml"]);
    }
}
