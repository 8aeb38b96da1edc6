//! Alias proposals: which office names of a county are short forms of others (统战部 of
//! 县委统战部), read from the documents' clauses and task tables. The aliases themselves
//! (`content/units.yaml`) are [`crate::doc::Aliases`].

use crate::doc::{Aliases, Document};
use crate::model::{columns, duties};
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet};

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
        let Some(cols) = columns::unit_columns(t) else {
            continue;
        };
        let time = columns::time_columns(t);
        for row in &t.rows {
            let cells = columns::row_cells(t, row, &cols, &time);
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

/// Propose alias entries for the offices named in `docs`, county by county: a name N is
/// an alias of 县委N / 县人民政府N / 县政府N / 县N (or of the region's own name + N) when
/// that longer name occurs in the same county. 教育体育局 stays itself where no
/// 县教育体育局 is printed. Names of one county never touch another's.
pub fn propose<'a>(docs: impl IntoParallelIterator<Item = &'a Document>) -> Aliases {
    // Reading every clause is the cost: documents in parallel, merged in document order.
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
    use crate::doc::{Meta, Node, NodeKind};

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
                    key: String::new(),
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
}
