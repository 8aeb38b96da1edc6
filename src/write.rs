//! Write stage: every byte of the site goes through [`Output::write`].
//!
//! The build writes into a temporary folder beside the output (`public.tmp-<pid>`) and puts
//! it in place at the end ([`Output::commit`], in `swap`). Until then the old site stays
//! served as it was; a build that fails (or is dropped) removes its temporary folder.
//!
//! Rebuilding over a site of its own, the build writes only what changed: a file whose bytes
//! equal the published one's is not written at all (its mtime and inode stay, so rsync and
//! CDN uploads skip it), each changed file is moved in over the old one (an atomic rename),
//! and files the new site lacks are deleted. A first build, or one with `--force`, swaps the
//! whole folder in.
//!
//! Deleting is what can destroy content, so it is fenced: the output may not touch the
//! site's sources (`guard`), and every output holds a marker listing the files written
//! (`marker`); a build replaces only a folder with that marker and nothing but those files,
//! unless `--force`. Leftovers of killed builds are removed once their process is gone, and
//! only when they carry the marker.

use anyhow::{bail, Context, Result};
use std::collections::BTreeSet;
use std::path::{Component, Path, PathBuf};
use std::sync::Mutex;

mod compact;
pub mod guard;
mod marker;
pub mod minify;
mod swap;
pub use compact::compact;
pub use marker::{alive as pid_alive, MARKER};

/// How [`Output::commit`] puts the new site in place; tests pick the modes a machine would
/// otherwise reach only on a mount point or another OS.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum CommitMode {
    /// Exchange the folders in one step; the fallbacks where that fails.
    #[default]
    Auto,
    /// The fallback swap: rename the old folder aside, then the new one in.
    RenameAside,
    /// Replace the files inside the output folder (as for a mount point).
    InPlace,
}

/// A site being written. Pages are written as they are rendered, from many threads at once
/// (`write` takes `&self`), so the whole site is never held in memory.
#[derive(Debug)]
pub struct Output {
    /// Absolute, symlinks resolved.
    out: PathBuf,
    tmp: PathBuf,
    minify: bool,
    /// Whole pages through minify-html (`--minify-html`) instead of [`compact`].
    minify_html: bool,
    written: Mutex<BTreeSet<String>>,
    /// Written files whose bytes equal the published site's: not stored, kept as they are.
    unchanged: Mutex<BTreeSet<String>>,
    previous: marker::Previous,
    mode: CommitMode,
    /// Test hook: fail when this many files have been written (simulates a disk error).
    fail_after: Option<usize>,
    /// Once set, every write (not a keep: that is bookkeeping) fails with [`Cancelled`] (`planpress serve`: a newer edit is
    /// waiting, so this build's files would be out of date before they are served).
    cancel: Option<std::sync::Arc<std::sync::atomic::AtomicBool>>,
    committed: bool,
}

/// The error of a write after the build was called off ([`Output::cancel_on`]).
#[derive(Debug)]
pub struct Cancelled;

impl std::fmt::Display for Cancelled {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("build called off: a newer edit is waiting")
    }
}

impl std::error::Error for Cancelled {}

/// The folder holding `out` and `out`'s name.
fn split(out: &Path) -> Result<(PathBuf, String)> {
    let name = out
        .file_name()
        .and_then(|n| n.to_str())
        .with_context(|| format!("{}: the output folder has no usable name", out.display()))?;
    let parent = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    Ok((parent, name.to_string()))
}

impl Output {
    /// Start writing a site that will replace `out`. Refuses, before touching anything, an
    /// output that planpress did not make or that holds files added by hand, unless `force`.
    pub fn begin(out: &Path, minify: bool, force: bool) -> Result<Output> {
        Output::begin_with(out, minify, |out| marker::inspect(out, force))
    }

