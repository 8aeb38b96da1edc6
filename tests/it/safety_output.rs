//! Issue 13, the output folder: no build may destroy the site's sources or files it did not
//! write, and the swap never leaves a moment without a site.

use crate::support::*;
use planpress::build::{build, BuildOptions};
use planpress::write::{CommitMode, MARKER};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

/// The fixture site copied into a temp folder, with a `templates/` and `static/` of its own.
fn site() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    copy_tree(&fixture(), &root);
    std::fs::create_dir_all(root.join("templates")).unwrap();
    std::fs::write(root.join("templates/README.txt"), "templates kept").unwrap();
    std::fs::create_dir_all(root.join("static")).unwrap();
    std::fs::write(root.join("static/logo.txt"), "logo").unwrap();
    (dir, root)
}

/// Run `planpress build` in `cwd` with `args`; (success, stderr).
fn cli(cwd: &Path, args: &[&str]) -> (bool, String) {
    let o = Command::new(env!("CARGO_BIN_EXE_planpress"))
        .current_dir(cwd)
        .arg("build")
        .args(args)
        .output()
        .unwrap();
    (
        o.status.success(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

fn assert_refused(cwd: &Path, args: &[&str], root: &Path, names: &str) {
    let before = read_tree(root);
    let (ok, err) = cli(cwd, args);
    assert!(!ok, "{args:?} succeeded: {err}");
    assert!(err.contains("refusing to build into"), "{args:?}: {err}");
    assert!(err.contains(names), "{args:?} should name {names}: {err}");
    assert_eq!(read_tree(root), before, "{args:?} changed the site");
    let names: Vec<_> = std::fs::read_dir(root.parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(
        names,
        vec!["site".to_string()],
        "{args:?} left files beside the site"
    );
}

#[test]
fn the_output_may_not_be_or_hold_the_sources() {
    let (dir, root) = site();
    let canon = root.canonicalize().unwrap();
    let c = canon.display().to_string();
    assert_refused(&root, &["--out", "content"], &root, &format!("{c}/content"));
    assert_refused(
        &root,
        &["--out", "content/x"],
        &root,
        &format!("{c}/content/x"),
    );
    assert_refused(
        &root,
        &["--out", "templates"],
        &root,
        &format!("{c}/templates"),
    );
    assert_refused(&root, &["--out", "static"], &root, &format!("{c}/static"));
    assert_refused(&root, &["--out", "planpress.toml"], &root, "planpress.toml");
    assert_refused(&root, &["--out", "."], &root, &c);
    assert_refused(
        &root,
        &["--out", ".."],
        &root,
        &canon.parent().unwrap().display().to_string(),
    );
    assert_refused(&root, &["--out", "public/../content"], &root, "content");
    // The same through --root from elsewhere, and an absolute --out.
    let root_s = root.display().to_string();
    assert_refused(
        dir.path(),
        &["--root", &root_s, "--out", "content"],
        &root,
        "content",
    );
    let abs = root.join("content").display().to_string();
    assert_refused(
        dir.path(),
        &["--root", &root_s, "--out", &abs],
        &root,
        "content",
    );
}

#[cfg(unix)]
#[test]
fn a_symlink_cannot_lead_the_output_into_the_sources() {
    let (dir, root) = site();
    let outside = tempfile::tempdir().unwrap();
    // A link to content/ itself, and one to a new folder under it.
    std::os::unix::fs::symlink(root.join("content"), outside.path().join("link")).unwrap();
    std::os::unix::fs::symlink(root.join("content/plans"), outside.path().join("plans")).unwrap();
    let root_s = root.display().to_string();
    for out in ["link", "link/new", "plans", "plans/../../planpress.toml"] {
        let o = outside.path().join(out).display().to_string();
        let before = read_tree(&root);
        let (ok, err) = cli(dir.path(), &["--root", &root_s, "--out", &o]);
        assert!(!ok, "--out {o} succeeded");
        assert!(err.contains(&o), "names the output as given: {err}");
        assert!(
            err.contains("content") || err.contains("planpress.toml"),
            "{err}"
        );
        assert_eq!(read_tree(&root), before);
    }
}

#[test]
fn a_build_prints_the_absolute_output_path() {
    let (_dir, root) = site();
    let (ok, err) = cli(&root, &["--out", "public"]);
    assert!(ok, "{err}");
    let abs = root.canonicalize().unwrap().join("public");
    assert!(err.contains(&format!("into {}", abs.display())), "{err}");
}

fn build_opts(root: &Path, out: &Path) -> BuildOptions {
    BuildOptions::new(root, out)
}

#[test]
fn a_folder_planpress_did_not_make_is_refused_unless_forced() {
    let (dir, root) = site();
    let out = dir.path().join("www");
    std::fs::create_dir(&out).unwrap();
    std::fs::write(out.join("notes.txt"), "mine").unwrap();
    let out_s = out.display().to_string();
    let (ok, err) = cli(&root, &["--out", &out_s]);
    assert!(!ok);
    assert!(err.contains(&out_s) && err.contains("--force"), "{err}");
    assert_eq!(std::fs::read(out.join("notes.txt")).unwrap(), b"mine");
    assert_eq!(read_tree(&out).len(), 1);

    let (ok, err) = cli(&root, &["--out", &out_s, "--force"]);
    assert!(ok, "{err}");
    assert!(!out.join("notes.txt").exists());
    assert!(out.join("index.html").exists());
    assert!(out.join(MARKER).exists());
}

#[test]
fn a_hand_added_file_in_the_output_is_refused_and_kept() {
    let (_dir, root) = site();
    let out = root.join("public");
    build_into(&root, &out, true).unwrap();
    let before = read_tree(&out);
    std::fs::write(out.join("plans/extra.pdf"), "added by hand").unwrap();
    let err = format!("{:#}", build_into(&root, &out, true).unwrap_err());
    assert!(err.contains("plans/extra.pdf"), "{err}");
    assert!(err.contains("static/") && err.contains("--force"), "{err}");
    assert_eq!(
        std::fs::read(out.join("plans/extra.pdf")).unwrap(),
        b"added by hand"
    );
    let mut after = read_tree(&out);
    after.remove("plans/extra.pdf");
    assert_eq!(after, before);

    // --force replaces it.
    let mut o = build_opts(&root, &out);
    o.force = true;
    build(&o).unwrap();
    assert_eq!(read_tree(&out), before);
}

#[test]
fn the_output_is_never_missing_while_builds_replace_it() {
    let (_dir, root) = site();
    let out = root.join("public");
    build_into(&root, &out, true).unwrap();
    let first = read_tree(&out);
    let done = Arc::new(AtomicBool::new(false));
    let watcher = {
        let (done, out) = (done.clone(), out.clone());
        std::thread::spawn(move || {
            let (mut looks, mut missing) = (0u64, 0u64);
            while !done.load(Ordering::Relaxed) {
                looks += 1;
                if !out.is_dir() || !out.join("index.html").is_file() {
                    missing += 1;
                }
            }
            (looks, missing)
        })
    };
    for _ in 0..20 {
        build_into(&root, &out, true).unwrap();
    }
    done.store(true, Ordering::Relaxed);
    let (looks, missing) = watcher.join().unwrap();
    assert!(looks > 20, "the watcher barely ran ({looks} looks)");
    assert_eq!(
        missing, 0,
        "the site was missing in {missing} of {looks} looks"
    );
    // Same content, same bytes: the marker holds no time or pid.
    assert_eq!(read_tree(&out), first);
    let beside: Vec<_> = std::fs::read_dir(&root)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("public."))
        .collect();
    assert!(beside.is_empty(), "left beside the output: {beside:?}");
}

/// The pid of a process that has exited.
fn dead_pid() -> u32 {
    let mut c = Command::new("true").spawn().unwrap();
    let pid = c.id();
    c.wait().unwrap();
    pid
}

#[test]
fn leftovers_of_killed_builds_are_removed_only_with_the_marker() {
    let (_dir, root) = site();
    let out = root.join("public");
    build_into(&root, &out, true).unwrap();
    let marker = std::fs::read(out.join(MARKER)).unwrap();
    let pid = dead_pid();
    let marked = [format!("public.tmp-{pid}"), format!("public.old-{pid}")];
    for name in &marked {
        copy_tree(&out, &root.join(name));
    }
    // A user's folders with similar names, and a marked one of a live process (pid 1).
    let pid = dead_pid();
    let users = [format!("public.tmp-{pid}"), format!("public.old-{pid}")];
    for user in &users {
        std::fs::create_dir(root.join(user)).unwrap();
        std::fs::write(root.join(user).join("mine.txt"), "x").unwrap();
    }
    std::fs::create_dir(root.join("public.tmp-1")).unwrap();
    std::fs::write(root.join("public.tmp-1").join(MARKER), &marker).unwrap();

    build_into(&root, &out, true).unwrap();
    for name in &marked {
        assert!(!root.join(name).exists(), "{name} kept");
    }
    for user in &users {
        assert!(
            root.join(user).join("mine.txt").exists(),
            "{user} was removed"
        );
    }
    assert!(
        root.join("public.tmp-1").exists(),
        "a live process's folder was removed"
    );
}

#[test]
fn in_place_gives_the_same_tree_and_removes_only_listed_files() {
    let (dir, root) = site();
    let normal = dir.path().join("normal");
    let placed = dir.path().join("placed");
    std::fs::write(root.join("static/gone.txt"), "only in the first build").unwrap();
    let in_place = |out: &Path| {
        let mut o = build_opts(&root, out);
        o.commit_mode = CommitMode::InPlace;
        build(&o).unwrap()
    };
    in_place(&placed);
    assert!(placed.join("static/gone.txt").exists());
    #[cfg(unix)]
    let ino = {
        use std::os::unix::fs::MetadataExt;
        std::fs::metadata(&placed).unwrap().ino()
    };

    std::fs::remove_file(root.join("static/gone.txt")).unwrap();
    build_into(&root, &normal, true).unwrap();
    in_place(&placed);
    assert_eq!(read_tree(&placed), read_tree(&normal));
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        assert_eq!(
            std::fs::metadata(&placed).unwrap().ino(),
            ino,
            "folder replaced"
        );
    }

    // A hand-added file is refused in this mode too, and with --force it goes.
    std::fs::write(placed.join("mine.txt"), "x").unwrap();
    let mut o = build_opts(&root, &placed);
    o.commit_mode = CommitMode::InPlace;
    assert!(build(&o).is_err());
    assert!(placed.join("mine.txt").exists());
    o.force = true;
    build(&o).unwrap();
    assert_eq!(read_tree(&placed), read_tree(&normal));
    let beside: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(beside.len(), 3, "{beside:?}");
}

#[test]
fn the_rename_aside_fallback_gives_the_same_tree() {
    let (dir, root) = site();
    let (normal, aside) = (dir.path().join("normal"), dir.path().join("aside"));
    build_into(&root, &normal, true).unwrap();
    for _ in 0..2 {
        let mut o = build_opts(&root, &aside);
        o.commit_mode = CommitMode::RenameAside;
        build(&o).unwrap();
    }
    assert_eq!(read_tree(&aside), read_tree(&normal));
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 3);
}

#[cfg(unix)]
#[test]
fn static_symlinks_are_followed_only_inside_the_site() {
    use std::os::unix::fs::symlink;
    let (dir, root) = site();
    let out = root.join("public");
    let elsewhere = dir.path().join("elsewhere");
    std::fs::create_dir(&elsewhere).unwrap();
    let outside = elsewhere.join("secret.txt");
    std::fs::write(&outside, "not for the site").unwrap();

    // Inside the root: a file and a folder, followed.
    symlink(root.join("content/pages"), root.join("static/pages")).unwrap();
    symlink("../planpress.toml", root.join("static/config.txt")).unwrap();
    build_into(&root, &out, true).unwrap();
    assert_eq!(
        std::fs::read(out.join("static/config.txt")).unwrap(),
        std::fs::read(root.join("planpress.toml")).unwrap()
    );
    assert!(out.join("static/pages/about.md").is_file());
    let before = read_tree(&out);

    // Outside: a file, a folder, static/ itself.
    let cases: [(&Path, PathBuf, &str); 3] = [
        (
            &outside,
            root.join("static/leak.txt"),
            "copy the file into static/",
        ),
        (
            &elsewhere,
            root.join("static/leak"),
            "copy the folder into static/",
        ),
        (&elsewhere, root.join("static"), "make static/ a folder"),
    ];
    for (target, link, advice) in cases {
        if link.ends_with("static") {
            std::fs::rename(root.join("static"), dir.path().join("static-real")).unwrap();
        }
        symlink(target, &link).unwrap();
        let err = format!("{:#}", build_into(&root, &out, true).unwrap_err());
        let expect = format!(
            "{}: a symlink to {}, outside the site",
            link.display(),
            target.canonicalize().unwrap().display()
        );
        assert!(err.contains(&expect), "{err}\nexpected: {expect}");
        assert!(err.contains(advice), "{err}");
        assert_eq!(read_tree(&out), before, "output changed");
        std::fs::remove_file(&link).unwrap();
    }
}

#[test]
fn a_build_killed_at_any_moment_leaves_a_whole_site_and_nothing_the_next_build_keeps() {
    let (_dir, root) = site();
    let out = root.join("public");
    let spawn = || spawn_build(&root);
    let t0 = std::time::Instant::now();
    assert!(spawn().wait().unwrap().success());
    let took = t0.elapsed();
    let whole = read_tree(&out);
    // Kills spread over a build's run (start-up, rendering, the swap, deleting the old
    // site), scaled to how long one took on this machine now.
    for i in 0..24u32 {
        let at = took * i / 20;
        let mut child = spawn();
        std::thread::sleep(at);
        let _ = child.kill();
        child.wait().unwrap();
        assert_eq!(read_tree(&out), whole, "after a kill at {at:?}");
    }
    build_into(&root, &out, true).unwrap();
    assert_eq!(read_tree(&out), whole);
    let beside: Vec<_> = std::fs::read_dir(&root)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("public."))
        .collect();
    assert!(beside.is_empty(), "left beside the output: {beside:?}");
}

