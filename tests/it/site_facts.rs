//! The facts the sample site states, checked on its pages against the five seeds (issue 16):
//! roles as the plans print them, starts apart from deadlines, deadlines as statements.

use crate::support::*;

/// Every HTML page and the feed of the sample site, as text.
fn pages() -> impl Iterator<Item = (&'static String, String)> {
    sample_site()
        .files
        .iter()
        .filter(|(p, _)| p.ends_with(".html") || p.ends_with(".xml"))
        .map(|(p, b)| (p, String::from_utf8_lossy(b).into_owned()))
}

/// The text of an HTML fragment: tags dropped, so a count and its word read as one phrase.
fn text(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}

#[test]
fn no_page_counts_a_role_the_plans_never_name() {
    // Four of the five plans name no lead: no page may say 「0 项牵头」 or call them 参与.
    let zero = regex::Regex::new(r"(^|[^0-9])0 项(牵头|责任|配合)").unwrap();
    for (path, html) in pages() {
        let t = text(&html);
        assert!(!zero.is_match(&t), "{path} counts 0 of a role");
        assert!(!t.contains("项参与"), "{path} says 参与");
        assert!(!t.contains("作为牵头单位 0 项"), "{path}");
    }
}

#[test]
fn jingyuan_offices_are_responsible_units() {
    let s = sample_site();
    let office = text(s.text("units/jing-yuan-xian/jiao-yu-ti-yu-ju/index.html"));
    assert!(office.contains("作为责任单位 27 项"), "{office}");
    assert!(!office.contains("牵头单位 "), "{office}");
    // Its county's table has a 责任单位 column and no 牵头 one.
    let county = s.text("units/jing-yuan-xian/index.html");
    assert!(county.contains(">责任单位<span class=\"vh\">（项）</span></th>"));
    assert!(!county.contains(">牵头单位<span"), "泾源 names no lead");
    // 石泉's 附件2 names leads: its table has both columns.
    let sq = s.text("units/shi-quan-xian/index.html");
    assert!(sq.contains(">牵头单位<span") && sq.contains(">责任单位<span"));
    // The task list of a plan without leads has no empty 牵头单位 column.
    let tasks = s.text("plans/jing-yuan-xian-2023/tasks/index.html");
    assert!(!tasks.contains("牵头单位"), "泾源 task list");
}

#[test]
fn jingyan_card_says_no_office_is_named() {
    // 井研 has no responsibility clause at all: the card says so instead of 「0 个责任单位」.
    let home = text(sample_site().text("index.html"));
    let zero = regex::Regex::new(r"(^|[^0-9])0 个责任单位").unwrap();
    assert!(!zero.is_match(&home));
    assert!(home.contains("原文未列明责任单位"));
}

#[test]
fn shiquan_starts_are_listed_apart_from_2024_deadlines() {
    let html = sample_site().text("timeline/2024/index.html");
    let (due, starts) = html
        .split_once("id=\"starts-h\"")
        .expect("2024 lists the tasks that start in it");
    let due = text(due);
    assert!(!due.contains("2024年起"), "a start among the deadlines");
    let starts = text(starts);
    let listed = starts.matches("2024年起（起始）").count();
    assert!(listed >= 20, "石泉's 2024年起 tasks are starts: {listed}");
    // Counted apart too.
    let head = text(html.split("id=\"deadlines-h\"").next().unwrap());
    assert!(head.contains("项任务本年起始"), "{head}");
}

#[test]
fn clause_pages_show_what_each_deadline_governs() {
    let s = sample_site();
    let t = text(s.text("plans/jing-yuan-xian-2023/3-1-3/index.html"));
    assert!(
        t.contains("到2027年：创建铸牢中华民族共同体意识示范校10所"),
        "{t}"
    );
    // 三（二）6: 到2027年 is the 优质均衡 county status, not the end of 大班额.
    let t = text(s.text("plans/jing-yuan-xian-2023/3-2-6/index.html"));
    assert!(t.contains("到2027年：完成国家级义务教育优质均衡发展达标县创建认定"));
}

#[test]
fn no_page_or_feed_holds_an_invented_1970_date() {
    for (path, html) in pages() {
        assert!(!html.contains("1970"), "{path} holds 1970");
    }
    let feed = sample_site().text("atom.xml");
    // Three seeds print no date: their entries carry the newest date the sources print.
    assert_eq!(
        feed.matches("<updated>2023-04-27T00:00:00Z</updated>")
            .count(),
        5
    );
}

