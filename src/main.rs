//! The `planpress` command line.

use anyhow::Result;
use clap::{Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;

// glibc malloc contended across the render threads (~30% of build CPU at 1,000 plans);
// mimalloc measured a third less CPU and lower peak RSS (README, Performance).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

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

fn main() -> ExitCode {
    let cli = Cli::parse();
    let r: Result<bool> = match cli.cmd {
        Cmd::Import { inputs, out, json } => planpress::import::run(&inputs, &out, json),
        Cmd::Build {
            root,
            out,
            force,
            base_url,
            no_minify,
            no_search,
            timings,
        } => {
            let mut opts = planpress::build::BuildOptions::new(root, out);
            opts.base_url = base_url;
            opts.minify = !no_minify;
            opts.search = !no_search;
            opts.force = force;
            planpress::build::build(&opts).map(|r| {
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
                true
            })
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
