//! The shipped `content/departments.yaml`: it parses, and it places the offices the sample
//! plans name.

use planpress::load::Departments;
use std::path::Path;

fn shipped() -> Departments {
    Departments::load(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("content")
            .as_path(),
    )
    .expect("content/departments.yaml parses")
}

#[test]
fn education_bureaus_of_every_county_are_one_category() {
    let d = shipped();
    for (county, name) in [
        ("石泉县", "县教体局"),
        ("泾源县", "教育体育局"),
        ("沂源县", "县教育和体育局"),
        ("民乐县", "县教育局"),
        ("井研县", "井研县教育局"),
    ] {
        assert_eq!(
            d.category(county, name).map(|c| c.slug.as_str()),
            Some("education"),
            "{county} {name}"
        );
    }
    assert_eq!(
        d.category("民乐县", "县委教育工委").unwrap().slug,
        "education-committee"
    );
}

#[test]
fn the_sample_plans_offices_are_all_placed() {
    let d = shipped();
    // Names as the five seeds print them in responsibility clauses and task tables.
    let names = [
        "乡村振兴局",
        "人社局",
        "公安局",
        "农业农村局",
        "卫健局",
        "县委宣传部",
        "县委政法委",
        "县委组织部",
        "县委统战部",
        "县委编办",
        "发改局",
        "各乡镇",
        "团县委",
        "工业园区",
        "市场监管局",
        "应急管理局",
        "政法委",
        "教育体育局",
        "文旅局",
        "残联",
        "民政局",
        "水务局",
        "消防大队",
        "科技局",
        "统战部",
        "网信办",
        "自然资源局",
        "行政审批局",
        "财政局",
        "县人力资源社会保障局",
        "县人武部",
        "县住房城乡建设局",
        "县公安局",
        "县卫生健康局",
        "县发展改革局",
        "县司法局",
        "县商务局",
        "县大数据中心",
        "县委办公室",
        "县委教育工委",
        "县委老干部局",
        "县工业和信息化局",
        "县市场监管局",
        "县政府办公室",
        "县政府教育督导委员会",
        "县教育和体育局",
        "县文化和旅游局",
        "县残联",
        "县科技局",
        "县行政审批服务局",
        "县财政局",
        "县退役军人局",
        "悦庄镇",
        "鲁村镇",
        "县人社局",
        "县妇联",
        "县科协",
        "县教育局",
        "县文体广电和旅游局",
        "各学校",
        "县教体局",
        "县委改革办",
        "县经贸科技局",
        "各中小学幼儿园",
        "县文旅广电局",
        "县纪委监委",
        "县信访局",
        "各镇政府",
        "县消防救援局",
        "县住建局",
        "各幼儿园",
        "各义务教育学校",
        "石泉中学",
        "江南中学",
        "县职教中心",
        "各镇",
        "各中小学",
        "县发改局",
    ];
    let unplaced: Vec<&str> = names
        .iter()
        .copied()
        .filter(|n| d.category("某县", n).is_none())
        .collect();
    assert!(
        unplaced.is_empty(),
        "not in content/departments.yaml: {unplaced:?}"
    );
    assert_eq!(
        d.category("某县", "县委办公室").unwrap().slug,
        "general-office"
    );
    assert_eq!(
        d.category("某县", "县委统战部").unwrap().slug,
        "united-front"
    );
    assert!(d.category("某县", "县档案馆").is_none());
}

#[test]
fn load_reads_the_categories_and_names_the_line_of_a_broken_file() {
    let loaded = planpress::load::load(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("content")
            .as_path(),
    )
    .unwrap();
    assert_eq!(loaded.departments, shipped());
    assert!(!loaded.departments.categories.is_empty());

    let dir = tempfile::tempdir().unwrap();
    let content = dir.path().join("content");
    std::fs::create_dir_all(&content).unwrap();
    std::fs::write(
        content.join("departments.yaml"),
        "- slug: education\n  name: 教育\n  offices: [教体局]\n  colour: red\n",
    )
    .unwrap();
    let e = format!("{:#}", planpress::load::load(&content).unwrap_err());
    let file = content.join("departments.yaml").display().to_string();
    assert!(e.starts_with(&format!("{file}:")), "{e}");
    assert!(e.contains("colour"), "{e}");
}
