//! Load stage: read the site's `content/` folder into documents.
//!
//! Layout: `content/plans/*.md` (one plan each, its current text, see `crate::content`),
//! `content/versions/<slug>/<n>.md` (the earlier texts of a revised plan, kept as they were
//! published), `content/pages/*.md` (free pages), `content/units.yaml` (office aliases per
//! county), `content/departments.yaml` (department categories, [`departments`]). Files are
//! read in sorted order so the build is deterministic; every error names the file and line.

pub mod departments;

pub use departments::{Category, Departments};

use crate::content::{self, VERSIONS_DIR};
use crate::doc::Aliases;
use crate::doc::Document;
use anyhow::{Context, Result};
use rayon::prelude::*;
use std::path::{Path, PathBuf};

/// A free page from `content/pages/`.
#[derive(Debug, Clone)]
pub struct Page {
    pub slug: String,
    pub title: String,
    /// Markdown body.
    pub body: String,
    pub file: PathBuf,
    /// Line of the file the body starts on (1-based), so a warning about the body names the
    /// file's line.
    pub body_line: usize,
}

/// The record of published county and office slugs, in `content/`.
pub const URLS_FILE: &str = "urls.yaml";

/// Everything read from `content/`.
#[derive(Debug, Default)]
pub struct Loaded {
    pub docs: Vec<(PathBuf, Document)>,
    /// Earlier versions of revised plans (`content/versions/`), by slug, then version.
    pub versions: Vec<(PathBuf, Document)>,
    pub pages: Vec<Page>,
    pub aliases: Aliases,
    /// Department categories (`content/departments.yaml`; none when it is missing).
    pub departments: Departments,
    /// County and office slugs already published (`content/urls.yaml`).
    pub urls: crate::slug::Record,
    /// `file:line: what was mended` while reading (control characters removed, …).
    pub warnings: Vec<String>,
    /// The fingerprint of each plan file's text (current and earlier versions), for caches
    /// keyed by content (`model::Cache`).
    pub fingerprints: std::collections::HashMap<PathBuf, u128>,
    /// The fingerprint of the other files that shape pages (free pages, `units.yaml`,
    /// `departments.yaml`; `urls.yaml` is compared as the slugs it gives).
    pub others: u128,
}

/// Plan files parsed by an earlier load, by path with their text's fingerprint
/// (`planpress serve` keeps it between rebuilds): a file whose text is unchanged is not
/// parsed again.
#[derive(Debug, Default)]
pub struct Cache(std::sync::Mutex<std::collections::HashMap<PathBuf, (u128, content::Parsed)>>);

impl Cache {
    fn get(&self, f: &Path, fp: u128) -> Option<content::Parsed> {
        let map = self.0.lock().unwrap_or_else(|e| e.into_inner());
        map.get(f).filter(|(k, _)| *k == fp).map(|(_, p)| p.clone())
    }

    fn put(&self, f: &Path, fp: u128, p: &content::Parsed) {
        let mut map = self.0.lock().unwrap_or_else(|e| e.into_inner());
        map.insert(f.to_path_buf(), (fp, p.clone()));
    }

    /// Forget the files not in `keep` (deleted since).
    fn retain(&self, keep: &std::collections::HashMap<PathBuf, u128>) {
        let mut map = self.0.lock().unwrap_or_else(|e| e.into_inner());
        map.retain(|f, _| keep.contains_key(f));
    }
}

/// What to do instead of a symlink leading out of the site.
const COPY_IN: &str = "copy the file into the site instead";

/// The `*.md` files under `dir`, sorted. A symlink is read when it points to a file inside
/// the site root (`root`); one pointing elsewhere, or to a folder, is an error naming it,
/// never skipped without a word.
fn sorted_md(dir: &Path, root: &Path) -> Result<Vec<PathBuf>> {
    if !dir.exists() {
        return Ok(vec![]);
    }
    let mut files = Vec::new();
    for e in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let e = e.with_context(|| format!("failed to list {}", dir.display()))?;
        let is_md = e.path().extension().is_some_and(|x| x == "md");
        if e.path_is_symlink() {
            inside_root(e.path(), root, COPY_IN)?;
            if !e.path().is_file() {
                anyhow::bail!(
                    "{}: a symlink to a folder; folders under content/ are read only when they are real folders",
                    e.path().display()
                );
            }
            if is_md {
                files.push(e.path().to_path_buf());
            }
        } else if e.file_type().is_file() && is_md {
            files.push(e.path().to_path_buf());
        }
    }
    Ok(files)
}

