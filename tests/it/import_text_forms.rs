//! Text exports in the forms real plans take (`tests/fixtures/text-forms/`): a policy
//! database's fields above the title, 版记 and 文号 lines around it, flattened tables,
//! crawled pages with pinyin, and the clause and deadline forms of county plans. Each
//! fixture is made-up content written in the form; each test states what a careful reader
//! takes from the page.

use crate::import_common::{analysed, duties, import_ok};
use planpress::doc::{Document, Plan, Role};
use std::path::Path;

fn source(name: &str) -> String {
    format!("tests/fixtures/text-forms/{name}")
}

fn bytes(name: &str) -> Vec<u8> {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join(source(name));
    std::fs::read(&p).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn import(name: &str) -> Document {
    import_ok(&source(name), &bytes(name))
}

/// Import, write the content file, read it back and analyse it, as `build` does.
fn plan(name: &str) -> Plan {
    analysed(import(name))
}

#[test]
fn policy_database_fields_are_metadata_not_the_title() {
    let d = import("policy_db_fields.txt");
    let m = &d.meta;
    assert_eq!(m.title, "云岭县推进义务教育优质均衡发展实施方案");
    assert_eq!(m.region, "云岭县");
    assert_eq!(m.doc_number, "云政发〔2024〕3号");
    assert_eq!(m.issuers, vec!["云岭县人民政府"]);
    assert_eq!(
        (m.written.as_str(), m.issued.as_str()),
        ("2024-03-27", "2024-03-29")
    );
    assert_eq!(m.topic, "教育");
    assert_eq!(
        m.source_url,
        "https://www.example.gov.cn/zwgk/zcwj/202403/t20240329_0001.html"
    );
    assert!(
        m.catalog.contains(&"失效日期：2027年3月31日".to_string()),
        "{:?}",
        m.catalog
    );
    assert!(m.catalog.iter().any(|c| c.starts_with("索引号：")));
    assert_eq!(d.preamble.len(), 1, "{:?}", d.preamble);
    assert!(d.preamble[0].starts_with("为推进"));
    assert_eq!(d.nodes.len(), 2);
    // The fields survive the content file.
    let text = planpress::content::write(&d).expect("writes");
    let back = planpress::content::parse("x.md", &text).expect("parses");
    assert_eq!(back.meta.source_url, m.source_url);
    assert_eq!(back.meta.catalog, m.catalog);
}

fn warned(d: &Document, line: usize, part: &str) -> bool {
    d.warnings
        .iter()
        .any(|w| w.line == line && w.message.contains(part))
}

#[test]
fn a_notice_from_its_recipients_line_with_banji_before_the_plan() {
    let d = import("recipients_notice_banji.txt");
    assert_eq!(
        d.meta.title,
        "云岭县学前教育普及普惠三年行动计划（2024—2026年）"
    );
    assert_eq!(d.meta.period, Some([2024, 2026]));
    let n = d.notice.as_ref().expect("a notice");
    assert_eq!(n.title, "", "the notice printed no title of its own");
    assert_eq!(n.recipients, "各乡镇人民政府，县直各部门，各有关单位：");
    assert_eq!(d.meta.issuers, vec!["云岭县人民政府办公室"]);
    // 年月日 lost: read, and staff told.
    assert_eq!(d.meta.written, "2024-03-27");
    assert!(warned(&d, 4, "2024-03-27"), "{:?}", d.warnings);
    // The 版记 between notice and plan neither ends the plan nor is its title.
    assert_eq!(d.meta.issued, "2024-03-28");
    assert_eq!(d.nodes.len(), 2);
    assert_eq!(d.nodes[1].children.len(), 2);
    assert!(d.trailer[0].starts_with("抄送："));
    assert!(d.preamble[0].starts_with("为进一步"));
}

#[test]
fn a_doc_number_above_the_title_and_an_ambiguous_run_together_date() {
    let d = import("doc_number_above_title.txt");
    assert_eq!(
        d.meta.title,
        "云岭县人民政府关于加快县域普通高中振兴发展的实施意见"
    );
    assert_eq!(d.meta.doc_number, "云政发〔2024〕8号");
    assert_eq!(d.meta.region, "云岭县");
    // Signed `2024111`: 1月11日 or 11月1日; not guessed, reported, and not body text.
    assert_eq!(d.meta.issuers, vec!["云岭县人民政府"]);
    assert_eq!(d.meta.written, "");
    assert!(
        warned(&d, 10, "2024-01-11 or 2024-11-01"),
        "{:?}",
        d.warnings
    );
    let last = d
        .all_nodes()
        .last()
        .map(|n| n.text.clone())
        .unwrap_or_default();
    assert!(!last.contains("2024111"), "{last}");
}

#[test]
fn no_title_line_the_file_name_or_first_heading_never_the_first_sentence() {
    let b = bytes("no_title_line.txt");
    // A file name that names the plan is its title.
    let d = import_ok("downloads/云岭县义务教育优质均衡发展实施方案.txt", &b);
    assert_eq!(d.meta.title, "云岭县义务教育优质均衡发展实施方案");
    assert_eq!(d.meta.region, "云岭县");
    assert!(warned(&d, 1, "no title line"), "{:?}", d.warnings);
    assert_eq!(d.preamble.len(), 1);
    assert!(d.preamble[0].starts_with("为促进全县"));
    // A file name that names nothing (a portal's `t20240329_1234`): the first heading.
    let d = import_ok("downloads/t20240329_1234.txt", &b);
    assert_eq!(d.meta.title, "工作目标");
    assert!(warned(&d, 1, "`工作目标`"), "{:?}", d.warnings);
    // No county is made of a sentence's words (`为促进全县`).
    assert_eq!(d.meta.region, "");
    assert_eq!(d.preamble.len(), 1);
    assert_eq!(d.nodes.len(), 2);
}

#[test]
fn items_whose_titles_start_with_digits_and_closing_words_after_the_last_item() {
    let d = import("digit_titles_closing.txt");
    let t: Vec<(String, String, String)> = d
        .all_nodes()
        .iter()
        .map(|n| (n.id.clone(), n.label.clone(), n.title.clone()))
        .collect();
    let has = |id: &str, label: &str, title: &str| {
        t.contains(&(id.to_string(), label.to_string(), title.to_string()))
    };
    // `2.100所…` is item 2, not a decimal 2.100 inside item 1.
    assert!(has("1-2", "2.", "100所乡村学校配齐功能教室"), "{t:?}");
    assert!(has("1-3", "3.", "30人以下小规模学校配足教师"), "{t:?}");
    assert!(
        has("2-2", "2.", "2024年起每年评选乡村优秀教师50名"),
        "{t:?}"
    );
    assert!(
        !d.warnings.iter().any(|w| w.message.contains("jumps")),
        "{:?}",
        d.warnings
    );
    // The closing words are the plan's, not item 2-2's.
    let all = d.all_nodes();
    let last = all.iter().find(|n| n.id == "2-2").expect("2-2");
    assert_eq!(last.text, "");
    assert_eq!(
        d.trailer,
        vec![
            "本措施自印发之日起施行，有效期3年。",
            "本措施由县教育体育局负责解释。"
        ]
    );
}

#[test]
fn clauses_naming_a_bureau_s_sections_and_host_units() {
    use Role::*;
    let p = plan("bureau_sections_clauses.txt");
    let u = |n: &str, r: Role| (n.to_string(), r);
    assert_eq!(
        duties(&p, "1-1"),
        vec![u("基础教育股", Responsible), u("计划财务股", Responsible)]
    );
    assert_eq!(
        duties(&p, "1-2"),
        vec![u("基础教育股", Lead), u("教育督导室", Cooperating)]
    );
    assert_eq!(duties(&p, "2-3"), vec![u("教师工作股", Responsible)]);
    assert_eq!(
        duties(&p, "2-4"),
        vec![u("人事股", Responsible), u("教师工作股", Responsible)]
    );
}

/// A page crawled from a reading-aid view: pinyin after characters (`鎮(zhèn)`) is removed
/// with a warning; traditional characters and other brackets (`(AED)`) stay as printed.
#[test]
fn pinyin_readings_are_removed_and_traditional_characters_kept() {
    let d = import("pinyin_readings.txt");
    let all: Vec<String> = d
        .all_nodes()
        .iter()
        .map(|n| format!("{}{}", n.title, n.text))
        .collect();
    let text = all.join("\n");
    assert!(
        !text.contains("(zhèn)") && !text.contains("(biāo)"),
        "{text}"
    );
    assert!(text.contains("鄉鎮學校標準化建設"), "{text}");
    assert!(text.contains("配置(AED)設備"), "{text}");
    assert_eq!(d.nodes[0].title, "工作目標");
    let warned: Vec<usize> = d
        .warnings
        .iter()
        .filter(|w| w.message.contains("pinyin"))
        .map(|w| w.line)
        .collect();
    assert_eq!(warned, [2, 5, 6]);
    // The office list keeps 各鄉鎮 whole once its reading is gone.
    let n = d
        .all_nodes()
        .into_iter()
        .find(|n| n.id == "2-2")
        .expect("item 2");
    assert!(
        n.text.ends_with("（責任單位：縣教育局、各鄉鎮）"),
        "{}",
        n.text
    );
}

/// Nodes without their source lines (a flattened table takes other lines than its twin's).
fn strip_lines(ns: &[planpress::doc::Node]) -> Vec<planpress::doc::Node> {
    ns.iter()
        .map(|n| planpress::doc::Node {
            line: 0,
            children: strip_lines(&n.children),
            ..n.clone()
        })
        .collect()
}

/// A form and its clean-text twin give the same plan: metadata, nodes with duties and
/// deadlines, tables, trailer, table-row facts. Returns the form's plan.
fn same_as_twin(form: &str, twin: &str) -> Plan {
    let (pa, pb) = (plan(form), plan(twin));
    assert_eq!(pa.title, pb.title, "{form}: title");
    assert_eq!(pa.preamble, pb.preamble, "{form}: preamble");
    assert_eq!(pa.trailer, pb.trailer, "{form}: trailer");
    assert_eq!(
        strip_lines(&pa.nodes),
        strip_lines(&pb.nodes),
        "{form}: nodes"
    );
    let tables = |p: &Plan| {
        p.tables
            .iter()
            .map(|t| planpress::doc::Table {
                line: 0,
                ..t.clone()
            })
            .collect::<Vec<_>>()
    };
    assert_eq!(tables(&pa), tables(&pb), "{form}: tables");
    assert_eq!(pa.row_duties, pb.row_duties, "{form}: row duties");
    assert_eq!(pa.row_deadlines, pb.row_deadlines, "{form}: row deadlines");
    pa
}

fn row_units(p: &Plan, row: &str) -> Vec<(String, Role)> {
    p.row_duties
        .get(row)
        .unwrap_or_else(|| panic!("no duties on {row}: {:?}", p.row_duties.keys()))
        .iter()
        .map(|d| (d.unit.clone(), d.role))
        .collect()
}

fn row_years(p: &Plan, row: &str) -> Vec<(Option<i32>, Option<u32>)> {
    p.row_deadlines
        .get(row)
        .map(|v| v.iter().map(|d| (d.year, d.month)).collect())
        .unwrap_or_default()
}

/// What the clean twin's task table gives (so each form is checked against facts, not
/// only against its twin).
fn check_task_table(p: &Plan) {
    use Role::*;
    let u = |n: &str, r: Role| (n.to_string(), r);
    assert_eq!(p.nodes.len(), 2, "{:?}", p.nodes);
    let t = &p.tables[0];
    assert_eq!(
        (t.label.as_str(), t.caption.as_str()),
        ("附件", "重点任务分解表")
    );
    assert_eq!(
        t.header,
        [["序号", "重点任务", "牵头单位", "责任单位", "完成时限"]]
    );
    assert_eq!(t.rows.len(), 6);
    assert_eq!(t.rows[0], ["一、安全设施建设"]);
    assert_eq!(
        t.rows[4][1],
        "开展校园周边环境综合治理\n清理整顿校园周边流动摊点"
    );
    let r = |k: usize| format!("{}-{k}", t.id);
    assert_eq!(
        row_units(p, &r(2)),
        [
            u("县教育局", Lead),
            u("县公安局", Responsible),
            u("县财政局", Responsible)
        ]
    );
    assert_eq!(
        row_units(p, &r(5)),
        [
            u("县公安局", Lead),
            u("县市场监管局", Responsible),
            u("各乡镇人民政府", Responsible)
        ]
    );
    assert!(
        !p.row_duties.contains_key(&r(1)),
        "a section row has no duties"
    );
    assert_eq!(row_years(p, &r(2)), [(Some(2025), Some(6))]);
    assert_eq!(row_years(p, &r(5)), [(Some(2025), Some(12))]);
    assert_eq!(p.trailer, ["本方案自印发之日起施行。"]);
}

/// Word saved as text: every cell a paragraph of its own, blank lines between them all.
#[test]
fn a_table_flattened_to_one_cell_per_paragraph_is_a_table() {
    check_task_table(&plan("tasks_twin.txt"));
    let p = same_as_twin("tasks_cell_paragraphs.txt", "tasks_twin.txt");
    check_task_table(&p);
}

#[test]
fn a_markdown_pipe_table_is_a_table() {
    let p = same_as_twin("tasks_markdown.txt", "tasks_twin.txt");
    check_task_table(&p);
}

/// One cell per line ending in ` |`, a cell's earlier lines without the bar; a plan that
/// is only this table (refused before: no numbered text and no table).
#[test]
fn cells_ending_in_bars_are_a_table_and_a_table_alone_is_a_plan() {
    use Role::*;
    let p = same_as_twin("goals_cell_bars.txt", "goals_twin.txt");
    assert_eq!(p.title, "云岭县2025年义务教育优质均衡发展目标任务分解表");
    assert!(p.nodes.is_empty());
    let t = &p.tables[0];
    assert_eq!(
        t.header,
        [["序号", "目标与任务", "牵头责任单位", "完成时限"]]
    );
    assert_eq!(t.rows.len(), 3);
    assert_eq!(t.notes, ["注：完成时限为最迟时间。"]);
    let r = |k: usize| format!("{}-{k}", t.id);
    // `牵头责任单位`: the offices lead.
    assert_eq!(
        row_units(&p, &r(2)),
        [
            ("县教育局".to_string(), Lead),
            ("县住建局".to_string(), Lead)
        ]
    );
    assert_eq!(row_years(&p, &r(1)), [(Some(2025), Some(8))]);
}

/// Responsibility lists as county plans print them: a government named once after several
/// places, `等` between two offices, a clause on a paragraph after the item's first,
/// traditional labels; a validity window and an eligibility span that are not deadlines.
#[test]
fn clause_lists_follow_on_paragraphs_and_dates_that_are_not_deadlines() {
    use Role::*;
    let p = plan("clause_lists_follow_on.txt");
    let u = |n: &str, r: Role| (n.to_string(), r);
    // `县教育局、财政局`: the first name is no bare place, so nothing is shared.
    assert_eq!(
        duties(&p, "1-1"),
        [u("县教育局", Responsible), u("财政局", Responsible)]
    );
    assert_eq!(
        duties(&p, "1-2"),
        [
            u("县住建局", Responsible),
            u("城关镇人民政府", Responsible),
            u("红星镇人民政府", Responsible)
        ]
    );
    // The clause on the item's third paragraph is the item's; `等` joins two offices.
    assert_eq!(
        duties(&p, "2-1"),
        [u("县商务局", Responsible), u("各行业主管部门", Responsible)]
    );
    assert_eq!(
        duties(&p, "2-2"),
        [u("县教育局", Lead), u("县人社局", Cooperating)]
    );
    let years = |id: &str| -> Vec<(Option<i32>, Option<u32>)> {
        p.find(id)
            .expect("node")
            .deadlines
            .iter()
            .filter(|d| d.year.is_some())
            .map(|d| (d.year, d.month))
            .collect()
    };
    // Who qualifies (引进的人才 of a span) is no deadline; the payment's date is.
    assert_eq!(years("1-1"), [(Some(2025), None)]);
    assert_eq!(years("2-1"), [(Some(2027), None)]);
    assert_eq!(years("2-2"), [(Some(2025), Some(12))]);
    // The validity window closes the plan and dates nothing.
    assert_eq!(
        p.trailer,
        ["本措施自印发之日起施行，有效期至2027年12月31日。"]
    );
    let all: Vec<_> = p
        .nodes
        .iter()
        .flat_map(|n| n.children.iter().chain(std::iter::once(n)))
        .flat_map(|n| n.deadlines.iter())
        .filter(|d| d.year == Some(2024) || d.text.contains("有效期"))
        .collect();
    assert!(all.is_empty(), "{all:?}");
}

/// A page crawled from a reading-aid view: readings after characters are removed in the web
/// page reader too, with warnings, and a ruby's reading (`<rt>`) is not text; traditional
/// labels (`責任單位`, `牽頭單位`, `完成時限`) read as the simplified ones.
#[test]
fn pinyin_readings_are_removed_from_a_web_page_and_traditional_labels_read() {
    use Role::*;
    let d = import("pinyin_page.html");
    let text: String = d
        .all_nodes()
        .iter()
        .map(|n| format!("{}{}\n", n.title, n.text))
        .chain(d.preamble.iter().cloned())
        .collect();
    assert!(!text.contains("zhèn") && !text.contains("biāo"), "{text}");
    assert!(text.contains("鄉鎮學校標準化建設"), "{text}");
    assert!(text.contains("配置(AED)設備"), "{text}");
    assert_eq!(d.nodes[0].title, "工作目標");
    let warned = d
        .warnings
        .iter()
        .filter(|w| w.message.contains("pinyin"))
        .count();
    assert_eq!(warned, 3, "{:?}", d.warnings);
    let p = plan("pinyin_page.html");
    let u = |n: &str, r: Role| (n.to_string(), r);
    assert_eq!(
        duties(&p, "2-1"),
        [u("縣教育局", Responsible), u("各鄉鎮", Responsible)]
    );
    assert_eq!(
        duties(&p, "2-2"),
        [u("縣教育局", Lead), u("縣人社局", Cooperating)]
    );
    let dl: Vec<_> = p
        .find("2-2")
        .expect("2-2")
        .deadlines
        .iter()
        .map(|d| (d.year, d.month))
        .collect();
    assert_eq!(dl, [(Some(2025), Some(12))]);
}

/// Refused only when truly not a plan: a text numbered in articles (`第一条`, as 办法 and
/// 措施 are) imports with an article a part and its clause read; numbering the structure
/// does not read (`一 工作目标`) imports whole with a warning; text with no numbering and no
/// table is refused; Word's line breaks pasted in (`\u{b}`) do not make it binary.
#[test]
fn numbered_text_is_never_refused_and_unnumbered_prose_is() {
    let d = import("articles_numbered.txt");
    assert_eq!(d.meta.title, "云岭县中小学教师交流轮岗实施办法");
    let labels: Vec<&str> = d.nodes.iter().map(|n| n.label.trim()).collect();
    assert_eq!(labels, ["第一条", "第二条", "第三条", "第四条"]);
    let p = analysed(d);
    assert_eq!(
        duties(&p, "3"),
        [("县教育体育局".to_string(), Role::Responsible)],
        "the article's clause is read"
    );
    let d = import_ok(
        "spaced.txt",
        "云岭县学校安全工作方案\n\n一 工作目标\n\n全面达标。\n\n二 工作要求\n\n加强领导。\n"
            .as_bytes(),
    );
    assert_eq!(d.preamble.len(), 4, "nothing dropped: {:?}", d.preamble);
    assert!(warned(&d, 3, "`一 工作目标…`"), "{:?}", d.warnings);
    let err = planpress::import::import_text(
        "x.txt",
        "某县的一些话\n\n今天天气很好。\n\n我们去学校。\n".as_bytes(),
    )
    .expect_err("prose is not a plan");
    assert!(format!("{err:#}").contains("no numbered parts"), "{err:#}");
    let pasted = "云岭县学校安全工作方案\n\n一、工作目标\n\n全面达标。\u{b}逐步推进。\u{b}\u{b}\n\n二、工作要求\n\n加强领导。\u{b}\n";
    let d = import_ok("pasted.txt", pasted.as_bytes());
    assert_eq!(d.nodes.len(), 2);
    assert_eq!(d.nodes[0].text, "全面达标。\n逐步推进。");
}

/// A task table copied from Excel into the text: a row a line, tabs between cells (empty
/// ones kept in place), a cell with a line break in quotes, section rows with empty cells.
#[test]
fn a_table_pasted_from_a_spreadsheet_is_a_table() {
    let p = same_as_twin("tasks_tab_separated.txt", "tasks_twin.txt");
    check_task_table(&p);
}