    /// [`Output::begin`] over a folder only this process writes (`planpress serve`'s), whose
    /// files are `files`, as its last commit listed them ([`Output::files`]): the folder is
    /// not walked again. A folder without its marker is inspected as by `begin`.
    pub fn begin_own(out: &Path, minify: bool, files: BTreeSet<String>) -> Result<Output> {
        Output::begin_with(out, minify, |out| {
            if marker::is_marked(out) {
                Ok(marker::Previous::Ours(files))
            } else {
                marker::inspect(out, false)
            }
        })
    }

    fn begin_with(
        out: &Path,
        minify: bool,
        inspect: impl FnOnce(&Path) -> Result<marker::Previous>,
    ) -> Result<Output> {
        let out = guard::resolve(out)?;
        let previous = inspect(&out)?;
        let (parent, name) = split(&out)?;
        std::fs::create_dir_all(&parent)
            .with_context(|| format!("{}: failed to create", parent.display()))?;
        marker::remove_stale(&parent, &name);
        let tmp = parent.join(format!(
            "{}{}",
            marker::temp_prefixes(&name)[0],
            std::process::id()
        ));
        if std::fs::symlink_metadata(&tmp).is_ok() {
            bail!(
                "{}: in the way of the build's temporary folder and not made by planpress; \
                 move it away",
                tmp.display()
            );
        }
        std::fs::create_dir(&tmp)
            .with_context(|| format!("{}: failed to create", tmp.display()))?;
        let o = Output {
            out,
            tmp,
            minify,
            minify_html: false,
            written: Mutex::new(BTreeSet::new()),
            unchanged: Mutex::new(BTreeSet::new()),
            previous,
            mode: CommitMode::Auto,
            fail_after: None,
            cancel: None,
            committed: false,
        };
        // First, so whatever a killed build leaves carries the marker and can be removed.
        o.put(MARKER, &marker::bytes([]))?;
        Ok(o)
    }

    /// Pages through minify-html rather than [`compact`] (`--minify-html`).
    pub fn minify_html(&mut self, on: bool) {
        self.minify_html = on;
    }

    #[doc(hidden)]
    pub fn fail_after(&mut self, n: Option<usize>) {
        self.fail_after = n;
    }

    /// Call the build off (every write fails with [`Cancelled`]) once `flag` is set.
    pub fn cancel_on(&mut self, flag: Option<std::sync::Arc<std::sync::atomic::AtomicBool>>) {
        self.cancel = flag;
    }

    /// Whether the build was called off ([`Output::cancel_on`]).
    pub fn cancelled(&self) -> Result<()> {
        match &self.cancel {
            Some(f) if f.load(std::sync::atomic::Ordering::Relaxed) => Err(Cancelled.into()),
            _ => Ok(()),
        }
    }

    #[doc(hidden)]
    pub fn commit_mode(&mut self, mode: CommitMode) {
        self.mode = mode;
    }

    /// The temporary folder being written (for tests).
    pub fn temp_dir(&self) -> &Path {
        &self.tmp
    }

    /// Write one file at a site-relative path (`plans/x/index.html`). HTML files are
    /// compacted here ([`compact`]), so no page can skip it. Writing one path twice is an error: two
    /// pages claiming one URL would otherwise silently overwrite each other.
    pub fn write(&self, rel: &str, bytes: &[u8]) -> Result<()> {
        self.cancelled()?;
        self.claim(rel)?;
        let data;
        let bytes = if self.minify_html && rel.ends_with(".html") {
            data = minify::html(bytes);
            &data[..]
        } else if self.minify && rel.ends_with(".html") {
            data = compact(bytes);
            &data[..]
        } else {
            bytes
        };
        if self.same_as_published(rel, bytes) {
            self.unchanged
                .lock()
                .map_err(|_| anyhow::anyhow!("a writer thread panicked"))?
                .insert(rel.to_string());
            return Ok(());
        }
        self.put(rel, bytes)
    }

