//! Render stage: plans and site graph → pages (HTML, XML, text), in memory. Every page of
//! the site is made here: the plans' own pages ([`pages`]), the responsibility pages
//! ([`offices`]), the time pages ([`timeline`]), the targets pages ([`targets`]) and the
//! search page ([`search`]),
//! from views that borrow the facts and carry links made for their page ([`refs`],
//! [`views`]); the URL scheme is [`links`].
//!
//! - Templates are tera, compiled once per build. The default theme is embedded in the binary
//!   ([`TEMPLATES`]); a file of the same name in the site's `templates/` folder replaces it,
//!   and extra files there are added (so an override can include partials of its own).
//! - Templates receive borrowing view structs built per page ([`views`]), never the whole
//!   site; maps that reach output are `BTreeMap`s or `Vec`s, so output is deterministic.
//! - Every page is a [`Job`]; [`jobs`] lists them all and build.rs runs them in parallel
//!   with rayon; results keep job order.

pub mod data;
pub mod ics;
pub mod links;
pub mod markdown;
pub mod offices;
pub mod pages;
pub mod refs;
pub mod revisions;
pub mod roles;
pub mod search;
pub mod targets;
pub mod timeline;
pub mod url;
pub mod views;
pub mod xlsx;

use links::{href, root_of};

use crate::config::Config;
use crate::doc::Plan;
use crate::graph::SiteGraph;
use crate::load::Page;
use anyhow::{Context, Result};
use serde::Serialize;
use std::path::Path;

/// One file of the output.
#[derive(Debug, Clone, PartialEq)]
pub struct Rendered {
    /// Site-relative file path, e.g. `plans/x/index.html`.
    pub path: String,
    pub bytes: Vec<u8>,
    /// Listed in the sitemap (HTML pages a search engine should index).
    pub in_sitemap: bool,
    /// Not rendered: its inputs are those of the page the last build published at `path`
    /// ([`Memo`]), so the published file stays; `bytes` is empty.
    pub kept: bool,
}

/// The fingerprints of the pages the last build published, by path (`planpress serve`
/// keeps it between rebuilds). A page's fingerprint covers everything its template sees:
/// the templates, the page's own view and the common values (site settings, navigation,
/// URL), so a page with the same fingerprint renders to the same bytes and is not rendered
/// again.
#[derive(Debug, Default)]
pub struct Memo {
    published: std::sync::RwLock<std::collections::HashMap<String, u128>>,
    /// This build's pages, made the published ones by [`Memo::published`].
    next: std::sync::Mutex<std::collections::HashMap<String, u128>>,
}

impl Memo {
    fn same(&self, path: &str, fp: u128) -> bool {
        let map = self.published.read().unwrap_or_else(|e| e.into_inner());
        map.get(path) == Some(&fp)
    }

    fn record(&self, path: &str, fp: u128) {
        let mut map = self.next.lock().unwrap_or_else(|e| e.into_inner());
        map.insert(path.to_string(), fp);
    }

    /// `path` is kept as published without being looked at (a pages-first build leaves it
    /// for later): its published fingerprint carries over.
    pub fn carry(&self, path: &str) {
        let fp = self
            .published
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .get(path)
            .copied();
        if let Some(fp) = fp {
            self.record(path, fp);
        }
    }

    /// Start a build: what an earlier build that failed recorded is dropped.
    pub fn begin(&self) {
        self.next.lock().unwrap_or_else(|e| e.into_inner()).clear();
    }

    /// This build's pages are now the published ones.
    pub fn published(&self) {
        let next = std::mem::take(&mut *self.next.lock().unwrap_or_else(|e| e.into_inner()));
        *self.published.write().unwrap_or_else(|e| e.into_inner()) = next;
    }

    /// Nothing is known of the published site (it may hold parts of a failed commit).
    pub fn forget(&self) {
        self.published
            .write()
            .unwrap_or_else(|e| e.into_inner())
            .clear();
        self.begin();
    }
}

/// An entry of the site's main navigation.
#[derive(Debug, Clone, Serialize)]
pub struct NavItem {
    pub label: String,
    /// Root-relative URL, e.g. `units/`.
    pub url: String,
}

