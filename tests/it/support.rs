//! Helpers shared by the site tests: build a fixture into a temp folder, read the output,
//! check links; the fixture site built once per test run for the tests that only read it.
#![allow(dead_code)]

use planpress::build::{build, BuildOptions, BuildReport};
use regex::Regex;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

pub fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/site")
}

/// The project's sample site: the repository root, whose `content/plans` holds the five
/// seeds (`seeds/*.txt`) imported. Fails, naming what is missing, when it does not: a test of
/// the sample site must never pass by having nothing to test.
pub fn sample_root() -> &'static Path {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let plans = root.join("content/plans");
    assert!(
        plans.is_dir(),
        "{} is missing: the sample site is the five seeds imported (`cargo run -- import seeds/`)",
        plans.display()
    );
    let mut md: Vec<String> = std::fs::read_dir(&plans)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".md"))
        .collect();
    md.sort();
    assert_eq!(
        md.len(),
        5,
        "{} should hold the five sample plans, one per seed; it holds {md:?}",
        plans.display()
    );
    root
}

/// Copy a folder tree (to build a fixture from a writable place or to alter it).
pub fn copy_tree(from: &Path, to: &Path) {
    for e in walkdir::WalkDir::new(from) {
        let e = e.unwrap();
        let rel = e.path().strip_prefix(from).unwrap();
        let dest = to.join(rel);
        if e.file_type().is_dir() {
            std::fs::create_dir_all(&dest).unwrap();
        } else {
            std::fs::copy(e.path(), &dest).unwrap();
        }
    }
}

pub fn build_into(root: &Path, out: &Path, minify: bool) -> anyhow::Result<BuildReport> {
    let mut o = BuildOptions::new(root, out);
    o.minify = minify;
    build(&o)
}

/// A site built once and kept in memory: its report and every file it wrote. The output
/// folder is gone by the time a test sees it, so no test can change what another reads.
pub struct Built {
    pub report: BuildReport,
    /// Relative path → bytes, sorted.
    pub files: BTreeMap<String, Vec<u8>>,
}

impl Built {
    fn new(opts: &BuildOptions) -> Built {
        let report = build(opts).unwrap();
        let files = read_tree(&opts.root.join(&opts.out));
        Built { report, files }
    }

    /// A file of the site as text; panics naming it when it is missing.
    pub fn text(&self, path: &str) -> &str {
        let bytes = self
            .files
            .get(path)
            .unwrap_or_else(|| panic!("the site has no {path}"));
        std::str::from_utf8(bytes).unwrap_or_else(|e| panic!("{path}: {e}"))
    }

    /// Write the site into `dir` (a test that alters its output works on such a copy).
    pub fn write_to(&self, dir: &Path) {
        for (rel, bytes) in &self.files {
            let p = dir.join(rel);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, bytes).unwrap();
        }
    }
}

/// Build the fixture site with options set by `edit`, into a temp folder removed afterwards.
fn build_fixture(edit: impl FnOnce(&mut BuildOptions)) -> Built {
    let dir = tempfile::tempdir().unwrap();
    let mut o = BuildOptions::new(fixture(), dir.path().join("public"));
    edit(&mut o);
    Built::new(&o)
}

/// The fixture site as `planpress build` writes it (minified), built once per test run.
pub fn fixture_site() -> &'static Built {
    static SITE: OnceLock<Built> = OnceLock::new();
    SITE.get_or_init(|| build_fixture(|_| {}))
}

/// The fixture site built with `--no-minify` (the templates' line breaks kept: readable
/// substrings and snapshots), once per test run.
pub fn fixture_site_unminified() -> &'static Built {
    static SITE: OnceLock<Built> = OnceLock::new();
    SITE.get_or_init(|| build_fixture(|o| o.minify = false))
}

/// The sample site (the five seeds, [`sample_root`]) built with `--no-minify`, once per test
/// run: what the facts of the seeds are checked on, page by page.
pub fn sample_site() -> &'static Built {
    static SITE: OnceLock<Built> = OnceLock::new();
    SITE.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let mut o = BuildOptions::new(sample_root().to_path_buf(), dir.path().join("public"));
        o.minify = false;
        Built::new(&o)
    })
}

/// The base URL of [`fixture_site_at_sub_path`]: a site published below a host's root.
pub const SUB_PATH_BASE: &str = "https://gov.example.cn/ghjh/jy";