    /// Write one file as `fill` makes it, straight into the temporary folder (a file too
    /// large to hold); returns its size. The commit compares it with the published one.
    pub fn stream(
        &self,
        rel: &str,
        fill: &mut dyn FnMut(&mut dyn std::io::Write) -> Result<()>,
    ) -> Result<u64> {
        self.cancelled()?;
        self.claim(rel)?;
        let path = self.tmp.join(rel);
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)
                .with_context(|| format!("{}: failed to create", dir.display()))?;
        }
        let file = std::fs::File::create(&path)
            .with_context(|| format!("{}: failed to create", path.display()))?;
        let mut w = Counted(std::io::BufWriter::with_capacity(1 << 16, file), 0);
        fill(&mut w)?;
        std::io::Write::flush(&mut w.0)
            .with_context(|| format!("{}: failed to write", path.display()))?;
        Ok(w.1)
    }

    /// Count `rel` as written with the bytes the published site holds there, without reading
    /// or writing them: the render stage knows the page is the same as last build's
    /// (`render::Memo`, in `planpress serve`). An error when the published site (ours, listed
    /// in its marker) lacks the file.
    pub fn keep(&self, rel: &str) -> Result<()> {
        // Listed in the marker of a folder whose files `begin` checked against it.
        let listed = matches!(&self.previous, marker::Previous::Ours(files) if files.contains(rel));
        if !listed {
            bail!("`{rel}`: kept as the last build wrote it, but the published site lacks it");
        }
        self.claim(rel)?;
        self.unchanged
            .lock()
            .map_err(|_| anyhow::anyhow!("a writer thread panicked"))?
            .insert(rel.to_string());
        Ok(())
    }

    /// Keep (and return) as published every file of the published site that this build has not written
    /// and that `except` does not name (files of pages rendered again this build): what the
    /// build left for later (`planpress serve` renders the pages an edit touched first).
    pub fn keep_rest(&self, except: &std::collections::HashSet<String>) -> Result<Vec<String>> {
        let marker::Previous::Ours(files) = &self.previous else {
            return Ok(Vec::new());
        };
        // Chosen under the lock, kept after it (`keep` takes it again).
        let rest: Vec<String> = {
            let written = self
                .written
                .lock()
                .map_err(|_| anyhow::anyhow!("a writer thread panicked"))?;
            files
                .iter()
                .filter(|f| !written.contains(*f) && !except.contains(*f))
                .cloned()
                .collect()
        };
        for f in &rest {
            self.keep(f)?;
        }
        Ok(rest)
    }

    /// Every file of the new site so far (what [`Output::begin_own`] is given next time).
    pub fn files(&self) -> BTreeSet<String> {
        self.written.lock().map(|w| w.clone()).unwrap_or_default()
    }

    /// The files this build wrote whose bytes differ from the published ones (or that are new).
    pub fn changed(&self) -> Vec<String> {
        let (Ok(w), Ok(u)) = (self.written.lock(), self.unchanged.lock()) else {
            return Vec::new();
        };
        w.difference(&u).cloned().collect()
    }

    /// The checks and bookkeeping of every file written: inside the site, not the marker,
    /// not twice.
    fn claim(&self, rel: &str) -> Result<()> {
        inside_site(rel, "write")?;
        if rel == MARKER || rel == marker::MARKER_NEXT {
            bail!("refusing to write `{rel}`: the name of planpress's own marker file");
        }
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
        Ok(())
    }

    /// Whether the published site (ours, listed in its marker) holds `rel` with these bytes.
    fn same_as_published(&self, rel: &str, bytes: &[u8]) -> bool {
        match &self.previous {
            marker::Previous::Ours(files) if files.contains(rel) => {
                let path = self.out.join(rel);
                // A cheap size check first: most changed pages change length.
                std::fs::metadata(&path).is_ok_and(|m| m.len() == bytes.len() as u64)
                    && std::fs::read(&path).is_ok_and(|old| old == bytes)
            }
            _ => false,
        }
    }

    /// Store a file in the temporary folder, with no bookkeeping.
    fn put(&self, rel: &str, bytes: &[u8]) -> Result<()> {
        let path = self.tmp.join(rel);
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)
                .with_context(|| format!("{}: failed to create", dir.display()))?;
        }
        std::fs::write(&path, bytes).with_context(|| format!("{}: failed to write", path.display()))
    }

    /// Number of files written so far.
    pub fn len(&self) -> usize {
        self.written.lock().map(|w| w.len()).unwrap_or(0)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// `rel` as a path that cannot leave the site folder (no `..`, no root, not empty) and fits
/// on one line of the marker's list; `what` names the refused operation in the error.
fn inside_site<'a>(rel: &'a str, what: &str) -> Result<&'a Path> {
    let p = Path::new(rel);
    if rel.is_empty()
        || rel.contains(['\n', '\r'])
        || !p.components().all(|c| matches!(c, Component::Normal(_)))
    {
        bail!("refusing to {what} outside the site: `{rel}`");
    }
    Ok(p)
}

