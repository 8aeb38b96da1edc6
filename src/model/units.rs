//! Office names per county and their aliases (`content/units.yaml`).
//!
//! ```yaml
//! 泾源县:
//!   县委统战部: [统战部]
//!   县委政法委: [政法委]
//! ```
//! Each county's offices are its own: 教体局 in one county is never merged with 教体局 in
//! another. Staff correct this file; the importer proposes entries for names it finds.

use crate::model::{duties, Document, Role, Table};
use anyhow::{Context, Result};
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(transparent)]
pub struct Aliases {
    /// county → canonical office name → names that mean it
    pub counties: BTreeMap<String, BTreeMap<String, Vec<String>>>,
}

impl Aliases {
    pub fn read(path: &Path) -> Result<Aliases> {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("failed to read {}", path.display()))?;
        serde_yaml::from_str(&text).map_err(|e| {
            let line = e.location().map(|l| l.line()).unwrap_or(1);
            anyhow::anyhow!("{}:{line}: {e}", path.display())
        })
    }

    /// The canonical name of `name` in `county` (the name itself when no alias applies).
    pub fn resolve<'a>(&'a self, county: &str, name: &'a str) -> &'a str {
        if let Some(offices) = self.counties.get(county) {
            for (canon, aliases) in offices {
                if aliases.iter().any(|a| a == name) {
                    return canon;
                }
            }
        }
        name
    }
}

impl Aliases {
    /// This file's entries, with `proposed` filling the gaps: a name the file mentions in
    /// a county (as an office or an alias) keeps the file's word, so staff can overrule a
    /// proposal by listing the name as an office of its own (`统战部: []`).
    pub fn with_proposals(&self, proposed: &Aliases) -> Aliases {
        let mut out = self.clone();
        for (county, offices) in &proposed.counties {
            let known: BTreeSet<String> = self
                .counties
                .get(county)
                .map(|o| {
                    o.iter()
                        .flat_map(|(c, a)| std::iter::once(c.clone()).chain(a.iter().cloned()))
                        .collect()
                })
                .unwrap_or_default();
            for (canon, aliases) in offices {
                for a in aliases {
                    if known.contains(a) {
                        continue;
                    }
                    let list = out
                        .counties
                        .entry(county.clone())
                        .or_default()
                        .entry(canon.clone())
                        .or_default();
                    if !list.contains(a) {
                        list.push(a.clone());
                    }
                }
            }
        }
        out
    }

