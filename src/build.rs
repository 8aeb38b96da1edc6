//! The build: load → model → graph → render → write. It only orchestrates; each stage owns
//! its logic.

use crate::config::Config;
use crate::graph::SiteGraph;
use crate::render::{self, Renderer, Site};
use crate::write::{CommitMode, Output};
use anyhow::{bail, Context, Result};
use rayon::prelude::*;
use std::path::{Path, PathBuf};

mod incremental;
pub use incremental::Incremental;

/// What `planpress build` was asked to do.
#[derive(Clone)]
pub struct BuildOptions {
    /// Site root: `planpress.toml`, `content/`, `templates/`, `static/`.
    pub root: PathBuf,
    /// Output folder; a relative path is taken from the site root.
    pub out: PathBuf,
    /// Replaces `base_url` from planpress.toml.
    pub base_url: Option<String>,
    /// Compact the HTML's whitespace (`write::compact`); off with `--no-minify`.
    pub minify: bool,
    pub search: bool,
    /// Replace an output folder planpress did not make, or one holding files added by hand
    /// (`--force`). Never overrides the refusal to build into the site's sources.
    pub force: bool,
    /// Write back `content/urls.yaml` when the build recorded new county or office names
    /// (off for `planpress check`, which writes nothing of the site's).
    pub record_urls: bool,
    /// Told, from the worker threads, how many page jobs are done of how many (for a
    /// progress bar on a terminal).
    pub progress: Option<std::sync::Arc<dyn Fn(usize, usize) + Send + Sync>>,
    /// Every page through minify-html (`--minify-html`) instead of the whitespace compaction.
    pub minify_html: bool,
    /// Once set, the build stops with [`crate::write::Cancelled`] before its next job or
    /// file, leaving the published site as it was (`serve`: a newer edit is waiting).
    pub cancel: Option<std::sync::Arc<std::sync::atomic::AtomicBool>>,
    /// Test hook: make the write stage fail after this many files.
    #[doc(hidden)]
    pub fail_after_writes: Option<usize>,
    /// Test hook: how the new site is put in place (in place, as on a mount point).
    #[doc(hidden)]
    pub commit_mode: CommitMode,
}

impl BuildOptions {
    pub fn new(root: impl Into<PathBuf>, out: impl Into<PathBuf>) -> BuildOptions {
        BuildOptions {
            root: root.into(),
            out: out.into(),
            base_url: None,
            minify: true,
            search: true,
            force: false,
            record_urls: true,
            progress: None,
            minify_html: false,
            cancel: None,
            fail_after_writes: None,
            commit_mode: CommitMode::Auto,
        }
    }
}

/// `--root site --out site/public` would write `site/site/public`: a relative `--out` is
/// taken from the site root, and one that starts with the root's own path is refused with
/// the path meant.
fn check_out_relative(root: &Path, out: &Path) -> Result<()> {
    if out.is_absolute() || root == Path::new(".") || root.as_os_str().is_empty() {
        return Ok(());
    }
    if let Ok(rest) = out.strip_prefix(root) {
        anyhow::bail!(
            "--out {} is taken from the site root ({}), so it would write {}; to mean {}, write --out {}",
            out.display(),
            root.display(),
            root.join(out).display(),
            out.display(),
            if rest.as_os_str().is_empty() { ".".into() } else { rest.display().to_string() }
        );
    }
    Ok(())
}

/// What a build produced.
#[derive(Debug, Clone)]
pub struct BuildReport {
    pub out: PathBuf,
    pub plans: usize,
    pub files: usize,
    /// Pages not rendered again: their inputs were those of the published page (only with
    /// [`build_incremental`]).
    pub kept: usize,
    /// Import warnings of the content, for staff (never shown on the site).
    pub warnings: Vec<String>,
    /// The search index, unless `--no-search`.
    pub search: Option<SearchReport>,
    /// Notes for staff from the site graph (office names without a department category).
    pub notes: Vec<String>,
    /// Each stage in order: `--timings`, for the benchmark's "where the time goes".
    pub timings: Vec<Lap>,
    /// Only the pages the edit can change were rendered ([`build_pages_first`]); the other
    /// pages, the search index and the open-data files are as the last build left them
    /// until a full build follows.
    pub deferred: bool,
    /// The files whose bytes this build changed (or added), site-relative.
    pub changed: Vec<String>,
}

