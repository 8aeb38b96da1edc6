//! Makes a benchmark corpus of N plans from a site's committed content (used by
//! `bench/site.sh`).
//!
//!     cargo run --release --example corpus -- <site root> <corpus dir> <N>
//!
//! Plan j (0-based) is a copy of committed plan j mod P (P plans, sorted by file name). The
//! first P are the committed plans unchanged; every later copy gets a county of its own
//! (测试县0042): its region is replaced in front matter, titles and text, its slug is made
//! unique, and the county's office aliases are copied from units.yaml. So offices (keyed by
//! county), department and timeline pages grow with N the way they would for real
//! counties, instead of N copies collapsing onto five counties.

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;
use std::process::ExitCode;

type Aliases = BTreeMap<String, BTreeMap<String, Vec<String>>>;

struct Plan {
    file: String,
    text: String,
    region: String,
    slug: String,
}

fn front_value(text: &str, key: &str) -> Option<String> {
    let body = text.strip_prefix("---\n")?;
    let end = body.find("\n---")?;
    body[..end]
        .lines()
        .find_map(|l| l.strip_prefix(key)?.strip_prefix(':'))
        .map(|v| v.trim().trim_matches(['\'', '"']).to_string())
}

fn copy_dir(from: &Path, to: &Path) -> std::io::Result<()> {
    fs::create_dir_all(to)?;
    for e in fs::read_dir(from)? {
        let e = e?;
        let dst = to.join(e.file_name());
        if e.file_type()?.is_dir() {
            copy_dir(&e.path(), &dst)?;
        } else {
            fs::copy(e.path(), dst)?;
        }
    }
    Ok(())
}

fn run(root: &Path, out: &Path, n: usize) -> Result<(), String> {
    let err =
        |what: &str, p: &Path, e: &dyn std::fmt::Display| format!("{what} {}: {e}", p.display());
    let plans_dir = root.join("content/plans");
    let mut files: Vec<_> = fs::read_dir(&plans_dir)
        .map_err(|e| err("failed to list", &plans_dir, &e))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "md"))
        .collect();
    files.sort();
    let mut plans = Vec::new();
    for f in &files {
        let text = fs::read_to_string(f).map_err(|e| err("failed to read", f, &e))?;
        let region = front_value(&text, "region")
            .filter(|r| !r.is_empty())
            .ok_or_else(|| format!("{}:1: no region in front matter", f.display()))?;
        let slug = front_value(&text, "slug")
            .ok_or_else(|| format!("{}:1: no slug in front matter", f.display()))?;
        let file = f
            .file_name()
            .unwrap_or_default()
            .to_string_lossy()
            .into_owned();
        plans.push(Plan {
            file,
            text,
            region,
            slug,
        });
    }
    if plans.is_empty() {
        return Err(format!("no plans in {}", plans_dir.display()));
    }

    if out.exists() {
        fs::remove_dir_all(out).map_err(|e| err("failed to remove", out, &e))?;
    }
    let out_plans = out.join("content/plans");
    fs::create_dir_all(&out_plans).map_err(|e| err("failed to create", &out_plans, &e))?;
    for name in ["planpress.toml", "content/departments.yaml"] {
        let from = root.join(name);
        if from.exists() {
            fs::copy(&from, out.join(name)).map_err(|e| err("failed to copy", &from, &e))?;
        }
    }
    for dir in ["content/pages", "templates", "static"] {
        let from = root.join(dir);
        if from.is_dir() {
            copy_dir(&from, &out.join(dir)).map_err(|e| err("failed to copy", &from, &e))?;
        }
    }

    let units_path = root.join("content/units.yaml");
    let aliases: Aliases = if units_path.exists() {
        let t =
            fs::read_to_string(&units_path).map_err(|e| err("failed to read", &units_path, &e))?;
        serde_yaml::from_str(&t).map_err(|e| err("failed to parse", &units_path, &e))?
    } else {
        Aliases::new()
    };
    let mut out_aliases = aliases.clone();

    let width = (n.max(2) - 1).to_string().len().max(4);
    for j in 0..n {
        let p = &plans[j % plans.len()];
        let (name, text) = if j < plans.len() {
            (p.file.clone(), p.text.clone())
        } else {
            let region = format!("测试县{j:0width$}");
            let slug = format!("{}-t{j:0width$}", p.slug);
            let text = p
                .text
                .replacen(
                    &format!("slug: {}\n", p.slug),
                    &format!("slug: {slug}\n"),
                    1,
                )
                .replace(&p.region, &region);
            if let Some(a) = aliases.get(&p.region) {
                out_aliases.insert(region, a.clone());
            }
            (format!("{slug}.md"), text)
        };
        let dst = out_plans.join(name);
        fs::write(&dst, text).map_err(|e| err("failed to write", &dst, &e))?;
    }
    let dst = out.join("content/units.yaml");
    let yaml = serde_yaml::to_string(&out_aliases).map_err(|e| e.to_string())?;
    fs::write(&dst, yaml).map_err(|e| err("failed to write", &dst, &e))?;
    Ok(())
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [root, out, n] = args.as_slice() else {
        eprintln!("usage: corpus <site root> <corpus dir> <N>");
        return ExitCode::FAILURE;
    };
    let Ok(n) = n.parse::<usize>() else {
        eprintln!("N must be a number, got `{n}`");
        return ExitCode::FAILURE;
    };
    match run(Path::new(root), Path::new(out), n) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}