    /// Number of alias entries (names that resolve to another name).
    pub fn len(&self) -> usize {
        self.counties
            .values()
            .flat_map(|o| o.values())
            .map(Vec::len)
            .sum()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// Prefixes by which a county's own documents shorten an office's name: 县委统战部 is
/// written 统战部, 县人民政府办公室 is written 办公室 only where the long form also occurs.
const PREFIXES: &[&str] = &["县委", "县人民政府", "县政府", "县"];

/// Every office name a document prints: clause names and task-table unit cells.
pub fn names_in(doc: &Document) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for n in doc.all_nodes() {
        let f = duties::read_text(&format!("{}\n{}", n.title, n.text));
        out.extend(f.names.into_iter().map(|x| x.name));
        out.extend(f.collective);
    }
    for t in &doc.tables {
        let Some(cols) = unit_columns(t) else {
            continue;
        };
        let time = crate::model::analysis::time_columns(t);
        for row in &t.rows {
            let cells = crate::model::analysis::row_cells(t, row, &cols, &time);
            for (i, role) in &cols {
                if let Some(Some(cell)) = cells.get(*i) {
                    out.extend(
                        duties::read_cell(cell, *role)
                            .names
                            .into_iter()
                            .map(|x| x.name),
                    );
                }
            }
        }
    }
    out
}

/// Columns of a table that name units, with their role (from the last header row that has
/// any; tables whose header is missing use their first row).
pub fn unit_columns(t: &Table) -> Option<Vec<(usize, Role)>> {
    let rows = if t.header.is_empty() {
        t.rows.first().map(std::slice::from_ref).unwrap_or(&[])
    } else {
        &t.header[..]
    };
    rows.iter().rev().find_map(|h| {
        let cols: Vec<(usize, Role)> = h
            .iter()
            .enumerate()
            .filter_map(|(i, c)| duties::column_role(c).map(|r| (i, r)))
            .collect();
        (!cols.is_empty()).then_some(cols)
    })
}

/// Propose alias entries for the offices named in `docs`, county by county: a name N is
/// an alias of 县委N / 县人民政府N / 县政府N / 县N (or of the region's own name + N) when
/// that longer name occurs in the same county. 教育体育局 stays itself where no
/// 县教育体育局 is printed. Names of one county never touch another's.
pub fn propose<'a>(docs: impl IntoParallelIterator<Item = &'a Document>) -> Aliases {
    // Reading every clause's duties is most of this; documents are read in parallel
    // (serially it was a third of the model stage), and merged in document order.
    let names: Vec<(&str, BTreeSet<String>)> = docs
        .into_par_iter()
        .map(|d| (d.meta.region.as_str(), names_in(d)))
        .collect();
    let mut by_county: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (region, n) in names {
        by_county.entry(region.to_string()).or_default().extend(n);
    }
    let mut out = Aliases::default();
    for (county, names) in &by_county {
        let mut prefixes: Vec<String> = PREFIXES.iter().map(|p| p.to_string()).collect();
        if !county.is_empty() {
            prefixes.insert(0, county.clone());
        }
        for n in names {
            if n.starts_with('各') || n.starts_with('县') {
                continue;
            }
            if let Some(long) = prefixes
                .iter()
                .map(|p| format!("{p}{n}"))
                .find(|l| names.contains(l))
            {
                out.counties
                    .entry(county.clone())
                    .or_default()
                    .entry(long)
                    .or_default()
                    .push(n.clone());
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Meta, Node, NodeKind};

    fn doc(region: &str, texts: &[&str]) -> Document {
        Document {
            meta: Meta {
                region: region.into(),
                ..Default::default()
            },
            nodes: texts
                .iter()
                .enumerate()
                .map(|(i, t)| Node {
                    id: format!("{}", i + 1),
                    kind: NodeKind::Item,
                    label: String::new(),
                    title: "任务".into(),
                    text: t.to_string(),
                    duties: vec![],
                    deadlines: vec![],
                    children: vec![],
                    line: 0,
                    rows: vec![],
                })
                .collect(),
            ..Default::default()
        }
    }

    #[test]
    fn proposes_within_one_county_only() {
        let a = doc(
            "泾源县",
            &[
                "（责任单位：县委统战部、教育体育局）",
                "（责任单位：统战部、政法委、教育体育局）",
                "（责任单位：县委政法委、财政局）",
            ],
        );
        // Another county prints 县财政局: it must not make 泾源's 财政局 an alias.
        let b = doc("沂源县", &["（责任单位：县财政局、统战部）"]);
        let p = propose(&[a, b]);
        let j = &p.counties["泾源县"];
        assert_eq!(j["县委统战部"], vec!["统战部".to_string()]);
        assert_eq!(j["县委政法委"], vec!["政法委".to_string()]);
        assert_eq!(j.len(), 2, "{j:?}");
        assert!(!p.counties.contains_key("沂源县"), "{p:?}");
        assert_eq!(p.resolve("泾源县", "统战部"), "县委统战部");
        assert_eq!(p.resolve("泾源县", "教育体育局"), "教育体育局");
        assert_eq!(p.resolve("沂源县", "统战部"), "统战部");
    }

    #[test]
    fn the_file_overrules_proposals() {
        let mut file = Aliases::default();
        file.counties
            .entry("泾源县".into())
            .or_default()
            .insert("统战部".into(), vec![]);
        let mut prop = Aliases::default();
        let j = prop.counties.entry("泾源县".into()).or_default();
        j.insert("县委统战部".into(), vec!["统战部".into()]);
        j.insert("县委政法委".into(), vec!["政法委".into()]);
        let m = file.with_proposals(&prop);
        assert_eq!(m.resolve("泾源县", "统战部"), "统战部");
        assert_eq!(m.resolve("泾源县", "政法委"), "县委政法委");
        assert_eq!(m.len(), 1);
    }
}
