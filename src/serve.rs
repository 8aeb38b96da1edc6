//! `planpress serve`: build the site, serve it on 127.0.0.1, rebuild when the content,
//! templates, static files or settings change, and reload the pages open in a browser that
//! the rebuild changed. After an edit of plans' text the pages it touches are built and
//! served first, the rest of the site right after (`build::build_pages_first`). A failed
//! rebuild keeps the last good site served and shows the error over the page.
//!
//! The site is built into a folder of its own in the system's temporary folder (never
//! `public/`), with `base_url` set to the server's address. Every HTML response gets one
//! script, `/__planpress/live.js?g=<build>`, which asks `/__planpress/state` for the build
//! number, the pages changed since its own build and the last error: same origin, so the
//! pages' Content-Security-Policy lets it run.

use anyhow::{Context, Result};
use std::path::{Component, Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// The script every served page gets (reload on a new build, error overlay).
const LIVE_JS: &str = include_str!("../themes/default/serve/live.js");

/// How `serve` runs.
pub struct ServeOptions {
    pub root: PathBuf,
    /// 0: any free port.
    pub port: u16,
    pub search: bool,
}

/// The served build: its number (1 for the first) and the error of the last failed rebuild.
#[derive(Debug, Default)]
struct State {
    generation: u64,
    error: Option<String>,
    /// For the last builds: the generation and the URL paths of the pages it changed (`None`:
    /// too many to list), so an open page reloads only when it changed.
    changed: std::collections::VecDeque<(u64, Option<Vec<String>>)>,
    /// The search index and open-data files are those of the served pages (false between a
    /// pages-first build and the full build after it).
    complete: bool,
}

/// The state, shared by the builds and the requests.
#[derive(Debug, Default)]
struct Live {
    state: Mutex<State>,
}

impl Live {
    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn change(&self, f: impl FnOnce(&mut State)) {
        f(&mut self.lock());
    }
}

/// How many builds' changed pages the state remembers; a page older than that reloads.
const HISTORY: usize = 16;
/// More changed pages than this are not listed: every open page reloads.
const CHANGED_MAX: usize = 5000;

impl State {
    /// A new build is served.
    fn served(&mut self, r: &crate::build::BuildReport) {
        self.generation += 1;
        self.error = None;
        self.complete = !r.deferred;
        let pages: Vec<&String> = r.changed.iter().filter(|f| f.ends_with(".html")).collect();
        let list =
            (pages.len() <= CHANGED_MAX).then(|| pages.into_iter().map(|f| page_url(f)).collect());
        self.changed.push_back((self.generation, list));
        while self.changed.len() > HISTORY {
            self.changed.pop_front();
        }
    }

    /// The URL paths of the pages changed by the builds after `since`; `None` when not known
    /// (too many, or older than the history).
    fn changed_since(&self, since: u64) -> Option<Vec<&str>> {
        if since >= self.generation {
            return Some(Vec::new());
        }
        let first = self.changed.front().map_or(u64::MAX, |(g, _)| *g);
        if since + 1 < first {
            return None;
        }
        let mut out = Vec::new();
        for (g, list) in &self.changed {
            if *g > since {
                out.extend(list.as_ref()?.iter().map(|s| s.as_str()));
            }
        }
        Some(out)
    }
}

/// The URL path a site file is served at: `plans/x/index.html` → `/plans/x/`.
fn page_url(file: &str) -> String {
    match file.strip_suffix("index.html") {
        Some(dir) => format!("/{dir}"),
        None => format!("/{file}"),
    }
}

/// Events for the caller: where the site is served, each build's outcome.
pub trait Report: Send + Sync {
    fn serving(&self, url: &str, dir: &Path);
    /// A build is served; `follow_up`: the full build after a pages-first one (its warnings
    /// were reported with that one).
    fn built(
        &self,
        generation: u64,
        took: Duration,
        report: &crate::build::BuildReport,
        follow_up: bool,
    );
    fn failed(&self, error: &str);
}

/// Serve until the process is stopped.
pub fn serve(opts: &ServeOptions, report: Arc<dyn Report>) -> Result<()> {
    let server = tiny_http::Server::http(("127.0.0.1", opts.port))
        .map_err(|e| anyhow::anyhow!("127.0.0.1:{}: cannot listen: {e}", opts.port))?;
    let port = server
        .server_addr()
        .to_ip()
        .map(|a| a.port())
        .context("the server has no IP address")?;
    let url = format!("http://127.0.0.1:{port}/");
    let tmp = std::env::temp_dir();
    // Folders of earlier runs can hold a large site each: removed beside the first build.
    let sweep = tmp.clone();
    std::thread::spawn(move || remove_stale(&sweep));
    let out = tmp.join(format!("{STALE_PREFIX}{}", std::process::id()));
    let mut build_opts = crate::build::BuildOptions::new(&opts.root, out.join("site"));
    build_opts.base_url = Some(url.clone());
    build_opts.search = opts.search;
    let site = out.join("site");
    let state = Arc::new(Live::default());
    let keep = Arc::new(crate::build::Incremental::default());
    // Watching starts before the first build, so no edit made meanwhile is missed.
    let (watcher, events) = watch(&opts.root)?;
    rebuild(&build_opts, &keep, &state, report.as_ref(), Pass::Full);
    report.serving(&url, &site);

    // The watcher's events are read on a thread of their own, so an edit made while a
    // build runs is seen at once: it calls off the full build that follows a pages-first one.
    let waiting = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let (tx, edits) = std::sync::mpsc::channel();
    let seen = waiting.clone();
    std::thread::spawn(move || {
        let _watcher = watcher;
        for e in events.iter() {
            if is_source_change(&e) {
                seen.store(true, std::sync::atomic::Ordering::SeqCst);
                if tx.send(()).is_err() {
                    return;
                }
            }
        }
    });
    let watch_state = state.clone();
    let watch_report = report.clone();
    std::thread::spawn(move || {
        rebuild_on_change(
            &edits,
            &build_opts,
            &keep,
            &watch_state,
            watch_report.as_ref(),
            &waiting,
        );
    });
    // A thread per request: a large file read for one does not hold up the others.
    for request in server.incoming_requests() {
        let (site, state) = (site.clone(), state.clone());
        std::thread::spawn(move || {
            let response = respond(&site, request.url(), &state);
            // A client that went away is no error of the server's.
            let _ = request.respond(response);
        });
    }
    Ok(())
}

/// The folders `serve` builds into: `planpress-serve-<pid>` in the temporary folder.
const STALE_PREFIX: &str = "planpress-serve-";

/// Folders of earlier `serve` runs whose process is gone (stopped with Ctrl-C), removed when
/// they hold a site planpress wrote.
fn remove_stale(tmp: &Path) {
    let Ok(rd) = std::fs::read_dir(tmp) else {
        return;
    };
    for e in rd.flatten() {
        let name = e.file_name();
        let Some(pid) = name
            .to_str()
            .and_then(|n| n.strip_prefix(STALE_PREFIX))
            .and_then(|p| p.parse::<u32>().ok())
        else {
            continue;
        };
        let ours = e.path().join("site").join(crate::write::MARKER).is_file();
        if ours && pid != std::process::id() && !crate::write::pid_alive(pid) {
            // Best effort: another user's folder may not be ours to remove.
            let _ = std::fs::remove_dir_all(e.path());
        }
    }
}

/// Which build `rebuild` runs.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Pass {
    /// Every page looked at, every file brought up to date.
    Full,
    /// The pages an edit of plans' text touched first ([`crate::build::build_pages_first`]).
    PagesFirst,
    /// The full build owed after a pages-first one.
    FollowUp,
}