#[test]
fn the_feed_is_authored_by_the_site_not_its_footer() {
    let feed = sample_site().text("atom.xml");
    let title = feed
        .split_once("<title>")
        .and_then(|(_, r)| r.split_once("</title>"))
        .unwrap()
        .0;
    assert!(
        feed.contains(&format!("<author><name>{title}</name></author>")),
        "{feed}"
    );
}

#[test]
fn shiquan_and_jingyuan_have_their_text_targets_on_the_targets_page() {
    let t = text(sample_site().text("targets/index.html"));
    for (plan, indicator, value) in [
        ("石泉", "学校班额达到国家标准", "80%以上"),
        ("石泉", "组建教共体", "7个"),
        ("泾源", "创建铸牢中华民族共同体意识示范校", "10所"),
        ("泾源", "建成智慧校园示范校", "5所"),
    ] {
        let at = t
            .find(indicator)
            .unwrap_or_else(|| panic!("{plan}: {indicator} missing from /targets/"));
        assert!(t[at..].contains(value), "{plan}: {indicator} {value}");
    }
    assert!(!t.contains("没有可列成表的量化目标"), "{t}");
}

#[test]
fn jingyan_defects_carry_a_visible_note() {
    let s = sample_site();
    let plan = s.text("plans/jing-yan-xian-2021/index.html");
    // The unlabeled section: a note where it stands, and a contents entry that says so
    // instead of running into the previous one.
    let at = plan.find("id=\"2-3\"").expect("the unlabeled section");
    let section = &plan[at..at + plan[at..].find("id=\"2-3-").unwrap_or(2000)];
    assert!(
        text(section).contains("原文如此 “全面实施教育保障”：原文这一条没有编号"),
        "{section}"
    );
    assert!(text(plan).contains("〔原文无编号〕全面实施教育保障"));
    // The 2029 row of the supervision plan, and the clause it restates.
    let table = &plan[plan.find("id=\"table-2\"").unwrap()..];
    let table = &table[..table.find("</figure>").unwrap()];
    assert!(table.contains("<tr id=\"table-2-5\" class=\"has-source-note\">"));
    assert!(text(table).contains("第5行 原文如此 “2029年”：这一年份在规划期（2021—2025年）之外"));
    let clause = text(s.text("plans/jing-yan-xian-2021/2-2-2/index.html"));
    assert!(clause.contains("原文如此 “2029年”"), "{clause}");
    // The year page only that value creates says so.
    let y = text(s.text("timeline/2029/index.html"));
    assert!(y.contains("本页只因下列规划原文中出现的年份而设"), "{y}");
    assert!(y.contains("井研县“十四五”教育发展规划：“2029年”"), "{y}");
    // A year of a period does not.
    assert!(!s.text("timeline/2025/index.html").contains("本页只因"));
}

#[test]
fn warnings_are_recomputed_not_stored() {
    // No content file stores warnings: a fixed text drops its warning at the next build.
    let root = sample_root();
    for e in std::fs::read_dir(root.join("content/plans")).unwrap() {
        let p = e.unwrap().path();
        let src = std::fs::read_to_string(&p).unwrap();
        assert!(!src.contains("\nwarnings:"), "{}", p.display());
    }
    let w = &sample_site().report.warnings;
    assert!(
        w.iter().any(|w| w.contains("jing-yan-xian-2021.md:")
            && w.contains("2-3 `全面实施教育保障` has no printed label")),
        "{w:?}"
    );
}

#[test]
fn a_fixed_text_drops_its_warning_even_from_an_old_file() {
    let src =
        std::fs::read_to_string(sample_root().join("content/plans/jing-yan-xian-2021.md")).unwrap();
    let analyze = |src: &str| {
        let doc = planpress::content::parse("jy.md", src).unwrap();
        planpress::model::analyze("jy.md", &doc, &Default::default())
    };
    let unlabeled = |p: &planpress::doc::Plan| {
        p.warnings
            .iter()
            .any(|w| w.message.contains("has no printed label"))
    };
    assert!(unlabeled(&analyze(&src)));
    // Staff add the missing number; an old file still stores the warning in front matter.
    let fixed = src
        .replace("## 全面实施教育保障 {#2-3", "## （三）全面实施教育保障 {#2-3")
        .replacen(
            "\n---\n",
            "\nwarnings:\n- line: 79\n  message: '`全面实施教育保障。` has no printed label'\n---\n",
            1,
        );
    let p = analyze(&fixed);
    assert!(!unlabeled(&p), "{:?}", p.warnings);
    assert!(p.defects.iter().all(|d| d.at != "2-3"));
}