/// A writer counting the bytes through it.
struct Counted<W>(W, u64);

impl<W: std::io::Write> std::io::Write for Counted<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.0.write(buf)?;
        self.1 += n as u64;
        Ok(n)
    }
    fn flush(&mut self) -> std::io::Result<()> {
        self.0.flush()
    }
}

/// The site-wide data files stream into the output.
impl crate::render::Sink for Output {
    fn stream(
        &self,
        rel: &str,
        fill: &mut dyn FnMut(&mut dyn std::io::Write) -> Result<()>,
    ) -> Result<u64> {
        Output::stream(self, rel, fill)
    }
}

/// The search index writes its files into the output as it makes them.
impl crate::search::index::Sink for Output {
    fn write(&self, rel: &str, bytes: &[u8]) -> Result<()> {
        Output::write(self, rel, bytes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(dir: &Path) -> Vec<String> {
        let mut v: Vec<_> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        v.sort();
        v
    }

    fn build(out: &Path, files: &[(&str, &str)], mode: CommitMode) -> Result<PathBuf> {
        let mut o = Output::begin(out, false, false)?;
        o.commit_mode(mode);
        for (rel, text) in files {
            o.write(rel, text.as_bytes())?;
        }
        o.commit()
    }

    #[test]
    fn swap_and_cleanup() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        std::fs::create_dir(&out).unwrap();
        std::fs::write(out.join("old.txt"), "old").unwrap();

        let e = Output::begin(&out, false, false).unwrap_err().to_string();
        assert!(e.contains("--force") && e.contains("public"), "{e}");
        let o = Output::begin(&out, false, true).unwrap();
        o.write("a/index.html", b"<p>new</p>").unwrap();
        assert!(o.write("../x", b"").is_err());
        assert!(o.write("a\nb", b"").is_err());
        assert!(o.write(MARKER, b"").is_err());
        assert!(o.write("a/index.html", b"again").is_err());
        let tmp = o.temp_dir().to_path_buf();
        drop(o);
        assert!(!tmp.exists(), "a dropped build removes its temp folder");
        assert!(out.join("old.txt").exists(), "old site untouched");

        let o = Output::begin(&out, false, true).unwrap();
        o.write("index.html", b"new").unwrap();
        let at = o.commit().unwrap();
        assert!(at.is_absolute());
        assert!(!out.join("old.txt").exists());
        assert_eq!(std::fs::read(out.join("index.html")).unwrap(), b"new");
        assert_eq!(names(dir.path()), vec!["public"]);
        let m = std::fs::read_to_string(out.join(MARKER)).unwrap();
        assert!(m.ends_with("\nindex.html\n"), "{m}");
    }

    #[test]
    fn every_commit_mode_gives_the_same_tree_and_deletes_only_listed_files() {
        let dir = tempfile::tempdir().unwrap();
        let first = [("a/b/old.html", "1"), ("keep.txt", "1"), ("x", "file")];
        let second = [
            ("keep.txt", "2"),
            ("x/y.txt", "dir now"),
            ("n/new.txt", "n"),
        ];
        let mut trees = Vec::new();
        for mode in [
            CommitMode::Auto,
            CommitMode::RenameAside,
            CommitMode::InPlace,
        ] {
            let out = dir.path().join(format!("{mode:?}"));
            build(&out, &first, mode).unwrap();
            build(&out, &second, mode).unwrap();
            assert!(!out.join("a").exists(), "{mode:?}: emptied folder removed");
            let mut tree = Vec::new();
            for e in walkdir::WalkDir::new(&out).sort_by_file_name() {
                let e = e.unwrap();
                let rel = e.path().strip_prefix(&out).unwrap().to_path_buf();
                tree.push((rel, std::fs::read(e.path()).ok()));
            }
            trees.push(tree);
        }
        assert_eq!(trees[0], trees[1]);
        assert_eq!(trees[0], trees[2]);
        assert_eq!(names(dir.path()), vec!["Auto", "InPlace", "RenameAside"]);
    }

    #[test]
    fn hand_added_files_are_refused_and_kept() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        build(&out, &[("index.html", "1")], CommitMode::Auto).unwrap();
        std::fs::write(out.join("extra.txt"), "mine").unwrap();
        std::fs::create_dir(out.join("uploads")).unwrap();
        let e = build(&out, &[("index.html", "2")], CommitMode::Auto)
            .unwrap_err()
            .to_string();
        assert!(e.contains("extra.txt, uploads/"), "{e}");
        assert!(e.contains("static/"), "{e}");
        assert_eq!(std::fs::read(out.join("extra.txt")).unwrap(), b"mine");
        assert_eq!(names(dir.path()), vec!["public"]);
    }

