//! Helpers shared by the import tests (`import_genre`, `import_unseen`, `import_seeds`).
#![allow(dead_code)]

use planpress::doc::{Document, NodeKind};
use planpress::import::import_text;

/// Import one raw export, failing the test with the whole error chain when it is refused.
pub fn import_ok(source: &str, bytes: &[u8]) -> Document {
    import_text(source, bytes).unwrap_or_else(|e| panic!("{e:#}"))
}

/// Every node in document order: (id, kind, label, title).
pub fn tree(d: &Document) -> Vec<(String, NodeKind, String, String)> {
    d.all_nodes()
        .into_iter()
        .map(|n| (n.id.clone(), n.kind, n.label.clone(), n.title.clone()))
        .collect()
}

/// How many nodes of `kind` the document has, at any depth.
pub fn count(d: &Document, kind: NodeKind) -> usize {
    d.all_nodes().iter().filter(|n| n.kind == kind).count()
}

/// A document written to its content file, read back and analysed, as `build` does.
pub fn analysed(doc: Document) -> planpress::doc::Plan {
    let text = planpress::content::write(&doc).expect("writes");
    let md = format!("content/plans/{}.md", doc.meta.slug);
    let back = planpress::content::parse(&md, &text).unwrap_or_else(|e| panic!("{e:#}"));
    let mut plans = planpress::model::build(
        vec![(std::path::PathBuf::from(&md), back)],
        &Default::default(),
    );
    plans.remove(0)
}

/// The offices of node `id` with their roles, as printed.
pub fn duties(p: &planpress::doc::Plan, id: &str) -> Vec<(String, planpress::doc::Role)> {
    p.find(id)
        .unwrap_or_else(|| panic!("no node {id}"))
        .duties
        .iter()
        .map(|d| (d.unit.clone(), d.role))
        .collect()
}
