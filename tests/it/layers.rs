//! The stage order of `src/` (issue 20): a stage module may use earlier stages and the
//! helpers, never a later stage. Only edges between top-level modules are checked (a cycle
//! inside `model` is its own business).
//!
//! ```text
//! content → import → load → model → graph → render → search → write
//! helpers, usable by all (and using only each other): doc, label, limits, slug, config
//! build orchestrates: may use everything, only init and cli use it
//! init makes a new site (and builds it in its test); cli, the command line, uses all
//! and nothing uses it
//! ```
//!
//! A use is `crate::<module>` in code (`use crate::x`, `crate::x::f()`, `use crate::{x, y}`),
//! comments not counted. Today's back-edges are listed in [`KNOWN`].

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Stages in order; a module may use the ones before it.
/// `content` first: it is the file format import writes and load reads (data flows import → load).
const STAGES: &[&str] = &[
    "content", "import", "load", "model", "graph", "render", "search", "write",
];
/// Usable by every module; they may use each other and no stage.
const HELPERS: &[&str] = &["doc", "label", "limits", "slug", "config"];
/// After the stages, in order: `build` uses every stage, `init` those and `build`, `cli`
/// all of them; nothing uses `cli`.
const ORCHESTRATORS: &[&str] = &["build", "check", "init", "serve", "cli"];

/// The back-edges `src/` has today: (file under `src/`, the later module it uses).
/// THIS LIST MAY ONLY SHRINK: remove an entry when you remove the edge (the test fails while
/// a listed edge no longer exists), never add one: a new back-edge is a layering bug.
const KNOWN: &[(&str, &str)] = &[];

/// Rank of a top-level module: a module may use only modules of lower or equal rank.
fn rank(module: &str) -> Option<i32> {
    if HELPERS.contains(&module) {
        Some(-1)
    } else if let Some(i) = ORCHESTRATORS.iter().position(|o| *o == module) {
        Some((STAGES.len() + i) as i32)
    } else {
        STAGES.iter().position(|s| *s == module).map(|i| i as i32)
    }
}

