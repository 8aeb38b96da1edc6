//! The build as a whole: links resolve, output is deterministic, and a failed build leaves
//! the previous site as it was.

use crate::support::*;
use planpress::build::{build, BuildOptions};

#[test]
fn every_internal_link_and_fragment_resolves() {
    let site = fixture_site();
    assert_eq!(site.report.plans, 2);
    let files = &site.files;
    for must in [
        "index.html",
        "404.html",
        "robots.txt",
        "sitemap.xml",
        "atom.xml",
        "about/index.html",
        "static/site.css",
        "static/site.js",
        "plans/shiquan-2024/index.html",
        "plans/shiquan-2024/tasks/index.html",
        "plans/shiquan-2024/2-1-1/index.html",
        "plans/yiyuan-2021/2-2-1/index.html",
    ] {
        assert!(files.contains_key(must), "missing {must}");
    }
    let problems = check_links_in(files);
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn link_check_notices_a_broken_link() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    fixture_site_unminified().write_to(&out);
    let p = out.join("plans/shiquan-2024/index.html");
    let html = std::fs::read_to_string(&p).unwrap();
    std::fs::write(
        &p,
        html.replacen("href=\"#2-1-1\"", "href=\"#no-such-id\"", 1),
    )
    .unwrap();
    let problems = check_links(&out);
    assert!(
        problems.iter().any(|x| x.contains("no-such-id")),
        "{problems:?}"
    );
}

#[test]
fn two_builds_are_byte_identical() {
    // The shared build is the first; this test makes the second.
    let dir = tempfile::tempdir().unwrap();
    let b = dir.path().join("b");
    build_into(&fixture(), &b, true).unwrap();
    let (ta, tb) = (&fixture_site().files, read_tree(&b));
    assert_eq!(ta.keys().collect::<Vec<_>>(), tb.keys().collect::<Vec<_>>());
    for (k, v) in ta {
        assert!(v == &tb[k], "{k} differs between two builds");
    }
}

fn leftovers(parent: &std::path::Path) -> Vec<String> {
    std::fs::read_dir(parent)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n != "public")
        .collect()
}

#[test]
fn a_build_failing_midway_leaves_the_old_site() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    // The old site: a build's output, marker file included.
    fixture_site().write_to(&out);
    let before = read_tree(&out);

    let mut o = BuildOptions::new(fixture(), &out);
    o.fail_after_writes = Some(5);
    let err = build(&o).unwrap_err();
    assert!(
        format!("{err:#}").contains("simulated write failure"),
        "{err:#}"
    );
    assert_eq!(read_tree(&out), before, "old output changed");
    assert!(
        leftovers(dir.path()).is_empty(),
        "left behind: {:?}",
        leftovers(dir.path())
    );
}

#[test]
fn a_broken_template_override_fails_with_its_name_and_keeps_the_old_site() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    copy_tree(&fixture(), &root);
    let out = dir.path().join("public");
    build_into(&root, &out, true).unwrap();
    let before = read_tree(&out);

    // A syntax error: caught when templates compile.
    std::fs::create_dir_all(root.join("templates")).unwrap();
    std::fs::write(root.join("templates/tasks.html"), "{% if %}").unwrap();
    let err = build_into(&root, &out, true).unwrap_err();
    assert!(format!("{err:#}").contains("tasks.html"), "{err:#}");
    assert_eq!(read_tree(&out), before);

    // A runtime error in one page kind, after other pages rendered.
    std::fs::write(
        root.join("templates/tasks.html"),
        "{% extends \"base.html\" %}{% block main %}{{ no_such_thing.field }}{% endblock main %}",
    )
    .unwrap();
    let err = build_into(&root, &out, true).unwrap_err();
    assert!(format!("{err:#}").contains("tasks"), "{err:#}");
    assert_eq!(read_tree(&out), before);
    assert!(
        leftovers(dir.path()).iter().all(|n| n == "site"),
        "{:?}",
        leftovers(dir.path())
    );

    // A valid override is used.
    std::fs::write(
        root.join("templates/tasks.html"),
        "{% extends \"base.html\" %}{% block main %}<p id=\"overridden\">自定义任务页</p>{% endblock main %}",
    )
    .unwrap();
    build_into(&root, &out, false).unwrap();
    let t = std::fs::read_to_string(out.join("plans/yiyuan-2021/tasks/index.html")).unwrap();
    assert!(t.contains("自定义任务页"));
}

#[test]
fn pages_work_from_a_sub_path_and_disk() {
    let site = fixture_site_at_sub_path();
    assert_eq!(SUB_PATH_BASE, "https://gov.example.cn/ghjh/jy");
    let plan = site.text("plans/yiyuan-2021/index.html");
    assert!(plan.contains(
        r#"<link rel="canonical" href="https://gov.example.cn/ghjh/jy/plans/yiyuan-2021/">"#
    ));
    assert!(plan.contains(r#"href="../../static/site.css""#));
    let nf = site.text("404.html");
    assert!(
        nf.contains(r#"href="/ghjh/jy/static/site.css""#),
        "404 links from the base path"
    );
    let sitemap = site.text("sitemap.xml");
    assert!(sitemap.contains("<loc>https://gov.example.cn/ghjh/jy/plans/yiyuan-2021/2-1-1/</loc>"));
    assert!(!sitemap.contains("404"));
    let robots = site.text("robots.txt");
    assert!(robots.contains("Sitemap: https://gov.example.cn/ghjh/jy/sitemap.xml"));
}