/// Build; on success the new site is served, on failure the last good one stays. Returns
/// whether a full build is owed (a pages-first build left the other files for it).
fn rebuild(
    opts: &crate::build::BuildOptions,
    keep: &crate::build::Incremental,
    live: &Live,
    report: &dyn Report,
    pass: Pass,
) -> bool {
    let t0 = Instant::now();
    let r = match pass {
        Pass::PagesFirst => crate::build::build_pages_first(opts, keep),
        Pass::Full | Pass::FollowUp => crate::build::build_incremental(opts, keep),
    };
    match r {
        Ok(b) => {
            let mut generation = 0;
            live.change(|s| {
                s.served(&b);
                generation = s.generation;
            });
            report.built(generation, t0.elapsed(), &b, pass == Pass::FollowUp);
            b.deferred
        }
        // Called off for a newer edit, whose build comes next: nothing failed.
        Err(e) if e.chain().any(|c| c.is::<crate::write::Cancelled>()) => false,
        Err(e) => {
            let msg = format!("{e:#}");
            report.failed(&msg);
            live.change(|s| s.error = Some(msg));
            false
        }
    }
}

type Events = std::sync::mpsc::Receiver<notify::Result<notify::Event>>;

/// Watch the site's sources: the watcher (keep it alive) and its events.
fn watch(root: &Path) -> Result<(notify::RecommendedWatcher, Events)> {
    use notify::{RecursiveMode, Watcher};
    let (tx, rx) = std::sync::mpsc::channel();
    let mut w = notify::recommended_watcher(tx)?;
    for (p, mode) in [
        ("content", RecursiveMode::Recursive),
        ("templates", RecursiveMode::Recursive),
        ("static", RecursiveMode::Recursive),
        ("planpress.toml", RecursiveMode::NonRecursive),
    ] {
        let path = root.join(p);
        if path.exists() {
            w.watch(&path, mode)
                .with_context(|| format!("{}: cannot watch", path.display()))?;
        }
    }
    Ok((w, rx))
}