/// `--root site --out site/public` would write `site/site/public`: refused, saying so and
/// naming the path meant; nothing is written.
#[test]
fn an_out_that_repeats_the_root_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    crate::support::copy_tree(&crate::support::fixture(), &site);
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_planpress"))
        .current_dir(tmp.path())
        .args(["build", "--root", "site", "--out", "site/public"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("would write site/site/public"), "{err}");
    assert!(err.contains("write --out public"), "{err}");
    assert!(!site.join("site").exists() && !site.join("public").exists());
    // The same with the path meant builds, and says where, absolutely.
    let ok = std::process::Command::new(env!("CARGO_BIN_EXE_planpress"))
        .current_dir(tmp.path())
        .args(["build", "--root", "site", "--out", "public"])
        .output()
        .unwrap();
    assert!(ok.status.success());
    let said = String::from_utf8_lossy(&ok.stderr);
    let abs = site.join("public").canonicalize().unwrap();
    assert!(said.contains(&format!("into {}", abs.display())), "{said}");
}

/// A rebuild after a one-word edit writes only the files whose bytes changed: the others keep
/// their inode and mtime (rsync and CDN uploads skip them); files the new site lacks go.
#[cfg(unix)]
#[test]
fn a_rebuild_writes_only_what_changed() {
    use std::os::unix::fs::MetadataExt;
    let (_dir, root) = site();
    let out = root.join("public");
    build_into(&root, &out, true).unwrap();
    let stamp = |out: &Path| -> std::collections::BTreeMap<String, (u64, i64)> {
        walkdir::WalkDir::new(out)
            .into_iter()
            .map(|e| e.unwrap())
            .filter(|e| e.file_type().is_file())
            .map(|e| {
                let m = e.metadata().unwrap();
                let rel = e.path().strip_prefix(out).unwrap().display().to_string();
                (rel, (m.ino(), m.mtime_nsec() + m.mtime() * 1_000_000_000))
            })
            .collect()
    };
    let before = stamp(&out);
    // Nothing changed: nothing written.
    build_into(&root, &out, true).unwrap();
    assert_eq!(stamp(&out), before);
    // One clause reworded: its plan's pages change, another plan's clause pages do not.
    let plan = root.join("content/plans/yiyuan.md");
    let text = std::fs::read_to_string(&plan).unwrap();
    std::fs::write(&plan, reworded(&text)).unwrap();
    build_into(&root, &out, true).unwrap();
    let after = stamp(&out);
    let changed: Vec<&String> = after
        .iter()
        .filter(|(k, v)| before.get(*k) != Some(*v))
        .map(|(k, _)| k)
        .collect();
    assert!(
        changed.iter().any(|p| p.starts_with("plans/yiyuan-2021/")),
        "{changed:?}"
    );
    assert!(
        !changed.iter().any(|p| p.starts_with("plans/shiquan-2024/")),
        "the other plan's pages were rewritten: {changed:?}"
    );
    assert!(
        changed.len() * 4 < after.len(),
        "{} of {} files rewritten",
        changed.len(),
        after.len()
    );
    // The site is what a fresh build makes.
    let fresh = root.join("fresh");
    build_into(&root, &fresh, true).unwrap();
    assert_eq!(read_tree(&out), read_tree(&fresh));
    // A plan removed: its pages go, the rest stays.
    std::fs::remove_file(root.join("content/plans/shiquan.md")).unwrap();
    build_into(&root, &out, true).unwrap();
    assert!(!out.join("plans/shiquan-2024").exists());
    assert!(out.join("plans/yiyuan-2021/index.html").is_file());
}

