//! Putting the new site where the old one was ([`Output::commit`]): an atomic exchange where
//! the system has one, else rename aside and rename in, and in place for a mount point.

use super::marker::{self, Previous, MARKER, MARKER_NEXT};
use super::{CommitMode, Output};
use anyhow::{bail, Context, Result};
use std::collections::BTreeSet;
use std::io;
use std::path::Path;

impl Output {
    /// Put the new site in place of the old one and return its absolute path. The old
    /// site is served until the last moment and deleted after.
    pub fn commit(mut self) -> Result<std::path::PathBuf> {
        let written = std::mem::take(
            &mut *self
                .written
                .lock()
                .map_err(|_| anyhow::anyhow!("a writer thread panicked"))?,
        );
        // Renamed over the first marker, so a kill here cannot leave the folder unmarked.
        put_marker(&self.tmp, &marker::bytes(&written))
            .with_context(|| format!("{}: failed to write {MARKER}", self.tmp.display()))?;
        let exists = std::fs::symlink_metadata(&self.out).is_ok();
        let ours = matches!(self.previous, Previous::Ours(_));
        let mode = match self.mode {
            // Over a site of its own: only what changed is written.
            CommitMode::Auto if exists && (ours || is_mount_point(&self.out)) => {
                CommitMode::InPlace
            }
            m => m,
        };
        if mode != CommitMode::InPlace {
            // The whole folder is put in place: the unchanged files must be in it too.
            let unchanged = std::mem::take(
                &mut *self
                    .unchanged
                    .lock()
                    .map_err(|_| anyhow::anyhow!("a writer thread panicked"))?,
            );
            for rel in &unchanged {
                let (from, to) = (self.out.join(rel), self.tmp.join(rel));
                if let Some(dir) = to.parent() {
                    std::fs::create_dir_all(dir)
                        .with_context(|| format!("{}: failed to create", dir.display()))?;
                }
                std::fs::copy(&from, &to)
                    .with_context(|| format!("{}: failed to copy", from.display()))?;
            }
        }
        if mode == CommitMode::InPlace {
            self.in_place(&written)?;
        } else if !exists {
            std::fs::rename(&self.tmp, &self.out).with_context(|| {
                format!("{}: failed to move the new site here", self.out.display())
            })?;
            self.committed = true;
        } else if mode == CommitMode::Auto {
            match exchange(&self.tmp, &self.out) {
                Ok(()) => {
                    // The old site is now at the temporary name.
                    self.committed = true;
                    self.remove_old(&self.tmp)?;
                }
                Err(e) if unsupported(&e) => self.rename_aside(&written)?,
                Err(e) if busy(&e) => self.in_place(&written)?,
                Err(e) => {
                    return Err(e).with_context(|| {
                        format!(
                            "{}: failed to swap in the new site from {}",
                            self.out.display(),
                            self.tmp.display()
                        )
                    })
                }
            }
        } else {
            self.rename_aside(&written)?;
        }
        Ok(self.out.clone())
    }

    fn remove_old(&self, old: &Path) -> Result<()> {
        marker::remove_tree(old).with_context(|| {
            format!(
                "the new site is in {}, but removing the old one at {} failed; the next build \
                 removes it if it still holds {MARKER}, else remove it by hand",
                self.out.display(),
                old.display()
            )
        })
    }

    /// The fallback swap: the old site renamed aside, the new one renamed in. For a moment
    /// between the two renames there is no site at the output's path.
    fn rename_aside(&mut self, written: &BTreeSet<String>) -> Result<()> {
        let (parent, name) = super::split(&self.out)?;
        let old = parent.join(format!(
            "{}{}",
            marker::temp_prefixes(&name)[1],
            std::process::id()
        ));
        if std::fs::symlink_metadata(&old).is_ok() {
            if !marker::is_marked(&old) {
                bail!(
                    "{}: in the way of the build and not made by planpress; move it away",
                    old.display()
                );
            }
            marker::remove_tree(&old)
                .with_context(|| format!("{}: failed to remove", old.display()))?;
        }
        match std::fs::rename(&self.out, &old) {
            Ok(()) => {}
            Err(e) if busy(&e) => return self.in_place(written),
            Err(e) => {
                return Err(e)
                    .with_context(|| format!("{}: failed to move aside", self.out.display()))
            }
        }
        if let Err(e) = std::fs::rename(&self.tmp, &self.out) {
            // Put the old site back so the output is not left missing.
            let _ = std::fs::rename(&old, &self.out);
            return Err(e).with_context(|| {
                format!("{}: failed to move the new site here", self.out.display())
            });
        }
        self.committed = true;
        self.remove_old(&old)
    }

