//! `planpress check`: everything `build` validates, without touching the output or
//! `content/`, plus lints that catch what builds silently today: an office name typed once
//! beside the county's real one (a phantom office page), a responsibility bracket that
//! does not parse (its duties lost), a year far outside the plan's period (a phantom
//! timeline year), numbering that skips or repeats. Every finding names the content file and
//! line, and a suggestion where one exists.

use crate::doc::{Node, Plan};
use anyhow::Result;
use regex::Regex;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::sync::LazyLock;

/// What `check` found.
#[derive(Debug, Default)]
pub struct Report {
    /// `file:line: what`, each of which fails a build.
    pub errors: Vec<String>,
    /// `file:line: what`, which builds but is probably wrong.
    pub warnings: Vec<String>,
    pub plans: usize,
}

/// Check the site at `root`: build it into a temporary folder (which is removed), then lint
/// its content.
pub fn check(root: &Path) -> Result<Report> {
    let mut report = Report::default();
    let out = std::env::temp_dir().join(format!("planpress-check-{}", std::process::id()));
    let mut opts = crate::build::BuildOptions::new(root, &out);
    opts.record_urls = false;
    opts.search = false;
    let built = crate::build::build(&opts);
    // Best effort: the folder is the check's own, in the system's temporary folder.
    let _ = std::fs::remove_dir_all(&out);
    match built {
        Ok(b) => {
            report.plans = b.plans;
            report.warnings.extend(b.warnings);
        }
        Err(e) => {
            report.errors.push(format!("{e:#}"));
            return Ok(report);
        }
    }
    let loaded = crate::load::load(&root.join("content"))?;
    let plans = crate::model::build(loaded.docs, &loaded.aliases);
    let mut known: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for (county, offices) in &loaded.aliases.counties {
        let k = known.entry(county.as_str()).or_default();
        for (canon, names) in offices {
            k.insert(canon);
            k.extend(names.iter().map(String::as_str));
        }
    }
    report.warnings.extend(office_typos(&plans, &known));
    for p in &plans {
        let text = std::fs::read_to_string(&p.file).unwrap_or_default();
        report.warnings.extend(broken_brackets(p, &text));
        report.warnings.extend(far_years(p));
        report.warnings.extend(numbering(p));
    }
    Ok(report)
}

/// Line of the first occurrence of `needle` in `text` at or after line `from` (1-based).
fn line_of(text: &str, needle: &str, from: usize) -> usize {
    text.split('\n')
        .enumerate()
        .skip(from.saturating_sub(1))
        .find(|(_, l)| l.contains(needle))
        .map(|(i, _)| i + 1)
        .unwrap_or(from)
}

/// Whether `a` looks like a typo of `b`: one character more or fewer, one character
/// replaced in a long name, or the same pinyin in other characters.
fn typo_of(a: &str, b: &str) -> bool {
    if a == b {
        return false;
    }
    let (la, lb) = (a.chars().count(), b.chars().count());
    let d = strsim::levenshtein(a, b);
    let one_off = if la == lb { la >= 6 } else { la.min(lb) >= 3 };
    (d == 1 && one_off) || (la == lb && crate::slug::slugify(a) == crate::slug::slugify(b))
}

/// Offices named on one clause only whose name is a typo of another office of the county
/// (or of a name `content/units.yaml` lists): each makes a page of its own.
fn office_typos(plans: &[Plan], known: &BTreeMap<&str, BTreeSet<&str>>) -> Vec<String> {
    // county → office → the clauses naming it.
    type Named<'a> = BTreeMap<&'a str, BTreeMap<&'a str, Vec<(&'a Plan, &'a Node)>>>;
    let mut named: Named = BTreeMap::new();
    for p in plans {
        for n in p.all_nodes() {
            let mut seen = BTreeSet::new();
            for d in &n.duties {
                if seen.insert(d.unit.as_str()) {
                    named
                        .entry(p.region.as_str())
                        .or_default()
                        .entry(d.unit.as_str())
                        .or_default()
                        .push((p, n));
                }
            }
        }
    }
    let mut out = Vec::new();
    for (county, offices) in &named {
        let others: BTreeSet<&str> = offices
            .iter()
            .filter(|(_, at)| at.len() > 1)
            .map(|(o, _)| *o)
            .chain(known.get(county).into_iter().flatten().copied())
            .collect();
        for (office, at) in offices {
            if at.len() != 1 || others.contains(office) {
                continue;
            }
            let Some(best) = others
                .iter()
                .filter(|o| typo_of(office, o))
                .min_by_key(|o| strsim::levenshtein(office, o))
            else {
                continue;
            };
            let (p, n) = at[0];
            let text = std::fs::read_to_string(&p.file).unwrap_or_default();
            out.push(format!(
                "{}:{}: office `{office}` is named only here and would get a page of its own; did you mean `{best}`? (or list it in content/units.yaml)",
                p.file,
                line_of(&text, office, n.line)
            ));
        }
    }
    out
}