/// Rebuilding changed content, a build killed at any moment leaves every page whole — the
/// old one or the new one, never a mix within a file — and the next build makes exactly the
/// site a fresh build makes.
#[test]
fn a_changed_rebuild_killed_at_any_moment_leaves_whole_pages() {
    let (_dir, root) = site();
    let out = root.join("public");
    build_into(&root, &out, true).unwrap();
    let old = read_tree(&out);
    // The new content: a plan's clause reworded (its pages, the office and search files change).
    let plan = root.join("content/plans/yiyuan.md");
    let text = std::fs::read_to_string(&plan).unwrap();
    std::fs::write(&plan, reworded(&text)).unwrap();
    let fresh = root.join("fresh");
    build_into(&root, &fresh, true).unwrap();
    let new = read_tree(&fresh);
    std::fs::remove_dir_all(&fresh).unwrap();
    assert_ne!(old, new);
    let spawn = || spawn_build(&root);
    let t0 = std::time::Instant::now();
    assert!(spawn().wait().unwrap().success());
    let took = t0.elapsed();
    for i in 0..16u32 {
        // Back to the old site, then a changed rebuild killed part-way.
        std::fs::write(&plan, &text).unwrap();
        build_into(&root, &out, true).unwrap();
        assert_eq!(read_tree(&out), old);
        std::fs::write(&plan, reworded(&text)).unwrap();
        let mut child = spawn();
        std::thread::sleep(took * i / 12);
        let _ = child.kill();
        child.wait().unwrap();
        for (path, bytes) in read_tree(&out) {
            if path == MARKER {
                continue;
            }
            let whole = old.get(&path) == Some(&bytes) || new.get(&path) == Some(&bytes);
            assert!(
                whole,
                "{path} is neither the old page nor the new one (kill {i})"
            );
        }
        build_into(&root, &out, true).unwrap();
        assert_eq!(read_tree(&out), new, "the build after kill {i}");
    }
}

/// `planpress build` in `root` as a child process (which a test may kill).
fn spawn_build(root: &Path) -> std::process::Child {
    Command::new(env!("CARGO_BIN_EXE_planpress"))
        .current_dir(root)
        .arg("build")
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap()
}

/// A plan file's text with a sentence added under its first item's heading.
fn reworded(text: &str) -> String {
    let at = text.find("\n### ").unwrap();
    let end = at + 1 + text[at + 1..].find('\n').unwrap();
    format!("{}\n\n新增一句。{}", &text[..end], &text[end..])
}
