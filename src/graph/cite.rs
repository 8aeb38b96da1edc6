//! How a clause is cited: the printed numbering along its path (二、（一）5. → 二（一）5), a
//! table by its label (附件2, 表1) and a row by its table and number (附件2第7行). One rule for
//! every page, the search index and the graph's clause references, so a citation reads the
//! same wherever it is shown.

use crate::doc::{Node, NodeKind, Plan, Table};

/// A node with where it sits in the tree.
pub struct Flat<'a> {
    pub node: &'a Node,
    /// 1 for parts.
    pub depth: usize,
    /// Ancestors, outermost first (not including the node).
    pub ancestors: Vec<&'a Node>,
    /// Visible citation, e.g. 二（一）5.
    pub cite: String,
}

/// Every node of the plan in reading order, with citations.
pub fn flatten(plan: &Plan) -> Vec<Flat<'_>> {
    fn go<'a>(n: &'a Node, depth: usize, anc: &mut Vec<&'a Node>, out: &mut Vec<Flat<'a>>) {
        let mut cite: String = anc.iter().map(|a| cite_piece(a)).collect();
        cite.push_str(&cite_piece(n));
        out.push(Flat {
            node: n,
            depth,
            ancestors: anc.clone(),
            cite,
        });
        anc.push(n);
        for c in &n.children {
            go(c, depth + 1, anc, out);
        }
        anc.pop();
    }
    let mut out = Vec::new();
    for n in &plan.nodes {
        go(n, 1, &mut Vec::new(), &mut out);
    }
    out
}

/// The piece of a citation one label contributes: `二、` → 二, `（一）` → （一）, `5.` → 5,
/// `第三章 ` → 第三章. A label the source omitted is rebuilt from the id's last number, so
/// 井研's unlabelled third section still cites as （三）.
pub fn cite_piece(n: &Node) -> String {
    let l = n
        .label
        .trim()
        .trim_end_matches(['、', '，', ',', '.', '．', '：', ':', ' ']);
    if !l.is_empty() {
        return l.to_string();
    }
    let num: Option<u32> = n.id.rsplit('-').next().and_then(|s| s.parse().ok());
    match (num, n.kind) {
        (Some(k), NodeKind::Part) => crate::label::han(k),
        (Some(k), NodeKind::Section) => format!("（{}）", crate::label::han(k)),
        (Some(k), NodeKind::Inline) => format!("{}要", crate::label::han(k)),
        (Some(k), _) => k.to_string(),
        (None, _) => n.id.clone(),
    }
}

/// Citation of a table (`附件2`, `表1`, or its caption).
pub fn table_cite(t: &Table) -> String {
    if !t.label.is_empty() {
        t.label.clone()
    } else if !t.caption.is_empty() {
        t.caption.clone()
    } else {
        t.id.clone()
    }
}

/// Row `k` (1-based) of a table: 附件2第7行.
pub fn row_cite(t: &Table, k: usize) -> String {
    format!("{}第{k}行", table_cite(t))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn node(id: &str, kind: NodeKind, label: &str) -> Node {
        Node::new(id.into(), kind, label.into(), String::new(), 0)
    }

    #[test]
    fn citations() {
        assert_eq!(cite_piece(&node("2", NodeKind::Part, "二、")), "二");
        assert_eq!(
            cite_piece(&node("2-1", NodeKind::Section, "（一）")),
            "（一）"
        );
        assert_eq!(cite_piece(&node("2-1-5", NodeKind::Item, "5.")), "5");
        assert_eq!(cite_piece(&node("2-1-5", NodeKind::Item, "１．")), "１");
        assert_eq!(cite_piece(&node("2-3", NodeKind::Section, "")), "（三）");
        assert_eq!(cite_piece(&node("2-1-2", NodeKind::Inline, "二要")), "二要");
    }
}