/// The top-level module a file under `src/` belongs to (`graph/timeline.rs` → `graph`,
/// `write.rs` → `write`); `None` for the crate roots.
fn module_of(rel: &Path) -> Option<String> {
    let first = rel.components().next()?.as_os_str().to_str()?;
    let m = first.strip_suffix(".rs").unwrap_or(first);
    (m != "lib" && m != "main").then(|| m.to_string())
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

/// The code of a file with comments blanked (line breaks kept, so offsets map to lines).
/// String literals are kept as they are: none of `src/` spells `crate::` in one.
fn strip_comments(src: &str) -> String {
    let b = src.as_bytes();
    let mut out = String::with_capacity(src.len());
    let mut i = 0;
    let mut in_str = false;
    while i < b.len() {
        let c = b[i];
        if in_str {
            if c == b'\\' && i + 1 < b.len() {
                out.push_str(&src[i..i + 2]);
                i += 2;
                continue;
            }
            in_str = c != b'"';
        } else if c == b'"' {
            in_str = true;
        } else if src[i..].starts_with("//") {
            let end = src[i..].find('\n').map_or(b.len(), |n| i + n);
            i = end;
            continue;
        } else if src[i..].starts_with("/*") {
            let end = src[i + 2..].find("*/").map_or(b.len(), |n| i + 2 + n + 2);
            out.extend(
                src[i..end]
                    .chars()
                    .map(|c| if c == '\n' { '\n' } else { ' ' }),
            );
            i = end;
            continue;
        }
        let ch = src[i..].chars().next().unwrap();
        out.push(ch);
        i += ch.len_utf8();
    }
    out
}

fn ident_at(s: &str) -> &str {
    let n = s
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .unwrap_or(s.len());
    &s[..n]
}

/// Every `(line, module)` a file's code names as `crate::<module>`.
fn uses(code: &str) -> Vec<(usize, String)> {
    let mut found = Vec::new();
    for (at, _) in code.match_indices("crate::") {
        // `crate::` as a path start, not the tail of another identifier.
        if code[..at].ends_with(|c: char| c.is_ascii_alphanumeric() || c == '_') {
            continue;
        }
        let rest = &code[at + "crate::".len()..];
        let line = code[..at].matches('\n').count() + 1;
        if let Some(group) = rest.strip_prefix('{') {
            // `crate::{a, b::c, d::{e, f}}`: the names at depth 1.
            let (mut depth, mut start) = (1, true);
            for (off, c) in group.char_indices() {
                match c {
                    '{' => depth += 1,
                    '}' => {
                        depth -= 1;
                        if depth == 0 {
                            break;
                        }
                    }
                    ',' if depth == 1 => start = true,
                    c if c.is_whitespace() => {}
                    _ if start && depth == 1 => {
                        let name = ident_at(&group[off..]);
                        let l = line + group[..off].matches('\n').count();
                        found.push((l, name.to_string()));
                        start = false;
                    }
                    _ => {}
                }
            }
        } else {
            found.push((line, ident_at(rest).to_string()));
        }
    }
    found
}

/// Every back-edge of `src/`: file (relative, `/`-separated) → later module → lines.
fn back_edges() -> BTreeMap<(String, String), Vec<usize>> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    files.sort();
    let mut edges: BTreeMap<(String, String), Vec<usize>> = BTreeMap::new();
    for path in files {
        let rel = path.strip_prefix(&src).unwrap();
        let Some(from) = module_of(rel) else { continue };
        let from_rank = rank(&from).unwrap_or_else(|| {
            panic!(
                "src/{}: module `{from}` has no place in the stage order of tests/it/layers.rs",
                rel.display()
            )
        });
        let code = strip_comments(&std::fs::read_to_string(&path).unwrap());
        for (line, to) in uses(&code) {
            if to == from || to == "self" || to == "super" {
                continue;
            }
            let Some(to_rank) = rank(&to) else {
                continue; // an item of lib.rs, not a module
            };
            if to_rank > from_rank {
                let file = rel.to_string_lossy().replace('\\', "/");
                edges.entry((file, to)).or_default().push(line);
            }
        }
    }
    edges
}

#[test]
fn no_stage_uses_a_later_stage() {
    let edges = back_edges();
    let known: BTreeSet<(String, String)> = KNOWN
        .iter()
        .map(|(f, m)| (f.to_string(), m.to_string()))
        .collect();
    let mut problems = Vec::new();
    for ((file, to), lines) in &edges {
        if !known.contains(&(file.clone(), to.clone())) {
            let from = module_of(Path::new(file)).unwrap();
            for l in lines {
                problems.push(format!(
                    "src/{file}:{l}: `{from}` uses `crate::{to}`, a later stage \
                     (order: {} ; helpers {}; then {})",
                    STAGES.join(" → "),
                    HELPERS.join(", "),
                    ORCHESTRATORS.join(" → ")
                ));
            }
        }
    }
    for (file, to) in &known {
        if !edges.contains_key(&(file.clone(), to.clone())) {
            problems.push(format!(
                "KNOWN lists src/{file} → {to}, which no longer exists: remove it from KNOWN in tests/it/layers.rs"
            ));
        }
    }
    assert!(
        problems.is_empty(),
        "layer check failed:\n{}",
        problems.join("\n")
    );
}

#[test]
fn the_scanner_finds_every_form() {
    let code = strip_comments(
        "use crate::model::Plan;\n// crate::render in a comment\nlet x = crate::graph::f();\n\
         use crate::{\n    label,\n    render::{a, b},\n};\n/* crate::write */ let s = \"//\"; crate::search::q();\nmy_crate::load::x();\n",
    );
    let got: Vec<(usize, String)> = uses(&code);
    let want: Vec<(usize, String)> = [
        (1, "model"),
        (3, "graph"),
        (5, "label"),
        (6, "render"),
        (8, "search"),
    ]
    .iter()
    .map(|(l, m)| (*l, m.to_string()))
    .collect();
    assert_eq!(got, want);
}
