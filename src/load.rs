//! Load stage: read the site's `content/` folder into documents.
//!
//! Layout: `content/plans/*.md` (one plan each, see `crate::content`), `content/pages/*.md`
//! (free pages), `content/units.yaml` (office aliases per county). Files are read in sorted
//! order so the build is deterministic; every error names the file and line.

use crate::content;
use crate::model::units::Aliases;
use crate::model::Document;
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

/// Everything read from `content/`.
#[derive(Debug, Default)]
pub struct Loaded {
    pub docs: Vec<(PathBuf, Document)>,
    pub pages: Vec<Page>,
    pub aliases: Aliases,
}

fn sorted_md(dir: &Path) -> Result<Vec<PathBuf>> {
    if !dir.exists() {
        return Ok(vec![]);
    }
    let mut files = Vec::new();
    for e in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let e = e.with_context(|| format!("failed to list {}", dir.display()))?;
        if e.file_type().is_file() && e.path().extension().is_some_and(|x| x == "md") {
            files.push(e.path().to_path_buf());
        }
    }
    Ok(files)
}

/// Read `content_dir`. Every plan file is parsed; all errors are collected so staff see
/// every broken file at once, not one per run.
pub fn load(content_dir: &Path) -> Result<Loaded> {
    let mut out = Loaded::default();
    let mut errors = Vec::new();
    // Plans are read and parsed in parallel (YAML parsing is most of this stage); the
    // results keep the sorted file order, so errors and documents come out as before.
    let parsed: Vec<(PathBuf, std::result::Result<Document, String>)> =
        sorted_md(&content_dir.join("plans"))?
            .into_par_iter()
            .map(|f| {
                let r = match std::fs::read_to_string(&f) {
                    Ok(text) => content::parse(&f.display().to_string(), &text)
                        .map_err(|e| format!("{e:#}")),
                    Err(e) => Err(format!("{}: failed to read: {e}", f.display())),
                };
                (f, r)
            })
            .collect();
    for (f, r) in parsed {
        match r {
            Ok(d) => out.docs.push((f, d)),
            Err(e) => errors.push(e),
        }
    }
    for f in sorted_md(&content_dir.join("pages"))? {
        match read_page(&f) {
            Ok(p) => out.pages.push(p),
            Err(e) => errors.push(format!("{e:#}")),
        }
    }
    let units = content_dir.join("units.yaml");
    if units.exists() {
        match Aliases::read(&units) {
            Ok(a) => out.aliases = a,
            Err(e) => errors.push(format!("{e:#}")),
        }
    }
    if !errors.is_empty() {
        anyhow::bail!("{}", errors.join("\n"));
    }
    Ok(out)
}

fn read_page(f: &Path) -> Result<Page> {
    let text =
        std::fs::read_to_string(f).with_context(|| format!("failed to read {}", f.display()))?;
    let text = text
        .strip_prefix('\u{feff}')
        .unwrap_or(&text)
        .replace("\r\n", "\n");
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
    let (front, body, body_line) = match text
        .strip_prefix("---\n")
        .and_then(|r| r.split_once("\n---\n"))
    {
        Some((y, b)) => {
            let fm: Front = serde_yaml::from_str(y).map_err(|e| {
                let line = e.location().map(|l| l.line() + 1).unwrap_or(1);
                anyhow::anyhow!("{}:{line}: front matter: {e}", f.display())
            })?;
            // `---`, the front matter's lines, `---`: the body starts on the next line.
            (fm, b.to_string(), y.matches('\n').count() + 4)
        }
        None => anyhow::bail!(
            "{}:1: a page starts with `---`, `title: …`, `---`",
            f.display()
        ),
    };
    Ok(Page {
        slug,
        title: front.title,
        body,
        file: f.to_path_buf(),
        body_line,
    })
}