/// Size of the search index and the time spent on it (for the benchmark).
#[derive(Debug, Clone)]
pub struct SearchReport {
    pub stats: crate::search::Stats,
    /// Building the index, not counting the writes (runs beside page rendering).
    pub build: std::time::Duration,
    /// Writing its files (done as they are produced, during the build).
    pub write: std::time::Duration,
}

fn normalise_base(url: &str) -> String {
    let u = url.trim();
    if u.ends_with('/') {
        u.to_string()
    } else {
        format!("{u}/")
    }
}

pub fn build(opts: &BuildOptions) -> Result<BuildReport> {
    build_with(opts, None, false)
}

/// [`build`], reusing what `keep` holds of the last build into the same output (and keeping
/// this one's). Only for an output no one else writes: a page is left as the last build
/// wrote it when its inputs are unchanged.
pub fn build_incremental(opts: &BuildOptions, keep: &Incremental) -> Result<BuildReport> {
    begin_incremental(opts, keep);
    build_with(opts, Some(keep), false)
}

/// [`build_incremental`], rendering after an edit of plans' text only the pages it can
/// change (the plans', their counties' and offices', the departments' and years' they feed,
/// and the pages over the whole site) and leaving the other files as published, the search
/// index and open-data files included: [`BuildReport::deferred`] then says a
/// [`build_incremental`] must follow to bring those up to date. Any other edit gets a
/// whole [`build_incremental`] at once. For `planpress serve`, which shows the edited page
/// first.
pub fn build_pages_first(opts: &BuildOptions, keep: &Incremental) -> Result<BuildReport> {
    begin_incremental(opts, keep);
    build_with(opts, Some(keep), true)
}

fn begin_incremental(opts: &BuildOptions, keep: &Incremental) {
    let this = Some((opts.root.join(&opts.out), opts.minify, opts.minify_html));
    let mut last = keep.last.lock().unwrap_or_else(|e| e.into_inner());
    if *last != this {
        keep.pages.forget();
        *keep.previous.lock().unwrap_or_else(|e| e.into_inner()) = None;
        *last = this;
    }
    drop(last);
    keep.pages.begin();
}

/// Nothing is known of the published site any more (a failed commit may have left parts).
fn forget(keep: Option<&Incremental>) {
    if let Some(k) = keep {
        k.pages.forget();
        *k.previous.lock().unwrap_or_else(|e| e.into_inner()) = None;
    }
}

fn build_with(
    opts: &BuildOptions,
    keep: Option<&Incremental>,
    pages_first: bool,
) -> Result<BuildReport> {
    let Some(k) = keep else {
        return build_stages(opts, None, false, None, &Default::default()).map(|(r, _)| r);
    };
    let previous = k.previous.lock().unwrap_or_else(|e| e.into_inner()).take();
    let lost = std::sync::atomic::AtomicBool::new(false);
    match build_stages(opts, keep, pages_first, previous.as_ref(), &lost) {
        Ok((report, next)) => {
            *k.previous.lock().unwrap_or_else(|e| e.into_inner()) = next;
            // Freeing the last build's graph and lists takes a while at 1,000 plans: not on
            // the way to serving the new one.
            std::thread::spawn(move || drop(previous));
            Ok(report)
        }
        Err(e) => {
            // A build that failed before touching the published site leaves it as recorded.
            if lost.load(std::sync::atomic::Ordering::Relaxed) {
                forget(keep);
            } else {
                *k.previous.lock().unwrap_or_else(|e| e.into_inner()) = previous;
            }
            Err(e)
        }
    }
}

