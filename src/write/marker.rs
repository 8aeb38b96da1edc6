//! The marker file `.planpress-output` in every folder a build writes: its first line says
//! planpress made the folder, the rest lists the files written (sorted), so a later build
//! deletes only a folder it made and only the files it wrote there.

use anyhow::{bail, Context, Result};
use std::collections::BTreeSet;
use std::io::BufRead;
use std::path::{Path, PathBuf};

pub const MARKER: &str = ".planpress-output";
/// Where the in-place commit writes the next marker before renaming it over the old one.
pub const MARKER_NEXT: &str = ".planpress-output.new";
const HEADER: &str = "# planpress output: made by `planpress build`, which replaces the files \
                      listed below and nothing else";

/// The marker's bytes for a folder holding `files` (no time, no pid: builds stay identical).
pub fn bytes<'a>(files: impl IntoIterator<Item = &'a String>) -> Vec<u8> {
    let mut s = format!("{HEADER}\n");
    for f in files {
        s.push_str(f);
        s.push('\n');
    }
    s.into_bytes()
}

/// Whether `dir` carries the marker (a regular file starting with the header).
pub fn is_marked(dir: &Path) -> bool {
    let p = dir.join(MARKER);
    if !std::fs::symlink_metadata(&p).is_ok_and(|m| m.is_file()) {
        return false;
    }
    let Ok(f) = std::fs::File::open(&p) else {
        return false;
    };
    let mut first = String::new();
    std::io::BufReader::new(f).read_line(&mut first).is_ok() && first.trim_end() == HEADER
}

/// The files listed in `dir`'s marker; every one checked to stay inside the folder.
fn manifest(dir: &Path) -> Result<BTreeSet<String>> {
    let p = dir.join(MARKER);
    let text =
        std::fs::read_to_string(&p).with_context(|| format!("{}: cannot read", p.display()))?;
    let mut files = BTreeSet::new();
    for (i, line) in text.lines().enumerate().skip(1) {
        if super::inside_site(line, "list").is_err() {
            bail!(
                "{}:{}: `{line}` is not a file inside the output; nothing was changed. Delete the \
                 folder's contents by hand, or pass --force to replace them",
                p.display(),
                i + 1
            );
        }
        files.insert(line.to_string());
    }
    Ok(files)
}

/// What the output folder held before this build.
#[derive(Debug)]
pub enum Previous {
    /// Nothing: missing or empty.
    Nothing,
    /// A site of ours; the files it lists that are there, and no other file is there.
    Ours(BTreeSet<String>),
    /// Anything else, replaced because of `--force`.
    Forced,
}

/// Look at the output folder before building: refuse (unless `force`) a folder planpress
/// did not make, or one where files were added by hand since, so no build deletes them.
pub fn inspect(out: &Path, force: bool) -> Result<Previous> {
    let meta = match std::fs::symlink_metadata(out) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Previous::Nothing),
        r => r.with_context(|| format!("{}: cannot read", out.display()))?,
    };
    if meta.is_symlink() {
        let to = std::fs::read_link(out).unwrap_or_default();
        bail!(
            "{}: a symlink to {}, which does not exist; create that folder or remove the link",
            out.display(),
            to.display()
        );
    }
    if !meta.is_dir() {
        bail!(
            "{}: exists and is not a folder; nothing was changed. Remove it or choose another \
             --out",
            out.display()
        );
    }
    let mut entries =
        std::fs::read_dir(out).with_context(|| format!("{}: cannot list", out.display()))?;
    if entries.next().is_none() {
        return Ok(Previous::Nothing);
    }
    if force {
        return Ok(Previous::Forced);
    }
    if !is_marked(out) {
        bail!(
            "{}: not empty and not made by planpress (it has no {MARKER}); nothing was changed. \
             Choose a new or empty folder with --out, or pass --force to replace its contents",
            out.display()
        );
    }
    let files = manifest(out)?;
    let (strays, files) = strays(out, &files)?;
    if !strays.is_empty() {
        let mut list = strays
            .iter()
            .take(5)
            .cloned()
            .collect::<Vec<_>>()
            .join(", ");
        if strays.len() > 5 {
            list.push_str(&format!(" and {} more", strays.len() - 5));
        }
        bail!(
            "{}: holds files the last build did not write: {list}; nothing was changed. Move \
             them into the site's static/ folder so every build publishes them, or pass --force \
             to delete them",
            out.display()
        );
    }
    Ok(Previous::Ours(files))
}

