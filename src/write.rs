//! Write stage: every byte of the site goes through [`Output::write`].
//!
//! The build writes into a temporary folder beside the output (`public.tmp-<pid>`) and
//! swaps it in at the end ([`Output::commit`]): the old folder is renamed aside, the new one
//! renamed in, the old one deleted. Until the swap the old site stays served as it was; a
//! build that fails (or is dropped) removes its temporary folder, and one that is killed
//! leaves a `public.tmp-<pid>` that the next build removes once that process is gone.

use anyhow::{bail, Context, Result};
use std::collections::BTreeSet;
use std::path::{Component, Path, PathBuf};
use std::sync::Mutex;

mod compact;
pub use compact::compact;

/// A site being written. Pages are written as they are rendered, from many threads at once
/// (`write` takes `&self`), so the whole site is never held in memory.
#[derive(Debug)]
pub struct Output {
    out: PathBuf,
    tmp: PathBuf,
    minify: bool,
    written: Mutex<BTreeSet<String>>,
    /// Test hook: fail when this many files have been written (simulates a disk error).
    fail_after: Option<usize>,
    committed: bool,
}

fn temp_prefix(out: &Path) -> Result<(PathBuf, String)> {
    let name = out
        .file_name()
        .and_then(|n| n.to_str())
        .with_context(|| format!("output folder {} has no usable name", out.display()))?;
    let parent = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    Ok((parent, format!("{name}.tmp-")))
}

/// Remove temporary folders of earlier builds that were killed before they could clean up.
fn remove_stale(parent: &Path, prefix: &str) {
    let Ok(entries) = std::fs::read_dir(parent) else {
        return;
    };
    for e in entries.flatten() {
        let name = e.file_name();
        let Some(pid) = name.to_str().and_then(|n| n.strip_prefix(prefix)) else {
            continue;
        };
        let alive = match pid.parse::<u32>() {
            Ok(p) if p == std::process::id() => true,
            // Without /proc we cannot tell whether the build is still running: leave it.
            Ok(p) => !Path::new("/proc/self").exists() || Path::new(&format!("/proc/{p}")).exists(),
            Err(_) => true,
        };
        if !alive {
            let _ = std::fs::remove_dir_all(e.path());
        }
    }
}

impl Output {
    /// Start writing a site that will replace `out`.
    pub fn begin(out: &Path, minify: bool) -> Result<Output> {
        let (parent, prefix) = temp_prefix(out)?;
        std::fs::create_dir_all(&parent)
            .with_context(|| format!("failed to create {}", parent.display()))?;
        remove_stale(&parent, &prefix);
        let tmp = parent.join(format!("{prefix}{}", std::process::id()));
        if tmp.exists() {
            std::fs::remove_dir_all(&tmp)
                .with_context(|| format!("failed to remove {}", tmp.display()))?;
        }
        std::fs::create_dir(&tmp).with_context(|| format!("failed to create {}", tmp.display()))?;
        Ok(Output {
            out: out.to_path_buf(),
            tmp,
            minify,
            written: Mutex::new(BTreeSet::new()),
            fail_after: None,
            committed: false,
        })
    }

    #[doc(hidden)]
    pub fn fail_after(&mut self, n: Option<usize>) {
        self.fail_after = n;
    }

    /// The temporary folder being written (for tests).
    pub fn temp_dir(&self) -> &Path {
        &self.tmp
    }

