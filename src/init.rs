//! `planpress init [DIR]`: a new site that builds at once — settings with comments, the
//! content folders, one example plan and an About page (the files of `scaffold/`, embedded).
//! It never writes into a folder that holds anything.

use anyhow::{bail, Context, Result};
use std::path::{Path, PathBuf};

/// The new site's files: path under the site root, contents.
const FILES: &[(&str, &str)] = &[
    ("planpress.toml", include_str!("../scaffold/planpress.toml")),
    (
        "content/plans/shi-li-xian-2025.md",
        include_str!("../scaffold/content/plans/shi-li-xian-2025.md"),
    ),
    (
        "content/pages/about.md",
        include_str!("../scaffold/content/pages/about.md"),
    ),
    (".gitignore", include_str!("../scaffold/gitignore")),
];

/// Write a new site into `dir` (made if missing; refused if it holds anything). Returns the
/// files written.
pub fn init(dir: &Path) -> Result<Vec<PathBuf>> {
    if let Ok(mut rd) = std::fs::read_dir(dir) {
        if rd.next().is_some() {
            bail!(
                "{}: not empty; `planpress init` makes a new site only in an empty or new folder",
                dir.display()
            );
        }
    } else if dir.exists() {
        bail!("{}: exists and is not a folder", dir.display());
    }
    for sub in [
        "content/plans",
        "content/pages",
        "seeds",
        "templates",
        "static",
    ] {
        let d = dir.join(sub);
        std::fs::create_dir_all(&d)
            .with_context(|| format!("{}: failed to create", d.display()))?;
    }
    let mut written = Vec::new();
    for (rel, text) in FILES {
        let path = dir.join(rel);
        std::fs::write(&path, text)
            .with_context(|| format!("{}: failed to write", path.display()))?;
        written.push(path);
    }
    Ok(written)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_site_builds_and_a_full_folder_is_refused() {
        let tmp = tempfile::tempdir().unwrap();
        let site = tmp.path().join("site");
        let files = init(&site).unwrap();
        assert_eq!(files.len(), FILES.len());
        let r = crate::build::build(&crate::build::BuildOptions::new(&site, "public")).unwrap();
        assert_eq!(r.plans, 1);
        assert!(r.warnings.is_empty(), "{:?}", r.warnings);
        let out = site.join("public");
        for page in [
            "index.html",
            "plans/shi-li-xian-2025/index.html",
            "plans/shi-li-xian-2025/2-1-1/index.html",
            "about/index.html",
            "timeline/2025/index.html",
        ] {
            assert!(out.join(page).is_file(), "{page}");
        }
        let units = std::fs::read_to_string(out.join("units/index.html")).unwrap();
        assert!(units.contains("县教育局"));
        // Never over what is there: the site just made, or any file.
        let before = std::fs::read(site.join("planpress.toml")).unwrap();
        assert!(init(&site).is_err());
        assert_eq!(std::fs::read(site.join("planpress.toml")).unwrap(), before);
        let file = tmp.path().join("a-file");
        std::fs::write(&file, "x").unwrap();
        assert!(init(&file).is_err());
    }
}
