//! The output folder may never be, contain, or lie inside the site's sources: a build
//! replaces its output wholesale, so `--out content` would delete every plan.

use anyhow::{bail, Context, Result};
use std::path::{Component, Path, PathBuf};

/// The site's sources under its root; the output may not touch any of them.
const SOURCES: [(&str, &str); 4] = [
    ("content", "content/"),
    ("templates", "templates/"),
    ("static", "static/"),
    ("planpress.toml", "planpress.toml"),
];

/// `path` made absolute with symlinks and `..` resolved even where it does not exist yet:
/// the nearest existing ancestor is canonicalised and the rest appended. The appended part
/// is resolved lexically, which is what creating it does (a new folder is no symlink).
pub fn resolve(path: &Path) -> Result<PathBuf> {
    let abs = std::path::absolute(path)
        .with_context(|| format!("{}: cannot make the path absolute", path.display()))?;
    let parts: Vec<Component> = abs.components().collect();
    for keep in (1..=parts.len()).rev() {
        let head: PathBuf = parts[..keep].iter().collect();
        if let Ok(mut p) = head.canonicalize() {
            for c in &parts[keep..] {
                match c {
                    Component::ParentDir => {
                        p.pop();
                    }
                    Component::Normal(n) => p.push(n),
                    _ => {}
                }
            }
            return Ok(p);
        }
    }
    bail!("{}: cannot resolve the path", abs.display())
}

/// `abs` with `.` and `..` removed by text alone, to tell whether resolving went through a
/// symlink (then the error shows both paths).
fn lexical(abs: &Path) -> PathBuf {
    let mut p = PathBuf::new();
    for c in abs.components() {
        match c {
            Component::ParentDir => {
                p.pop();
            }
            Component::CurDir => {}
            c => p.push(c),
        }
    }
    p
}

/// Refuse an output that is, contains or lies inside the site root's sources, before
/// anything is touched. Returns the output's resolved absolute path, the one to build into.
pub fn check_sources(root: &Path, out: &Path) -> Result<PathBuf> {
    let root_c = root
        .canonicalize()
        .with_context(|| format!("{}: cannot open the site root", root.display()))?;
    let resolved = resolve(out)?;
    let given = std::path::absolute(out).unwrap_or_else(|_| out.to_path_buf());
    let shown = if lexical(&given) == resolved {
        resolved.display().to_string()
    } else {
        format!("{} (resolves to {})", given.display(), resolved.display())
    };
    let suggest = root_c.join("public");
    let refuse = |why: String| -> Result<PathBuf> {
        bail!(
            "refusing to build into {shown}: {why}; nothing was changed. Choose a folder such \
             as {}",
            suggest.display()
        )
    };
    if resolved == root_c {
        return refuse("it is the site's root (holds planpress.toml and content/)".into());
    }
    if root_c.starts_with(&resolved) {
        return refuse(format!("it contains the site's root {}", root_c.display()));
    }
    for (name, label) in SOURCES {
        // A source that is a symlink (content/ kept elsewhere) is guarded where it points.
        let src = resolve(&root_c.join(name))?;
        if resolved == src {
            return refuse(format!("it holds the site's sources ({label})"));
        }
        if src.starts_with(&resolved) {
            return refuse(format!(
                "it contains the site's sources ({label} at {})",
                src.display()
            ));
        }
        if resolved.starts_with(&src) {
            return refuse(format!("it lies inside the site's sources ({label})"));
        }
    }
    Ok(resolved)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolve_appends_what_does_not_exist() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path().canonicalize().unwrap();
        std::fs::create_dir(d.join("a")).unwrap();
        assert_eq!(resolve(&d.join("a/new/x")).unwrap(), d.join("a/new/x"));
        assert_eq!(resolve(&d.join("a/new/../y")).unwrap(), d.join("a/y"));
        assert_eq!(resolve(&d.join("a/../a/./z")).unwrap(), d.join("a/z"));
    }

    #[cfg(unix)]
    #[test]
    fn sources_through_symlinks_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path().canonicalize().unwrap();
        let root = d.join("site");
        std::fs::create_dir_all(root.join("content")).unwrap();
        std::os::unix::fs::symlink(root.join("content"), d.join("link")).unwrap();
        let e = check_sources(&root, &d.join("link/sub"))
            .unwrap_err()
            .to_string();
        assert!(e.contains("link/sub (resolves to"), "{e}");
        assert!(e.contains("(content/)"), "{e}");
        assert!(check_sources(&root, &root.join("public")).is_ok());
        assert!(check_sources(&root, &d.join("elsewhere")).is_ok());
        assert!(check_sources(&root, &d).is_err());
    }
}