/// The build's stages. `previous` is what the last build through `keep` published; `lost`
/// is set when the published site may no longer be what it says.
fn build_stages(
    opts: &BuildOptions,
    keep: Option<&Incremental>,
    pages_first: bool,
    previous: Option<&incremental::Previous>,
    lost: &std::sync::atomic::AtomicBool,
) -> Result<(BuildReport, Option<incremental::Previous>)> {
    let mut clock = Clock::new();
    let config = Config::load(&opts.root)?;
    if let Some(u) = &opts.base_url {
        crate::config::check_base_url(u).map_err(|why| anyhow::anyhow!("--base-url {why}"))?;
    }
    let base_url = normalise_base(opts.base_url.as_deref().unwrap_or(&config.base_url));
    // Every check of the output folder runs before anything is written or rendered.
    check_out_relative(&opts.root, &opts.out)?;
    let out_dir = crate::write::guard::check_sources(&opts.root, &opts.root.join(&opts.out))?;
    // `serve`'s folder, which only it writes, is not walked again: the last build listed it.
    let mut out = match previous {
        Some(p) if !opts.force => Output::begin_own(&out_dir, opts.minify, p.files.clone())?,
        _ => Output::begin(&out_dir, opts.minify, opts.force)?,
    };
    out.fail_after(opts.fail_after_writes);
    out.cancel_on(opts.cancel.clone());
    out.commit_mode(opts.commit_mode);
    // Static files first: a symlink leading out of the site fails the build before rendering.
    out.minify_html(opts.minify_html);
    write_static(&out, &opts.root, opts.minify)?;
    clock.lap("begin output, static files");
    // Compiling the templates needs nothing from the content: it runs on its own thread
    // beside load, model and graph (a third of a small site's build otherwise).
    let (renderer, staged) = std::thread::scope(|s| {
        let templates = s.spawn(|| {
            let r = Renderer::new(&opts.root, &[render::TEMPLATES])?;
            anyhow::Ok(match keep {
                Some(k) => r.with_memo(k.pages.clone()),
                None => r,
            })
        });
        let staged = (|| -> Result<_> {
            let mut loaded =
                crate::load::load_cached(&opts.root.join("content"), keep.map(|k| &k.load))?;
            clock.lap("load");
            let pages = loaded.pages.clone();
            let root = opts.root.clone();
            let page_html = s.spawn(move || render::pages::page_html(&pages, &root));
            let docs = std::mem::take(&mut loaded.docs);
            let cache = keep.map(|k| (&k.model, &loaded.fingerprints));
            let plans = crate::model::build_cached(docs, &loaded.aliases, cache);
            let versions = crate::model::build_cached(
                std::mem::take(&mut loaded.versions),
                &loaded.aliases,
                cache,
            );
            clock.lap("model");
            let urls = loaded.urls.clone();
            let mut graph =
                SiteGraph::build_recorded(&plans, &loaded.aliases, &loaded.departments, urls);
            graph.histories = crate::graph::revisions::histories(&plans, &versions);
            clock.lap("graph");
            let page_html = page_html
                .join()
                .map_err(|_| anyhow::anyhow!("the Markdown renderer panicked"))?;
            Ok((loaded, plans, versions, graph, page_html))
        })();
        let renderer = templates
            .join()
            .map_err(|_| anyhow::anyhow!("the template compiler panicked"))?;
        anyhow::Ok((renderer, staged))
    })?;
    let renderer = renderer?;
    let (loaded, plans, versions, graph, (page_html, page_warnings)) = staged?;
    clock.lap("templates, Markdown (waited for)");

    let nav = render::nav(
        loaded
            .pages
            .iter()
            .map(|p| (p.slug.as_str(), p.title.as_str())),
    );
    let site = Site {
        config: &config,
        base_url,
        plans: &plans,
        versions: &versions,
        graph: &graph,
        pages: &loaded.pages,
        page_html: &page_html,
        nav,
        search: opts.search,
    };
    render::pages::check(&site)?;

    let jobs = render::jobs(&site);
    let scopes: Vec<render::Scope> = jobs.iter().map(|(s, _)| s.clone()).collect();
    let settings = incremental::Settings {
        config: config.clone(),
        base_url: site.base_url.clone(),
        search: opts.search,
        templates: renderer.templates_fingerprint(),
        others: loaded.others,
    };
    let plan_keys = match keep {
        Some(k) => incremental::plan_keys(&plans, &versions, &k.model.keys()),
        None => Vec::new(),
    };
    // After an edit of plans' text only, a pages-first build renders the jobs it feeds.
    let dirty = match previous.filter(|_| pages_first) {
        Some(p) => incremental::dirty(
            p,
            &incremental::Now {
                settings: &settings,
                plans: &plan_keys,
                graph: &graph,
                scopes: &scopes,
            },
        ),
        None => None,
    };
    clock.lap("what the edit reaches");
    let runs = |i: usize| match &dirty {
        Some(d) => scopes[i] == render::Scope::Site || d.contains(&scopes[i]),
        None => true,
    };
    // The published site is not what the memo says (a file it lists is missing, a commit
    // failed midway): start over. A build called off for a newer edit knows nothing less.
    let memo_forget = |e: &anyhow::Error| {
        if e.is::<crate::write::Cancelled>() {
            return;
        }
        lost.store(true, std::sync::atomic::Ordering::Relaxed);
        if let Some(k) = keep {
            k.pages.forget();
        }
    };
    // Each job's pages are written as soon as they are rendered (and compacted on that
    // thread), so memory holds a few pages, not the site; only the paths are kept (for the
    // sitemap and the next build). The search index is independent of the pages: built
    // beside them.
    let done = std::sync::atomic::AtomicUsize::new(0);
    let kept = std::sync::atomic::AtomicUsize::new(0);
    let (paths, search) = rayon::join(
        || {
            type Paths = Vec<(String, bool)>;
            let put = |files: Vec<render::Rendered>| -> Result<Paths> {
                let mut paths = Vec::with_capacity(files.len());
                for f in files {
                    if f.kept {
                        kept.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        out.keep(&f.path).inspect_err(memo_forget)?;
                    } else {
                        out.write(&f.path, &f.bytes)?;
                    }
                    paths.push((f.path, f.in_sitemap));
                }
                Ok(paths)
            };
            // A job the edit cannot reach keeps the files it wrote last time.
            let unchanged = |i: usize| -> Result<Paths> {
                let was = previous.map_or(&[][..], |p| &p.jobs[i].1[..]);
                for (path, _) in was {
                    out.keep(path).inspect_err(memo_forget)?;
                    if let Some(k) = keep {
                        k.pages.carry(path);
                    }
                }
                kept.fetch_add(was.len(), std::sync::atomic::Ordering::Relaxed);
                Ok(was.to_vec())
            };
            // The site-wide data files stream into `out` beside the pages.
            let (pages, data) = rayon::join(
                || {
                    jobs.par_iter()
                        .enumerate()
                        .map(|(i, (_, job))| -> Result<Paths> {
                            out.cancelled()?;
                            let paths = if runs(i) {
                                put(job(&renderer, &site)?)?
                            } else {
                                unchanged(i)?
                            };
                            if let Some(p) = &opts.progress {
                                let n = done.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1;
                                p(n, jobs.len());
                            }
                            Ok(paths)
                        })
                        .collect::<Result<Vec<Paths>>>()
                },
                // Left as published (`keep_rest`) by a pages-first build.
                || match (&dirty, previous) {
                    (Some(_), Some(p)) => Ok(p.data.clone()),
                    _ => put(render::data::site_files(&renderer, &site, &out)?),
                },
            );
            Ok::<_, anyhow::Error>((pages?, data?))
        },
        || {
            // The index is written into `out` as it is produced (never held whole).
            (opts.search && dirty.is_none()).then(|| {
                let t0 = std::time::Instant::now();
                crate::search::index::write(&plans, &out).map(|stats| (stats, t0.elapsed()))
            })
        },
    );
    let (paths, data_paths) = paths?;
    clock.lap("render and write pages");
    let listed = paths
        .iter()
        .chain([&data_paths])
        .flatten()
        .filter(|(_, in_sitemap)| *in_sitemap)
        .map(|(p, _)| p.as_str());
    render::pages::sitemap(&site, listed, |f| out.write(&f.path, &f.bytes))?;
    let robots = render::pages::robots(&site);
    out.write(&robots.path, &robots.bytes)?;
    if let (Some(_), Some(p)) = (&dirty, previous) {
        // What the jobs run again wrote last time is theirs to write or drop; every other
        // file (search index, open data) stays as published until the full build.
        let again: std::collections::HashSet<String> = (0..jobs.len())
            .filter(|&i| runs(i))
            .flat_map(|i| p.jobs[i].1.iter().map(|(f, _)| f.clone()))
            .collect();
        for f in out.keep_rest(&again).inspect_err(memo_forget)? {
            if let Some(k) = keep {
                k.pages.carry(&f);
            }
        }
    }
    let search = match search {
        Some(r) => {
            let (stats, took) = r?;
            Some(SearchReport {
                write: stats.write,
                build: took.saturating_sub(stats.write),
                stats,
            })
        }
        None => None,
    };
    clock.lap("sitemap, search files");
    let n = out.len();
    let changed = out.changed();
    let files = keep.map(|_| out.files()).unwrap_or_default();
    lost.store(true, std::sync::atomic::Ordering::Relaxed);
    let out_dir = out.commit().inspect_err(memo_forget)?;
    if let Some(k) = keep {
        k.pages.published();
    }
    let next = keep.map(|_| incremental::Previous {
        settings,
        plans: plan_keys,
        graph: SiteGraph::default(),
        jobs: scopes.into_iter().zip(paths).collect(),
        data: data_paths,
        files,
    });
    clock.lap("commit");
    let mut notes = graph.notes();
    if opts.record_urls {
        if let Some(n) = record_urls(&opts.root.join("content"), &loaded.urls, &graph.urls)? {
            notes.push(n);
        }
    }

    let mut warnings = loaded.warnings.clone();
    for p in &plans {
        // A warning about a node, table or row starts with its id and counts lines in the
        // content file the plan was read from; the others count lines of the seed
        // (`doc::Warning`).
        let ids: std::collections::BTreeSet<&str> = p
            .all_nodes()
            .iter()
            .map(|n| n.id.as_str())
            .chain(p.tables.iter().flat_map(|t| {
                std::iter::once(t.id.as_str()).chain(t.row_ids.iter().map(|r| r.as_str()))
            }))
            .collect();
        for w in &p.warnings {
            let first = w.message.split(' ').next().unwrap_or_default();
            let file = if !p.file.is_empty() && ids.contains(first) {
                &p.file
            } else {
                &p.meta.source
            };
            warnings.push(if w.line > 0 {
                format!("{}:{}: {}", file, w.line, w.message)
            } else {
                format!("{}: {}", p.meta.source, w.message)
            });
        }
    }
    warnings.extend(page_warnings);
    clock.lap("notes, warnings");
    let report = BuildReport {
        out: out_dir,
        plans: plans.len(),
        files: n,
        kept: kept.into_inner(),
        warnings,
        search,
        notes,
        timings: clock.laps,
        deferred: dirty.is_some(),
        changed,
    };
    drop(jobs);
    drop(site);
    if let Some(k) = keep {
        k.model.keep(plans.into_iter().chain(versions));
    }
    Ok((report, next.map(|p| incremental::Previous { graph, ..p })))
}

