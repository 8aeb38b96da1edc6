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
    },
    /// Build the static site from content/ into public/.
    Build {
        /// Site root (holds planpress.toml, content/, templates/).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Output folder (relative paths are taken from the site root). It may not be, hold
        /// or lie inside the site's sources.
        #[arg(long, default_value = "public")]
        out: PathBuf,
        /// Replace the output folder's contents even where planpress did not write them
        /// (a folder without its .planpress-output marker, or files added by hand).
        #[arg(long)]
        force: bool,
        /// Override the base URL from planpress.toml.
        #[arg(long)]
        base_url: Option<String>,
        /// Keep the templates' line breaks and indentation in the HTML (for reading it).
        #[arg(long)]
        no_minify: bool,
        /// Leave out the search index.
        #[arg(long)]
        no_search: bool,
        /// Print how long each stage took.
        #[arg(long)]
        timings: bool,
    },
}

/// Parse the process's arguments, run the command, report it.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    let r = match cli.cmd {
        Cmd::Import { inputs, out, json } => import(&inputs, &out, json),
        Cmd::Build {
            root,
            out,
            force,
            base_url,
            no_minify,
            no_search,
            timings,
        } => {
            let mut opts = crate::build::BuildOptions::new(root, out);
            opts.base_url = base_url;
            opts.minify = !no_minify;
            opts.search = !no_search;
            opts.force = force;
            build(&opts, timings)
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
fn import(inputs: &[PathBuf], out: &Path, json: bool) -> Result<bool> {
    use crate::import::Mode;
    let mode = if json { Mode::Preview } else { Mode::Write };
    let mut report = crate::import::run(inputs, out, mode, &|d| crate::model::units::propose(d));
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

/// `planpress build`: what the build wrote, its warnings and notes, and with `--timings`
/// each stage's time and memory.
fn build(opts: &crate::build::BuildOptions, timings: bool) -> Result<bool> {
    let r = crate::build::build(opts)?;
    for w in &r.warnings {
        eprintln!("warning: {w}");
    }
    for n in &r.notes {
        eprintln!("{n}");
    }
    eprintln!(
        "built {} plans, {} files into {}",
        r.plans,
        r.files,
        r.out.display()
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
        for l in &r.timings {
            let ms = l.wall.as_secs_f64() * 1e3;
            let (peak, now) = (l.peak_kb / 1024, l.now_kb / 1024);
            eprintln!(
                "{ms:>9.1} ms  {peak:>6} MB peak  {now:>6} MB held  {}",
                l.stage
            );
        }
    }
    Ok(true)
}