    #[test]
    fn a_marker_listing_paths_outside_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        build(&out, &[("index.html", "1")], CommitMode::Auto).unwrap();
        let m = std::fs::read_to_string(out.join(MARKER)).unwrap();
        std::fs::write(out.join(MARKER), format!("{m}../../etc/passwd\n")).unwrap();
        let e = build(&out, &[], CommitMode::Auto).unwrap_err().to_string();
        assert!(e.contains("../../etc/passwd"), "{e}");
    }

    #[test]
    fn stale_folders_of_dead_processes_removed_only_with_the_marker() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        // pid far above any default pid_max: no such process.
        for name in ["public.tmp-4999999", "public.old-4999998"] {
            std::fs::create_dir(dir.path().join(name)).unwrap();
            std::fs::write(dir.path().join(name).join(MARKER), marker::bytes([])).unwrap();
        }
        std::fs::create_dir(dir.path().join("public.old-4999997")).unwrap();
        std::fs::write(dir.path().join("public.old-4999997/a"), "mine").unwrap();
        std::fs::write(dir.path().join("public.tmp-4999996"), "a file").unwrap();
        // Killed between creating the folder and finishing the marker: nothing to keep.
        std::fs::create_dir(dir.path().join("public.tmp-4999995")).unwrap();
        let cut = dir.path().join("public.tmp-4999994");
        std::fs::create_dir(&cut).unwrap();
        std::fs::write(cut.join(MARKER), &marker::bytes([])[..5]).unwrap();
        // A cut marker beside another file is no longer "nothing".
        let kept = dir.path().join("public.tmp-4999993");
        std::fs::create_dir(&kept).unwrap();
        std::fs::write(kept.join(MARKER), &marker::bytes([])[..5]).unwrap();
        std::fs::write(kept.join("a"), "mine").unwrap();
        build(&out, &[], CommitMode::Auto).unwrap();
        assert_eq!(
            names(dir.path()),
            vec![
                "public",
                "public.old-4999997",
                "public.tmp-4999993",
                "public.tmp-4999996"
            ]
        );
    }
}