/// Write the county and office slugs of this build to `content/urls.yaml` when the build
/// added names to the record `read` from it (only after the site was published, so a URL is
/// recorded once it exists).
fn record_urls(
    content: &Path,
    read: &crate::slug::Record,
    urls: &crate::slug::Record,
) -> Result<Option<String>> {
    if read == urls {
        return Ok(None);
    }
    let path = content.join(crate::load::URLS_FILE);
    crate::import::write_atomic(&path, &urls.to_text()?)?;
    Ok(Some(format!(
        "note: {}: recorded the URL names of new counties or offices; commit it with the content",
        path.display()
    )))
}

/// One stage of a build as `--timings` prints it.
#[derive(Debug, Clone)]
pub struct Lap {
    pub stage: &'static str,
    pub wall: std::time::Duration,
    /// The process's peak resident set so far (`VmHWM`), in KB; 0 where /proc is missing.
    pub peak_kb: u64,
    /// Its resident set at the stage's end (`VmRSS`): what the stage left held, where the
    /// peak may have been set by an earlier one.
    pub now_kb: u64,
}

/// Stage timings: each lap is the time since the previous one.
struct Clock {
    last: std::time::Instant,
    laps: Vec<Lap>,
}

impl Clock {
    fn new() -> Clock {
        Clock {
            last: std::time::Instant::now(),
            laps: Vec::new(),
        }
    }

