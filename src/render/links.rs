//! The site's URL scheme, in one place: where every page lives, and links between pages.
//!
//! Every page is a folder with an `index.html`, named by a root-relative URL with a trailing
//! slash:
//! - `plans/<slug>/`, clause `plans/<slug>/<id>/`, anchor `plans/<slug>/#<id>`, task table
//!   `plans/<slug>/tasks/`, time axis `plans/<slug>/timeline/`, targets `plans/<slug>/targets/`
//! - a revised plan: `plans/<slug>/changes/`, earlier version `n` at `plans/<slug>/v/<n>/`
//!   (its clause pages under it)
//! - `units/`, county `units/<county-slug>/`, office `units/<county-slug>/<office-slug>/`
//! - `departments/`, `departments/<category>/`
//! - `timeline/`, `timeline/<year>/`
//! - `targets/`, `search/`
//! - open data under `data/` (page `data/`, files `data/<name>`, a plan's JSON
//!   `data/plans/<slug>.json`); calendars `data/calendar.ics`, `plans/<slug>/calendar.ics`,
//!   `units/<county-slug>/<office-slug>/calendar.ics`
//!
//! Links inside a page are relative to it and name the file ([`href`]:
//! `../../plans/x/index.html#2-1-5`), the one form that works at a server's root, under a
//! sub-path (`/ghjh/`) and from disk (`file://`, where folders do not resolve to
//! `index.html`). Views make them once, when they are built for their page ([`Links`]);
//! templates only print them. Canonical URLs, the sitemap and the feed use the absolute form.

pub const UNITS: &str = "units/";
pub const DEPARTMENTS: &str = "departments/";
pub const TIMELINE: &str = "timeline/";
pub const TARGETS: &str = "targets/";
pub const SEARCH: &str = "search/";
/// The open-data page, listing every data file.
pub const DATA: &str = "data/";

/// A site-wide data file (`plans.json`, `tasks.csv`, `calendar.ics`, …).
pub fn data_file(name: &str) -> String {
    format!("data/{name}")
}

/// One plan's data as JSON (the shape of `data/plans.json`, holding that plan).
pub fn plan_data(slug: &str) -> String {
    format!("data/plans/{slug}.json")
}

/// One plan's deadlines as an iCalendar file, beside its page.
pub fn plan_calendar(slug: &str) -> String {
    format!("plans/{slug}/calendar.ics")
}

/// One office's deadlines as an iCalendar file, beside its page.
pub fn office_calendar(county_slug: &str, slug: &str) -> String {
    format!("units/{county_slug}/{slug}/calendar.ics")
}

pub fn plan(slug: &str) -> String {
    format!("plans/{slug}/")
}

pub fn clause(slug: &str, id: &str) -> String {
    format!("plans/{slug}/{id}/")
}

/// A clause, table or row in the full plan text.
pub fn anchor(slug: &str, id: &str) -> String {
    format!("plans/{slug}/#{id}")
}

pub fn tasks(slug: &str) -> String {
    format!("plans/{slug}/tasks/")
}

/// The change page of a revised plan.
pub fn changes(slug: &str) -> String {
    format!("plans/{slug}/changes/")
}

/// Where an earlier version `n` of a plan is kept, as a slug: its pages are those of a plan
/// (`plans/<slug>/v/<n>/`, clause pages under it).
pub fn version_slug(slug: &str, n: u32) -> String {
    format!("{slug}/v/{n}")
}

pub fn plan_timeline(slug: &str) -> String {
    format!("plans/{slug}/timeline/")
}

pub fn plan_targets(slug: &str) -> String {
    format!("plans/{slug}/targets/")
}

pub fn year(y: i32) -> String {
    format!("timeline/{y}/")
}

pub fn county(slug: &str) -> String {
    format!("units/{slug}/")
}

/// An office's page; empty when the office has no page (no slug).
pub fn office(county_slug: &str, slug: &str) -> String {
    if slug.is_empty() {
        String::new()
    } else {
        format!("units/{county_slug}/{slug}/")
    }
}

pub fn department(slug: &str) -> String {
    format!("departments/{slug}/")
}

/// The prefix from a page at root-relative `url` back to the site root: `plans/x/` → `../../`.
/// A file URL (`404.html`) sits at its folder's depth.
pub fn root_of(url: &str) -> String {
    "../".repeat(url.matches('/').count())
}

/// Relative link from a page whose root prefix is `root` to root-relative `target`
/// (`plans/x/#2-1` → `../../plans/x/index.html#2-1`).
pub fn href(root: &str, target: &str) -> String {
    let (path, frag) = match target.find('#') {
        Some(i) => target.split_at(i),
        None => (target, ""),
    };
    let file = if path.is_empty() || path.ends_with('/') {
        format!("{path}index.html")
    } else {
        path.to_string()
    };
    format!("{root}{file}{frag}")
}

/// Links from one page: every view of the page is built with it.
pub struct Links {
    root: String,
}

impl Links {
    /// Links from the page at root-relative `url`.
    pub fn from(url: &str) -> Links {
        Links { root: root_of(url) }
    }

    /// Links from a page whose prefix back to the root is `root` (`../../`).
    pub fn at_root(root: &str) -> Links {
        Links {
            root: root.to_string(),
        }
    }

    /// The relative link to root-relative `target`; empty stays empty (no page to link).
    pub fn to(&self, target: &str) -> String {
        if target.is_empty() {
            String::new()
        } else {
            href(&self.root, target)
        }
    }

    pub fn root(&self) -> &str {
        &self.root
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_links_name_the_file() {
        assert_eq!(root_of(""), "");
        assert_eq!(root_of("plans/x/"), "../../");
        assert_eq!(root_of("plans/x/2-1/"), "../../../");
        assert_eq!(
            href("../../", "plans/y/#2-1"),
            "../../plans/y/index.html#2-1"
        );
        assert_eq!(href("../", ""), "../index.html");
        assert_eq!(href("", "static/site.css"), "static/site.css");
        let l = Links::from(&office("jing-yuan-xian", "jiao-yu-ju"));
        assert_eq!(l.to(&year(2025)), "../../../timeline/2025/index.html");
        assert_eq!(l.to(&office("c", "")), "");
    }
}