/// Everything pages are rendered from. Borrowed: pages take from it what they show.
pub struct Site<'a> {
    pub config: &'a Config,
    /// Absolute, ends with `/`.
    pub base_url: String,
    pub plans: &'a [Plan],
    /// Earlier versions of revised plans (their histories are in `graph.histories`).
    pub versions: &'a [Plan],
    pub graph: &'a SiteGraph,
    pub pages: &'a [Page],
    /// Each free page's body as HTML ([`pages::page_html`]), in the order of `pages`.
    pub page_html: &'a [String],
    /// Main navigation; modules that add a section of the site add its entry here.
    pub nav: Vec<NavItem>,
    /// Whether the search index is built (`--no-search` turns it off).
    pub search: bool,
}

impl Site<'_> {
    /// Absolute URL of a root-relative URL, for canonical links, sitemap and feed.
    pub fn absolute(&self, url: &str) -> String {
        format!("{}{}", self.base_url, url)
    }

    /// Path part of the base URL (`/ghjh/`), for the 404 page, which a server shows at any
    /// depth and so cannot link relatively.
    pub fn base_path(&self) -> String {
        let rest = self
            .base_url
            .split_once("://")
            .map(|(_, r)| r)
            .unwrap_or(&self.base_url);
        // One leading slash even for `https://host//x/`: `//x/` would load from host `x`.
        match rest.find('/') {
            Some(i) => format!("/{}", rest[i..].trim_start_matches('/')),
            None => "/".to_string(),
        }
    }
}

/// Where files too large to hold are written as they are made (the site-wide data files):
/// `write::Output` in a build, [`Memory`] in tests.
pub trait Sink: Sync {
    /// Write the file `rel` from what `fill` writes; returns its size in bytes.
    fn stream(
        &self,
        rel: &str,
        fill: &mut dyn FnMut(&mut dyn std::io::Write) -> Result<()>,
    ) -> Result<u64>;
}

/// A sink keeping the files in memory.
#[derive(Debug, Default)]
pub struct Memory(std::sync::Mutex<Vec<Rendered>>);

impl Memory {
    pub fn into_files(self) -> Vec<Rendered> {
        self.0.into_inner().unwrap_or_else(|e| e.into_inner())
    }
}

impl Sink for Memory {
    fn stream(
        &self,
        rel: &str,
        fill: &mut dyn FnMut(&mut dyn std::io::Write) -> Result<()>,
    ) -> Result<u64> {
        let mut bytes = Vec::new();
        fill(&mut bytes)?;
        let n = bytes.len() as u64;
        self.0
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(Rendered {
                path: rel.to_string(),
                bytes,
                in_sitemap: false,
                kept: false,
            });
        Ok(n)
    }
}

/// A page producer: run in parallel with the others, returns its files in a fixed order.
pub type Job<'a> = Box<dyn Fn(&Renderer, &Site) -> Result<Vec<Rendered>> + Send + Sync + 'a>;

/// What a job's pages show: the part of the site an edit must touch for them to change.
/// `planpress serve` renders after an edit of a plan's text only the jobs of the plan, its
/// county, the departments and years it feeds, and the pages over the whole site.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Scope {
    /// Pages over every plan (home, indexes, feed, free pages): rendered at every build.
    Site,
    /// One plan's own pages (and those of its earlier versions), by slug.
    Plan(String),
    /// A county's page and its offices' pages, by county name.
    County(String),
    /// A department category's page, by slug.
    Department(String),
    Year(i32),
}

