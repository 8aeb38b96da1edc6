//! The `planpress` command line: arguments, what is printed, exit codes. The stages it calls
//! ([`crate::import::run`], [`crate::build::build`]) return what they did and print nothing.
//!
//! Messages go to stderr (`warning: file:line: …`, `error: …`); stdout carries only
//! `import --json`'s model. Exit code 0 when everything succeeded, 1 when anything failed
//! (an import still imports the files it could), 2 for bad arguments (clap).

use anyhow::Result;
use clap::{Parser, Subcommand};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "planpress",
    version,
    about = "Publish Chinese county government plans as a static site"
)]
struct Cli {
    #[command(subcommand)]
    cmd: Cmd,
}

#[derive(Subcommand)]
enum Cmd {
    /// Import raw plan texts (.txt exports) into content files.
    Import {
        /// Files or folders of raw plan texts.
        #[arg(required = true)]
        inputs: Vec<PathBuf>,
        /// Content folder to write plans into.
        #[arg(long, default_value = "content")]
        out: PathBuf,
        /// Print the parsed model as JSON on stdout instead of writing files.
        #[arg(long)]
        json: bool,
        /// Import each text as a plan of its own, even where it is a new text of a plan
        /// already in content/ (by default that becomes the plan's next version).
        #[arg(long)]
        as_new: bool,
        /// The date a revision is recorded under (YYYY-MM-DD); today by default.
        #[arg(long, value_parser = parse_date)]
        date: Option<String>,
    },
    /// Check the site: everything a build validates, without writing it, and lints (office
    /// names typed once, responsibility clauses that do not parse, far years, numbering).
    Check {
        /// Site root (holds planpress.toml, content/).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Fail (exit code 1) on warnings too, not only on errors.
        #[arg(long)]
        strict: bool,
    },
    /// Build the site, serve it on 127.0.0.1 and rebuild and reload pages on every change.
    Serve {
        /// Site root (holds planpress.toml, content/, templates/).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Port on 127.0.0.1 (0: any free port).
        #[arg(long, default_value_t = 1111)]
        port: u16,
        /// Leave out the search index (faster rebuilds of a large site).
        #[arg(long)]
        no_search: bool,
        /// Print each build's stages with their time.
        #[arg(long)]
        timings: bool,
    },
    /// Make a new site (settings, content folders, an example plan) in an empty folder.
    Init {
        /// Folder for the new site; made if missing, refused unless empty.
        #[arg(default_value = ".")]
        dir: PathBuf,
    },
    /// Build the static site from content/ into public/.
    Build {
        /// Site root (holds planpress.toml, content/, templates/).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Output folder. A relative path is taken from the site root (--root site --out
        /// public writes site/public). It may not be, hold or lie inside the site's sources.
        #[arg(long, default_value = "public")]
        out: PathBuf,
        /// Replace the output folder's contents even where planpress did not write them
        /// (a folder without its .planpress-output marker, or files added by hand).
        #[arg(long)]
        force: bool,
        /// Override the base URL from planpress.toml.
        #[arg(long)]
        base_url: Option<String>,
        /// Keep the templates' line breaks and indentation in the HTML (for reading it), and
        /// the theme's CSS and JavaScript unminified.
        #[arg(long)]
        no_minify: bool,
        /// Minify every page with minify-html (smaller pages, a slower build).
        #[arg(long, conflicts_with = "no_minify")]
        minify_html: bool,
        /// Leave out the search index.
        #[arg(long)]
        no_search: bool,
        /// Print how long each stage took.
        #[arg(long)]
        timings: bool,
        /// Print every warning (by default the first ten and a count per kind).
        #[arg(short, long)]
        verbose: bool,
    },
}

