//! The graph pages as `planpress build` writes them from the sample content: office pages
//! per county, and the note for office names the department mapping does not know.

use crate::support::*;
use std::path::Path;

fn office_pages(out: &Path, county_slug: &str) -> Vec<String> {
    let dir = out.join("units").join(county_slug);
    if !dir.is_dir() {
        return vec![];
    }
    let mut v: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.path().join("index.html").is_file())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

#[test]
fn sample_site_office_pages_and_department_notes() {
    let root = sample_root();
    // A copy of the site whose department mapping only knows education bureaus.
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    copy_tree(&root.join("content"), &site.join("content"));
    std::fs::write(
        site.join("content/departments.yaml"),
        "- slug: education\n  name: 教育行政部门\n  offices: [教体局, 教育体育局, 教育和体育局, 教育局]\n",
    )
    .unwrap();
    let out = dir.path().join("public");
    let report = build_into(&site, &out, false).unwrap();

    // 泾源: 27 office pages, 各乡镇 among them, 统战部 and 政法委 merged.
    let jy = office_pages(&out, "jing-yuan-xian");
    assert_eq!(jy.len(), 27, "{jy:?}");
    for s in [
        "ge-xiang-zhen",
        "xian-wei-tong-zhan-bu",
        "xian-wei-zheng-fa-wei",
    ] {
        assert!(jy.iter().any(|x| x == s), "{s} missing: {jy:?}");
    }
    for s in ["tong-zhan-bu", "zheng-fa-wei"] {
        assert!(
            !jy.iter().any(|x| x == s),
            "{s} has a page of its own: {jy:?}"
        );
    }
    // 井研 names no office: no page, and the build did not fail.
    assert!(office_pages(&out, "jing-yan-xian").is_empty());

    // The education department page lists the four bureaus.
    let edu = std::fs::read_to_string(out.join("departments/education/index.html")).unwrap();
    for name in ["县教体局", "教育体育局", "县教育和体育局", "县教育局"] {
        assert!(
            edu.contains(&format!(">{name}<")),
            "{name} not on the education page"
        );
    }
    // Every other office is unknown to this mapping: listed under 其他 and reported.
    assert!(out.join("departments/other/index.html").is_file());
    assert_eq!(report.notes.len(), 4, "{:?}", report.notes);
    assert!(
        report.notes.iter().any(|n| n.contains("县财政局")),
        "{:?}",
        report.notes
    );
    assert!(report
        .notes
        .iter()
        .all(|n| n.contains("content/departments.yaml")));
}