/// Rebuild once per burst of edits, until the watcher stops: the pages an edit touched
/// first, then the rest in a full build, which a newer edit (`waiting`) calls off so its own
/// pages come first.
fn rebuild_on_change(
    edits: &std::sync::mpsc::Receiver<()>,
    opts: &crate::build::BuildOptions,
    keep: &crate::build::Incremental,
    state: &Live,
    report: &dyn Report,
    waiting: &Arc<std::sync::atomic::AtomicBool>,
) {
    use std::sync::atomic::Ordering::SeqCst;
    let mut follow_up = opts.clone();
    follow_up.cancel = Some(waiting.clone());
    while edits.recv().is_ok() {
        // An editor saves in a few steps (temporary file, rename) within milliseconds.
        let until = Instant::now() + Duration::from_millis(25);
        while edits
            .recv_timeout(until.saturating_duration_since(Instant::now()))
            .is_ok()
        {}
        waiting.store(false, SeqCst);
        if !rebuild(opts, keep, state, report, Pass::PagesFirst) || waiting.load(SeqCst) {
            continue;
        }
        rebuild(&follow_up, keep, state, report, Pass::FollowUp);
    }
}

/// A change to a file a build reads (not an access, not an editor's swap file).
fn is_source_change(e: &notify::Result<notify::Event>) -> bool {
    let Ok(e) = e else { return false };
    if e.kind.is_access() {
        return false;
    }
    e.paths.iter().any(|p| {
        let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
        !(name.starts_with('.') || name.ends_with('~') || name.ends_with(".swp"))
    })
}

type Response = tiny_http::Response<std::io::Cursor<Vec<u8>>>;

fn header(k: &str, v: &str) -> tiny_http::Header {
    // Both names and values here are ASCII constants or file types.
    tiny_http::Header::from_bytes(k.as_bytes(), v.as_bytes())
        .unwrap_or_else(|_| tiny_http::Header::from_bytes(&b"X-Bad"[..], &b"1"[..]).expect("ascii"))
}

fn reply(status: u16, kind: &str, body: Vec<u8>) -> Response {
    tiny_http::Response::from_data(body)
        .with_status_code(status)
        .with_header(header("Content-Type", kind))
        .with_header(header("Cache-Control", "no-store"))
}

fn content_type(p: &Path) -> &'static str {
    match p.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "json" => "application/json; charset=utf-8",
        "xml" => "application/xml; charset=utf-8",
        "txt" => "text/plain; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "ico" => "image/x-icon",
        _ => "application/octet-stream",
    }
}