    /// Write one file at a site-relative path (`plans/x/index.html`). HTML files are
    /// compacted here ([`compact`]), so no page can skip it. Writing one path twice is an error: two
    /// pages claiming one URL would otherwise silently overwrite each other.
    pub fn write(&self, rel: &str, bytes: &[u8]) -> Result<()> {
        let p = inside_site(rel, "write")?;
        {
            let mut written = self
                .written
                .lock()
                .map_err(|_| anyhow::anyhow!("a writer thread panicked"))?;
            if let Some(n) = self.fail_after {
                if written.len() >= n {
                    bail!("simulated write failure at {rel}");
                }
            }
            if !written.insert(rel.to_string()) {
                bail!("two pages would be written to `{rel}`");
            }
        }
        let path = self.tmp.join(p);
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)
                .with_context(|| format!("failed to create {}", dir.display()))?;
        }
        let data;
        let bytes = if self.minify && rel.ends_with(".html") {
            data = compact(bytes);
            &data[..]
        } else {
            bytes
        };
        std::fs::write(&path, bytes).with_context(|| format!("failed to write {}", path.display()))
    }

    /// Rename a folder of files already written (`search/building` → `search/<hash>`): the
    /// search index names its folder by a hash of its files, known only once they are all
    /// written. `to` must not hold any file yet.
    pub fn rename_dir(&self, from: &str, to: &str) -> Result<()> {
        for rel in [from, to] {
            inside_site(rel, "rename")?;
        }
        let mut written = self
            .written
            .lock()
            .map_err(|_| anyhow::anyhow!("a writer thread panicked"))?;
        let (from_dir, to_dir) = (format!("{from}/"), format!("{to}/"));
        if written.contains(to) || written.iter().any(|p| p.starts_with(&to_dir)) {
            bail!("cannot rename `{from}` to `{to}`: files were written there");
        }
        let (src, dst) = (self.tmp.join(from), self.tmp.join(to));
        if let Some(dir) = dst.parent() {
            std::fs::create_dir_all(dir)
                .with_context(|| format!("failed to create {}", dir.display()))?;
        }
        std::fs::rename(&src, &dst)
            .with_context(|| format!("failed to rename {} to {}", src.display(), dst.display()))?;
        let moved: Vec<String> = written
            .range(from_dir.clone()..)
            .take_while(|p| p.starts_with(&from_dir))
            .cloned()
            .collect();
        for p in moved {
            written.remove(&p);
            written.insert(format!("{to_dir}{}", &p[from_dir.len()..]));
        }
        Ok(())
    }

    /// Number of files written so far.
    pub fn len(&self) -> usize {
        self.written.lock().map(|w| w.len()).unwrap_or(0)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Swap the new site in place of the old one.
    pub fn commit(mut self) -> Result<PathBuf> {
        let (parent, _) = temp_prefix(&self.out)?;
        let name = self
            .out
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        if self.out.exists() {
            if !self.out.is_dir() {
                bail!("{} exists and is not a folder", self.out.display());
            }
            let old = parent.join(format!("{name}.old-{}", std::process::id()));
            if old.exists() {
                std::fs::remove_dir_all(&old)
                    .with_context(|| format!("failed to remove {}", old.display()))?;
            }
            std::fs::rename(&self.out, &old)
                .with_context(|| format!("failed to move {} aside", self.out.display()))?;
            if let Err(e) = std::fs::rename(&self.tmp, &self.out) {
                // Put the old site back so the output is never left missing.
                let _ = std::fs::rename(&old, &self.out);
                return Err(e).with_context(|| {
                    format!("failed to move the new site to {}", self.out.display())
                });
            }
            self.committed = true;
            std::fs::remove_dir_all(&old)
                .with_context(|| format!("failed to remove the old site {}", old.display()))?;
        } else {
            std::fs::rename(&self.tmp, &self.out).with_context(|| {
                format!("failed to move the new site to {}", self.out.display())
            })?;
            self.committed = true;
        }
        Ok(self.out.clone())
    }
}

impl Drop for Output {
    fn drop(&mut self) {
        if !self.committed {
            let _ = std::fs::remove_dir_all(&self.tmp);
        }
    }
}

/// `rel` as a path that cannot leave the site folder (no `..`, no root, not empty); `what`
/// names the refused operation in the error.
fn inside_site<'a>(rel: &'a str, what: &str) -> Result<&'a Path> {
    let p = Path::new(rel);
    if rel.is_empty() || !p.components().all(|c| matches!(c, Component::Normal(_))) {
        bail!("refusing to {what} outside the site: `{rel}`");
    }
    Ok(p)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn swap_and_cleanup() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        std::fs::create_dir(&out).unwrap();
        std::fs::write(out.join("old.txt"), "old").unwrap();

        let o = Output::begin(&out, false).unwrap();
        o.write("a/index.html", b"<p>new</p>").unwrap();
        assert!(o.write("../x", b"").is_err());
        assert!(o.write("a/index.html", b"again").is_err());
        let tmp = o.temp_dir().to_path_buf();
        drop(o);
        assert!(!tmp.exists(), "a dropped build removes its temp folder");
        assert!(out.join("old.txt").exists(), "old site untouched");

        let o = Output::begin(&out, false).unwrap();
        o.write("index.html", b"new").unwrap();
        o.commit().unwrap();
        assert!(!out.join("old.txt").exists());
        assert_eq!(std::fs::read(out.join("index.html")).unwrap(), b"new");
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, vec![std::ffi::OsString::from("public")]);
    }

    #[test]
    fn stale_temp_of_dead_process_removed() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        // pid far above any default pid_max: no such process.
        let stale = dir.path().join("public.tmp-4999999");
        std::fs::create_dir(&stale).unwrap();
        let o = Output::begin(&out, false).unwrap();
        if Path::new("/proc/self").exists() {
            assert!(!stale.exists());
        }
        drop(o);
    }
}