/// The default theme, embedded. Modules that add pages add their templates here.
pub const TEMPLATES: &[(&str, &str)] = &[
    (
        "base.html",
        include_str!("../../themes/default/templates/base.html"),
    ),
    (
        "macros.html",
        include_str!("../../themes/default/templates/macros.html"),
    ),
    (
        "home.html",
        include_str!("../../themes/default/templates/home.html"),
    ),
    (
        "plan.html",
        include_str!("../../themes/default/templates/plan.html"),
    ),
    (
        "clause.html",
        include_str!("../../themes/default/templates/clause.html"),
    ),
    (
        "tasks.html",
        include_str!("../../themes/default/templates/tasks.html"),
    ),
    (
        "page.html",
        include_str!("../../themes/default/templates/page.html"),
    ),
    (
        "404.html",
        include_str!("../../themes/default/templates/404.html"),
    ),
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
    (
        "search.html",
        include_str!("../../themes/default/templates/search.html"),
    ),
    (
        "changes.html",
        include_str!("../../themes/default/templates/changes.html"),
    ),
    (
        "moved.html",
        include_str!("../../themes/default/templates/moved.html"),
    ),
    (
        "data.html",
        include_str!("../../themes/default/templates/data.html"),
    ),
];

/// Static assets of the default theme, written under `static/`. A file of the same name in
/// the site's `static/` folder replaces one; other files there are copied as well.
pub const STATIC: &[(&str, &str)] = &[
    (
        "site.css",
        include_str!("../../themes/default/static/site.css"),
    ),
    (
        "site.js",
        include_str!("../../themes/default/static/site.js"),
    ),
    (
        "graph.css",
        include_str!("../../themes/default/static/graph.css"),
    ),
    (
        "favicon.svg",
        include_str!("../../themes/default/static/favicon.svg"),
    ),
    (
        "search.js",
        include_str!("../../themes/default/static/search.js"),
    ),
    (
        "search.css",
        include_str!("../../themes/default/static/search.css"),
    ),
];

/// The site's main navigation: all plans, the sections across plans, then the free pages
/// (`pages`: their slugs and titles, in order).
pub fn nav<'a>(pages: impl IntoIterator<Item = (&'a str, &'a str)>) -> Vec<NavItem> {
    [
        ("全部规划", ""),
        ("责任单位", links::UNITS),
        ("部门类别", links::DEPARTMENTS),
        ("时间表", links::TIMELINE),
        ("目标指标", links::TARGETS),
    ]
    .into_iter()
    .map(|(label, url)| NavItem {
        label: label.into(),
        url: url.into(),
    })
    .chain(pages.into_iter().map(|(slug, title)| NavItem {
        label: title.into(),
        url: format!("{slug}/"),
    }))
    .collect()
}