/// Entries of `out` neither listed in its manifest nor a folder holding a listed file
/// (a folder is named once with a trailing `/`, not each file in it), and the listed files
/// found.
fn strays(out: &Path, files: &BTreeSet<String>) -> Result<(Vec<String>, BTreeSet<String>)> {
    let mut dirs = BTreeSet::new();
    for f in files {
        let mut d = f.as_str();
        while let Some((parent, _)) = d.rsplit_once('/') {
            if !dirs.insert(parent) {
                break;
            }
            d = parent;
        }
    }
    let mut found = Vec::new();
    // The listed files that are there: a file deleted by hand is no file of the old site.
    let mut present = BTreeSet::new();
    let mut walk = walkdir::WalkDir::new(out)
        .min_depth(1)
        .sort_by_file_name()
        .into_iter();
    while let Some(e) = walk.next() {
        let e = e.with_context(|| format!("{}: cannot list", out.display()))?;
        let rel = e
            .path()
            .strip_prefix(out)
            .context("listed file outside the output")?
            .to_string_lossy()
            .replace('\\', "/");
        if e.depth() == 1 && (rel == MARKER || rel == MARKER_NEXT) {
            continue;
        }
        if e.file_type().is_dir() {
            if !dirs.contains(rel.as_str()) {
                found.push(format!("{rel}/"));
                walk.skip_current_dir();
            }
        } else if !files.contains(&rel) {
            found.push(rel);
        } else {
            present.insert(rel);
        }
    }
    Ok((found, present))
}

/// Delete a folder this tool made, its marker last, so a build killed while deleting leaves
/// a folder that still says it may be deleted.
pub fn remove_tree(dir: &Path) -> std::io::Result<()> {
    for e in std::fs::read_dir(dir)? {
        let e = e?;
        if e.file_name() == MARKER {
            continue;
        }
        if e.file_type()?.is_dir() {
            std::fs::remove_dir_all(e.path())?;
        } else {
            std::fs::remove_file(e.path())?;
        }
    }
    match std::fs::remove_file(dir.join(MARKER)) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(e),
        _ => {}
    }
    std::fs::remove_dir(dir)
}

/// The names a build of `name` uses beside it, followed by its pid: `<name>.tmp-` (being
/// written, or the old site after the exchange), `<name>.old-` (old site, fallback swap).
pub fn temp_prefixes(name: &str) -> [String; 2] {
    [format!("{name}.tmp-"), format!("{name}.old-")]
}

/// Remove what builds of `name` killed midway left in `parent`: only folders that carry the
/// marker, and only once their process is gone.
pub fn remove_stale(parent: &Path, name: &str) {
    let Ok(entries) = std::fs::read_dir(parent) else {
        return;
    };
    let prefixes = temp_prefixes(name);
    for e in entries.flatten() {
        let file = e.file_name();
        let Some(pid) = file
            .to_str()
            .and_then(|n| prefixes.iter().find_map(|p| n.strip_prefix(p.as_str())))
            .and_then(|p| p.parse::<u32>().ok())
        else {
            continue;
        };
        let path: PathBuf = e.path();
        if (pid == std::process::id() || !alive(pid)) && (is_marked(&path) || barely_begun(&path)) {
            let _ = remove_tree(&path);
        }
    }
}

/// A folder holding nothing, or only a marker cut short: what a build killed between
/// creating its folder and writing the marker, or between deleting the marker and the
/// folder, leaves. Nothing in it can be anyone's.
fn barely_begun(dir: &Path) -> bool {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return false;
    };
    let names: Vec<_> = entries.flatten().map(|e| e.file_name()).collect();
    match names.as_slice() {
        [] => true,
        [n] if n == MARKER => {
            let p = dir.join(MARKER);
            std::fs::symlink_metadata(&p).is_ok_and(|m| m.is_file())
                && std::fs::read(&p).is_ok_and(|b| format!("{HEADER}\n").as_bytes().starts_with(&b))
        }
        _ => false,
    }
}

/// Whether process `pid` may still be running (its build still writing); unsure means yes.
pub fn alive(pid: u32) -> bool {
    #[cfg(unix)]
    {
        let Ok(p) = i32::try_from(pid) else {
            return false;
        };
        if p <= 0 {
            return true;
        }
        // Signal 0 only checks: ESRCH means no such process.
        // SAFETY: kill with signal 0 sends nothing and touches no memory.
        let r = unsafe { libc::kill(p, 0) };
        r == 0 || std::io::Error::last_os_error().raw_os_error() != Some(libc::ESRCH)
    }
    #[cfg(not(unix))]
    {
        let _ = pid;
        true
    }
}