/// The fixture site built with `--base-url` [`SUB_PATH_BASE`] and `--no-minify`, once per
/// test run.
pub fn fixture_site_at_sub_path() -> &'static Built {
    static SITE: OnceLock<Built> = OnceLock::new();
    SITE.get_or_init(|| {
        build_fixture(|o| {
            o.base_url = Some(SUB_PATH_BASE.into());
            o.minify = false;
        })
    })
}

/// Every file of a folder: relative path → bytes, sorted.
pub fn read_tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut m = BTreeMap::new();
    for e in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let e = e.unwrap();
        if e.file_type().is_file() {
            let rel = e
                .path()
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            m.insert(rel, std::fs::read(e.path()).unwrap());
        }
    }
    m
}

/// Attribute values of `name` in HTML, quoted or not (minified output drops quotes).
pub fn attr_values(html: &str, name: &str) -> Vec<String> {
    let re = Regex::new(&format!(
        r#"(?:\s|^){name}=(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+))"#
    ))
    .unwrap();
    re.captures_iter(html)
        .map(|c| {
            let v = c
                .get(1)
                .or_else(|| c.get(2))
                .or_else(|| c.get(3))
                .map(|m| m.as_str())
                .unwrap_or("");
            decode(v)
        })
        .collect()
}

/// Decode the few entities URLs and ids can carry.
fn decode(s: &str) -> String {
    s.replace("&amp;", "&")
        .replace("&#39;", "'")
        .replace("&quot;", "\"")
}

/// Check every internal `href`/`src` in every HTML page: the file exists (a folder link
/// would not open from disk, so links must name a file) and its `#fragment` is an id there.
/// Returns the problems found.
pub fn check_links(dir: &Path) -> Vec<String> {
    check_links_in(&read_tree(dir))
}

/// [`check_links`] over a site's files in memory (a [`Built`]'s `files`).
pub fn check_links_in(files: &BTreeMap<String, Vec<u8>>) -> Vec<String> {
    let mut ids: BTreeMap<&str, BTreeSet<String>> = BTreeMap::new();
    for (path, bytes) in files {
        if path.ends_with(".html") {
            let html = String::from_utf8_lossy(bytes);
            ids.insert(path, attr_values(&html, "id").into_iter().collect());
        }
    }
    let mut problems = Vec::new();
    for (path, bytes) in files {
        // The 404 page links from the base path: a server shows it at any depth.
        if !path.ends_with(".html") || path == "404.html" {
            continue;
        }
        let html = String::from_utf8_lossy(bytes);
        let mut links = attr_values(&html, "href");
        links.extend(attr_values(&html, "src"));
        for link in links {
            if link.starts_with("http://")
                || link.starts_with("https://")
                || link.starts_with("mailto:")
            {
                continue;
            }
            if link.starts_with('/') || link.contains("://") {
                problems.push(format!("{path}: link `{link}` is not relative"));
                continue;
            }
            let (target, frag) = match link.split_once('#') {
                Some((t, f)) => (t, f),
                None => (link.as_str(), ""),
            };
            let resolved = if target.is_empty() {
                path.clone()
            } else {
                let base = Path::new(path).parent().unwrap_or(Path::new(""));
                match normalise(&base.join(target)) {
                    Some(p) => p,
                    None => {
                        problems.push(format!("{path}: link `{link}` leaves the site"));
                        continue;
                    }
                }
            };
            if !files.contains_key(&resolved) {
                problems.push(format!("{path}: link `{link}` → missing file {resolved}"));
                continue;
            }
            if !frag.is_empty() {
                let ok = ids.get(resolved.as_str()).is_some_and(|s| s.contains(frag));
                if !ok {
                    problems.push(format!(
                        "{path}: link `{link}` → no id `{frag}` in {resolved}"
                    ));
                }
            }
        }
    }
    problems
}

fn normalise(p: &Path) -> Option<String> {
    let mut parts: Vec<String> = Vec::new();
    for c in p.components() {
        match c {
            std::path::Component::ParentDir => {
                parts.pop()?;
            }
            std::path::Component::Normal(s) => parts.push(s.to_string_lossy().into_owned()),
            _ => {}
        }
    }
    Some(parts.join("/"))
}