static BROKEN: LazyLock<Regex> = LazyLock::new(|| {
    // Traditional labels too (`責任單位`): the clause reader takes both.
    Regex::new(r"[（(【\[](责任单位|牵头单位|配合单位|责任部门|牵头部门|配合部门|主办单位|协办单位|責任單位|牽頭單位|配合單位|責任部門|牽頭部門|配合部門)([^：:）)】\]]{1,12})")
        .expect("bracket regex")
});

/// `（责任单位县教育局）` without its colon reads as text: the clause loses its duties.
fn broken_brackets(p: &Plan, text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for n in p.all_nodes() {
        for c in BROKEN.captures_iter(&n.text) {
            let (whole, key) = (&c[0], &c[1]);
            out.push(format!(
                "{}:{}: `{whole}…` is not read as a responsibility clause (no colon after {key}); write `（{key}：…）`",
                p.file,
                line_of(text, whole, n.line)
            ));
        }
    }
    out
}

/// A deadline or target year far outside the plan's period makes a timeline year of its own.
fn far_years(p: &Plan) -> Vec<String> {
    let Some([a, b]) = p.period else {
        return vec![];
    };
    let text = std::fs::read_to_string(&p.file).unwrap_or_default();
    let mut out = Vec::new();
    for n in p.all_nodes() {
        for d in &n.deadlines {
            let Some(y) = d.year else { continue };
            // A plan names its long-range goal (到2035年) but not one decades away.
            if y < a - 1 || y > b + 10 {
                out.push(format!(
                    "{}:{}: `{}` lies far outside the plan period {a}–{b}; it makes a timeline page for {y} (a typo?)",
                    p.file,
                    line_of(&text, &d.text, n.line),
                    d.text
                ));
            }
        }
    }
    out
}

/// Siblings numbered in one style that skip a number or repeat one.
fn numbering(p: &Plan) -> Vec<String> {
    fn walk(p: &Plan, nodes: &[Node], out: &mut Vec<String>) {
        let mut last: Option<(crate::label::Style, u32)> = None;
        for n in nodes {
            if let Some(l) = crate::label::parse(&n.label, n.kind == crate::doc::NodeKind::Inline) {
                if let Some((_, k)) = last.filter(|(s, _)| *s == l.style) {
                    if l.number == k {
                        out.push(format!(
                            "{}:{}: `{}` repeats the number before it",
                            p.file, n.line, n.label
                        ));
                    } else if l.number > k + 1 {
                        out.push(format!(
                            "{}:{}: numbering jumps from {k} to {} (`{}`); a clause missing, or a typo?",
                            p.file, n.line, l.number, n.label
                        ));
                    }
                }
                last = Some((l.style, l.number));
            }
            walk(p, &n.children, out);
        }
    }
    let mut out = Vec::new();
    walk(p, &p.nodes, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typos_are_near_names() {
        assert!(typo_of("县教育和体局", "县教育和体育局"));
        assert!(typo_of("县教育体育局", "县教育和体育局"));
        assert!(!typo_of("县财政局", "县民政局"), "two real offices");
        assert!(typo_of("县教玉局", "县教育局"), "same pinyin");
        assert!(!typo_of("县教育局", "县教育局"));
    }

    #[test]
    fn brackets_without_a_colon_in_either_script() {
        assert!(BROKEN.is_match("（责任单位县教育局）"));
        assert!(BROKEN.is_match("（責任單位縣教育局）"));
        assert!(!BROKEN.is_match("（責任單位：縣教育局）"));
    }
}