    /// Replace the output's contents inside the folder itself (a mount point cannot be
    /// renamed): delete the old site's files that the new one lacks, move the new files in
    /// over the old ones, delete the folders left empty. Only files of the old manifest are
    /// deleted, unless `--force` replaced a folder planpress did not make.
    fn in_place(&mut self, written: &BTreeSet<String>) -> Result<()> {
        let out = self.out.clone();
        let fail = |what: &str| {
            format!(
                "{}: in-place update failed ({what}); the folder may hold parts of both sites, \
                 all listed in its {MARKER}, and the next build finishes the job",
                out.display()
            )
        };
        std::fs::create_dir_all(&out).with_context(|| fail("creating the folder"))?;
        let empty = BTreeSet::new();
        let old = match &self.previous {
            Previous::Ours(files) => files,
            _ => &empty,
        };
        // Listed first, so a build killed midway leaves every file it holds listed.
        let both: BTreeSet<&String> = old.union(written).collect();
        put_marker(&out, &marker::bytes(both)).with_context(|| fail("writing the marker"))?;
        let mut dirs = BTreeSet::new();
        if matches!(self.previous, Previous::Forced) {
            for e in std::fs::read_dir(&out).with_context(|| fail("listing"))? {
                let e = e.with_context(|| fail("listing"))?;
                let n = e.file_name();
                if n == MARKER || n == MARKER_NEXT {
                    continue;
                }
                let r = match e.file_type() {
                    Ok(t) if t.is_dir() => std::fs::remove_dir_all(e.path()),
                    _ => std::fs::remove_file(e.path()),
                };
                r.with_context(|| fail(&format!("removing {}", e.path().display())))?;
            }
        }
        for rel in old.difference(written) {
            match std::fs::remove_file(out.join(rel)) {
                Err(e) if e.kind() != io::ErrorKind::NotFound => {
                    return Err(e).with_context(|| fail(&format!("removing {rel}")));
                }
                _ => {}
            }
            let mut d = rel.as_str();
            while let Some((parent, _)) = d.rsplit_once('/') {
                dirs.insert(parent);
                d = parent;
            }
        }
        // Deepest first; a folder still holding something stays.
        let mut dirs: Vec<&str> = dirs.into_iter().collect();
        dirs.sort_by_key(|d| std::cmp::Reverse(d.matches('/').count()));
        for d in dirs {
            let _ = std::fs::remove_dir(out.join(d));
        }
        let unchanged = std::mem::take(
            &mut *self
                .unchanged
                .lock()
                .map_err(|_| anyhow::anyhow!("a writer thread panicked"))?,
        );
        for rel in written.difference(&unchanged) {
            let (new, old) = (self.tmp.join(rel), out.join(rel));
            // Over a folder that was not ours (`--force`, a mount point) nothing was compared
            // while writing: a file equal to the one there is left as it is.
            if same_file_bytes(&new, &old) {
                continue;
            }
            move_file(&new, &old).with_context(|| fail(&format!("moving in {rel}")))?;
        }
        put_marker(&out, &marker::bytes(written)).with_context(|| fail("writing the marker"))?;
        self.committed = true;
        let _ = marker::remove_tree(&self.tmp);
        Ok(())
    }
}

impl Drop for Output {
    fn drop(&mut self) {
        if !self.committed {
            let _ = marker::remove_tree(&self.tmp);
        }
    }
}

/// Two files of the same bytes (both readable).
fn same_file_bytes(a: &Path, b: &Path) -> bool {
    let (Ok(ma), Ok(mb)) = (std::fs::metadata(a), std::fs::metadata(b)) else {
        return false;
    };
    ma.len() == mb.len() && mb.is_file() && same_stream(a, b).unwrap_or(false)
}