/// Every page of the site, as jobs in output order. Offices are rendered a county per job
/// and years a year per job, so a large site spreads over the cores.
pub fn jobs<'a>(site: &Site<'a>) -> Vec<(Scope, Job<'a>)> {
    let g = site.graph;
    let mut jobs = pages::jobs(site);
    let mut add = |scope: Scope, job: Job<'a>| jobs.push((scope, job));
    add(
        Scope::Site,
        Box::new(|r, s| Ok(vec![offices::units_index(r, s)?])),
    );
    add(
        Scope::Site,
        Box::new(|r, s| Ok(vec![offices::departments_index(r, s)?])),
    );
    add(
        Scope::Site,
        Box::new(|r, s| Ok(vec![timeline::timeline_index(r, s)?])),
    );
    add(
        Scope::Site,
        Box::new(|r, s| Ok(vec![targets::targets_index(r, s)?])),
    );
    for (i, c) in g.counties.iter().enumerate() {
        add(
            Scope::County(c.name.clone()),
            Box::new(move |r, s| {
                let c = &s.graph.counties[i];
                std::iter::once(offices::county_page(r, s, c))
                    .chain(
                        s.graph
                            .offices
                            .range((c.name.clone(), String::new())..)
                            .take_while(|((county, _), _)| county == &c.name)
                            .map(|(_, o)| offices::office_page(r, s, o)),
                    )
                    .chain(data::office_calendars(s, c).into_iter().map(Ok))
                    .collect()
            }),
        );
    }
    for (i, d) in g.departments.iter().enumerate() {
        add(
            Scope::Department(d.slug.clone()),
            Box::new(move |r, s| {
                Ok(vec![offices::department_page(
                    r,
                    s,
                    &s.graph.departments[i],
                )?])
            }),
        );
    }
    for &y in g.by_year.keys() {
        add(
            Scope::Year(y),
            Box::new(move |r, s| Ok(vec![timeline::year_page(r, s, &s.graph.by_year[&y])?])),
        );
    }
    for (i, t) in g.plan_timelines.iter().enumerate() {
        add(
            Scope::Plan(t.plan.slug.clone()),
            Box::new(move |r, s| {
                Ok(vec![
                    timeline::plan_timeline_page(r, s, &s.graph.plan_timelines[i])?,
                    targets::plan_targets_page(r, s, &s.graph.plan_targets[i])?,
                ])
            }),
        );
    }
    if site.search {
        add(Scope::Site, Box::new(|r, s| Ok(vec![search::page(r, s)?])));
    }
    // Open data: each plan's own files (the site-wide ones stream: `data::site_files`).
    for (i, p) in site.plans.iter().enumerate() {
        add(
            Scope::Plan(p.slug.clone()),
            Box::new(move |_, s| data::plan_files(s, &s.plans[i])),
        );
    }
    // Revised plans: the change page, the pages at numbers that changed meaning, and each
    // earlier version frozen under `v/<n>/`.
    for (i, p) in site.plans.iter().enumerate() {
        if !g.histories.contains_key(&p.slug) {
            continue;
        }
        add(
            Scope::Plan(p.slug.clone()),
            Box::new(move |r, s| {
                let p = &s.plans[i];
                let h = &s.graph.histories[&p.slug];
                let actions: std::collections::BTreeSet<&str> =
                    p.actions().into_iter().map(|n| n.id.as_str()).collect();
                let mut out = vec![revisions::changes_page(r, s, h, &p.title)?];
                out.extend(revisions::moved_pages(r, s, h, &p.title, &actions)?);
                Ok(out)
            }),
        );
    }
    for (k, v) in site.versions.iter().enumerate() {
        add(
            Scope::Plan(v.slug.clone()),
            Box::new(move |r, s| {
                let v = &s.versions[k];
                let n = v.meta.version.max(1);
                let mut kept = v.clone();
                kept.slug = links::version_slug(&v.slug, n);
                let era = pages::Era::Former {
                    slug: &v.slug,
                    version: n,
                };
                let mut out = vec![
                    pages::plan_page_of(r, s, &kept, era)?,
                    pages::tasks_page(r, s, &kept)?,
                ];
                out.extend(pages::clause_pages_of(r, s, &kept, era)?);
                Ok(out)
            }),
        );
    }
    jobs
}

/// HTML-escape text (`& < > " '`). Tera's autoescape uses it too, so `/` stays readable in
/// URLs. Characters XML 1.0 does not allow ([`is_forbidden_char`]) are left out, so the result
/// is valid HTML text and valid XML text or attribute value (feed, sitemap) for any input.
pub fn escape_html(s: &str) -> String {
    let mut o = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '&' => o.push_str("&amp;"),
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '"' => o.push_str("&quot;"),
            '\'' => o.push_str("&#39;"),
            c if is_forbidden_char(c) => {}
            _ => o.push(c),
        }
    }
    o
}

/// Characters no output may carry: C0 controls other than tab, line feed and carriage return
/// (HTML forbids them, XML 1.0 cannot hold them even escaped) and the noncharacters U+FFFE,
/// U+FFFF (not XML 1.0 characters). Lone surrogates cannot occur in a Rust string.
pub fn is_forbidden_char(c: char) -> bool {
    matches!(c, '\0'..='\u{8}' | '\u{b}' | '\u{c}' | '\u{e}'..='\u{1f}' | '\u{fffe}' | '\u{ffff}')
}

/// JSON for a `<script type="application/ld+json">`: `<`, `>` and `&` escaped as `\u003c`…
/// so no content can close the script element; the noncharacters U+FFFE, U+FFFF escaped too
/// (serde_json escapes control characters), so the page holds no character HTML forbids.
pub fn json_for_script<T: Serialize>(v: &T) -> Result<String> {
    let s = serde_json::to_string(v).context("serialising JSON-LD")?;
    Ok(s.replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
        .replace('\u{fffe}', "\\ufffe")
        .replace('\u{ffff}', "\\uffff"))
}