/// `%E6%95%99` → the bytes they stand for; `None` for a malformed escape or non-UTF-8.
fn percent_decode(s: &str) -> Option<String> {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' {
            let hex = std::str::from_utf8(b.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// The response to a request for `url` (path and query) of the site in `site`.
fn respond(site: &Path, url: &str, live: &Live) -> Response {
    let path = url.split(['?', '#']).next().unwrap_or("/");
    if path == "/__planpress/live.js" {
        return reply(200, "text/javascript; charset=utf-8", LIVE_JS.into());
    }
    if path == "/__planpress/state" {
        let param = |name: &str| {
            url.split_once('?')?
                .1
                .split('&')
                .find_map(|kv| kv.strip_prefix(name)?.strip_prefix('='))?
                .parse::<u64>()
                .ok()
        };
        let since = param("since");
        let s = live.lock();
        let changed = since.map(|g| s.changed_since(g));
        let body = serde_json::json!({
            "generation": s.generation,
            "error": s.error,
            "changed": changed,
            "complete": s.complete,
        });
        return reply(
            200,
            "application/json; charset=utf-8",
            body.to_string().into_bytes(),
        );
    }
    let Some(rel) = percent_decode(path) else {
        return reply(400, "text/plain; charset=utf-8", b"bad request".to_vec());
    };
    let rel = Path::new(rel.trim_start_matches('/'));
    if rel.components().any(|c| !matches!(c, Component::Normal(_))) {
        return reply(403, "text/plain; charset=utf-8", b"forbidden".to_vec());
    }
    let mut file = site.join(rel);
    if file.is_dir() {
        if !path.ends_with('/') {
            return reply(301, "text/plain; charset=utf-8", Vec::new())
                .with_header(header("Location", &format!("{path}/")));
        }
        file = file.join("index.html");
    }
    let (status, file) = if file.is_file() {
        (200, file)
    } else {
        (404, site.join("404.html"))
    };
    // The build the page comes from, read before the file: a page newer than it reloads
    // once more at worst, never misses a change.
    let generation = live.lock().generation;
    match std::fs::read(&file) {
        Ok(bytes) => {
            let kind = content_type(&file);
            let body = if kind.starts_with("text/html") {
                with_live_script(bytes, generation, status == 404)
            } else {
                bytes
            };
            reply(status, kind, body)
        }
        // No site yet (the first build failed): a page that shows the error and turns into
        // the site as soon as a build succeeds.
        Err(_) => reply(
            404,
            "text/html; charset=utf-8",
            with_live_script(NO_SITE.as_bytes().to_vec(), generation, true),
        ),
    }
}

/// What is served before any build succeeded.
const NO_SITE: &str = "<!doctype html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\">\
<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
<title>站点尚未生成</title></head><body><h1>站点尚未生成</h1>\
<p>构建没有成功，错误见下方；改正后本页会自动刷新。</p></body></html>";

/// The page with the live-reload script before `</body>` (or at the end), told the build
/// the page comes from and whether it stands for a missing page (which reloads at every
/// build: the page may exist now).
fn with_live_script(html: Vec<u8>, generation: u64, missing: bool) -> Vec<u8> {
    let tag = format!(
        "<script src=\"/__planpress/live.js?g={generation}{}\" defer></script>",
        if missing { "&amp;missing=1" } else { "" }
    );
    let at = html
        .windows(7)
        .rposition(|w| w.eq_ignore_ascii_case(b"</body>"))
        .unwrap_or(html.len());
    let mut out = Vec::with_capacity(html.len() + tag.len());
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(tag.as_bytes());
    out.extend_from_slice(&html[at..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn requests_stay_inside_the_site() {
        let tmp = tempfile::tempdir().unwrap();
        let site = tmp.path();
        std::fs::create_dir_all(site.join("plans/x")).unwrap();
        std::fs::write(
            site.join("plans/x/index.html"),
            "<html><body>x</body></html>",
        )
        .unwrap();
        std::fs::write(site.join("404.html"), "<html><body>404</body></html>").unwrap();
        let state = Live::default();
        let r = respond(site, "/plans/x/", &state);
        assert_eq!(r.status_code().0, 200);
        assert_eq!(respond(site, "/plans/x", &state).status_code().0, 301);
        assert_eq!(respond(site, "/nothing/", &state).status_code().0, 404);
        assert_eq!(respond(site, "/../etc/passwd", &state).status_code().0, 403);
        assert_eq!(respond(site, "/%2e%2e/x", &state).status_code().0, 403);
        assert_eq!(respond(site, "/%zz", &state).status_code().0, 400);
        let page = with_live_script(b"<html><body>x</body></html>".to_vec(), 3, false);
        assert_eq!(
            String::from_utf8(page).unwrap(),
            "<html><body>x<script src=\"/__planpress/live.js?g=3\" defer></script></body></html>"
        );
        assert_eq!(percent_decode("/%E6%95%99").as_deref(), Some("/教"));
        // Before any build succeeded: a page whose script shows the error and reloads.
        let empty = tempfile::tempdir().unwrap();
        let r = respond(empty.path(), "/", &state);
        assert_eq!(r.status_code().0, 404);
        let mut body = String::new();
        std::io::Read::read_to_string(&mut r.into_reader(), &mut body).unwrap();
        assert!(body.contains("live.js?g=0&amp;missing=1"), "{body}");
    }
}
