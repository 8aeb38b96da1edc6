//! The project's own content (the five seeds imported into content/) builds into a site
//! whose every internal link resolves.

use crate::support::*;

#[test]
fn sample_site_builds_and_links_resolve() {
    let root = sample_root();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    let report = build_into(root, &out, true).unwrap();
    assert_eq!(report.plans, 5);
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