/// Compiled templates.
pub struct Renderer {
    tera: tera::Tera,
    /// Fingerprint of the template files (names and texts), part of every page's.
    templates: u128,
    memo: Option<std::sync::Arc<Memo>>,
}

/// Context values every page gets.
#[derive(Serialize)]
struct Common<'a> {
    site: SiteView<'a>,
    /// Prefix back to the root (`../../`), for assets and links in templates.
    root: String,
    canonical: String,
    page_title: &'a str,
    nav: Vec<NavLink>,
    /// Root-relative URL of this page.
    url: &'a str,
    /// The stylesheet of the pages across plans, beside `site.css`.
    graph_css: String,
}

#[derive(Serialize)]
struct SiteView<'a> {
    title: &'a str,
    language: &'a str,
    footer: &'a str,
    description: &'a str,
    home: String,
    css: String,
    js: String,
    /// The open-data page (footer link).
    data: String,
    search: bool,
}

#[derive(Serialize)]
struct NavLink {
    label: String,
    href: String,
    current: bool,
}

impl Renderer {
    /// Compile the embedded theme (`theme`: this module's [`TEMPLATES`] and those of the
    /// other page modules) with the site's overrides from `site_root/templates/`.
    pub fn new(site_root: &Path, theme: &[&[(&str, &str)]]) -> Result<Renderer> {
        let mut list: Vec<(String, String)> = theme
            .iter()
            .flat_map(|l| l.iter())
            .map(|(n, s)| (n.to_string(), s.to_string()))
            .collect();
        let dir = site_root.join("templates");
        if dir.is_dir() {
            let mut files: Vec<_> = std::fs::read_dir(&dir)
                .with_context(|| format!("failed to list {}", dir.display()))?
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.is_file())
                .collect();
            files.sort();
            for f in files {
                let name = f
                    .file_name()
                    .and_then(|n| n.to_str())
                    .with_context(|| format!("{}: template name is not UTF-8", f.display()))?
                    .to_string();
                let text = std::fs::read_to_string(&f)
                    .with_context(|| format!("failed to read {}", f.display()))?;
                match list.iter_mut().find(|(n, _)| *n == name) {
                    Some(slot) => slot.1 = text,
                    None => list.push((name, text)),
                }
            }
        }
        let mut all = Vec::new();
        for (n, t) in &list {
            for part in [n, t] {
                all.extend_from_slice(&(part.len() as u64).to_le_bytes());
                all.extend_from_slice(part.as_bytes());
            }
        }
        let templates = crate::content::fingerprint(&all);
        let mut tera = tera::Tera::default();
        tera.autoescape_on(vec![".html", ".xml"]);
        tera.set_escape_fn(escape_html);
        tera.add_raw_templates(list.iter().map(|(n, s)| (n.as_str(), s.as_str())))
            .map_err(|e| anyhow::anyhow!("{}", tera_error(&e)))
            .with_context(|| format!("templates (theme and {})", dir.display()))?;
        Ok(Renderer {
            tera,
            templates,
            memo: None,
        })
    }

    /// The fingerprint of the templates (names and texts).
    pub fn templates_fingerprint(&self) -> u128 {
        self.templates
    }

    /// Leave unrendered the pages whose inputs `memo` saw published ([`Rendered::kept`]),
    /// and record this build's.
    pub fn with_memo(mut self, memo: std::sync::Arc<Memo>) -> Renderer {
        self.memo = Some(memo);
        self
    }

    /// Render an HTML page at root-relative `url` (`plans/x/`, or a file like `404.html`)
    /// with `template`; `view` is the page's own context (its fields become top-level
    /// variables), to which the common ones (`site`, `root`, `canonical`, `nav`, …) are added.
    pub fn page<T: Serialize>(
        &self,
        site: &Site,
        url: &str,
        template: &str,
        title: &str,
        view: &T,
    ) -> Result<Rendered> {
        let root = if url == "404.html" {
            site.base_path()
        } else {
            root_of(url)
        };
        let root = root.as_str();
        let common = Common {
            site: SiteView {
                title: &site.config.title,
                language: &site.config.language,
                footer: &site.config.footer,
                description: &site.config.description,
                home: href(root, ""),
                css: href(root, "static/site.css"),
                js: href(root, "static/site.js"),
                data: href(root, links::DATA),
                search: site.search,
            },
            root: root.to_string(),
            canonical: site.absolute(url),
            page_title: title,
            nav: site
                .nav
                .iter()
                .map(|n| NavLink {
                    label: n.label.clone(),
                    href: href(root, &n.url),
                    current: !n.url.is_empty() && url.starts_with(&n.url),
                })
                .collect(),
            url,
            graph_css: href(root, "static/graph.css"),
        };
        let path = if url.is_empty() || url.ends_with('/') {
            format!("{url}index.html")
        } else {
            url.to_string()
        };
        let in_sitemap = url != "404.html";
        let fp = match &self.memo {
            Some(memo) => {
                let inputs = (format!("{:x}", self.templates), template, &common, view);
                let json = serde_json::to_vec(&inputs)
                    .with_context(|| format!("{url}: building the template context"))?;
                let fp = crate::content::fingerprint(&json);
                if memo.same(&path, fp) {
                    memo.record(&path, fp);
                    return Ok(Rendered {
                        path,
                        bytes: Vec::new(),
                        in_sitemap,
                        kept: true,
                    });
                }
                Some((memo, fp))
            }
            None => None,
        };
        let mut ctx = tera::Context::from_serialize(view)
            .with_context(|| format!("{url}: building the template context"))?;
        ctx.extend(
            tera::Context::from_serialize(&common)
                .with_context(|| format!("{url}: building the template context"))?,
        );
        let html = self
            .tera
            .render(template, &ctx)
            .map_err(|e| anyhow::anyhow!("{url}: {}", tera_error(&e)))?;
        if let Some((memo, fp)) = fp {
            memo.record(&path, fp);
        }
        Ok(Rendered {
            path,
            bytes: html.into_bytes(),
            in_sitemap,
            kept: false,
        })
    }
}