    fn lap(&mut self, stage: &'static str) {
        let now = std::time::Instant::now();
        let (peak_kb, now_kb) = memory_kb();
        self.laps.push(Lap {
            stage,
            wall: now - self.last,
            peak_kb,
            now_kb,
        });
        self.last = now;
    }
}

/// This process's peak and current resident set (`VmHWM`, `VmRSS`) from one read of
/// /proc/self/status, in KB; 0 where /proc is missing.
fn memory_kb() -> (u64, u64) {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let field = |key: &str| {
        status
            .lines()
            .find_map(|l| l.strip_prefix(key))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
            .unwrap_or(0)
    };
    (field("VmHWM:"), field("VmRSS:"))
}

/// Theme assets, then the site's own `static/` (same name replaces, others are added).
/// Symlinks there are followed only where they stay inside the site root.
fn write_static(out: &Output, root: &Path, minify: bool) -> Result<()> {
    let own = root.join("static");
    // The theme's stylesheets and scripts minified once per build; the site's own files in
    // static/ are published as they are.
    let mut files: Vec<(String, Vec<u8>)> = render::STATIC
        .iter()
        .map(|(n, s)| {
            let b = s.as_bytes();
            let out = match (minify, n.rsplit('.').next()) {
                (true, Some("css")) => crate::write::minify::css(b),
                (true, Some("js")) => crate::write::minify::js(b),
                _ => b.to_vec(),
            };
            (n.to_string(), out)
        })
        .collect();
    if std::fs::symlink_metadata(&own).is_ok() {
        for e in walkdir::WalkDir::new(&own)
            .follow_links(true)
            .sort_by_file_name()
        {
            let e = e.with_context(|| format!("{}: failed to list", own.display()))?;
            if e.path_is_symlink() {
                let instead = if e.depth() == 0 {
                    "make static/ a folder of the site and copy the files into it instead"
                } else if e.file_type().is_dir() {
                    "copy the folder into static/ instead"
                } else {
                    "copy the file into static/ instead"
                };
                crate::load::inside_root(e.path(), root, instead)?;
            }
            if e.depth() == 0 && !e.file_type().is_dir() {
                bail!(
                    "{}: not a folder; static files go in a static/ folder",
                    own.display()
                );
            }
            if e.file_type().is_dir() {
                continue;
            }
            if !e.file_type().is_file() {
                bail!(
                    "{}: not a file or folder; remove it from static/",
                    e.path().display()
                );
            }
            let rel = e
                .path()
                .strip_prefix(&own)
                .context("static file outside static/")?
                .to_string_lossy()
                .replace('\\', "/");
            let bytes = std::fs::read(e.path())
                .with_context(|| format!("{}: failed to read", e.path().display()))?;
            match files.iter_mut().find(|(n, _)| *n == rel) {
                Some(slot) => slot.1 = bytes,
                None => files.push((rel, bytes)),
            }
        }
    }
    for (name, bytes) in files {
        out.write(&format!("static/{name}"), &bytes)?;
    }
    Ok(())
}
