//! The pages of a revised plan's history: its change page (`plans/<slug>/changes/`), the
//! pages left at numbers that no longer name the clause they named (`plans/<slug>/<id>/`),
//! and the notes the plan and clause pages carry about them (template changes.html,
//! moved.html; the plan page's map of moved numbers is read by site.js for `#fragment`
//! links). A published link never silently shows another clause.

use super::links::{self, Links};
use super::{json_for_script, Rendered, Renderer, Site};
use crate::graph::revisions::{Clause, Fate, Former, History, Revision};
use anyhow::Result;
use serde::Serialize;
use std::collections::BTreeMap;

/// What a number that changed meaning says, and where to go.
#[derive(Serialize, Clone)]
pub struct Note {
    pub text: String,
    pub href: String,
    pub link: String,
}

/// One note per former meaning of a number, links relative to the page of `l`.
pub fn notes(l: &Links, slug: &str, formers: &[Former]) -> Vec<Note> {
    formers
        .iter()
        .map(|f| {
            let c = &f.clause;
            match &f.fate {
                Fate::Moved { to } => Note {
                    text: format!(
                        "{} 修订后，原{}「{}」编号改为{}。",
                        f.date, c.citation, c.title, to.citation
                    ),
                    href: l.to(&links::anchor(slug, &to.id)),
                    link: format!("前往{}", to.citation),
                },
                Fate::Removed { version } => Note {
                    text: format!(
                        "原{}「{}」已于 {} 修订中删除。",
                        c.citation, c.title, f.date
                    ),
                    href: l.to(&links::anchor(&links::version_slug(slug, *version), &c.id)),
                    link: format!("查看第{version}版原文"),
                },
            }
        })
        .collect()
}

/// The plan page's map of numbers that changed meaning, for site.js (`#2-1-3` links):
/// JSON in a `<script type="application/json">`, never run.
pub fn moved_json(l: &Links, h: &History) -> Result<String> {
    let map: BTreeMap<&str, Vec<Note>> = h
        .former
        .iter()
        .map(|(id, fs)| (id.as_str(), notes(l, &h.slug, fs)))
        .collect();
    json_for_script(&map)
}

#[derive(Serialize)]
struct MovedPage<'a> {
    plan_title: &'a str,
    plan_href: String,
    changes_href: String,
    citation: &'a str,
    notes: Vec<Note>,
    /// The last text of a removed clause, as its last version printed it.
    removed: Option<LastText<'a>>,
}

#[derive(Serialize)]
struct LastText<'a> {
    version: u32,
    title: &'a str,
    paras: Vec<&'a str>,
}

/// Pages at the numbers an earlier version published that no current clause page holds.
pub fn moved_pages(
    r: &Renderer,
    s: &Site,
    h: &History,
    title: &str,
    pages: &std::collections::BTreeSet<&str>,
) -> Result<Vec<Rendered>> {
    let mut out = Vec::new();
    for (id, fs) in &h.former {
        if pages.contains(id.as_str()) {
            continue;
        }
        let url = links::clause(&h.slug, id);
        let l = Links::from(&url);
        let first = &fs[0];
        let view = MovedPage {
            plan_title: title,
            plan_href: l.to(&links::plan(&h.slug)),
            changes_href: l.to(&links::changes(&h.slug)),
            citation: &first.clause.citation,
            notes: notes(&l, &h.slug, fs),
            removed: fs.iter().find_map(|f| match f.fate {
                Fate::Removed { version } => Some(LastText {
                    version,
                    title: &f.clause.title,
                    paras: f
                        .clause
                        .text
                        .split('\n')
                        .filter(|p| !p.is_empty())
                        .collect(),
                }),
                Fate::Moved { .. } => None,
            }),
        };
        let page_title = format!("{}（已变动）· {title}", first.clause.citation);
        let mut page = r.page(s, &url, "moved.html", &page_title, &view)?;
        // A note where a clause was, not a page for search engines to index.
        page.in_sitemap = false;
        out.push(page);
    }
    Ok(out)
}

/// A character-level piece of a reworded clause.
#[derive(Serialize)]
struct Piece {
    /// `eq`, `ins` or `del`.
    kind: &'static str,
    text: String,
}

/// Unchanged runs longer than this are shortened to their ends around `……`.
const CONTEXT: usize = 24;

fn diff(old: &str, new: &str) -> Vec<Piece> {
    let d = similar::TextDiff::from_chars(old, new);
    let mut out: Vec<Piece> = Vec::new();
    for change in d.iter_all_changes() {
        let kind = match change.tag() {
            similar::ChangeTag::Equal => "eq",
            similar::ChangeTag::Insert => "ins",
            similar::ChangeTag::Delete => "del",
        };
        match out.last_mut() {
            Some(p) if p.kind == kind => p.text.push_str(change.value()),
            _ => out.push(Piece {
                kind,
                text: change.value().to_string(),
            }),
        }
    }
    let n = out.len();
    for (i, p) in out.iter_mut().enumerate() {
        let chars: Vec<char> = p.text.chars().collect();
        if p.kind != "eq" || chars.len() <= 2 * CONTEXT {
            continue;
        }
        let head: String = chars[..CONTEXT].iter().collect();
        let tail: String = chars[chars.len() - CONTEXT..].iter().collect();
        p.text = match (i == 0, i + 1 == n) {
            (true, true) => p.text.clone(),
            (true, false) => format!("……{tail}"),
            (false, true) => format!("{head}……"),
            (false, false) => format!("{head}……{tail}"),
        };
    }
    out
}

