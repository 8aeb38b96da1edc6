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