/// Refuse a symlink (under `content/` or `static/`) that leads outside the site root, or
/// nowhere: the site would publish a file that is not part of it. `instead` is the
/// suggestion the error ends with (`copy the file into static/ instead`).
pub fn inside_root(link: &Path, root: &Path, instead: &str) -> Result<()> {
    let Ok(target) = link.canonicalize() else {
        let to = std::fs::read_link(link).unwrap_or_default();
        anyhow::bail!(
            "{}: a symlink to {}, which does not exist; remove it or {instead}",
            link.display(),
            to.display()
        );
    };
    let root = root
        .canonicalize()
        .with_context(|| format!("{}: cannot open the site root", root.display()))?;
    if !target.starts_with(&root) {
        anyhow::bail!(
            "{}: a symlink to {}, outside the site; {instead}",
            link.display(),
            target.display()
        );
    }
    Ok(())
}

/// Read `content_dir`. Every plan file is parsed; all errors are collected so staff see
/// every broken file at once, not one per run.
pub fn load(content_dir: &Path) -> Result<Loaded> {
    load_cached(content_dir, None)
}

/// [`load`], reusing the parse of each plan file whose text `cache` has seen.
pub fn load_cached(content_dir: &Path, cache: Option<&Cache>) -> Result<Loaded> {
    let mut out = Loaded::default();
    let mut errors = Vec::new();
    let root = match content_dir.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    // Plans are read and parsed in parallel (YAML parsing is most of this stage); the
    // results keep the sorted file order, so errors and documents come out as before.
    type Read = std::result::Result<(u128, content::Parsed), String>;
    let parsed: Vec<(PathBuf, Read)> = sorted_md(&content_dir.join("plans"), root)?
        .into_par_iter()
        .map(|f| {
            let r = crate::limits::read_text(&f).and_then(|text| {
                let fp = content::fingerprint(text.as_bytes());
                if let Some(p) = cache.and_then(|c| c.get(&f, fp)) {
                    return Ok((fp, p));
                }
                let p = content::read(&f.display().to_string(), &text)?;
                if let Some(c) = cache {
                    c.put(&f, fp, &p);
                }
                Ok((fp, p))
            });
            (f, r.map_err(|e| format!("{e:#}")))
        })
        .collect();
    // Two files claiming one slug would publish one plan over the other.
    let mut slugs: std::collections::BTreeMap<String, (String, usize)> = Default::default();
    for (f, r) in parsed {
        match r {
            Ok((fp, p)) => {
                out.fingerprints.insert(f.clone(), fp);
                let slug = p.doc.meta.slug.clone();
                let here = (f.display().to_string(), p.slug_line);
                match slugs.get(&slug) {
                    Some((other, line)) if !slug.is_empty() => errors.push(format!(
                        "{}:{}: slug `{slug}` is already used by {other}:{line}; give one of the plans another slug",
                        here.0, here.1
                    )),
                    _ => {
                        slugs.insert(slug, here);
                    }
                }
                out.warnings.extend(p.warnings);
                out.docs.push((f, p.doc));
            }
            Err(e) => errors.push(e),
        }
    }
    let versions = content_dir.join(VERSIONS_DIR);
    for f in sorted_md(&versions, root)? {
        match read_version(&f, &versions, &slugs) {
            Ok((fp, doc, warnings)) => {
                out.fingerprints.insert(f.clone(), fp);
                out.warnings.extend(warnings);
                out.versions.push((f, doc));
            }
            Err(e) => errors.push(format!("{e:#}")),
        }
    }
    out.versions.sort_by(|a, b| {
        (&a.1.meta.slug, a.1.meta.version).cmp(&(&b.1.meta.slug, b.1.meta.version))
    });
    for (f, d) in &out.docs {
        let n = d.meta.version.max(1);
        let have = out
            .versions
            .iter()
            .filter(|(_, v)| v.meta.slug == d.meta.slug)
            .count() as u32;
        if have + 1 != n {
            errors.push(format!(
                "{}:1: version {n} of `{}`, but content/{VERSIONS_DIR}/{}/ holds {have} earlier version(s); each of 1–{} must be there once",
                f.display(),
                d.meta.slug,
                d.meta.slug,
                n - 1
            ));
        }
    }
    let pages = sorted_md(&content_dir.join("pages"), root)?;
    out.others = others_fingerprint(
        pages.iter().map(|p| p.to_path_buf()).chain(
            ["units.yaml", "departments.yaml"]
                .into_iter()
                .map(|n| content_dir.join(n)),
        ),
    );
    for f in pages {
        match read_page(&f, &mut out.warnings) {
            Ok(p) => out.pages.push(p),
            Err(e) => errors.push(format!("{e:#}")),
        }
    }
    match crate::slug::Record::read(&content_dir.join(URLS_FILE)) {
        Ok(r) => out.urls = r,
        Err(e) => errors.push(format!("{e:#}")),
    }
    let units = content_dir.join("units.yaml");
    if units.is_symlink() {
        if let Err(e) = inside_root(&units, root, COPY_IN) {
            errors.push(format!("{e:#}"));
        }
    }
    if units.exists() && errors.is_empty() {
        match Aliases::read(&units) {
            Ok(a) => out.aliases = a,
            Err(e) => errors.push(format!("{e:#}")),
        }
    }
    match Departments::load(content_dir) {
        Ok(d) => out.departments = d,
        Err(e) => errors.push(format!("{e:#}")),
    }
    if let Some(c) = cache {
        c.retain(&out.fingerprints);
    }
    if !errors.is_empty() {
        anyhow::bail!("{}", errors.join("\n"));
    }
    Ok(out)
}