/// Tera's error with its causes on one line (the cause says which variable or line).
fn tera_error(e: &tera::Error) -> String {
    let mut s = e.to_string();
    let mut src = std::error::Error::source(e);
    while let Some(c) = src {
        s.push_str(": ");
        s.push_str(&c.to_string());
        src = c.source();
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_leaves_out_what_html_and_xml_cannot_hold() {
        assert_eq!(
            escape_html("a\0b\x01c\x08\x0b\x0c\x1f\u{fffe}\u{ffff}d"),
            "abcd"
        );
        assert_eq!(escape_html("\t\n\r"), "\t\n\r");
        assert_eq!(
            escape_html("<a href='x'>&\"]]>"),
            "&lt;a href=&#39;x&#39;&gt;&amp;&quot;]]&gt;"
        );
        assert_eq!(
            escape_html("\u{7f}\u{85}\u{fffd}𝕏"),
            "\u{7f}\u{85}\u{fffd}𝕏"
        );
    }

    #[test]
    fn base_path_has_one_leading_slash() {
        let config = Config::default_for_test();
        let graph = SiteGraph::default();
        let site = |base: &str| Site {
            config: &config,
            base_url: base.into(),
            plans: &[],
            versions: &[],
            graph: &graph,
            pages: &[],
            page_html: &[],
            nav: vec![],
            search: false,
        };
        assert_eq!(site("https://example.org/").base_path(), "/");
        assert_eq!(site("https://example.org").base_path(), "/");
        assert_eq!(site("https://example.org/ghjh/").base_path(), "/ghjh/");
        assert_eq!(
            site("https://example.org//evil.example/").base_path(),
            "/evil.example/"
        );
    }

    #[test]
    fn json_cannot_close_script() {
        let text = "</script><script>x()</script>&\0\x01\u{fffe}\u{ffff}";
        let s = json_for_script(&serde_json::json!({ "a": text })).unwrap();
        assert!(!s.contains("</script"), "{s}");
        assert!(!s.chars().any(is_forbidden_char), "{s:?}");
        let back: serde_json::Value = serde_json::from_str(&s).unwrap();
        assert_eq!(back["a"], text);
    }
}
