//! What the plan pages show, checked on the fixture site (tests/fixtures/site).

use crate::support::*;

/// The element with `id` and what follows it up to the next element with class `node`.
fn node_html<'a>(html: &'a str, id: &str) -> &'a str {
    let at = html
        .find(&format!("id=\"{id}\""))
        .unwrap_or_else(|| panic!("no id {id}"));
    let start = html[..at].rfind('<').unwrap();
    let rest = &html[start..];
    let end = rest[1..]
        .find("<div class=\"node ")
        .map(|e| e + 1)
        .unwrap_or(rest.len());
    &rest[..end]
}

#[test]
fn home_lists_every_plan_with_status_period_and_counts() {
    let p = fixture_site_unminified();
    let home = p.text("index.html");
    let sq = &home[home.find("id=\"plan-shiquan-2024\"").unwrap()..];
    let sq = &sq[..sq.find("</li>\n").unwrap()];
    assert!(sq.contains("石泉县教育提振三年行动计划（2024—2027年）"));
    assert!(sq.contains("class=\"badge draft\">征求意见稿<"), "{sq}");
    assert!(sq.contains("2024—2027年"));
    assert!(sq.contains("<strong>3</strong> 项任务"), "{sq}");
    let yy = &home[home.find("id=\"plan-yiyuan-2021\"").unwrap()..];
    let yy = &yy[..yy.find("</li>\n").unwrap()];
    assert!(
        !yy.contains("badge draft"),
        "a final plan is not marked draft"
    );
    assert!(yy.contains("“十四五”（2021—2025年）"), "{yy}");
    assert!(yy.contains("2023年4月27日") && yy.contains("源政字〔2023〕36号"));
    assert!(yy.contains("href=\"plans/yiyuan-2021/index.html\""));
}

#[test]
fn plan_page_metadata_notice_and_json_ld() {
    let p = fixture_site_unminified();
    let yy = p.text("plans/yiyuan-2021/index.html");
    for (k, v) in [
        ("发文机关", "沂源县人民政府"),
        ("发文字号", "源政字〔2023〕36号"),
        ("成文日期", "2023年3月14日"),
        ("印发日期", "2023年4月27日"),
        ("主题分类", "教育"),
        ("文件状态", "正式文本"),
        ("公开方式", "主动公开（原文注明“此件公开发布”）"),
    ] {
        assert!(yy.contains(&format!("<dt>{k}</dt><dd>{v}</dd>")), "{k}");
    }
    assert!(yy.contains("class=\"notice\" id=\"notice\""));
    assert!(yy.contains("各镇人民政府、街道办事处，县政府各部门："));
    let marker = "application/ld+json\">";
    let ld = &yy[yy.find(marker).unwrap() + marker.len()..];
    let ld: serde_json::Value = serde_json::from_str(&ld[..ld.find("</script>").unwrap()]).unwrap();
    assert_eq!(ld["@type"], "Legislation");
    assert_eq!(ld["legislationIdentifier"], "源政字〔2023〕36号");
    assert_eq!(ld["legislationDate"], "2023-03-14");
    assert_eq!(ld["url"], "https://example.org/ghjh/plans/yiyuan-2021/");

    // Fields the source does not print say so: neither left out nor invented.
    let sq = p.text("plans/shiquan-2024/index.html");
    for k in ["发文机关", "发文字号", "印发日期", "公开方式"] {
        assert!(
            sq.contains(&format!("<dt>{k}</dt><dd>原文未注明</dd>")),
            "{k}"
        );
    }
    assert!(!sq.contains("id=\"notice\""));
    assert!(
        !sq.contains("这是导入警告"),
        "import warnings are for staff only"
    );
}