/// One fingerprint of the names and bytes of `files` (a missing file counts as empty).
fn others_fingerprint(files: impl Iterator<Item = PathBuf>) -> u128 {
    let mut all = Vec::new();
    for f in files {
        let bytes = std::fs::read(&f).unwrap_or_default();
        let name = f.to_string_lossy();
        all.extend_from_slice(&(name.len() as u64).to_le_bytes());
        all.extend_from_slice(name.as_bytes());
        all.extend_from_slice(&(bytes.len() as u64).to_le_bytes());
        all.extend_from_slice(&bytes);
    }
    content::fingerprint(&all)
}

/// `content/versions/<slug>/<n>.md`: an earlier version of the plan `<slug>`, which must be
/// a current plan (`slugs`), with `version: <n>` in its front matter.
fn read_version(
    f: &Path,
    dir: &Path,
    slugs: &std::collections::BTreeMap<String, (String, usize)>,
) -> Result<(u128, Document, Vec<String>)> {
    let name = f.display().to_string();
    let rel = f.strip_prefix(dir).unwrap_or(f);
    let parts: Vec<&str> = rel.iter().filter_map(|p| p.to_str()).collect();
    let [slug, file] = parts.as_slice() else {
        anyhow::bail!("{name}:1: an earlier version lives at content/{VERSIONS_DIR}/<slug>/<n>.md");
    };
    let n: u32 = file
        .strip_suffix(".md")
        .and_then(|s| s.parse().ok())
        .filter(|n| *n >= 1)
        .with_context(|| format!("{name}:1: a version file is named by its number, e.g. 1.md"))?;
    let text = crate::limits::read_text(f)?;
    let p = content::read(&name, &text)?;
    if p.doc.meta.slug != *slug {
        anyhow::bail!(
            "{name}:{}: slug `{}` in the folder of `{slug}`; an earlier version keeps its plan's slug",
            p.slug_line,
            p.doc.meta.slug
        );
    }
    if !slugs.contains_key(*slug) {
        anyhow::bail!(
            "{name}:1: an earlier version of `{slug}`, but content/plans/ has no plan `{slug}`"
        );
    }
    if p.doc.meta.version.max(1) != n {
        anyhow::bail!(
            "{name}:1: the file is version {n} but says `version: {}`",
            p.doc.meta.version
        );
    }
    Ok((content::fingerprint(text.as_bytes()), p.doc, p.warnings))
}

fn read_page(f: &Path, warnings: &mut Vec<String>) -> Result<Page> {
    let text = crate::limits::read_text(f)?;
    let text = content::clean_text(&f.display().to_string(), &text, warnings);
    let slug = f
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or("page")
        .to_string();
    #[derive(serde::Deserialize, Default)]
    #[serde(deny_unknown_fields)]
    struct Front {
        title: String,
    }
    let (front, title_line, body, body_line) = match text
        .strip_prefix("---\n")
        .and_then(|r| r.split_once("\n---\n"))
    {
        Some((y, b)) => {
            let fm: Front = serde_yaml::from_str(y).map_err(|e| {
                let line = e.location().map(|l| l.line() + 1).unwrap_or(1);
                anyhow::anyhow!("{}:{line}: front matter: {e}", f.display())
            })?;
            // `---`, the front matter's lines, `---`: the body starts on the next line.
            let title_line = y.lines().position(|l| l.starts_with("title")).unwrap_or(0) + 2;
            (fm, title_line, b.to_string(), y.matches('\n').count() + 4)
        }
        None => anyhow::bail!(
            "{}:1: a page starts with `---`, `title: …`, `---`",
            f.display()
        ),
    };
    // A double-quoted title can spell a control character as an escape (`\x01`).
    let title = content::strip_controls(&front.title, |_, c| {
        warnings.push(format!(
            "{}:{title_line}: {} from the title",
            f.display(),
            content::control_removed(c)
        ))
    });
    Ok(Page {
        slug,
        title,
        body,
        file: f.to_path_buf(),
        body_line,
    })
}
