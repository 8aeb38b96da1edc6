//! The project's own content (the five seeds imported into content/) builds into a site
//! whose every internal link resolves.

use crate::support::*;
use std::path::Path;

#[test]
fn sample_site_builds_and_links_resolve() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    if !root.join("content/plans").is_dir() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    let report = build_into(root, &out, true).unwrap();
    let n = std::fs::read_dir(root.join("content/plans"))
        .unwrap()
        .count();
    assert_eq!(report.plans, n);
    let problems = check_links(&out);
    assert!(
        problems.is_empty(),
        "{} broken links, first: {}",
        problems.len(),
        problems[..problems.len().min(20)].join("\n")
    );
    // Import warnings are for staff, never on the site.
    for (path, bytes) in read_tree(&out) {
        if path.ends_with(".html") {
            let html = String::from_utf8_lossy(&bytes);
            assert!(!html.contains("lies outside the plan period"), "{path}");
        }
    }
}