#[test]
fn anchors_citations_duties_and_row_links() {
    let p = fixture_site_unminified();
    let sq = p.text("plans/shiquan-2024/index.html");
    let a = node_html(sq, "2-1-1");
    assert!(a.contains("class=\"node inline action\""));
    assert!(
        a.contains("<a class=\"cite\" href=\"#2-1-1\">二（一）一要</a>"),
        "{a}"
    );
    assert!(a.contains("data-anchor=\"2-1-1\""));
    assert!(a.contains("href=\"../../plans/shiquan-2024/2-1-1/index.html\""));
    // Lead marked, linking to the office page; deadline linking to its year.
    let lead = &a[a.find("duty-group lead").expect("lead group")..];
    assert!(lead.contains("units/shi-quan-xian/xian-jiao-ti-ju/index.html\">县教体局</a>"));
    assert!(a.contains("href=\"../../timeline/2025/index.html\">2025年8月前</a>"));
    // Body action ↔ annex row, both ways.
    assert!(a.contains("href=\"#annex2-1\">附件2第1行</a>"));
    let row = &sq[sq.find("<tr id=\"annex2-1\">").unwrap()..];
    let row = &row[..row.find("</tr>").unwrap()];
    assert!(row.contains("href=\"#2-1-1\">二（一）一要</a>"), "{row}");
    assert!(
        row.contains("加大教师<br>培养力度"),
        "multi-line cell: {row}"
    );
    // A short (merged) row spans the missing columns.
    let row3 = &sq[sq.find("<tr id=\"annex2-3\">").unwrap()..];
    assert!(row3[..row3.find("</tr>").unwrap()].contains(" colspan=\"3\">县委改革办</td>"));
}

#[test]
fn tables_sit_where_the_text_places_them() {
    let p = fixture_site_unminified();
    let yy = p.text("plans/yiyuan-2021/index.html");
    let t = yy.find("id=\"table-1\"").unwrap();
    assert!(yy.find("id=\"1-2\"").unwrap() < t && t < yy.find("id=\"2\"").unwrap());
    let sq = p.text("plans/shiquan-2024/index.html");
    let annexes = sq.find("id=\"annex-h\"").unwrap();
    assert!(
        sq.find("id=\"annex2\"").unwrap() > annexes,
        "a table after no node is an annex"
    );
}

#[test]
fn clause_pages_and_task_table() {
    let p = fixture_site_unminified();
    let c = p.text("plans/yiyuan-2021/2-1-2/index.html");
    assert!(c.contains(
        "<link rel=\"canonical\" href=\"https://example.org/ghjh/plans/yiyuan-2021/2-1-2/\">"
    ));
    assert!(c.contains("href=\"../../../plans/yiyuan-2021/index.html#2\">二 主要任务</a>"));
    assert!(c.contains(
        "href=\"../../../plans/yiyuan-2021/index.html#2-1\">二（一） 推进学前教育普及普惠</a>"
    ));
    assert!(c.contains(
        "href=\"../../../plans/yiyuan-2021/index.html#2-1-2\">在全文中查看二（一）2</a>"
    ));
    assert!(c.contains("rel=\"prev\" href=\"../../../plans/yiyuan-2021/2-1-1/index.html\""));
    assert!(c.contains("rel=\"next\" href=\"../../../plans/yiyuan-2021/2-2-1/index.html\""));
    let first = p.text("plans/yiyuan-2021/2-1-1/index.html");
    assert!(!first.contains("rel=\"prev\""));
    // Only actions get clause pages.
    assert!(!p.files.contains_key("plans/yiyuan-2021/2-1/index.html"));

    let t = p.text("plans/yiyuan-2021/tasks/index.html");
    assert_eq!(t.matches("<tr id=\"task-").count(), 3);
    assert!(t.contains("href=\"../../../plans/yiyuan-2021/2-2-1/index.html\">二（二）1</a>"));
}

#[test]
fn feed_lists_plans_with_stable_dates() {
    let p = fixture_site_unminified();
    let f = p.text("atom.xml");
    assert_eq!(f.matches("<entry>").count(), 2);
    assert!(f.contains("<updated>2023-04-27T00:00:00Z</updated>"));
    assert!(f.contains("<id>https://example.org/ghjh/plans/shiquan-2024/</id>"));
}
