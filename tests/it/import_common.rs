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