/// Parse the process's arguments, run the command, report it.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    let r = match cli.cmd {
        Cmd::Import {
            inputs,
            out,
            json,
            as_new,
            date,
        } => import(&inputs, &out, json, as_new, date.unwrap_or_else(today)),
        Cmd::Init { dir } => init(&dir),
        Cmd::Serve {
            root,
            port,
            no_search,
            timings,
        } => serve(root, port, !no_search, timings),
        Cmd::Check { root, strict } => check(&root, strict),
        Cmd::Build {
            root,
            out,
            force,
            base_url,
            no_minify,
            no_search,
            timings,
            verbose,
            minify_html,
        } => {
            let mut opts = crate::build::BuildOptions::new(root, out);
            opts.base_url = base_url;
            opts.minify = !no_minify;
            opts.minify_html = minify_html;
            opts.search = !no_search;
            opts.force = force;
            build(opts, timings, verbose)
        }
    };
    match r {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::FAILURE,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

/// `planpress import`: Ok(false) when some file failed (each error printed, naming its
/// file); the other files are still imported.
fn import(inputs: &[PathBuf], out: &Path, json: bool, as_new: bool, date: String) -> Result<bool> {
    use crate::import::{revise::Outcome, Mode, Options};
    let opts = Options {
        mode: if json { Mode::Preview } else { Mode::Write },
        as_new,
        date,
        propose: &|d| crate::model::units::propose(d),
    };
    let mut report = crate::import::run(inputs, out, &opts);
    for w in &report.warnings {
        eprintln!("warning: {w}");
    }
    for d in &report.docs {
        for w in &d.warnings {
            eprintln!("warning: {}:{}: {}", d.meta.source, w.line, w.message);
        }
    }
    for (source, path) in &report.written {
        eprintln!("{source} → {}", path.display());
    }
    for (source, slug, outcome) in &report.revised {
        match outcome {
            Outcome::Unchanged => {
                eprintln!(
                    "unchanged {slug}: {source} is the text already published; nothing written"
                )
            }
            Outcome::Revised {
                version,
                summary,
                kept,
                hand_edits,
            } => {
                eprintln!("updated {slug}: version {version} ({summary}) from {source}");
                eprintln!("  version {} kept as {}", version - 1, kept.display());
                if let Some(lines) = hand_edits {
                    eprintln!(
                        "note: {} had hand edits ({lines}); they stay in version {} and are not in version {version}: make them again in content/plans/{slug}.md if they still hold",
                        kept.display(),
                        version - 1
                    );
                }
            }
        }
    }
    if json {
        if let Some(aliases) = &report.aliases {
            let pairs: Vec<_> = std::mem::take(&mut report.docs)
                .into_iter()
                .map(|d| (PathBuf::from(&d.meta.source), d))
                .collect();
            let model = crate::doc::Model {
                plans: crate::model::build(pairs, aliases),
            };
            println!("{}", serde_json::to_string_pretty(&model)?);
        }
    }
    for e in &report.errors {
        eprintln!("error: {e}");
    }
    Ok(report.ok())
}

/// Warnings, all of them with `verbose`, else the first ten and a count of the rest by kind
/// (the words after `file:line: `, numbers and quoted text set aside).
fn print_warnings(warnings: &[String], verbose: bool) {
    const FIRST: usize = 10;
    let shown = if verbose { warnings.len() } else { FIRST };
    for w in warnings.iter().take(shown) {
        eprintln!("warning: {w}");
    }
    if warnings.len() <= shown {
        return;
    }
    let mut kinds: std::collections::BTreeMap<String, usize> = Default::default();
    for w in &warnings[shown..] {
        *kinds.entry(warning_kind(w)).or_default() += 1;
    }
    eprintln!(
        "… and {} more warning(s) (-v shows all):",
        warnings.len() - shown
    );
    for (k, n) in kinds {
        eprintln!("  {n} × {k}");
    }
}

/// What a warning is about, without where: `x.md:12: `2029年` lies outside …` → `lies outside …`.
fn warning_kind(w: &str) -> String {
    let text = w.splitn(3, ": ").last().unwrap_or(w);
    // The id of the node or row it is about (`2-3 `, `table-2-5 `).
    let text = match text.split_once(' ') {
        Some((id, rest))
            if id.chars().any(|c| c.is_ascii_digit())
                && id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') =>
        {
            rest
        }
        _ => text,
    };
    let mut out = String::new();
    let mut quoted = false;
    for c in text.chars() {
        match c {
            '`' => quoted = !quoted,
            _ if quoted || c.is_ascii_digit() => {}
            _ => out.push(c),
        }
    }
    // Brackets left empty by the numbers taken out (`(2021–2025)`).
    let out = out.replace("(–)", "").replace("()", "");
    let out: String = out.split_whitespace().collect::<Vec<_>>().join(" ");
    out.chars().take(60).collect()
}

/// `planpress check`: every finding, then a count; Ok(false) on errors (or warnings with
/// `--strict`).
fn check(root: &Path, strict: bool) -> Result<bool> {
    let r = crate::check::check(root)?;
    print_warnings(&r.warnings, true);
    for e in &r.errors {
        eprintln!("error: {e}");
    }
    eprintln!(
        "check: {} plan(s), {} error(s), {} warning(s)",
        r.plans,
        r.errors.len(),
        r.warnings.len()
    );
    Ok(r.errors.is_empty() && (!strict || r.warnings.is_empty()))
}

/// What `planpress serve` prints: where, and each build.
struct ServeLog {
    timings: bool,
}

impl crate::serve::Report for ServeLog {
    fn serving(&self, url: &str, dir: &Path) {
        eprintln!(
            "serving {url} (built into {}); Ctrl-C to stop",
            dir.display()
        );
    }
    fn built(
        &self,
        generation: u64,
        took: std::time::Duration,
        r: &crate::build::BuildReport,
        follow_up: bool,
    ) {
        let ms = took.as_secs_f64() * 1e3;
        if follow_up {
            eprintln!(
                "build {generation}: search index and open data brought up to date ({} files changed) in {ms:.0} ms",
                r.changed.len()
            );
        } else {
            print_warnings(&r.warnings, false);
            let rest = if r.deferred {
                "; search index and open data follow"
            } else {
                ""
            };
            eprintln!(
                "build {generation}: {} plans, {} files ({} pages unchanged, not rendered) in {ms:.0} ms{rest}",
                r.plans, r.files, r.kept,
            );
        }
        if self.timings {
            print_timings(&r.timings);
        }
    }
    fn failed(&self, error: &str) {
        eprintln!(
            "error: {error}
(the last good site is still served)"
        );
    }
}

/// `planpress serve`: runs until stopped.
fn serve(root: PathBuf, port: u16, search: bool, timings: bool) -> Result<bool> {
    let opts = crate::serve::ServeOptions { root, port, search };
    crate::serve::serve(&opts, std::sync::Arc::new(ServeLog { timings }))?;
    Ok(true)
}

/// `planpress init`: the files written and what to do next.
fn init(dir: &Path) -> Result<bool> {
    for f in crate::init::init(dir)? {
        eprintln!("wrote {}", f.display());
    }
    let cd = if dir == Path::new(".") {
        String::new()
    } else {
        format!("cd {} && ", dir.display())
    };
    eprintln!("a new site: {cd}planpress build   (then open public/index.html)");
    Ok(true)
}

/// Each stage of a build: its time, the peak memory so far and the memory held after it.
fn print_timings(laps: &[crate::build::Lap]) {
    for l in laps {
        let ms = l.wall.as_secs_f64() * 1e3;
        let (peak, now) = (l.peak_kb / 1024, l.now_kb / 1024);
        eprintln!(
            "{ms:>9.1} ms  {peak:>6} MB peak  {now:>6} MB held  {}",
            l.stage
        );
    }
}

/// `planpress build`: what the build wrote, its warnings and notes, and with `--timings`
/// each stage's time and memory.
fn build(mut opts: crate::build::BuildOptions, timings: bool, verbose: bool) -> Result<bool> {
    use std::io::IsTerminal;
    // A bar only where someone watches: a terminal, not a log or CI.
    let bar = std::io::stderr().is_terminal().then(|| {
        let b = indicatif::ProgressBar::new(0);
        b.set_style(
            indicatif::ProgressStyle::with_template("{bar:30} {pos}/{len} page jobs {elapsed}")
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
        b
    });
    if let Some(b) = bar.clone() {
        opts.progress = Some(std::sync::Arc::new(move |done, total| {
            b.set_length(total as u64);
            b.set_position(done as u64);
        }));
    }
    let r = crate::build::build(&opts);
    if let Some(b) = &bar {
        b.finish_and_clear();
    }
    let r = r?;
    print_warnings(&r.warnings, verbose);
    for n in &r.notes {
        eprintln!("{n}");
    }
    // The absolute path, so where the site went is never a guess.
    let out = std::fs::canonicalize(&r.out).unwrap_or_else(|_| r.out.clone());
    eprintln!(
        "built {} plans, {} files into {}",
        r.plans,
        r.files,
        out.display()
    );
    if let Some(s) = &r.search {
        eprintln!(
            "search index: {}; built in {:.1} ms, written in {:.1} ms",
            s.stats,
            s.build.as_secs_f64() * 1e3,
            s.write.as_secs_f64() * 1e3
        );
    }
    if timings {
        print_timings(&r.timings);
    }
    Ok(true)
}

/// `--date`: a real calendar day, written `YYYY-MM-DD` (`2026-2-5` is taken as 2026-02-05).
fn parse_date(s: &str) -> std::result::Result<String, String> {
    let padded = match s.split('-').collect::<Vec<_>>().as_slice() {
        [y, m, d] => format!("{y}-{m:0>2}-{d:0>2}"),
        _ => s.to_string(),
    };
    crate::content::check_date(&padded).map(|()| padded)
}

/// Today's date (UTC) from the system clock, `YYYY-MM-DD`.
fn today() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    // Days since 1970-01-01 to a civil date (Howard Hinnant's algorithm).
    let z = (secs / 86_400) as i64 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn warnings_are_grouped_by_what_they_say() {
        assert_eq!(
            warning_kind(
                "a/x.md:182: row 5: `2029年` lies outside the plan period 十四五 (2021–2025)"
            ),
            "lies outside the plan period 十四五"
        );
        assert_eq!(
            warning_kind(
                "c.md:242: 2-3 `全面实施教育保障` has no printed label (expected （三）); kept as printed"
            ),
            "has no printed label (expected （三）); kept as printed"
        );
        assert_eq!(
            warning_kind(
                "c.md:141: table-2-5 督导规划表 row 5 (restating 2-2-2): `2029年` lies outside the plan period 十四五 (2021–2025)"
            ),
            "lies outside the plan period 十四五"
        );
        assert_eq!(
            warning_kind("b.md:3: row 7: `2030年` lies outside the plan period 十四五 (2021–2025)"),
            warning_kind(
                "a/x.md:182: row 5: `2029年` lies outside the plan period 十四五 (2021–2025)"
            )
        );
    }

    #[test]
    fn dates() {
        assert_eq!(parse_date("2026-2-5").as_deref(), Ok("2026-02-05"));
        assert!(parse_date("2023-14-47").is_err());
        assert!(parse_date("2023-02-29").is_err());
        assert!(parse_date("2024-02-29").is_ok());
        let t = today();
        assert!(parse_date(&t).is_ok(), "{t}");
    }
}
