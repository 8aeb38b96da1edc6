//! Plans of the genre the importer has never been tuned on (`tests/fixtures/genre/`): a city
//! 实施方案 with 第一章/第一节 and （1）/①, a 行动计划 in half-width forms with every kind of
//! responsibility clause, a 十五五 plan behind a covering notice with its annex task list and
//! 抄送/印发 lines, a plan that is only a task table with merged rows, inline 一是…二是…
//! items, and 第一部分 parts with clause lines and an investment table. Each test states
//! what a careful reader extracts from the printed page; encodings (GB18030, CRLF + BOM)
//! are generated from the UTF-8 fixtures.
//!
//! Duties and deadlines are derived at build time, so they are tested on the plan the model
//! stage makes from the content file the import writes (the real pipeline).

use crate::import_common::{analysed, count, duties, import_ok, tree};
use planpress::doc::{Aliases, DeadlineKind, Document, NodeKind, Plan, Role, Status};
use planpress::import::import_text;
use std::path::{Path, PathBuf};

fn path(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/genre")
        .join(name)
}

fn bytes(name: &str) -> Vec<u8> {
    std::fs::read(path(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn source(name: &str) -> String {
    format!("tests/fixtures/genre/{name}")
}

fn import(name: &str) -> Document {
    import_ok(&source(name), &bytes(name))
}

/// Import, write the content file, read it back and analyse it, as `build` does.
fn plan(name: &str) -> Plan {
    analysed(import(name))
}

fn deadlines(p: &Plan, id: &str) -> Vec<(Option<i32>, Option<u32>, DeadlineKind, String)> {
    p.find(id)
        .unwrap_or_else(|| panic!("no node {id}"))
        .deadlines
        .iter()
        .map(|d| (d.year, d.month, d.kind, d.text.clone()))
        .collect()
}

fn u(name: &str, role: Role) -> (String, Role) {
    (name.to_string(), role)
}

const FIXTURES: &[&str] = &[
    "city_chapters.txt",
    "action_clauses_halfwidth.txt",
    "notice_shiwuwu_annex.txt",
    "task_table_only.txt",
    "inline_yishi_district.txt",
    "parts_lines_table.txt",
    "work_plan_two_annexes.txt",
    "district_work_points.txt",
];

use DeadlineKind::*;
use Role::*;

#[test]
fn city_plan_with_chapters_and_deep_levels() {
    let d = import("city_chapters.txt");
    assert_eq!(d.meta.title, "临川市推进基础教育扩优提质实施方案");
    assert_eq!(d.meta.region, "临川市");
    assert_eq!(d.meta.period, None);
    assert_eq!(d.meta.status, Status::Final);
    assert!(d.notice.is_none());
    assert_eq!(d.preamble.len(), 1);
    // 3 chapters; sections 2, 3, 3; actions （一）… under the 第X节 of 第二章.
    assert_eq!(count(&d, NodeKind::Part), 3);
    assert_eq!(count(&d, NodeKind::Section), 8);
    let secs: Vec<usize> = d.nodes.iter().map(|n| n.children.len()).collect();
    assert_eq!(secs, vec![2, 3, 3]);
    let items: Vec<usize> = d.nodes[1]
        .children
        .iter()
        .map(|s| s.children.len())
        .collect();
    assert_eq!(items, vec![2, 2, 2]);
    let t = tree(&d);
    let want = [
        ("2-1-1", NodeKind::Item, "（一）", "优化幼儿园布局"),
        ("2-1-1-1", NodeKind::Subitem, "1.", "新建改扩建公办幼儿园"),
        (
            "2-1-1-1-1",
            NodeKind::Subitem,
            "（1）",
            "城区新建小区按规定配建幼儿园",
        ),
        (
            "2-1-1-1-2",
            NodeKind::Subitem,
            "（2）",
            "农村地区依托乡镇中心幼儿园办好村级园",
        ),
        ("2-1-1-2", NodeKind::Subitem, "2.", "推进托幼一体化"),
        ("2-1-2", NodeKind::Item, "（二）", "提升保教质量"),
        ("2-1-2-1", NodeKind::Subitem, "1.", "深化幼小科学衔接"),
        ("2-1-2-2", NodeKind::Subitem, "2.", "加强保教队伍建设"),
        ("2-1-2-2-1", NodeKind::Subitem, "①", "配齐配足保教人员"),
        ("2-1-2-2-2", NodeKind::Subitem, "②", "落实幼儿教师工资待遇"),
        (
            "2-1-2-2-3",
            NodeKind::Subitem,
            "③",
            "开展全员培训，长期坚持",
        ),
        ("2-2", NodeKind::Section, "第二节", "推动义务教育优质均衡"),
    ];
    for (id, kind, label, title) in want {
        assert!(
            t.iter()
                .any(|(i, k, l, x)| i == id && *k == kind && l == label && x == title),
            "{id} {label}{title} not found in {t:#?}"
        );
    }
    assert_eq!(t[0].2, "第一章");
    assert!(d.warnings.is_empty(), "{:?}", d.warnings);

    let p = plan("city_chapters.txt");
    assert_eq!(
        duties(&p, "2-1-1"),
        vec![
            u("市教育局", Lead),
            u("市自然资源和规划局", Cooperating),
            u("市住建局", Cooperating)
        ]
    );
    assert_eq!(
        duties(&p, "2-1-1-2"),
        vec![u("市卫健委", Lead), u("市教育局", Cooperating)]
    );
    // The clause standing after ①②③ covers the item that holds them, not ③ alone.
    assert_eq!(
        duties(&p, "2-1-2-2"),
        vec![
            u("市教育局", Responsible),
            u("市人社局", Responsible),
            u("市财政局", Responsible)
        ]
    );
    assert!(p.find("2-1-2-2-3").unwrap().duties.is_empty());
    // A bracketed list inside a name is one name.
    assert_eq!(
        duties(&p, "2-2-1"),
        vec![
            u("市教育局", Lead),
            u("市发改委", Cooperating),
            u("市财政局", Cooperating),
            u("各县（市、区）人民政府", Cooperating),
        ]
    );
    // `市教育局（牵头）` inside a 责任单位 list.
    assert_eq!(
        duties(&p, "2-3-2"),
        vec![
            u("市教育局", Lead),
            u("市科技局", Responsible),
            u("市文广旅局", Responsible)
        ]
    );
    assert_eq!(
        deadlines(&p, "2-3-1"),
        vec![(Some(2026), Some(6), By, "2026年6月底前".into())]
    );
    let span = &p.find("2-2-1").unwrap().deadlines[0];
    assert_eq!(
        (span.year, span.end_year, span.kind),
        (Some(2024), Some(2026), From)
    );
    assert_eq!(deadlines(&p, "2-1-1-1")[0].0, Some(2025));
    assert_eq!(deadlines(&p, "2-1-2-1")[0].2, Recurring);
    assert_eq!(deadlines(&p, "2-1-2-2-3")[0].2, Ongoing);
    assert!(p.warnings.is_empty(), "{:?}", p.warnings);
}

#[test]
fn action_plan_in_half_width_forms_with_every_clause_form() {
    let d = import("action_clauses_halfwidth.txt");
    assert_eq!(
        d.meta.title,
        "青山县学前教育普及普惠发展行动计划(2024—2026年)"
    );
    assert_eq!(d.meta.region, "青山县");
    assert_eq!(d.meta.period, Some([2024, 2026]));
    assert_eq!(d.meta.period_text, "2024—2026年");
    assert_eq!(d.meta.slug, "qing-shan-xian-2024");
    assert_eq!(count(&d, NodeKind::Part), 3);
    assert_eq!(count(&d, NodeKind::Section), 5);
    assert_eq!(count(&d, NodeKind::Item), 8);
    let labels: Vec<&str> = d.all_nodes().iter().map(|n| n.label.as_str()).collect();
    assert_eq!(&labels[..4], &["一、", "二、", "(一)", "1)"]);
    assert_eq!(d.nodes[1].children[2].children[1].id, "2-3-2");
    assert!(d.warnings.is_empty(), "{:?}", d.warnings);

    let p = plan("action_clauses_halfwidth.txt");
    assert_eq!(
        duties(&p, "2-1-1"),
        vec![
            u("县发改局", Lead),
            u("县财政局", Cooperating),
            u("县自然资源局", Cooperating)
        ]
    );
    assert_eq!(
        duties(&p, "2-1-2"),
        vec![
            u("县教育局", Lead),
            u("县住建局", Cooperating),
            u("县自然资源局", Cooperating)
        ]
    );
    // `责任单位:` on a line of its own, half-width colon.
    assert_eq!(
        duties(&p, "2-1-3"),
        vec![u("县教育局", Responsible), u("县财政局", Responsible)]
    );
    assert_eq!(duties(&p, "2-2-1"), vec![u("县教育局", Responsible)]);
    assert_eq!(
        duties(&p, "2-2-2"),
        vec![
            u("县教育局", Lead),
            u("县委编办", Cooperating),
            u("县人社局", Cooperating),
            u("各镇人民政府", Cooperating),
        ]
    );
    assert_eq!(
        duties(&p, "2-2-3"),
        vec![u("县教育局", Lead), u("各镇中心幼儿园", Cooperating)]
    );
    // Two label lines of their own.
    assert_eq!(
        duties(&p, "2-3-2"),
        vec![
            u("县教育局", Lead),
            u("县公安局", Cooperating),
            u("县市场监管局", Cooperating),
            u("县卫健局", Cooperating),
        ]
    );
    assert_eq!(
        deadlines(&p, "2-1-2"),
        vec![(Some(2025), Some(6), By, "2025年6月底前".into())]
    );
    assert_eq!(
        deadlines(&p, "2-2-2"),
        vec![(Some(2025), None, By, "到 2025 年".into())]
    );
    assert_eq!(
        deadlines(&p, "2-2-1"),
        vec![(None, None, Ongoing, "长期坚持".into())]
    );
    assert_eq!(
        deadlines(&p, "2-2-3"),
        vec![(None, None, Recurring, "每学期".into())]
    );
    // `每生每年800元` is a rate, not a yearly task.
    assert_eq!(
        deadlines(&p, "2-3-1"),
        vec![(Some(2024), None, From, "2024年起".into())]
    );
    assert_eq!(
        deadlines(&p, "1"),
        vec![(Some(2026), None, By, "到 2026 年".into())]
    );
    let targets: Vec<_> = p
        .targets
        .iter()
        .map(|t| (t.indicator.as_str(), t.year))
        .collect();
    assert_eq!(
        targets,
        vec![
            ("学前三年毛入园率", Some(2026)),
            ("普惠性幼儿园覆盖率", Some(2026)),
            // `2024—2026年新建公办幼儿园6所`: a count to build, due at the span's end.
            ("新建公办幼儿园", Some(2026))
        ]
    );
    assert!(p.warnings.is_empty(), "{:?}", p.warnings);
}

#[test]
fn fifteenth_five_year_plan_behind_a_notice_with_its_annex() {
    let d = import("notice_shiwuwu_annex.txt");
    let n = d.notice.as_ref().expect("notice");
    assert_eq!(n.doc_number, "云政办发〔2025〕12号");
    assert!(n
        .title
        .ends_with("关于印发《云岭县教育强县建设“十五五”规划》的通知"));
    assert!(n.title.starts_with("中共云岭县委办公室"));
    assert_eq!(n.recipients, "各乡（镇）人民政府，县直各部门，各学校：");
    assert_eq!(
        n.issuers,
        vec!["中共云岭县委办公室", "云岭县人民政府办公室"]
    );
    assert_eq!(n.date, "二〇二五年十二月八日");
    assert_eq!(n.body.len(), 1);
    assert_eq!(d.meta.title, "云岭县教育强县建设“十五五”规划");
    assert_eq!(d.meta.region, "云岭县");
    assert_eq!(d.meta.period, Some([2026, 2030]));
    assert_eq!(d.meta.period_text, "十五五");
    assert_eq!(d.meta.doc_number, "云政办发〔2025〕12号");
    assert_eq!(d.meta.issuers, n.issuers);
    assert_eq!(d.meta.written, "2025-12-08");
    assert_eq!(d.meta.issued, "2025-12-09");
    assert!(d.meta.public);
    assert_eq!(d.meta.slug, "yun-ling-xian-2026");
    // 4 parts; sections 0, 2, 3, 3; items 1.–7. numbered on across the sections of 三.
    let secs: Vec<usize> = d.nodes.iter().map(|n| n.children.len()).collect();
    assert_eq!(secs, vec![0, 2, 3, 3]);
    let ids: Vec<&str> = d.nodes[2]
        .children
        .iter()
        .flat_map(|s| s.children.iter().map(|n| n.id.as_str()))
        .collect();
    assert_eq!(
        ids,
        vec!["3-1-1", "3-1-2", "3-2-3", "3-2-4", "3-2-5", "3-3-6", "3-3-7"]
    );
    // The annex: a lone 附件 names the only annex.
    assert_eq!(d.tables.len(), 1);
    let t = &d.tables[0];
    assert_eq!(
        (
            t.id.as_str(),
            t.label.as_str(),
            t.caption.as_str(),
            t.after.as_str()
        ),
        ("annex1", "附件", "云岭县教育强县建设重点任务分工表", "")
    );
    assert_eq!(
        t.header,
        vec![vec!["序号", "重点任务", "牵头单位", "配合单位", "完成时限"]]
    );
    assert_eq!(t.rows.len(), 7);
    assert_eq!(
        t.row_links,
        vec!["3-1-1", "3-1-2", "3-2-3", "3-2-4", "3-2-5", "3-3-6", "3-3-7"]
    );
    assert_eq!(
        d.trailer,
        vec![
            "附件：云岭县教育强县建设重点任务分工表",
            "抄送：县委各部门，县人大常委会办公室，县政协办公室，县法院，县检察院。",
            "云岭县人民政府办公室                    2025年12月9日印发",
        ]
    );
    assert!(d.warnings.is_empty(), "{:?}", d.warnings);

    let p = plan("notice_shiwuwu_annex.txt");
    // The clause says 责任单位; the annex row says who leads.
    assert_eq!(
        duties(&p, "3-2-5"),
        vec![
            u("县委编办", Responsible),
            u("县人力资源和社会保障局", Responsible),
            u("县教育体育局", Responsible),
            u("县委编办", Lead),
            u("县人力资源和社会保障局", Cooperating),
            u("县教育体育局", Cooperating),
        ]
    );
    assert!(duties(&p, "3-2-4").contains(&u("各乡（镇）人民政府", Responsible)));
    assert_eq!(
        deadlines(&p, "3-3-6"),
        vec![(Some(2028), Some(6), By, "2028年6月底前".into())]
    );
    let dl = &p.find("3-3-7").unwrap().deadlines;
    assert_eq!(
        (dl[0].year, dl[0].end_year, dl[0].kind),
        (Some(2026), Some(2030), From)
    );
    assert_eq!(dl[1].kind, Recurring);
    // Within 2026–2030: nothing to report.
    assert!(p.warnings.is_empty(), "{:?}", p.warnings);
    assert_eq!(
        deadlines(&p, "2-2"),
        vec![(Some(2030), None, By, "到2030年".into())]
    );
}

#[test]
fn a_plan_that_is_only_a_task_table_with_merged_rows() {
    let d = import("task_table_only.txt");
    assert_eq!(d.meta.title, "白河县2025年教育重点工作任务清单");
    assert_eq!(d.meta.region, "白河县");
    assert!(d.nodes.is_empty());
    assert_eq!(d.preamble.len(), 1);
    // Signed at the end: issuer and date, kept as printed in the trailer.
    assert_eq!(d.meta.issuers, vec!["白河县教育工作领导小组办公室"]);
    assert_eq!(d.meta.written, "2025-03-10");
    assert_eq!(
        d.trailer,
        vec!["白河县教育工作领导小组办公室", "2025年3月10日"]
    );
    assert_eq!(d.meta.slug, "bai-he-xian-2025");
    let t = &d.tables[0];
    assert_eq!(
        t.header,
        vec![vec![
            "序号",
            "重点任务",
            "具体措施",
            "牵头单位",
            "配合单位",
            "完成时限"
        ]]
    );
    // Six rows as printed; rows 2 and 5 lost 序号 and 重点任务 to merged cells.
    let widths: Vec<usize> = t.rows.iter().map(Vec::len).collect();
    assert_eq!(widths, vec![6, 4, 6, 6, 4, 6]);
    assert_eq!(t.rows[0][1], "学前教育\n普惠扩容");
    assert!(d.warnings.is_empty(), "{:?}", d.warnings);

    let p = plan("task_table_only.txt");
    let row = |id: &str| -> Vec<(String, Role)> {
        p.row_duties
            .get(id)
            .unwrap_or_else(|| panic!("no duties for {id}: {:?}", p.row_duties))
            .iter()
            .map(|d| (d.unit.clone(), d.role))
            .collect()
    };
    assert_eq!(
        row("table-1-1"),
        vec![
            u("县教育局", Lead),
            u("县发改局", Cooperating),
            u("县住建局", Cooperating)
        ]
    );
    // A short row is read under the columns its cells belong to (aligned right).
    assert_eq!(
        row("table-1-2"),
        vec![u("县教育局", Lead), u("县财政局", Cooperating)]
    );
    assert_eq!(
        row("table-1-4"),
        vec![
            u("县人社局", Lead),
            u("县委编办", Cooperating),
            u("县教育局", Cooperating)
        ]
    );
    assert_eq!(row("table-1-5"), vec![u("县教育局", Lead)]);
    assert_eq!(
        row("table-1-6"),
        vec![
            u("县公安局", Lead),
            u("县教育局", Cooperating),
            u("县市场监管局", Cooperating)
        ]
    );
    let dl = |id: &str| -> Vec<(Option<i32>, Option<u32>, DeadlineKind)> {
        p.row_deadlines[id]
            .iter()
            .map(|d| (d.year, d.month, d.kind))
            .collect()
    };
    assert_eq!(dl("table-1-1"), vec![(Some(2025), Some(8), By)]);
    assert_eq!(dl("table-1-2"), vec![(Some(2025), Some(12), By)]);
    assert_eq!(dl("table-1-3"), vec![(Some(2025), Some(9), By)]);
    assert_eq!(dl("table-1-5"), vec![(None, None, Recurring)]);
    assert_eq!(dl("table-1-6"), vec![(None, None, Ongoing)]);
    assert!(p.warnings.is_empty(), "{:?}", p.warnings);
}

#[test]
fn inline_yi_shi_items_in_a_district_plan() {
    let d = import("inline_yishi_district.txt");
    assert_eq!(d.meta.title, "东湖区“十四五”教育信息化发展规划");
    assert_eq!(d.meta.region, "东湖区");
    assert_eq!(d.meta.period, Some([2021, 2025]));
    assert_eq!(
        (d.meta.status, d.meta.status_text.as_str()),
        (Status::Draft, "征求意见稿")
    );
    assert_eq!(count(&d, NodeKind::Part), 3);
    assert_eq!(count(&d, NodeKind::Section), 5);
    assert_eq!(count(&d, NodeKind::Inline), 9);
    let s1 = &d.nodes[1].children[0];
    let kids: Vec<(&str, &str, &str)> = s1
        .children
        .iter()
        .map(|n| (n.id.as_str(), n.label.as_str(), n.title.as_str()))
        .collect();
    assert_eq!(
        kids,
        vec![
            ("2-1-1", "一是", "推进校园网络提速"),
            ("2-1-2", "二是", "建设智慧教室"),
            ("2-1-3", "三是", "完善教育数据中心"),
        ]
    );
    // One item per paragraph, with its own line.
    let s3 = &d.nodes[1].children[2];
    let lines: Vec<usize> = s3.children.iter().map(|n| n.line).collect();
    assert_eq!(lines, vec![11, 12, 13]);
    assert!(d.warnings.is_empty(), "{:?}", d.warnings);

    let p = plan("inline_yishi_district.txt");
    // A clause closing the list covers the section that holds it.
    assert_eq!(
        duties(&p, "2-1"),
        vec![u("区教育局", Responsible), u("区大数据中心", Responsible)]
    );
    assert_eq!(
        duties(&p, "2-2"),
        vec![
            u("区教育局", Lead),
            u("区财政局", Cooperating),
            u("区融媒体中心", Cooperating)
        ]
    );
    assert_eq!(
        duties(&p, "2-3"),
        vec![u("区教育局", Responsible), u("各中小学校", Responsible)]
    );
    assert_eq!(
        deadlines(&p, "2-1-1"),
        vec![(Some(2023), None, By, "2023年底前".into())]
    );
    assert_eq!(
        deadlines(&p, "2-3-1"),
        vec![(Some(2024), None, By, "2024年底前".into())]
    );
    assert_eq!(deadlines(&p, "2-3-3")[0].2, Recurring);
    // `“十三五”期间…达到100%` is where the district stands, not a target of this plan.
    let targets: Vec<_> = p
        .targets
        .iter()
        .map(|t| {
            (
                t.indicator.as_str(),
                t.value.as_str(),
                t.year,
                t.source.as_str(),
            )
        })
        .collect();
    assert_eq!(
        targets,
        vec![("智慧教室占比", "60%以上", Some(2025), "2-1-2")]
    );
}

#[test]
fn parts_with_clause_lines_an_investment_table_and_a_numbering_gap() {
    let d = import("parts_lines_table.txt");
    assert_eq!(
        d.meta.title,
        "河源县深化新时代教育评价改革实施方案（2024—2026年）"
    );
    assert_eq!(
        (d.meta.status, d.meta.status_text.as_str()),
        (Status::Draft, "征求意见稿")
    );
    assert_eq!(d.meta.period, Some([2024, 2026]));
    let t = tree(&d);
    let heads: Vec<(&str, &str)> = t
        .iter()
        .filter(|x| x.1 != NodeKind::Item)
        .map(|x| (x.0.as_str(), x.2.as_str()))
        .collect();
    assert_eq!(
        heads,
        vec![
            ("1", "第一部分"),
            ("2", "第二部分"),
            ("2-1", "一、"),
            ("2-2", "二、"),
            ("2-3", "三、"),
            ("3", "第三部分"),
            ("3-1", "一、"),
            ("3-2", "二、"),
        ]
    );
    let items: Vec<&str> = t
        .iter()
        .filter(|x| x.1 == NodeKind::Item)
        .map(|x| x.0.as_str())
        .collect();
    assert_eq!(items, vec!["2-1-1", "2-1-2", "2-2-3", "2-2-5", "2-3-1"]);
    // 3、 then 5、: reported as printed, the id keeps the printed number.
    let w: Vec<_> = d
        .warnings
        .iter()
        .map(|w| (w.line, w.message.as_str()))
        .collect();
    assert_eq!(w, vec![(15, "numbering jumps from 3、 to 5、")]);
    let tb = &d.tables[0];
    assert_eq!(
        (
            tb.id.as_str(),
            tb.label.as_str(),
            tb.caption.as_str(),
            tb.after.as_str()
        ),
        ("table-1", "表1", "教育评价改革重点项目安排表", "2-3-1")
    );
    assert_eq!(tb.header, vec![vec!["项目", "2024年", "2025年", "2026年"]]);
    assert_eq!(tb.rows[1], vec!["教师发展评价系统", "50", "", "30"]);
    assert_eq!(tb.notes, vec!["单位：万元", "注：资金由县财政统筹安排。"]);
    // The part after the table is still a part.
    assert_eq!(d.nodes[2].title, "保障措施");

    let p = plan("parts_lines_table.txt");
    assert_eq!(
        duties(&p, "2-1-1"),
        vec![
            u("县委办", Responsible),
            u("县政府办", Responsible),
            u("县教体局", Responsible)
        ]
    );
    // 主责单位 / 协办单位 as lines of their own.
    assert_eq!(
        duties(&p, "2-1-2"),
        vec![
            u("县教体局", Responsible),
            u("县委组织部", Cooperating),
            u("县督导室", Cooperating)
        ]
    );
    assert_eq!(
        deadlines(&p, "2-2-3"),
        vec![(Some(2024), Some(9), From, "2024年9月起".into())]
    );
    assert_eq!(deadlines(&p, "2-1-1")[0].2, Recurring);
    assert_eq!(deadlines(&p, "2-1-2")[0].2, Ongoing);
}

#[test]
fn work_plan_signed_at_the_end_with_two_annexes() {
    let d = import("work_plan_two_annexes.txt");
    // A title broken over two lines.
    assert_eq!(
        d.meta.title,
        "平阳县推进义务教育教师“县管校聘”管理改革工作方案"
    );
    assert_eq!(d.meta.region, "平阳县");
    assert!(d.notice.is_none());
    // Signed at the end by two offices, before the annexes.
    assert_eq!(
        d.meta.issuers,
        vec!["平阳县教育局", "平阳县人力资源和社会保障局"]
    );
    assert_eq!(d.meta.written, "2024-04-08");
    assert_eq!(d.meta.slug, "ping-yang-xian-2024");
    assert_eq!(
        d.trailer,
        vec![
            "附件：1．平阳县“县管校聘”管理改革任务分解表",
            "2．平阳县义务教育学校岗位设置汇总表",
            "平阳县教育局",
            "平阳县人力资源和社会保障局",
            "2024年4月8日",
        ]
    );
    // Items 1．– 4． directly under 二、, with (1) (2) below 2．
    let t = tree(&d);
    let under_two: Vec<(&str, NodeKind, &str)> = t
        .iter()
        .filter(|x| x.0.starts_with("2-"))
        .map(|x| (x.0.as_str(), x.1, x.2.as_str()))
        .collect();
    assert_eq!(
        under_two,
        vec![
            ("2-1", NodeKind::Item, "1．"),
            ("2-2", NodeKind::Item, "2．"),
            ("2-2-1", NodeKind::Subitem, "(1)"),
            ("2-2-2", NodeKind::Subitem, "(2)"),
            ("2-3", NodeKind::Item, "3．"),
            ("2-4", NodeKind::Item, "4．"),
        ]
    );
    let tables: Vec<(&str, &str, &str, usize)> = d
        .tables
        .iter()
        .map(|t| {
            (
                t.id.as_str(),
                t.label.as_str(),
                t.caption.as_str(),
                t.rows.len(),
            )
        })
        .collect();
    assert_eq!(
        tables,
        vec![
            ("annex1", "附件1", "平阳县“县管校聘”管理改革任务分解表", 3),
            ("annex2", "附件2", "平阳县义务教育学校岗位设置汇总表", 2),
        ]
    );
    assert_eq!(d.tables[0].row_links, vec!["2-1", "2-2", "2-3"]);
    // The annex list is not a misplaced text: no warnings from the import.
    assert!(d.warnings.is_empty(), "{:?}", d.warnings);

    let p = plan("work_plan_two_annexes.txt");
    assert_eq!(
        duties(&p, "2-1"),
        vec![u("县委编办", Responsible), u("县教育局", Responsible)]
    );
    // A clause after (1) (2) covers 2．; `由…牵头` reads the agent.
    assert_eq!(
        duties(&p, "2-2"),
        vec![
            u("县教育局", Lead),
            u("县人社局", Cooperating),
            u("县财政局", Cooperating),
            u("县教育局", Responsible),
            u("县人社局", Responsible),
        ]
    );
    assert_eq!(
        deadlines(&p, "1"),
        vec![
            (Some(2025), None, By, "到“十四五”末".into()),
            (None, None, Recurring, "每年".into())
        ]
    );
    assert_eq!(
        deadlines(&p, "2-2-2"),
        vec![(Some(2025), None, By, "2025年上半年".into())]
    );
    assert_eq!(
        deadlines(&p, "2-4"),
        vec![(Some(2025), None, By, "2025年年底前".into())]
    );
    // 时间要求 column of the annex: `长期坚持` reaches 3．
    assert!(deadlines(&p, "2-3").contains(&(None, None, Ongoing, "长期坚持".into())));
    // Stages dated by month spans.
    let stage = &p.find("3-2").unwrap().deadlines[0];
    assert_eq!(
        (stage.year, stage.month, stage.end_year, stage.end_month),
        (Some(2024), Some(6), Some(2025), Some(6))
    );
    // 【责任单位：另行明确】 names no office: reported at its item.
    assert!(p.find("2-4").unwrap().duties.is_empty());
    let n4 = p.find("2-4").unwrap();
    assert!(
        p.warnings
            .iter()
            .any(|w| w.line == n4.line && w.message.contains("另行明确")),
        "{:?}",
        p.warnings
    );
}

#[test]
fn district_of_a_city_with_time_limits_inside_clauses() {
    let d = import("district_work_points.txt");
    // A district of a city: its offices are the district's (区教育局).
    assert_eq!(d.meta.region, "西湖区");
    assert_eq!(d.meta.title, "南州市西湖区2025年教育工作要点");
    assert_eq!(d.meta.issuers, vec!["南州市西湖区教育局"]);
    assert_eq!(d.meta.written, "2025-02-20");
    assert_eq!(d.meta.slug, "xi-hu-qu-2025");
    // 1．– 5． numbered on across the parts; ⑴ ⑵ (one-character labels) below 1．
    let got: Vec<(&str, &str)> = d
        .all_nodes()
        .into_iter()
        .map(|n| (n.id.as_str(), n.label.as_str()))
        .collect();
    assert_eq!(
        got,
        vec![
            ("1", "一、"),
            ("1-1", "1．"),
            ("1-1-1", "⑴"),
            ("1-1-2", "⑵"),
            ("2", "二、"),
            ("2-2", "2．"),
            ("2-3", "3．"),
            ("3", "三、"),
            ("3-4", "4．"),
            ("3-5", "5．"),
            ("3-6", "6．"),
        ]
    );
    assert!(d.warnings.is_empty(), "{:?}", d.warnings);

    let p = plan("district_work_points.txt");
    let actions: Vec<&str> = p.actions().iter().map(|n| n.id.as_str()).collect();
    // 1．– 6． are the items (straight under 一、); ⑴ ⑵ are sub-items with duties of their own.
    assert_eq!(
        actions,
        vec!["1-1", "1-1-1", "1-1-2", "2-2", "2-3", "3-4", "3-5", "3-6"]
    );
    let kinds: Vec<NodeKind> = d.all_nodes().iter().map(|n| n.kind).collect();
    assert_eq!(
        &kinds[..4],
        &[
            NodeKind::Part,
            NodeKind::Item,
            NodeKind::Subitem,
            NodeKind::Subitem
        ]
    );
    // Role words inside a 责任单位 list; a day before 前; 全面完成; 每年9月底前.
    assert_eq!(
        duties(&p, "3-6"),
        vec![
            u("区教育局", Lead),
            u("区财政局", Cooperating),
            u("区民政局", Cooperating)
        ]
    );
    assert_eq!(
        deadlines(&p, "3-6"),
        vec![
            (Some(2025), Some(6), By, "2025年6月30日前".into()),
            (Some(2025), None, In, "2025年全面完成".into()),
            (None, Some(9), Recurring, "每年9月底前".into()),
        ]
    );
    // `完成时限：…` inside the clause is a deadline, not an office.
    assert_eq!(duties(&p, "1-1-1"), vec![u("区委教育工委", Lead)]);
    assert_eq!(
        deadlines(&p, "1-1-1"),
        vec![(Some(2025), Some(12), In, "2025年12月".into())]
    );
    assert_eq!(
        duties(&p, "1-1-2"),
        vec![u("区委组织部", Responsible), u("区教育局", Responsible)]
    );
    assert_eq!(
        deadlines(&p, "1-1-2"),
        vec![(Some(2025), Some(6), By, "2025年6月底前".into())]
    );
    assert_eq!(
        duties(&p, "2-2"),
        vec![
            u("区教育局", Responsible),
            u("区发改局", Cooperating),
            u("区住建局", Cooperating)
        ]
    );
    assert_eq!(
        deadlines(&p, "2-2"),
        vec![
            (Some(2025), None, By, "2025年秋季学期前".into()),
            (Some(2025), None, By, "到“十四五”末".into()),
        ]
    );
    assert_eq!(
        duties(&p, "2-3"),
        vec![u("区教育局", Lead), u("各街道办事处", Responsible)]
    );
    assert_eq!(
        deadlines(&p, "2-3"),
        vec![(None, None, Ongoing, "持续推进".into())]
    );
    // A clause on the line after an item's text is still the item's.
    assert_eq!(
        duties(&p, "3-4"),
        vec![u("区教育局", Responsible), u("区卫健局", Responsible)]
    );
    assert!(p.warnings.is_empty(), "{:?}", p.warnings);
}

/// Sections `（一）` at the top with `1.` items below (no `一、`): the `1.` are the items,
/// including one without a clause.
#[test]
fn items_under_top_level_sections() {
    let d = import_ok(
        "t.txt",
        "某县“双减”工作实施方案\n（一）强化学校主阵地\n1.提升课堂质量。\n责任单位：县教育局\n2.提高作业设计水平。\n一、二年级不布置书面家庭作业。\n（二）规范校外培训\n3.严格审批。（县教育局、县市场监管局按职责分工负责）\n"
            .as_bytes(),
    );
    let kinds: Vec<(&str, NodeKind)> = d
        .all_nodes()
        .iter()
        .map(|n| (n.id.as_str(), n.kind))
        .collect();
    assert_eq!(
        kinds,
        vec![
            ("1", NodeKind::Part),
            ("1-1", NodeKind::Item),
            ("1-2", NodeKind::Item),
            ("2", NodeKind::Part),
            ("2-3", NodeKind::Item),
        ]
    );
    // `一、二年级…` is running text of 2., not a part.
    assert_eq!(d.all_nodes()[2].text, "一、二年级不布置书面家庭作业。");
    let p = planpress::model::analyze("t.md", &d, &Aliases::default());
    // `（A、B按职责分工负责）` and a clause line of its own.
    assert_eq!(duties(&p, "1-1"), vec![u("县教育局", Responsible)]);
    assert_eq!(
        duties(&p, "2-3"),
        vec![u("县教育局", Responsible), u("县市场监管局", Responsible)]
    );
    let actions: Vec<&str> = p.actions().iter().map(|n| n.id.as_str()).collect();
    assert_eq!(actions, vec!["1-1", "1-2", "2-3"]);
}

/// Letterhead lines above a notice's title are kept with the notice, not dropped.
#[test]
fn letterhead_lines_are_kept() {
    let text = String::from_utf8(bytes("notice_shiwuwu_annex.txt")).expect("utf-8");
    let src = format!("云岭县人民政府办公室文件\n{text}");
    let d = import_ok("t.txt", src.as_bytes());
    let n = d.notice.as_ref().expect("notice");
    assert_eq!(n.header, vec!["云岭县人民政府办公室文件"]);
    assert_eq!(n.doc_number, "云政办发〔2025〕12号");
    assert_eq!(d.meta.title, "云岭县教育强县建设“十五五”规划");
    assert!(import("notice_shiwuwu_annex.txt")
        .notice
        .is_some_and(|n| n.header.is_empty()));
}

/// A task list as one part of a plan: a 牵头单位 cell merged with the row above is that
/// row's office; rows that restate no clause keep their offices on the row and are reported.
/// Also inline items separated by `；` and a monthly task.
#[test]
fn task_list_part_with_a_merged_lead_cell() {
    let src = "长宁县校园安全专项整治行动方案\n一、重点任务\n（一）加强校园安全防范：一是完善“人防、物防、技防”措施；二是落实封闭化管理；三是配齐专职保安。（责任单位：县教育局、县公安局）\n（二）开展隐患排查整治\n各学校每月开展一次隐患自查。\n二、任务清单\n\t序号\n\t任务\n\t牵头单位\n\t完成时限\n\n\t1\n\t校园安保设施升级\n\t县教育局\n\t2024年8月底前\n\n\t2\n\t校园周边交通整治\n\t2024年9月底前\n\n\t3\n\t食品安全检查\n\t县市场监管局\n\t每学期\n\n\n三、工作要求\n确保整治取得实效。\n";
    let d = import_ok("t.txt", src.as_bytes());
    let titles: Vec<&str> = d.nodes[0].children[0]
        .children
        .iter()
        .map(|n| n.title.as_str())
        .collect();
    assert_eq!(
        titles,
        vec![
            "完善“人防、物防、技防”措施",
            "落实封闭化管理",
            "配齐专职保安"
        ]
    );
    assert_eq!(d.tables[0].after, "2");
    let doc = d.clone();
    let p = planpress::model::analyze("t.md", &doc, &Aliases::default());
    let row = |id: &str| -> Vec<(String, Role)> {
        p.row_duties[id]
            .iter()
            .map(|d| (d.unit.clone(), d.role))
            .collect()
    };
    assert_eq!(row("table-1-1"), vec![u("县教育局", Lead)]);
    // Row 2 printed 3 cells: its 牵头单位 is merged with row 1's.
    assert_eq!(row("table-1-2"), vec![u("县教育局", Lead)]);
    assert_eq!(p.row_deadlines["table-1-2"][0].month, Some(9));
    assert_eq!(row("table-1-3"), vec![u("县市场监管局", Lead)]);
    assert_eq!(
        p.warnings
            .iter()
            .filter(|w| w.message.contains("restates no clause"))
            .count(),
        3
    );
    assert_eq!(
        deadlines(&p, "1-2")[0],
        (None, None, Recurring, "每月".into())
    );
}

/// A first line that does not end like a plan's title is still taken as the title, and
/// reported at its line.
#[test]
fn an_odd_title_is_kept_and_reported() {
    let d = import_ok(
        "t.txt",
        "抄送：县委各部门
一、目标
建成教育强县。
"
        .as_bytes(),
    );
    assert_eq!(d.meta.title, "抄送：县委各部门");
    assert!(
        d.warnings
            .iter()
            .any(|w| w.line == 1 && w.message.contains("does not end like")),
        "{:?}",
        d.warnings
    );
}

/// A title broken over three lines.
#[test]
fn title_over_three_lines() {
    let d = import_ok(
        "t.txt",
        "云岭县\n教育事业发展\n“十五五”规划\n（征求意见稿）\n一、目标\n建成教育强县。\n".as_bytes(),
    );
    assert_eq!(d.meta.title, "云岭县教育事业发展“十五五”规划");
    assert_eq!(d.meta.period, Some([2026, 2030]));
    assert_eq!(d.meta.status_text, "征求意见稿");
    assert!(d.preamble.is_empty());
    assert!(d.warnings.is_empty(), "{:?}", d.warnings);
}

/// Levels follow the plan's own nesting when it departs from the usual order: `1.` parts
/// with `（一）` sections below them.
#[test]
fn levels_in_the_order_the_plan_nests_them() {
    let d = import_ok(
        "t.txt",
        "某县教育督导工作方案\n1.总体要求\n（一）指导思想\n坚持立德树人。\n（二）工作目标\n到2025年建成。\n2.主要任务\n（一）督政\n开展督导。（责任单位：县督导室）\n（二）督学\n（三）评估监测\n"
            .as_bytes(),
    );
    let got: Vec<(&str, NodeKind, &str)> = d
        .all_nodes()
        .into_iter()
        .map(|n| (n.id.as_str(), n.kind, n.label.as_str()))
        .collect();
    assert_eq!(
        got,
        vec![
            ("1", NodeKind::Part, "1."),
            ("1-1", NodeKind::Section, "（一）"),
            ("1-2", NodeKind::Section, "（二）"),
            ("2", NodeKind::Part, "2."),
            ("2-1", NodeKind::Section, "（一）"),
            ("2-2", NodeKind::Section, "（二）"),
            ("2-3", NodeKind::Section, "（三）"),
        ]
    );
    assert!(d.warnings.is_empty(), "{:?}", d.warnings);
}

/// An issuing office printed above the title (no notice) is the issuer, not part of the
/// title.
#[test]
fn issuer_above_the_title() {
    let text = String::from_utf8(bytes("inline_yishi_district.txt")).expect("utf-8");
    let src = format!("东湖区人民政府\n{text}");
    let d = import_ok("t.txt", src.as_bytes());
    assert_eq!(d.meta.title, "东湖区“十四五”教育信息化发展规划");
    assert_eq!(d.meta.issuers, vec!["东湖区人民政府"]);
    assert_eq!(d.meta.status_text, "征求意见稿");
    assert_eq!(d.nodes.len(), 3);
}

/// A damaged byte (an export cut inside a character) keeps the file: the line is kept with
/// U+FFFD and reported at its line.
#[test]
fn a_damaged_byte_is_reported_at_its_line() {
    let mut b = bytes("action_clauses_halfwidth.txt");
    // Line 4 starts with `到 2026 年`; damage the first byte of the next character.
    let text = String::from_utf8(b.clone()).expect("utf-8");
    let line4 = text.split('\n').take(3).map(|l| l.len() + 1).sum::<usize>();
    let at = line4 + "到 2026 年,".len();
    b[at] = 0xFF;
    let d = import_ok("t.txt", &b);
    assert_eq!(d.nodes.len(), 3);
    assert!(d.nodes[0].text.contains('\u{fffd}'));
    let w: Vec<_> = d.warnings.iter().map(|w| w.line).collect();
    assert_eq!(w, vec![4], "{:?}", d.warnings);
}

/// Every sentence printed in every fixture is somewhere in the content file the import
/// writes (front matter or body): nothing is silently dropped. Compared without spaces,
/// heading markup and the full stop or colon that ends a title (titles are stored without
/// it); sentence by sentence, since a clause closing a list is kept with the list's holder.
#[test]
fn nothing_is_dropped() {
    let squash = |s: &str| -> String {
        s.chars()
            .filter(|c| !c.is_whitespace() && !matches!(c, '#' | '\\' | '：' | ':'))
            .collect()
    };
    let attrs = regex::Regex::new(r"\{#[^}]*\}").unwrap();
    for name in FIXTURES {
        let d = import(name);
        let md = planpress::content::write(&d).expect("writes");
        let written = squash(&attrs.replace_all(&md, ""));
        let src = String::from_utf8(bytes(name)).expect("utf-8 fixture");
        for (k, line) in src.lines().enumerate() {
            for piece in line.split('。') {
                let mut piece = squash(piece);
                if !d.meta.status_text.is_empty() && piece != d.meta.status_text {
                    // A status printed in the title line is stored apart from the title.
                    piece = piece.replace(&format!("（{}）", d.meta.status_text), "");
                }
                // `（此件公开发布）` is stored as `public: true`, `（征求意见稿）` as the status.
                let bare = piece.trim_matches(['（', '）', '(', ')']);
                if piece.is_empty()
                    || (bare == "此件公开发布" && d.meta.public)
                    || bare == d.meta.status_text
                    // `表1 标题` is stored as the table's label and caption.
                    || d.tables
                        .iter()
                        .any(|t| squash(&format!("{}{}", t.label, t.caption)) == piece)
                {
                    continue;
                }
                assert!(
                    written.contains(&piece),
                    "{name}:{}: `{piece}` is not in the content file",
                    k + 1
                );
            }
        }
    }
}

/// The same plans saved as GB18030, and with a BOM and CRLF line endings (Windows), import
/// to the same document.
#[test]
fn encodings_and_line_endings_do_not_matter() {
    for name in FIXTURES {
        let want = import(name);
        let text = String::from_utf8(bytes(name)).expect("utf-8 fixture");
        let (gb, _, unmappable) = encoding_rs::GB18030.encode(&text);
        assert!(!unmappable);
        // The bytes differ, so the recorded checksum does; nothing else may.
        let same = |mut d: planpress::doc::Document| {
            d.meta.source_sha256 = want.meta.source_sha256.clone();
            d
        };
        let got = same(import_ok(&source(name), &gb));
        assert_eq!(got, want, "{name} as GB18030");
        let mut crlf = vec![0xEF, 0xBB, 0xBF];
        crlf.extend_from_slice(text.replace('\n', "\r\n").as_bytes());
        let got = same(import_ok(&source(name), &crlf));
        assert_eq!(got, want, "{name} with BOM and CRLF");
    }
}

/// Damaged copies of the fixtures (cut anywhere, lines shuffled out of order, brackets
/// unbalanced) never panic: they import or fail with an error naming the file.
#[test]
fn damaged_input_never_panics() {
    for name in FIXTURES {
        let text = String::from_utf8(bytes(name)).expect("utf-8 fixture");
        let chars: Vec<char> = text.chars().collect();
        let mut variants = Vec::new();
        for cut in (0..chars.len()).step_by(97) {
            variants.push(chars[..cut].iter().collect::<String>());
        }
        let mut lines: Vec<&str> = text.lines().collect();
        lines.reverse();
        variants.push(lines.join("\n"));
        variants.push(text.replace(['）', ')'], ""));
        variants.push(text.replace('\t', ""));
        for v in variants {
            match import_text(&source(name), v.as_bytes()) {
                Ok(d) => {
                    let md = planpress::content::write(&d).expect("writes");
                    let back = planpress::content::parse("x.md", &md).unwrap_or_else(|e| {
                        panic!("{name}: written content does not parse: {e:#}")
                    });
                    let _ = planpress::model::analyze("x.md", &back, &Aliases::default());
                }
                Err(e) => assert!(e.to_string().starts_with(&source(name)), "{e}"),
            }
        }
    }
}

/// Random strings over the characters the readers care about (brackets, labels, role and
/// time words, digits of both widths) never make them panic.
#[test]
fn readers_never_panic_on_odd_text() {
    const PIECES: &[&str] = &[
        "（",
        "）",
        "(",
        ")",
        "【",
        "】",
        "、",
        "，",
        "；",
        "：",
        ":",
        "。",
        "\n",
        "\t",
        "一",
        "二",
        "十",
        "五",
        "是",
        "要",
        "1",
        "２",
        ".",
        "．",
        "①",
        "⑴",
        "⒈",
        "年",
        "月",
        "日",
        "底",
        "前",
        "起",
        "至",
        "—",
        "每",
        "生",
        "牵头",
        "配合",
        "负责",
        "单位",
        "责任单位：",
        "完成时限：",
        "县教育局",
        "各乡（镇）",
        "十四五",
        "“",
        "”",
        "附件",
        "印发",
        "由",
        "第",
        "章",
        "节",
        "2025",
        "２０２５",
        " ",
        "　",
        "\u{fffd}",
    ];
    let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
    let mut next = || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    for _ in 0..1500 {
        let n = (next() % 24) as usize;
        let s: String = (0..n)
            .map(|_| PIECES[(next() % PIECES.len() as u64) as usize])
            .collect();
        let _ = planpress::model::deadlines::find(&s);
        let _ = planpress::model::deadlines::find_in_cell(&s);
        let _ = planpress::model::duties::read_text(&s);
        let _ = planpress::label::parse(&s, true);
        let _ = planpress::model::targets::in_text_within("1", &s, Some([2021, 2025]));
        let text = format!("某县教育规划\n一、总则\n{s}\n（一）{s}\n1.{s}\n");
        if let Ok(d) = import_text("fuzz.txt", text.as_bytes()) {
            let _ = planpress::model::analyze("fuzz.md", &d, &Aliases::default());
        }
    }
}