/// Compared a block at a time: the site-wide data files run to hundreds of megabytes.
fn same_stream(a: &Path, b: &Path) -> io::Result<bool> {
    use std::io::Read;
    let (mut fa, mut fb) = (std::fs::File::open(a)?, std::fs::File::open(b)?);
    let (mut x, mut y) = (vec![0u8; 1 << 16], vec![0u8; 1 << 16]);
    loop {
        let n = read_full(&mut fa, &mut x)?;
        if n != read_full(&mut fb, &mut y)? || x[..n] != y[..n] {
            return Ok(false);
        }
        if n == 0 {
            return Ok(true);
        }
    }
    fn read_full(f: &mut std::fs::File, buf: &mut [u8]) -> io::Result<usize> {
        let mut n = 0;
        while n < buf.len() {
            match f.read(&mut buf[n..])? {
                0 => break,
                k => n += k,
            }
        }
        Ok(n)
    }
}

/// Replace `dir`'s marker in one rename, so it is never half written.
fn put_marker(dir: &Path, bytes: &[u8]) -> io::Result<()> {
    // The same list as before: left as it is, like every unchanged file.
    if std::fs::read(dir.join(MARKER)).is_ok_and(|old| old == bytes) {
        return Ok(());
    }
    let next = dir.join(MARKER_NEXT);
    std::fs::write(&next, bytes)?;
    std::fs::rename(&next, dir.join(MARKER))
}

/// Move one file, replacing what is at `to`; copied where `to` is on another file system.
fn move_file(from: &Path, to: &Path) -> io::Result<()> {
    if let Some(dir) = to.parent() {
        std::fs::create_dir_all(dir)?;
    }
    match std::fs::rename(from, to) {
        Err(e) if busy(&e) => {
            // Copied beside the target and renamed over it, so the old file is replaced at once.
            let part = to.with_file_name(format!(
                ".{}.planpress-part",
                to.file_name()
                    .map(|n| n.to_string_lossy())
                    .unwrap_or_default()
            ));
            std::fs::copy(from, &part)?;
            std::fs::rename(&part, to)?;
            std::fs::remove_file(from)
        }
        r => r,
    }
}

/// Whether `p` is a mount point: on another device than its parent folder.
fn is_mount_point(p: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let (Ok(m), Some(parent)) = (std::fs::metadata(p), p.parent()) else {
            return false;
        };
        std::fs::metadata(parent).is_ok_and(|pm| pm.dev() != m.dev())
    }
    #[cfg(not(unix))]
    {
        let _ = p;
        false
    }
}

/// Exchange two existing paths in one step (`renameat2` with `RENAME_EXCHANGE`), so a
/// reader of either path always finds one of the two folders.
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> io::Result<()> {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    let a = CString::new(a.as_os_str().as_bytes())?;
    let b = CString::new(b.as_os_str().as_bytes())?;
    // The raw system call: the glibc wrapper is missing before 2.28 and in some musl.
    // SAFETY: both paths are valid NUL-terminated strings that outlive the call.
    let r = unsafe {
        libc::syscall(
            libc::SYS_renameat2,
            libc::AT_FDCWD,
            a.as_ptr(),
            libc::AT_FDCWD,
            b.as_ptr(),
            libc::RENAME_EXCHANGE,
        )
    };
    if r == 0 {
        Ok(())
    } else {
        Err(io::Error::last_os_error())
    }
}

#[cfg(not(target_os = "linux"))]
fn exchange(_: &Path, _: &Path) -> io::Result<()> {
    Err(io::ErrorKind::Unsupported.into())
}

/// The system or file system has no exchange: fall back to two renames.
fn unsupported(e: &io::Error) -> bool {
    #[cfg(unix)]
    if matches!(e.raw_os_error(), Some(libc::EINVAL | libc::ENOSYS)) {
        return true;
    }
    e.kind() == io::ErrorKind::Unsupported
}

/// The folder cannot be renamed (a mount point) or the target is on another file system.
fn busy(e: &io::Error) -> bool {
    #[cfg(unix)]
    if matches!(e.raw_os_error(), Some(libc::EBUSY | libc::EXDEV)) {
        return true;
    }
    matches!(
        e.kind(),
        io::ErrorKind::ResourceBusy | io::ErrorKind::CrossesDevices
    )
}