fn whole(c: &Clause) -> String {
    if c.text.is_empty() {
        c.title.clone()
    } else {
        format!("{}\n{}", c.title, c.text)
    }
}

#[derive(Serialize)]
struct ClauseLink<'a> {
    citation: &'a str,
    title: &'a str,
    href: String,
}

#[derive(Serialize)]
struct Renumbered<'a> {
    old: &'a str,
    new: &'a str,
    title: &'a str,
    href: String,
}

#[derive(Serialize)]
struct Reworded<'a> {
    citation: &'a str,
    href: String,
    pieces: Vec<Piece>,
}

/// Offices or deadlines of a clause: those the revision took out and those it put in.
#[derive(Serialize)]
struct ListChange<'a> {
    citation: &'a str,
    title: &'a str,
    href: String,
    removed: Vec<&'a str>,
    added: Vec<&'a str>,
}

fn list_change<'a>(old: &'a [String], new: &'a [String]) -> (Vec<&'a str>, Vec<&'a str>) {
    (
        old.iter()
            .filter(|x| !new.contains(x))
            .map(String::as_str)
            .collect(),
        new.iter()
            .filter(|x| !old.contains(x))
            .map(String::as_str)
            .collect(),
    )
}

#[derive(Serialize)]
struct RevisionView<'a> {
    from: u32,
    to: u32,
    date: &'a str,
    title: Option<(&'a str, &'a str)>,
    status: Option<(&'a str, &'a str)>,
    /// Each kind of change counted, for the summary line.
    counts: [usize; 6],
    added: Vec<ClauseLink<'a>>,
    removed: Vec<ClauseLink<'a>>,
    renumbered: Vec<Renumbered<'a>>,
    reworded: Vec<Reworded<'a>>,
    offices: Vec<ListChange<'a>>,
    deadlines: Vec<ListChange<'a>>,
    from_href: String,
}

fn revision_view<'a>(l: &Links, slug: &str, r: &'a Revision, last: bool) -> RevisionView<'a> {
    let at = |c: &Clause| l.to(&links::anchor(slug, &c.id));
    // A clause of an older version is shown where that version is kept.
    let at_old = |c: &Clause| l.to(&links::anchor(&links::version_slug(slug, r.from), &c.id));
    let at_new = |c: &Clause| {
        if last {
            at(c)
        } else {
            l.to(&links::anchor(&links::version_slug(slug, r.to), &c.id))
        }
    };
    // Offices or deadlines of a clause pair: what the revision took out and put in.
    let lists = |pairs: &'a [(Clause, Clause)], list: fn(&Clause) -> &[String]| {
        pairs
            .iter()
            .map(|(o, n)| {
                let (removed, added) = list_change(list(o), list(n));
                ListChange {
                    citation: &n.citation,
                    title: &n.title,
                    href: at_new(n),
                    removed,
                    added,
                }
            })
            .collect()
    };
    RevisionView {
        from: r.from,
        to: r.to,
        date: &r.date,
        title: r.title.as_ref().map(|(a, b)| (a.as_str(), b.as_str())),
        status: r.status.as_ref().map(|(a, b)| (a.as_str(), b.as_str())),
        counts: [
            r.added.len(),
            r.removed.len(),
            r.renumbered.len(),
            r.reworded.len(),
            r.offices.len(),
            r.deadlines.len(),
        ],
        added: r
            .added
            .iter()
            .map(|c| ClauseLink {
                citation: &c.citation,
                title: &c.title,
                href: at_new(c),
            })
            .collect(),
        removed: r
            .removed
            .iter()
            .map(|c| ClauseLink {
                citation: &c.citation,
                title: &c.title,
                href: at_old(c),
            })
            .collect(),
        renumbered: r
            .renumbered
            .iter()
            .map(|(o, n)| Renumbered {
                old: &o.citation,
                new: &n.citation,
                title: &n.title,
                href: at_new(n),
            })
            .collect(),
        reworded: r
            .reworded
            .iter()
            .map(|(o, n)| Reworded {
                citation: &n.citation,
                href: at_new(n),
                pieces: diff(&whole(o), &whole(n)),
            })
            .collect(),
        offices: lists(&r.offices, |c| &c.offices),
        deadlines: lists(&r.deadlines, |c| &c.deadlines),
        from_href: l.to(&links::plan(&links::version_slug(slug, r.from))),
    }
}

#[derive(Serialize)]
struct ChangesPage<'a> {
    plan_title: &'a str,
    plan_href: String,
    /// Newest first.
    revisions: Vec<RevisionView<'a>>,
}

/// `plans/<slug>/changes/`: every revision of the plan, newest first.
pub fn changes_page(r: &Renderer, s: &Site, h: &History, title: &str) -> Result<Rendered> {
    let url = links::changes(&h.slug);
    let l = Links::from(&url);
    let n = h.revisions.len();
    let view = ChangesPage {
        plan_title: title,
        plan_href: l.to(&links::plan(&h.slug)),
        revisions: h
            .revisions
            .iter()
            .enumerate()
            .rev()
            .map(|(i, rv)| revision_view(&l, &h.slug, rv, i + 1 == n))
            .collect(),
    };
    r.page(
        s,
        &url,
        "changes.html",
        &format!("修订记录：{title}"),
        &view,
    )
}
